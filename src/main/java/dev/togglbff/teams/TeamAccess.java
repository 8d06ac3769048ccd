package dev.togglbff.teams;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import org.springframework.web.context.request.RequestAttributes;

/**
 * What the team guard established for a team-scoped request: the team, its Toggl workspace, and
 * the caller's role in it. Handlers declare a parameter of this type to receive it.
 */
public record TeamAccess(UUID teamId, String teamName, long workspaceId, @Nullable Long organizationId,
        UUID userId, TeamRole role) {

    static final String ATTRIBUTE = TeamAccess.class.getName();

    /**
     * What the guard established for the current request.
     *
     * @throws IllegalStateException outside a guarded team route
     */
    public static TeamAccess of(RequestAttributes request) {
        Object access = request.getAttribute(ATTRIBUTE, RequestAttributes.SCOPE_REQUEST);
        if (!(access instanceof TeamAccess team)) {
            throw new IllegalStateException("TeamAccess asked for outside a guarded team route");
        }
        return team;
    }
}
