package dev.togglbff.auth;

import java.util.UUID;

/**
 * The signed-in caller, as controllers receive it with {@code @AuthenticationPrincipal}.
 *
 * @param id       the user's id in this service
 * @param username the user's (lower-case) username
 */
public record CurrentUser(UUID id, String username) {
}
