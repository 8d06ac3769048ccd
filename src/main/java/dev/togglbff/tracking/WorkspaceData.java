package dev.togglbff.tracking;

import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.togglbff.teams.TeamAccess;
import dev.togglbff.tracking.TogglCache.Kind;
import dev.togglbff.tracking.TogglCache.Read;
import dev.togglbff.tracking.TrackingApi.ClientResponse;
import dev.togglbff.tracking.TrackingApi.CreateClientRequest;
import dev.togglbff.tracking.TrackingApi.CreateProjectRequest;
import dev.togglbff.tracking.TrackingApi.ProjectPage;
import dev.togglbff.tracking.TrackingApi.ProjectResponse;
import dev.togglbff.tracking.TrackingApi.TagResponse;
import dev.togglbff.tracking.TrackingApi.UpdateClientRequest;
import dev.togglbff.tracking.TrackingApi.UpdateProjectRequest;
import dev.togglbff.tracking.TrackingApi.WorkspaceResponse;
import dev.togglbff.tracking.TrackingApi.WorkspaceUserResponse;
import dev.togglbff.upstream.TogglClient;
import dev.togglbff.upstream.TogglClientDraft;
import dev.togglbff.upstream.TogglClientRecord;
import dev.togglbff.upstream.TogglProject;
import dev.togglbff.upstream.TogglProjectDraft;
import dev.togglbff.upstream.TogglProjectQuery;
import dev.togglbff.upstream.TogglTag;
import dev.togglbff.upstream.TogglWorkspace;
import dev.togglbff.web.ApiException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * A team's workspace, projects, clients and tags: read through the per-key cache with the
 * caller's own key, written straight to Toggl, each write evicting what it changed (for every
 * key: the workspace's lists changed for everyone). Entries and projects are joined with names
 * at read time, so renaming a project does not touch cached time entries.
 */
@Service
class WorkspaceData {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceData.class);
    private static final String ALL = "all";

    private final TogglClient toggl;
    private final TogglCache cache;

    WorkspaceData(TogglClient toggl, TogglCache cache) {
        this.toggl = toggl;
        this.cache = cache;
    }

    Read<WorkspaceResponse> workspace(Session session, TeamAccess team) {
        return cache.get(key(session, team, Kind.WORKSPACE, ""), () -> {
            TogglWorkspace workspace = toggl.workspace(session.credentials(), team.workspaceId());
            return new WorkspaceResponse(workspace.id(), workspace.name(), workspace.organizationId(),
                    workspace.premium(), workspace.defaultCurrency());
        });
    }

    Read<List<WorkspaceUserResponse>> users(Session session, TeamAccess team) {
        return cache.get(key(session, team, Kind.WORKSPACE_USERS, ""),
                () -> toggl.workspaceUsers(session.credentials(), team.workspaceId())
                    .stream()
                    .map(user -> new WorkspaceUserResponse(user.id(), user.fullname(), user.email()))
                    .toList());
    }

    // --- projects ---

    Read<ProjectPage> projects(Session session, TeamAccess team, TogglProjectQuery.Active active,
            @Nullable String name, int page, int perPage) {
        String variant = "active=" + active + ";name=" + (name == null ? "" : name) + ";page=" + page + ";per=" + perPage;
        Read<List<TogglProject>> projects = cache.get(key(session, team, Kind.PROJECTS, variant),
                () -> toggl.projects(session.credentials(), team.workspaceId(),
                        new TogglProjectQuery(active, null, name, page, perPage)));
        Map<Long, TogglClientRecord> clients = clientsById(session, team);
        List<ProjectResponse> items = projects.value().stream().map(p -> project(p, clients)).toList();
        return new Read<>(new ProjectPage(items, page, perPage), projects.status());
    }

    Read<ProjectResponse> project(Session session, TeamAccess team, long projectId) {
        Read<TogglProject> project = cache.get(key(session, team, Kind.PROJECTS, "id=" + projectId),
                () -> toggl.project(session.credentials(), team.workspaceId(), projectId));
        return new Read<>(project(project.value(), clientsById(session, team)), project.status());
    }

    ProjectResponse createProject(Session session, TeamAccess team, CreateProjectRequest request) {
        TogglProject created = toggl.createProject(session.credentials(), team.workspaceId(),
                new TogglProjectDraft(request.name().strip(), request.active(), request.isPrivate(), request.clientId(),
                        request.color(), request.billable()));
        cache.evictWorkspace(team.workspaceId(), Kind.PROJECTS);
        return project(created, clientsById(session, team));
    }

    ProjectResponse updateProject(Session session, TeamAccess team, long projectId, UpdateProjectRequest request) {
        TogglProject updated = toggl.updateProject(session.credentials(), team.workspaceId(), projectId,
                new TogglProjectDraft(strip(request.name()), request.active(), request.isPrivate(), request.clientId(),
                        request.color(), request.billable()));
        cache.evictWorkspace(team.workspaceId(), Kind.PROJECTS);
        return project(updated, clientsById(session, team));
    }

    void deleteProject(Session session, TeamAccess team, long projectId) {
        toggl.deleteProject(session.credentials(), team.workspaceId(), projectId);
        cache.evictWorkspace(team.workspaceId(), Kind.PROJECTS);
    }

    /** Every project of the workspace, archived ones included, by id: for names and colors of entries. */
    Map<Long, TogglProject> projectsById(Session session, TeamAccess team) {
        return lookup(() -> cache.<List<TogglProject>>get(key(session, team, Kind.PROJECTS, ALL),
                () -> toggl.allProjects(session.credentials(), team.workspaceId(),
                        new TogglProjectQuery(TogglProjectQuery.Active.BOTH, null, null, null, null)))
            .value(), TogglProject::id);
    }

    // --- clients ---

    Read<List<ClientResponse>> clients(Session session, TeamAccess team, String status, @Nullable String name) {
        Read<List<TogglClientRecord>> clients = cache.get(
                key(session, team, Kind.CLIENTS, "status=" + status + ";name=" + (name == null ? "" : name)),
                () -> toggl.clients(session.credentials(), team.workspaceId(), status, name));
        return new Read<>(clients.value().stream().map(WorkspaceData::client).toList(), clients.status());
    }

    Read<ClientResponse> client(Session session, TeamAccess team, long clientId) {
        Read<TogglClientRecord> client = cache.get(key(session, team, Kind.CLIENTS, "id=" + clientId),
                () -> toggl.client(session.credentials(), team.workspaceId(), clientId));
        return new Read<>(client(client.value()), client.status());
    }

    ClientResponse createClient(Session session, TeamAccess team, CreateClientRequest request) {
        TogglClientRecord created = toggl.createClient(session.credentials(), team.workspaceId(),
                new TogglClientDraft(request.name().strip(), request.notes()));
        cache.evictWorkspace(team.workspaceId(), Kind.CLIENTS);
        return client(created);
    }

    ClientResponse updateClient(Session session, TeamAccess team, long clientId, UpdateClientRequest request) {
        TogglClientRecord updated = toggl.updateClient(session.credentials(), team.workspaceId(), clientId,
                new TogglClientDraft(strip(request.name()), request.notes()));
        // Project lists show client names.
        cache.evictWorkspace(team.workspaceId(), Kind.CLIENTS, Kind.PROJECTS);
        return client(updated);
    }

    void deleteClient(Session session, TeamAccess team, long clientId) {
        toggl.deleteClient(session.credentials(), team.workspaceId(), clientId);
        cache.evictWorkspace(team.workspaceId(), Kind.CLIENTS, Kind.PROJECTS);
    }

    void archiveClient(Session session, TeamAccess team, long clientId) {
        toggl.archiveClient(session.credentials(), team.workspaceId(), clientId);
        // Archiving a client archives its projects.
        cache.evictWorkspace(team.workspaceId(), Kind.CLIENTS, Kind.PROJECTS);
    }

    ClientResponse restoreClient(Session session, TeamAccess team, long clientId, boolean restoreAllProjects) {
        TogglClientRecord restored = toggl.restoreClient(session.credentials(), team.workspaceId(), clientId,
                restoreAllProjects);
        cache.evictWorkspace(team.workspaceId(), Kind.CLIENTS, Kind.PROJECTS);
        return client(restored);
    }

    private Map<Long, TogglClientRecord> clientsById(Session session, TeamAccess team) {
        return lookup(() -> cache.<List<TogglClientRecord>>get(key(session, team, Kind.CLIENTS, "status=both;name="),
                () -> toggl.clients(session.credentials(), team.workspaceId(), "both", null))
            .value(), TogglClientRecord::id);
    }

    // --- tags ---

    Read<List<TagResponse>> tags(Session session, TeamAccess team) {
        Read<List<TogglTag>> tags = tagList(session, team);
        return new Read<>(tags.value().stream().map(tag -> new TagResponse(tag.id(), tag.name())).toList(),
                tags.status());
    }

    Map<Long, TogglTag> tagsById(Session session, TeamAccess team) {
        return lookup(() -> tagList(session, team).value(), TogglTag::id);
    }

    /**
     * A list used only to fill in names: when Toggl cannot give it right now, the names stay empty
     * rather than failing the read they decorate.
     */
    private static <T> Map<Long, T> lookup(Supplier<List<T>> list, Function<T, Long> id) {
        try {
            return list.get().stream().collect(Collectors.toMap(id, Function.identity(), (a, b) -> a));
        }
        catch (ApiException ex) {
            log.debug("Names left out: {}", ex.code());
            return Map.of();
        }
    }

    private Read<List<TogglTag>> tagList(Session session, TeamAccess team) {
        return cache.get(key(session, team, Kind.TAGS, ALL),
                () -> toggl.tags(session.credentials(), team.workspaceId(), null, null));
    }

    TagResponse createTag(Session session, TeamAccess team, String name) {
        TogglTag created = toggl.createTag(session.credentials(), team.workspaceId(), name.strip());
        cache.evictWorkspace(team.workspaceId(), Kind.TAGS);
        return new TagResponse(created.id(), created.name());
    }

    TagResponse updateTag(Session session, TeamAccess team, long tagId, String name) {
        TogglTag updated = toggl.updateTag(session.credentials(), team.workspaceId(), tagId, name.strip());
        cache.evictWorkspace(team.workspaceId(), Kind.TAGS);
        return new TagResponse(updated.id(), updated.name());
    }

    void deleteTag(Session session, TeamAccess team, long tagId) {
        toggl.deleteTag(session.credentials(), team.workspaceId(), tagId);
        cache.evictWorkspace(team.workspaceId(), Kind.TAGS);
    }

    // --- mapping ---

    private static ProjectResponse project(TogglProject project, Map<Long, TogglClientRecord> clients) {
        TogglClientRecord client = project.clientId() != null ? clients.get(project.clientId()) : null;
        return new ProjectResponse(project.id(), project.name(), project.color(), !Boolean.FALSE.equals(project.active()),
                Boolean.TRUE.equals(project.billable()), Boolean.TRUE.equals(project.isPrivate()), project.clientId(),
                client != null ? client.name() : null);
    }

    private static ClientResponse client(TogglClientRecord client) {
        return new ClientResponse(client.id(), client.name(), client.notes(), Boolean.TRUE.equals(client.archived()));
    }

    private static TogglCache.Key key(Session session, TeamAccess team, Kind kind, String variant) {
        return new TogglCache.Key(session.keyHash(), kind, team.workspaceId(), variant);
    }

    private static @Nullable String strip(@Nullable String value) {
        return value == null ? null : value.strip();
    }
}
