package dev.togglbff.tracking;

import java.util.List;
import java.util.UUID;

import dev.togglbff.teams.RequiresTeamRole;
import dev.togglbff.teams.TeamAccess;
import dev.togglbff.teams.TeamRole;
import dev.togglbff.tracking.TrackingApi.ClientResponse;
import dev.togglbff.tracking.TrackingApi.CreateClientRequest;
import dev.togglbff.tracking.TrackingApi.CreateProjectRequest;
import dev.togglbff.tracking.TrackingApi.ProjectPage;
import dev.togglbff.tracking.TrackingApi.ProjectResponse;
import dev.togglbff.tracking.TrackingApi.RestoreClientRequest;
import dev.togglbff.tracking.TrackingApi.TagRequest;
import dev.togglbff.tracking.TrackingApi.TagResponse;
import dev.togglbff.tracking.TrackingApi.UpdateClientRequest;
import dev.togglbff.tracking.TrackingApi.UpdateProjectRequest;
import dev.togglbff.tracking.TrackingApi.WorkspaceResponse;
import dev.togglbff.tracking.TrackingApi.WorkspaceUserResponse;
import dev.togglbff.upstream.TogglProjectQuery;
import dev.togglbff.web.IdempotentCreate;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * The team's Toggl workspace, its projects, clients and tags. Reads are cached per Maton key and
 * open to every member; writes need ADMIN. Toggl's own permissions still apply on top, since
 * every call is made with the caller's own key.
 */
@RestController
@RequestMapping("/api/v1/teams/{teamId}")
@Tag(name = "Team workspace", description = "The team's Toggl workspace: projects, clients and tags")
class WorkspaceController {

    private final Sessions sessions;
    private final WorkspaceData data;
    private final Answers answers;

    WorkspaceController(Sessions sessions, WorkspaceData data, Answers answers) {
        this.sessions = sessions;
        this.data = data;
        this.answers = answers;
    }

    @GetMapping("/workspace")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "The team's Toggl workspace (cached)")
    ResponseEntity<WorkspaceResponse> workspace(@Parameter(hidden = true) TeamAccess team, @PathVariable UUID teamId) {
        Session session = sessions.open(team.userId());
        return answers.read(session, team, data.workspace(session, team));
    }

    @GetMapping("/workspace/users")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "The users of the team's Toggl workspace (cached)")
    ResponseEntity<List<WorkspaceUserResponse>> workspaceUsers(@Parameter(hidden = true) TeamAccess team,
            @PathVariable UUID teamId) {
        Session session = sessions.open(team.userId());
        return answers.read(session, team, data.users(session, team));
    }

    // --- projects ---

    @GetMapping("/projects")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "One page of the workspace's projects, with client names (cached)")
    ResponseEntity<ProjectPage> projects(@Parameter(hidden = true) TeamAccess team, @PathVariable UUID teamId,
            @Parameter(description = "true (default), false or both") @RequestParam(defaultValue = "true")
            @Pattern(regexp = "true|false|both", message = "must be true, false or both") String active,
            @RequestParam(required = false) @Size(max = TrackingApi.MAX_NAME) @Nullable String name,
            @RequestParam(defaultValue = "1") @Min(1) @Max(10_000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int perPage) {
        Session session = sessions.open(team.userId());
        TogglProjectQuery.Active filter = TogglProjectQuery.Active.valueOf(active.toUpperCase(java.util.Locale.ROOT));
        return answers.read(session, team, data.projects(session, team, filter, blankToNull(name), page, perPage));
    }

    @GetMapping("/projects/{projectId}")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "One project (cached)")
    ResponseEntity<ProjectResponse> project(@Parameter(hidden = true) TeamAccess team, @PathVariable UUID teamId,
            @PathVariable @Positive long projectId) {
        Session session = sessions.open(team.userId());
        return answers.read(session, team, data.project(session, team, projectId));
    }

    @PostMapping("/projects")
    @IdempotentCreate
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(summary = "Create a project (admin)", responses = @ApiResponse(responseCode = "201", description = "Created"))
    ResponseEntity<ProjectResponse> createProject(@Parameter(hidden = true) TeamAccess team,
            @PathVariable UUID teamId, @Valid @RequestBody CreateProjectRequest request) {
        Session session = sessions.open(team.userId());
        return answers.of(session, team, HttpStatus.CREATED, data.createProject(session, team, request));
    }

    @PatchMapping("/projects/{projectId}")
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(summary = "Change a project (admin); only the fields given change")
    ResponseEntity<ProjectResponse> updateProject(@Parameter(hidden = true) TeamAccess team,
            @PathVariable UUID teamId, @PathVariable @Positive long projectId,
            @Valid @RequestBody UpdateProjectRequest request) {
        Session session = sessions.open(team.userId());
        return answers.of(session, team, HttpStatus.OK, data.updateProject(session, team, projectId, request));
    }

    @DeleteMapping("/projects/{projectId}")
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(summary = "Delete a project (admin)")
    ResponseEntity<Void> deleteProject(@Parameter(hidden = true) TeamAccess team, @PathVariable UUID teamId,
            @PathVariable @Positive long projectId) {
        Session session = sessions.open(team.userId());
        data.deleteProject(session, team, projectId);
        return answers.noContent(session, team);
    }

    // --- clients ---

    @GetMapping("/clients")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "The workspace's clients (cached)")
    ResponseEntity<List<ClientResponse>> clients(@Parameter(hidden = true) TeamAccess team, @PathVariable UUID teamId,
            @Parameter(description = "active (default), archived or both") @RequestParam(defaultValue = "active")
            @Pattern(regexp = "active|archived|both", message = "must be active, archived or both") String status,
            @RequestParam(required = false) @Size(max = TrackingApi.MAX_NAME) @Nullable String name) {
        Session session = sessions.open(team.userId());
        return answers.read(session, team, data.clients(session, team, status, blankToNull(name)));
    }

    @GetMapping("/clients/{clientId}")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "One client (cached)")
    ResponseEntity<ClientResponse> client(@Parameter(hidden = true) TeamAccess team, @PathVariable UUID teamId,
            @PathVariable @Positive long clientId) {
        Session session = sessions.open(team.userId());
        return answers.read(session, team, data.client(session, team, clientId));
    }

    @PostMapping("/clients")
    @IdempotentCreate
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(summary = "Create a client (admin)", responses = @ApiResponse(responseCode = "201", description = "Created"))
    ResponseEntity<ClientResponse> createClient(@Parameter(hidden = true) TeamAccess team, @PathVariable UUID teamId,
            @Valid @RequestBody CreateClientRequest request) {
        Session session = sessions.open(team.userId());
        return answers.of(session, team, HttpStatus.CREATED, data.createClient(session, team, request));
    }

    @PatchMapping("/clients/{clientId}")
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(summary = "Change a client (admin)")
    ResponseEntity<ClientResponse> updateClient(@Parameter(hidden = true) TeamAccess team, @PathVariable UUID teamId,
            @PathVariable @Positive long clientId, @Valid @RequestBody UpdateClientRequest request) {
        Session session = sessions.open(team.userId());
        return answers.of(session, team, HttpStatus.OK, data.updateClient(session, team, clientId, request));
    }

    @DeleteMapping("/clients/{clientId}")
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(summary = "Delete a client (admin)")
    ResponseEntity<Void> deleteClient(@Parameter(hidden = true) TeamAccess team, @PathVariable UUID teamId,
            @PathVariable @Positive long clientId) {
        Session session = sessions.open(team.userId());
        data.deleteClient(session, team, clientId);
        return answers.noContent(session, team);
    }

    @PostMapping("/clients/{clientId}/archive")
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(summary = "Archive a client and its projects (admin)")
    ResponseEntity<Void> archiveClient(@Parameter(hidden = true) TeamAccess team, @PathVariable UUID teamId,
            @PathVariable @Positive long clientId) {
        Session session = sessions.open(team.userId());
        data.archiveClient(session, team, clientId);
        return answers.noContent(session, team);
    }

    @PostMapping("/clients/{clientId}/restore")
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(summary = "Restore an archived client, optionally with all its projects (admin)")
    ResponseEntity<ClientResponse> restoreClient(@Parameter(hidden = true) TeamAccess team,
            @PathVariable UUID teamId, @PathVariable @Positive long clientId,
            @RequestBody(required = false) @Nullable RestoreClientRequest request) {
        Session session = sessions.open(team.userId());
        boolean all = request != null && Boolean.TRUE.equals(request.restoreAllProjects());
        return answers.of(session, team, HttpStatus.OK, data.restoreClient(session, team, clientId, all));
    }

    // --- tags ---

    @GetMapping("/tags")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "The workspace's tags (cached)")
    ResponseEntity<List<TagResponse>> tags(@Parameter(hidden = true) TeamAccess team, @PathVariable UUID teamId) {
        Session session = sessions.open(team.userId());
        return answers.read(session, team, data.tags(session, team));
    }

    @PostMapping("/tags")
    @IdempotentCreate
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(summary = "Create a tag (admin)", responses = @ApiResponse(responseCode = "201", description = "Created"))
    ResponseEntity<TagResponse> createTag(@Parameter(hidden = true) TeamAccess team, @PathVariable UUID teamId,
            @Valid @RequestBody TagRequest request) {
        Session session = sessions.open(team.userId());
        return answers.of(session, team, HttpStatus.CREATED, data.createTag(session, team, request.name()));
    }

    @PatchMapping("/tags/{tagId}")
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(summary = "Rename a tag (admin)")
    ResponseEntity<TagResponse> updateTag(@Parameter(hidden = true) TeamAccess team, @PathVariable UUID teamId,
            @PathVariable @Positive long tagId, @Valid @RequestBody TagRequest request) {
        Session session = sessions.open(team.userId());
        return answers.of(session, team, HttpStatus.OK, data.updateTag(session, team, tagId, request.name()));
    }

    @DeleteMapping("/tags/{tagId}")
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(summary = "Delete a tag (admin)")
    ResponseEntity<Void> deleteTag(@Parameter(hidden = true) TeamAccess team, @PathVariable UUID teamId,
            @PathVariable @Positive long tagId) {
        Session session = sessions.open(team.userId());
        data.deleteTag(session, team, tagId);
        return answers.noContent(session, team);
    }

    static @Nullable String blankToNull(@Nullable String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
