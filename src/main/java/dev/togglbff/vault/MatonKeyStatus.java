package dev.togglbff.vault;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

/**
 * What may be shown about a user's stored Maton key: never the key itself.
 *
 * @param fingerprint  the last four characters of the key, prefixed with {@code …}
 * @param verifiedAt   when Maton last accepted the key
 * @param connectionId the Maton connection later calls use, or {@code null} for Maton's default
 * @param updatedAt    when the key or the connection choice last changed
 */
public record MatonKeyStatus(String fingerprint, Instant verifiedAt, @Nullable String connectionId,
        Instant updatedAt) {
}
