package dev.togglbff.teams;

import java.util.List;
import java.util.UUID;

import dev.togglbff.auth.CurrentUser;
import dev.togglbff.teams.TeamsApi.AddMemberRequest;
import dev.togglbff.teams.TeamsApi.ChangeRoleRequest;
import dev.togglbff.teams.TeamsApi.CreateTeamRequest;
import dev.togglbff.teams.TeamsApi.MemberResponse;
import dev.togglbff.teams.TeamsApi.RenameTeamRequest;
import dev.togglbff.teams.TeamsApi.TeamResponse;
import dev.togglbff.web.IdempotentCreate;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/teams")
@Tag(name = "Teams", description = "Teams of users bound to one Toggl workspace, and their members")
class TeamsController {

    private final TeamService service;

    TeamsController(TeamService service) {
        this.service = service;
    }

    @PostMapping
    @IdempotentCreate
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a team on a workspace the caller's Maton key can see; the caller becomes its owner",
            responses = { @ApiResponse(responseCode = "201", description = "Created"),
                    @ApiResponse(responseCode = "409", description = "MATON_KEY_MISSING or MATON_KEY_INVALID"),
                    @ApiResponse(responseCode = "422", description = "WORKSPACE_NOT_ACCESSIBLE") })
    TeamResponse create(@AuthenticationPrincipal CurrentUser caller, @Valid @RequestBody CreateTeamRequest request) {
        return service.create(caller.id(), request.name(), request.workspaceId());
    }

    @GetMapping
    @Operation(summary = "The caller's teams, with the caller's role in each")
    List<TeamResponse> list(@AuthenticationPrincipal CurrentUser caller) {
        return service.teamsOf(caller.id());
    }

    @GetMapping("/{teamId}")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "One of the caller's teams", responses = {
            @ApiResponse(responseCode = "200", description = "The team, with the caller's role"),
            @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such team, or the caller is not a member") })
    TeamResponse get(@Parameter(hidden = true) TeamAccess access, @PathVariable UUID teamId) {
        return service.get(access);
    }

    @PatchMapping("/{teamId}")
    @RequiresTeamRole(TeamRole.OWNER)
    @Operation(summary = "Rename the team (owner)")
    TeamResponse rename(@Parameter(hidden = true) TeamAccess access, @PathVariable UUID teamId,
            @Valid @RequestBody RenameTeamRequest request) {
        return service.rename(access, request.name());
    }

    @DeleteMapping("/{teamId}")
    @RequiresTeamRole(TeamRole.OWNER)
    @Operation(summary = "Delete the team (owner)")
    ResponseEntity<Void> delete(@Parameter(hidden = true) TeamAccess access, @PathVariable UUID teamId) {
        service.delete(access);
        return ResponseEntity.noContent().build();
    }

    @GetMapping("/{teamId}/members")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "The team's members")
    List<MemberResponse> members(@Parameter(hidden = true) TeamAccess access, @PathVariable UUID teamId) {
        return service.members(access);
    }

    @PostMapping("/{teamId}/members")
    @IdempotentCreate
    @RequiresTeamRole(TeamRole.ADMIN)
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "addMember", summary = "Add a user to the team (admin; only an owner adds owners)",
            responses = { @ApiResponse(responseCode = "201", description = "Added"),
                    @ApiResponse(responseCode = "404", description = "NOT_FOUND: no such user"),
                    @ApiResponse(responseCode = "409", description = "CONFLICT: already a member") })
    MemberResponse addMember(@Parameter(hidden = true) TeamAccess access, @PathVariable UUID teamId,
            @Valid @RequestBody AddMemberRequest request) {
        return service.addMember(access, request.username(), request.role());
    }

    @PatchMapping("/{teamId}/members/{userId}")
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(operationId = "changeMemberRole",
            summary = "Change a member's role (admin; only an owner gives or takes ownership)",
            responses = { @ApiResponse(responseCode = "200", description = "The member with the new role"),
                    @ApiResponse(responseCode = "409", description = "CONFLICT: the last owner cannot be demoted") })
    MemberResponse changeRole(@Parameter(hidden = true) TeamAccess access, @PathVariable UUID teamId,
            @PathVariable UUID userId, @Valid @RequestBody ChangeRoleRequest request) {
        return service.changeRole(access, userId, request.role());
    }

    @DeleteMapping("/{teamId}/members/{userId}")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(operationId = "removeMember", summary = "Remove a member (admin), or leave the team (anyone, for themselves)",
            responses = @ApiResponse(responseCode = "409", description = "CONFLICT: the last owner cannot leave"))
    ResponseEntity<Void> removeMember(@Parameter(hidden = true) TeamAccess access, @PathVariable UUID teamId,
            @PathVariable UUID userId) {
        service.removeMember(access, userId);
        return ResponseEntity.noContent().build();
    }
}
