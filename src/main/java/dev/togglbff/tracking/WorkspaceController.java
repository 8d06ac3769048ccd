package dev.togglbff.tracking;

import java.util.List;
import java.util.UUID;

import dev.togglbff.teams.RequiresTeamRole;
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
import dev.togglbff.web.Inputs;
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

    private final WorkspaceData data;
    private final Answers answers;

    WorkspaceController(WorkspaceData data, Answers answers) {
        this.data = data;
        this.answers = answers;
    }

    @GetMapping("/workspace")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "The team's Toggl workspace (cached)")
    ResponseEntity<WorkspaceResponse> workspace(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId) {
        return answers.repeatableRead(call, data.workspace(call));
    }

    @GetMapping("/workspace/users")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "The users of the team's Toggl workspace (cached)")
    ResponseEntity<List<WorkspaceUserResponse>> workspaceUsers(@Parameter(hidden = true) TeamCall call,
            @PathVariable UUID teamId) {
        return answers.repeatableRead(call, data.users(call));
    }

    // --- projects ---

    @GetMapping("/projects")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "One page of the workspace's projects, with client names (cached)")
    ResponseEntity<ProjectPage> projects(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId,
            @Parameter(description = "true (default), false or both") @RequestParam(defaultValue = "true")
            @Pattern(regexp = "true|false|both", message = "must be true, false or both") String active,
            @RequestParam(required = false) @Size(max = TrackingApi.MAX_NAME) @Nullable String name,
            @RequestParam(defaultValue = "1") @Min(1) @Max(10_000) int page,
            @RequestParam(defaultValue = "50") @Min(1) @Max(200) int perPage) {
        TogglProjectQuery.Active filter = TogglProjectQuery.Active.valueOf(active.toUpperCase(java.util.Locale.ROOT));
        return answers.repeatableRead(call, data.projects(call, filter, Inputs.blankToNull(name), page, perPage));
    }

    @GetMapping("/projects/{projectId}")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "One project (cached)")
    ResponseEntity<ProjectResponse> project(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId,
            @PathVariable @Positive long projectId) {
        return answers.repeatableRead(call, data.project(call, projectId));
    }

    @PostMapping("/projects")
    @IdempotentCreate
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(summary = "Create a project (admin)", responses = @ApiResponse(responseCode = "201", description = "Created"))
    ResponseEntity<ProjectResponse> createProject(@Parameter(hidden = true) TeamCall call,
            @PathVariable UUID teamId, @Valid @RequestBody CreateProjectRequest request) {
        return answers.of(call, HttpStatus.CREATED, data.createProject(call, request));
    }

    @PatchMapping("/projects/{projectId}")
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(summary = "Change a project (admin); only the fields given change")
    ResponseEntity<ProjectResponse> updateProject(@Parameter(hidden = true) TeamCall call,
            @PathVariable UUID teamId, @PathVariable @Positive long projectId,
            @Valid @RequestBody UpdateProjectRequest request) {
        return answers.of(call, HttpStatus.OK, data.updateProject(call, projectId, request));
    }

    @DeleteMapping("/projects/{projectId}")
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(summary = "Delete a project (admin)")
    ResponseEntity<Void> deleteProject(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId,
            @PathVariable @Positive long projectId) {
        data.deleteProject(call, projectId);
        return answers.noContent(call);
    }

    // --- clients ---

    @GetMapping("/clients")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "The workspace's clients (cached)")
    ResponseEntity<List<ClientResponse>> clients(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId,
            @Parameter(description = "active (default), archived or both") @RequestParam(defaultValue = "active")
            @Pattern(regexp = "active|archived|both", message = "must be active, archived or both") String status,
            @RequestParam(required = false) @Size(max = TrackingApi.MAX_NAME) @Nullable String name) {
        return answers.repeatableRead(call, data.clients(call, status, Inputs.blankToNull(name)));
    }

    @GetMapping("/clients/{clientId}")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "One client (cached)")
    ResponseEntity<ClientResponse> client(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId,
            @PathVariable @Positive long clientId) {
        return answers.repeatableRead(call, data.client(call, clientId));
    }

    @PostMapping("/clients")
    @IdempotentCreate
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(summary = "Create a client (admin)", responses = @ApiResponse(responseCode = "201", description = "Created"))
    ResponseEntity<ClientResponse> createClient(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId,
            @Valid @RequestBody CreateClientRequest request) {
        return answers.of(call, HttpStatus.CREATED, data.createClient(call, request));
    }

    @PatchMapping("/clients/{clientId}")
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(summary = "Change a client (admin)")
    ResponseEntity<ClientResponse> updateClient(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId,
            @PathVariable @Positive long clientId, @Valid @RequestBody UpdateClientRequest request) {
        return answers.of(call, HttpStatus.OK, data.updateClient(call, clientId, request));
    }

    @DeleteMapping("/clients/{clientId}")
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(summary = "Delete a client (admin)")
    ResponseEntity<Void> deleteClient(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId,
            @PathVariable @Positive long clientId) {
        data.deleteClient(call, clientId);
        return answers.noContent(call);
    }

    @PostMapping("/clients/{clientId}/archive")
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(summary = "Archive a client and its projects (admin)")
    ResponseEntity<Void> archiveClient(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId,
            @PathVariable @Positive long clientId) {
        data.archiveClient(call, clientId);
        return answers.noContent(call);
    }

    @PostMapping("/clients/{clientId}/restore")
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(summary = "Restore an archived client, optionally with all its projects (admin)")
    ResponseEntity<ClientResponse> restoreClient(@Parameter(hidden = true) TeamCall call,
            @PathVariable UUID teamId, @PathVariable @Positive long clientId,
            @RequestBody(required = false) @Nullable RestoreClientRequest request) {
        boolean all = request != null && Boolean.TRUE.equals(request.restoreAllProjects());
        return answers.of(call, HttpStatus.OK, data.restoreClient(call, clientId, all));
    }

    // --- tags ---

    @GetMapping("/tags")
    @RequiresTeamRole(TeamRole.MEMBER)
    @Operation(summary = "The workspace's tags (cached)")
    ResponseEntity<List<TagResponse>> tags(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId) {
        return answers.repeatableRead(call, data.tags(call));
    }

    @PostMapping("/tags")
    @IdempotentCreate
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(summary = "Create a tag (admin)", responses = @ApiResponse(responseCode = "201", description = "Created"))
    ResponseEntity<TagResponse> createTag(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId,
            @Valid @RequestBody TagRequest request) {
        return answers.of(call, HttpStatus.CREATED, data.createTag(call, request.name()));
    }

    @PatchMapping("/tags/{tagId}")
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(summary = "Rename a tag (admin)")
    ResponseEntity<TagResponse> updateTag(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId,
            @PathVariable @Positive long tagId, @Valid @RequestBody TagRequest request) {
        return answers.of(call, HttpStatus.OK, data.updateTag(call, tagId, request.name()));
    }

    @DeleteMapping("/tags/{tagId}")
    @RequiresTeamRole(TeamRole.ADMIN)
    @Operation(summary = "Delete a tag (admin)")
    ResponseEntity<Void> deleteTag(@Parameter(hidden = true) TeamCall call, @PathVariable UUID teamId,
            @PathVariable @Positive long tagId) {
        data.deleteTag(call, tagId);
        return answers.noContent(call);
    }
}
