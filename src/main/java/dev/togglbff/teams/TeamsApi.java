package dev.togglbff.teams;

import java.time.Instant;
import java.util.UUID;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;

/** Request and response bodies of the teams API. */
final class TeamsApi {

    private TeamsApi() {
    }

    record CreateTeamRequest(@Schema(example = "Design studio") @NotBlank @Size(max = 100) String name,
            @Schema(example = "1234567") @NotNull @Positive Long workspaceId) {
    }

    record RenameTeamRequest(@Schema(example = "Design studio") @NotBlank @Size(max = 100) String name) {
    }

    record TeamResponse(UUID id, String name, long workspaceId, String workspaceName, TeamRole role,
            Instant createdAt) {

        static TeamResponse of(Team team, TeamRole role) {
            return new TeamResponse(team.id(), team.name(), team.workspaceId(), team.workspaceName(), role,
                    team.createdAt());
        }
    }

    record AddMemberRequest(@Schema(example = "ada.lovelace") @NotBlank @Size(max = 64) String username,
            @NotNull TeamRole role) {
    }

    record ChangeRoleRequest(@NotNull TeamRole role) {
    }

    record MemberResponse(UUID userId, String username, String displayName, TeamRole role, boolean hasMatonKey) {
    }
}
