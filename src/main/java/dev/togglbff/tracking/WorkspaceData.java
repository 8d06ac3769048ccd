package dev.togglbff.tracking;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.stream.Collectors;

import dev.togglbff.tracking.TogglCache.Key;
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
import dev.togglbff.web.ErrorCode;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Service;

/**
 * A team's workspace, projects, clients and tags: read through the per-key cache with the
 * caller's own key, written straight to Toggl. Projects and clients are held as whole lists per
 * key and workspace (one upstream request each, however many pages and filters are asked for);
 * a write applies Toggl's answer to the writer's lists and makes every other key's lists of the
 * workspace be fetched again (what each key may see is Toggl's call). Entries and projects are
 * joined with names at read time, so renaming a project does not touch cached time entries.
 */
@Service
class WorkspaceData {

    private static final Logger log = LoggerFactory.getLogger(WorkspaceData.class);
    private static final Comparator<TogglProject> BY_NAME = Comparator
        .comparing((TogglProject p) -> p.name() == null ? "" : p.name(), String.CASE_INSENSITIVE_ORDER)
        .thenComparingLong(TogglProject::id);

    private final TogglClient toggl;
    private final TogglCache cache;

    WorkspaceData(TogglClient toggl, TogglCache cache) {
        this.toggl = toggl;
        this.cache = cache;
    }

    Read<WorkspaceResponse> workspace(TeamCall call) {
        return cache.get(Key.workspace(call.keyHash(), call.workspaceId()), call.workspaceScope(), () -> {
            TogglWorkspace workspace = toggl.workspace(call.session().credentials(), call.workspaceId());
            return new WorkspaceResponse(workspace.id(), workspace.name(), workspace.organizationId(),
                    workspace.premium(), workspace.defaultCurrency());
        });
    }

    Read<List<WorkspaceUserResponse>> users(TeamCall call) {
        return cache.get(Key.workspaceUsers(call.keyHash(), call.workspaceId()), call.workspaceScope(),
                () -> toggl.workspaceUsers(call.session().credentials(), call.workspaceId())
                    .stream()
                    .map(user -> new WorkspaceUserResponse(user.id(), user.fullname(), user.email()))
                    .toList());
    }

    // --- projects ---

    /**
     * One page of the workspace's projects, cut from the whole list: sorted by name, {@code name}
     * matching case-insensitively anywhere in the project's name.
     */
    Read<ProjectPage> projects(TeamCall call, TogglProjectQuery.Active active, @Nullable String name, int page,
            int perPage) {
        Map<Long, TogglClientRecord> clients = clientsById(call);
        return projectList(call).map(all -> new ProjectPage(all.stream()
            .filter(project -> switch (active) {
                case TRUE -> !Boolean.FALSE.equals(project.active());
                case FALSE -> Boolean.FALSE.equals(project.active());
                case BOTH -> true;
            })
            .filter(project -> name == null || contains(project.name(), name))
            .sorted(BY_NAME)
            .skip((long) (page - 1) * perPage)
            .limit(perPage)
            .map(project -> project(project, clients))
            .toList(), page, perPage));
    }

    Read<ProjectResponse> project(TeamCall call, long projectId) {
        Read<List<TogglProject>> all = projectList(call);
        Map<Long, TogglClientRecord> clients = clientsById(call);
        return all.value()
            .stream()
            .filter(project -> project.id() == projectId)
            .findFirst()
            .map(project -> all.map(list -> project(project, clients)))
            .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "No such project in this team's workspace."));
    }

    ProjectResponse createProject(TeamCall call, CreateProjectRequest request) {
        TogglProject created = toggl.createProject(call.session().credentials(), call.workspaceId(),
                new TogglProjectDraft(request.name().strip(), request.active(), request.isPrivate(), request.clientId(),
                        request.color(), request.billable()));
        writeThrough(call, Key.projects(call.keyHash(), call.workspaceId()), created, TogglProject::id);
        return project(created, cachedClientsById(call));
    }

    ProjectResponse updateProject(TeamCall call, long projectId, UpdateProjectRequest request) {
        TogglProject updated = toggl.updateProject(call.session().credentials(), call.workspaceId(), projectId,
                new TogglProjectDraft(strip(request.name()), request.active(), request.isPrivate(),
                        request.clientId().value(), request.color(), request.billable()),
                request.clientId().removes());
        writeThrough(call, Key.projects(call.keyHash(), call.workspaceId()), updated, TogglProject::id);
        return project(updated, cachedClientsById(call));
    }

    void deleteProject(TeamCall call, long projectId) {
        toggl.deleteProject(call.session().credentials(), call.workspaceId(), projectId);
        removeThrough(call, Key.projects(call.keyHash(), call.workspaceId()), projectId, TogglProject::id);
    }

    /** Projects as the API shows them, client names from the given clients. */
    List<ProjectResponse> projectResponses(List<TogglProject> projects, List<TogglClientRecord> clients) {
        Map<Long, TogglClientRecord> byId = byId(clients, TogglClientRecord::id);
        return projects.stream().sorted(BY_NAME).map(project -> project(project, byId)).toList();
    }

    /** The workspace's clients as cached, or none when they cannot be had (client names are then left out). */
    List<TogglClientRecord> clientsOrNone(TeamCall call) {
        try {
            return clientList(call).value();
        }
        catch (ApiException ex) {
            log.debug("Names left out: {}", ex.code());
            return List.of();
        }
    }

    Read<List<TogglProject>> projectList(TeamCall call) {
        return cache.get(Key.projects(call.keyHash(), call.workspaceId()), call.workspaceScope(),
                () -> toggl.allProjects(call.session().credentials(), call.workspaceId(),
                        new TogglProjectQuery(TogglProjectQuery.Active.BOTH, null, null, null, null)));
    }

    // --- clients ---

    Read<List<ClientResponse>> clients(TeamCall call, String status, @Nullable String name) {
        return clientList(call).map(all -> all.stream()
            .filter(client -> switch (status) {
                case "active" -> !Boolean.TRUE.equals(client.archived());
                case "archived" -> Boolean.TRUE.equals(client.archived());
                default -> true;
            })
            .filter(client -> name == null || contains(client.name(), name))
            .map(WorkspaceData::client)
            .toList());
    }

    Read<ClientResponse> client(TeamCall call, long clientId) {
        Read<List<TogglClientRecord>> all = clientList(call);
        return all.value()
            .stream()
            .filter(client -> client.id() == clientId)
            .findFirst()
            .map(client -> all.map(list -> client(client)))
            .orElseThrow(() -> new ApiException(ErrorCode.NOT_FOUND, "No such client in this team's workspace."));
    }

    ClientResponse createClient(TeamCall call, CreateClientRequest request) {
        TogglClientRecord created = toggl.createClient(call.session().credentials(), call.workspaceId(),
                new TogglClientDraft(request.name().strip(), request.notes()));
        writeThrough(call, Key.clients(call.keyHash(), call.workspaceId()), created, TogglClientRecord::id);
        return client(created);
    }

    ClientResponse updateClient(TeamCall call, long clientId, UpdateClientRequest request) {
        TogglClientRecord updated = toggl.updateClient(call.session().credentials(), call.workspaceId(), clientId,
                new TogglClientDraft(strip(request.name()), request.notes()));
        writeThrough(call, Key.clients(call.keyHash(), call.workspaceId()), updated, TogglClientRecord::id);
        // Project answers show client names, which are joined at read time: nothing else to change.
        return client(updated);
    }

    void deleteClient(TeamCall call, long clientId) {
        toggl.deleteClient(call.session().credentials(), call.workspaceId(), clientId);
        removeThrough(call, Key.clients(call.keyHash(), call.workspaceId()), clientId, TogglClientRecord::id);
        // Toggl detaches the client's projects.
        Key projects = Key.projects(call.keyHash(), call.workspaceId());
        cache.<List<TogglProject>>update(projects, list -> list.stream()
            .map(p -> Objects.equals(p.clientId(), clientId) ? p.withClient(null) : p)
            .toList());
        cache.outdateWorkspace(call.workspaceId(), call.keyHash(), Kind.PROJECTS);
    }

    void archiveClient(TeamCall call, long clientId) {
        List<Long> archivedProjects = toggl.archiveClient(call.session().credentials(), call.workspaceId(), clientId);
        cache.<List<TogglClientRecord>>update(Key.clients(call.keyHash(), call.workspaceId()), list -> list.stream()
            .map(c -> c.id() == clientId ? c.withArchived(true) : c)
            .toList());
        // Archiving a client archives its projects; Toggl answers which.
        cache.<List<TogglProject>>update(Key.projects(call.keyHash(), call.workspaceId()), list -> list.stream()
            .map(p -> archivedProjects.contains(p.id()) ? p.withActive(false) : p)
            .toList());
        cache.outdateWorkspace(call.workspaceId(), call.keyHash(), Kind.CLIENTS, Kind.PROJECTS);
    }

    ClientResponse restoreClient(TeamCall call, long clientId, boolean restoreAllProjects) {
        TogglClientRecord restored = toggl.restoreClient(call.session().credentials(), call.workspaceId(), clientId,
                restoreAllProjects);
        writeThrough(call, Key.clients(call.keyHash(), call.workspaceId()), restored, TogglClientRecord::id);
        if (restoreAllProjects) {
            // Which projects come back is not in Toggl's answer: the writer's list is refreshed too.
            cache.outdateWorkspace(call.workspaceId(), "", Kind.PROJECTS);
        }
        return client(restored);
    }

    private Read<List<TogglClientRecord>> clientList(TeamCall call) {
        return cache.get(Key.clients(call.keyHash(), call.workspaceId()), call.workspaceScope(),
                () -> toggl.clients(call.session().credentials(), call.workspaceId(), "both", null));
    }

    private Map<Long, TogglClientRecord> clientsById(TeamCall call) {
        return lookup(() -> clientList(call).value(), TogglClientRecord::id);
    }

    private Map<Long, TogglClientRecord> cachedClientsById(TeamCall call) {
        return byId(cache.<List<TogglClientRecord>>peek(Key.clients(call.keyHash(), call.workspaceId()))
            .orElse(List.of()), TogglClientRecord::id);
    }

    // --- tags ---

    Read<List<TagResponse>> tags(TeamCall call) {
        return tagList(call).map(tags -> tags.stream().map(tag -> new TagResponse(tag.id(), tag.name())).toList());
    }

    Read<List<TogglTag>> tagList(TeamCall call) {
        return cache.get(Key.tags(call.keyHash(), call.workspaceId()), call.workspaceScope(),
                () -> toggl.tags(call.session().credentials(), call.workspaceId(), null, null));
    }

    TagResponse createTag(TeamCall call, String name) {
        TogglTag created = toggl.createTag(call.session().credentials(), call.workspaceId(), name.strip());
        writeThrough(call, Key.tags(call.keyHash(), call.workspaceId()), created, TogglTag::id);
        return new TagResponse(created.id(), created.name());
    }

    TagResponse updateTag(TeamCall call, long tagId, String name) {
        TogglTag updated = toggl.updateTag(call.session().credentials(), call.workspaceId(), tagId, name.strip());
        writeThrough(call, Key.tags(call.keyHash(), call.workspaceId()), updated, TogglTag::id);
        return new TagResponse(updated.id(), updated.name());
    }

    void deleteTag(TeamCall call, long tagId) {
        toggl.deleteTag(call.session().credentials(), call.workspaceId(), tagId);
        removeThrough(call, Key.tags(call.keyHash(), call.workspaceId()), tagId, TogglTag::id);
    }

    // --- names ---

    /**
     * Projects (archived ones too) and tags by id, loaded through the cache when not held. A list
     * used only to fill in names: when Toggl cannot give it right now, the names stay empty rather
     * than failing the read they decorate.
     */
    TimeEntries.Names names(TeamCall call) {
        return new TimeEntries.Names(lookup(() -> projectList(call).value(), TogglProject::id),
                lookup(() -> tagList(call).value(), TogglTag::id));
    }

    /** Projects and tags by id from lists already read. */
    static TimeEntries.Names names(List<TogglProject> projects, List<TogglTag> tags) {
        return new TimeEntries.Names(byId(projects, TogglProject::id), byId(tags, TogglTag::id));
    }

    /** Projects and tags by id as far as they are cached: for the answers of writes, which never load lists. */
    TimeEntries.Names cachedNames(TeamCall call) {
        return new TimeEntries.Names(
                byId(cache.<List<TogglProject>>peek(Key.projects(call.keyHash(), call.workspaceId())).orElse(List.of()),
                        TogglProject::id),
                byId(cache.<List<TogglTag>>peek(Key.tags(call.keyHash(), call.workspaceId())).orElse(List.of()),
                        TogglTag::id));
    }

    private static <T> Map<Long, T> lookup(Supplier<List<T>> list, Function<T, Long> id) {
        try {
            return byId(list.get(), id);
        }
        catch (ApiException ex) {
            log.debug("Names left out: {}", ex.code());
            return Map.of();
        }
    }

    private static <T> Map<Long, T> byId(List<T> list, Function<T, Long> id) {
        return list.stream().collect(Collectors.toMap(id, Function.identity(), (a, b) -> a));
    }

    // --- write-through ---

    /** Puts Toggl's answer into the writer's list (replacing the item with its id), and outdates other keys' lists. */
    private <T> void writeThrough(TeamCall call, Key list, T item, Function<T, Long> id) {
        long itemId = id.apply(item);
        cache.<List<T>>update(list, items -> {
            List<T> next = new ArrayList<>(items.size() + 1);
            items.stream().filter(existing -> id.apply(existing) != itemId).forEach(next::add);
            next.add(item);
            return List.copyOf(next);
        });
        cache.outdateWorkspace(call.workspaceId(), call.keyHash(), list.kind());
    }

    private <T> void removeThrough(TeamCall call, Key list, long itemId, Function<T, Long> id) {
        cache.<List<T>>update(list, items -> items.stream().filter(existing -> id.apply(existing) != itemId).toList());
        cache.outdateWorkspace(call.workspaceId(), call.keyHash(), list.kind());
    }

    // --- mapping ---

    private static boolean contains(@Nullable String value, String part) {
        return value != null && value.toLowerCase(Locale.ROOT).contains(part.toLowerCase(Locale.ROOT));
    }

    private static ProjectResponse project(TogglProject project, Map<Long, TogglClientRecord> clients) {
        TogglClientRecord client = project.clientId() != null ? clients.get(project.clientId()) : null;
        return new ProjectResponse(project.id(), project.name(), project.color(), !Boolean.FALSE.equals(project.active()),
                Boolean.TRUE.equals(project.billable()), Boolean.TRUE.equals(project.isPrivate()), project.clientId(),
                client != null ? client.name() : null);
    }

    private static ClientResponse client(TogglClientRecord client) {
        return new ClientResponse(client.id(), client.name(), client.notes(), Boolean.TRUE.equals(client.archived()));
    }

    private static @Nullable String strip(@Nullable String value) {
        return value == null ? null : value.strip();
    }
}
