package dev.togglbff.teams;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * What the team guard established for a team-scoped request: the team, its Toggl workspace, and
 * the caller's role in it. Handlers declare a parameter of this type to receive it.
 */
public record TeamAccess(UUID teamId, String teamName, long workspaceId, @Nullable Long organizationId,
        UUID userId, TeamRole role) {
}
