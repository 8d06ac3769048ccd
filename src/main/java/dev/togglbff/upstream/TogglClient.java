package dev.togglbff.upstream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.node.ObjectNode;

import org.springframework.http.HttpMethod;
import org.springframework.modulith.NamedInterface;

/**
 * Toggl Track v9 through Maton, one method per operation the service uses. Every method blocks
 * (callers run on virtual threads), spends the quota of the given key, and throws
 * {@link UpstreamException} with the API's error code when Toggl or Maton say no: after retries
 * on {@code 429} (every call) and on {@code 5xx}/dropped connections (calls safe to repeat, never
 * a create), immediately while the key's quota for the scope is spent, or when the key's pacing
 * queue is too long.
 * <p>
 * Quota scopes: {@code /me...} calls spend the user bucket; workspace calls spend the
 * workspace's organization bucket once the organization is known from a workspace answer, and
 * are recorded under the workspace until then.
 */
@NamedInterface("client")
public class TogglClient {

    private static final String API = "/toggl-track/api/v9";
    private static final String WORKSPACE = API + "/workspaces/{workspace_id}";

    private final MatonHttp http;
    private final UpstreamJson json;
    private final MatonProperties properties;
    private final Map<Long, Long> organizations = new ConcurrentHashMap<>();

    TogglClient(MatonHttp http, UpstreamJson json, MatonProperties properties) {
        this.http = http;
        this.json = json;
        this.properties = properties;
    }

    // --- the user -------------------------------------------------------------------------------

    /** {@code GET /me}. */
    public TogglUser me(MatonCredentials credentials) {
        return json.one(get(credentials, "me", API + "/me", Map.of(), Map.of(), QuotaScope.user()), TogglUser.class);
    }

    /** {@code GET /me/workspaces}; also teaches the client each workspace's organization. */
    public List<TogglWorkspace> workspaces(MatonCredentials credentials) {
        List<TogglWorkspace> workspaces = json.list(
                get(credentials, "me.workspaces", API + "/me/workspaces", Map.of(), Map.of(), QuotaScope.user()),
                TogglWorkspace.class);
        workspaces.forEach(this::learn);
        return workspaces;
    }

    // --- workspaces -----------------------------------------------------------------------------

    /** {@code GET /workspaces/{workspace_id}}. */
    public TogglWorkspace workspace(MatonCredentials credentials, long workspaceId) {
        TogglWorkspace workspace = json.one(get(credentials, "workspace.get", WORKSPACE, ws(workspaceId), Map.of(),
                scope(workspaceId)), TogglWorkspace.class);
        learn(workspace);
        return workspace;
    }

    /** {@code GET /workspaces/{workspace_id}/users}. */
    public List<TogglWorkspaceUser> workspaceUsers(MatonCredentials credentials, long workspaceId) {
        return json.list(get(credentials, "workspace.users", WORKSPACE + "/users", ws(workspaceId), Map.of(),
                scope(workspaceId)), TogglWorkspaceUser.class);
    }

    // --- time entries ---------------------------------------------------------------------------

    /** {@code GET /me/time_entries} with the query's filters. */
    public List<TogglTimeEntry> timeEntries(MatonCredentials credentials, TogglTimeEntryQuery query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        put(parameters, "since", query.since());
        put(parameters, "before", query.before());
        put(parameters, "start_date", query.startDate());
        put(parameters, "end_date", query.endDate());
        return json.list(get(credentials, "time_entries.list", API + "/me/time_entries", Map.of(), parameters,
                QuotaScope.user()), TogglTimeEntry.class);
    }

    /** {@code GET /me/time_entries/{time_entry_id}}. */
    public TogglTimeEntry timeEntry(MatonCredentials credentials, long timeEntryId) {
        return json.one(get(credentials, "time_entries.get", API + "/me/time_entries/{time_entry_id}",
                Map.of("time_entry_id", timeEntryId), Map.of(), QuotaScope.user()), TogglTimeEntry.class);
    }

    /**
     * {@code POST /workspaces/{workspace_id}/time_entries}, with {@code workspace_id} and
     * {@code created_with} added, and {@code duration: -1} when the draft has neither stop nor
     * duration (a running entry). Retried only on 429.
     */
    public TogglTimeEntry createTimeEntry(MatonCredentials credentials, long workspaceId, TogglTimeEntryDraft draft) {
        ObjectNode body = (ObjectNode) json.tree(draft);
        if (draft.stop() == null && draft.duration() == null) {
            body.put("duration", -1);
        }
        body.put("workspace_id", workspaceId);
        body.put("created_with", properties.createdWith());
        return json.one(create(credentials, "time_entries.create", WORKSPACE + "/time_entries", ws(workspaceId),
                json.write(body), workspaceId), TogglTimeEntry.class);
    }

    /** {@code PUT /workspaces/{workspace_id}/time_entries/{time_entry_id}} with the draft's non-null fields. */
    public TogglTimeEntry updateTimeEntry(MatonCredentials credentials, long workspaceId, long timeEntryId,
            TogglTimeEntryDraft changes) {
        return updateTimeEntry(credentials, workspaceId, timeEntryId, changes, Set.of());
    }

    /**
     * {@code PUT /workspaces/{workspace_id}/time_entries/{time_entry_id}} with the draft's non-null
     * fields, and the removed ones sent empty: {@code project_id: null}, {@code tag_ids: []} with
     * {@code tags: []}, {@code description: ""}.
     */
    public TogglTimeEntry updateTimeEntry(MatonCredentials credentials, long workspaceId, long timeEntryId,
            TogglTimeEntryDraft changes, Set<TogglTimeEntryDraft.Removal> removals) {
        ObjectNode body = (ObjectNode) json.tree(changes);
        for (TogglTimeEntryDraft.Removal removal : removals) {
            switch (removal) {
                case PROJECT -> body.putNull("project_id");
                case TAGS -> {
                    body.putArray("tag_ids");
                    body.putArray("tags");
                }
                case DESCRIPTION -> body.put("description", "");
            }
        }
        return json.one(send(credentials, "time_entries.update", HttpMethod.PUT,
                WORKSPACE + "/time_entries/{time_entry_id}", entry(workspaceId, timeEntryId), json.write(body),
                workspaceId), TogglTimeEntry.class);
    }

    /** {@code PATCH /workspaces/{workspace_id}/time_entries/{time_entry_id}/stop}. */
    public TogglTimeEntry stopTimeEntry(MatonCredentials credentials, long workspaceId, long timeEntryId) {
        return json.one(send(credentials, "time_entries.stop", HttpMethod.PATCH,
                WORKSPACE + "/time_entries/{time_entry_id}/stop", entry(workspaceId, timeEntryId), null, workspaceId),
                TogglTimeEntry.class);
    }

    /** {@code DELETE /workspaces/{workspace_id}/time_entries/{time_entry_id}}. */
    public void deleteTimeEntry(MatonCredentials credentials, long workspaceId, long timeEntryId) {
        send(credentials, "time_entries.delete", HttpMethod.DELETE, WORKSPACE + "/time_entries/{time_entry_id}",
                entry(workspaceId, timeEntryId), null, workspaceId);
    }

    // --- projects -------------------------------------------------------------------------------

    /** {@code GET /workspaces/{workspace_id}/projects}: one page. */
    public List<TogglProject> projects(MatonCredentials credentials, long workspaceId, TogglProjectQuery query) {
        Map<String, String> parameters = new LinkedHashMap<>();
        put(parameters, "active", query.active());
        put(parameters, "since", query.since());
        put(parameters, "name", query.name());
        put(parameters, "page", query.page());
        put(parameters, "per_page", query.perPage());
        return json.list(get(credentials, "projects.list", WORKSPACE + "/projects", ws(workspaceId), parameters,
                scope(workspaceId)), TogglProject.class);
    }

    /**
     * Every project matching the query: pages of {@code bff.maton.projects-page-size} until a
     * short page, at most {@code bff.maton.list-all-max-pages} pages.
     */
    public List<TogglProject> allProjects(MatonCredentials credentials, long workspaceId, TogglProjectQuery query) {
        int perPage = properties.projectsPageSize();
        List<TogglProject> all = new ArrayList<>();
        for (int page = 1; page <= properties.listAllMaxPages(); page++) {
            List<TogglProject> batch = projects(credentials, workspaceId, query.withPage(page, perPage));
            all.addAll(batch);
            if (batch.size() < perPage) {
                break;
            }
        }
        return List.copyOf(all);
    }

    /** {@code GET /workspaces/{workspace_id}/projects/{project_id}}. */
    public TogglProject project(MatonCredentials credentials, long workspaceId, long projectId) {
        return json.one(get(credentials, "projects.get", WORKSPACE + "/projects/{project_id}",
                child(workspaceId, "project_id", projectId), Map.of(), scope(workspaceId)), TogglProject.class);
    }

    /** {@code POST /workspaces/{workspace_id}/projects}. Retried only on 429. */
    public TogglProject createProject(MatonCredentials credentials, long workspaceId, TogglProjectDraft draft) {
        return json.one(create(credentials, "projects.create", WORKSPACE + "/projects", ws(workspaceId),
                json.write(draft), workspaceId), TogglProject.class);
    }

    /** {@code PUT /workspaces/{workspace_id}/projects/{project_id}} with the draft's non-null fields. */
    public TogglProject updateProject(MatonCredentials credentials, long workspaceId, long projectId,
            TogglProjectDraft changes) {
        return updateProject(credentials, workspaceId, projectId, changes, false);
    }

    /**
     * {@code PUT /workspaces/{workspace_id}/projects/{project_id}} with the draft's non-null fields,
     * and {@code client_id: null} when {@code removeClient}.
     */
    public TogglProject updateProject(MatonCredentials credentials, long workspaceId, long projectId,
            TogglProjectDraft changes, boolean removeClient) {
        ObjectNode body = (ObjectNode) json.tree(changes);
        if (removeClient) {
            body.putNull("client_id");
        }
        return json.one(send(credentials, "projects.update", HttpMethod.PUT, WORKSPACE + "/projects/{project_id}",
                child(workspaceId, "project_id", projectId), json.write(body), workspaceId), TogglProject.class);
    }

    /** {@code DELETE /workspaces/{workspace_id}/projects/{project_id}} (Toggl answers a bare number, ignored). */
    public void deleteProject(MatonCredentials credentials, long workspaceId, long projectId) {
        send(credentials, "projects.delete", HttpMethod.DELETE, WORKSPACE + "/projects/{project_id}",
                child(workspaceId, "project_id", projectId), null, workspaceId);
    }

    // --- clients --------------------------------------------------------------------------------

    /**
     * {@code GET /workspaces/{workspace_id}/clients}.
     *
     * @param status {@code active}, {@code archived} or {@code both}; Toggl's default when {@code null}
     * @param name   case-insensitive name filter
     */
    public List<TogglClientRecord> clients(MatonCredentials credentials, long workspaceId, @Nullable String status,
            @Nullable String name) {
        Map<String, String> parameters = new LinkedHashMap<>();
        put(parameters, "status", status);
        put(parameters, "name", name);
        return json.list(get(credentials, "clients.list", WORKSPACE + "/clients", ws(workspaceId), parameters,
                scope(workspaceId)), TogglClientRecord.class);
    }

    /** {@code GET /workspaces/{workspace_id}/clients/{client_id}}. */
    public TogglClientRecord client(MatonCredentials credentials, long workspaceId, long clientId) {
        return json.one(get(credentials, "clients.get", WORKSPACE + "/clients/{client_id}",
                child(workspaceId, "client_id", clientId), Map.of(), scope(workspaceId)), TogglClientRecord.class);
    }

    /** {@code POST /workspaces/{workspace_id}/clients}. Retried only on 429. */
    public TogglClientRecord createClient(MatonCredentials credentials, long workspaceId, TogglClientDraft draft) {
        return json.one(create(credentials, "clients.create", WORKSPACE + "/clients", ws(workspaceId),
                json.write(draft), workspaceId), TogglClientRecord.class);
    }

    /** {@code PUT /workspaces/{workspace_id}/clients/{client_id}} with the draft's non-null fields. */
    public TogglClientRecord updateClient(MatonCredentials credentials, long workspaceId, long clientId,
            TogglClientDraft changes) {
        return json.one(send(credentials, "clients.update", HttpMethod.PUT, WORKSPACE + "/clients/{client_id}",
                child(workspaceId, "client_id", clientId), json.write(changes), workspaceId), TogglClientRecord.class);
    }

    /** {@code DELETE /workspaces/{workspace_id}/clients/{client_id}} (Toggl answers a bare number, ignored). */
    public void deleteClient(MatonCredentials credentials, long workspaceId, long clientId) {
        send(credentials, "clients.delete", HttpMethod.DELETE, WORKSPACE + "/clients/{client_id}",
                child(workspaceId, "client_id", clientId), null, workspaceId);
    }

    /**
     * {@code POST /workspaces/{workspace_id}/clients/{client_id}/archive}; archiving twice is
     * harmless, so it is retried like a safe call.
     *
     * @return the ids of the projects archived with the client
     */
    public List<Long> archiveClient(MatonCredentials credentials, long workspaceId, long clientId) {
        return json.list(send(credentials, "clients.archive", HttpMethod.POST,
                WORKSPACE + "/clients/{client_id}/archive", child(workspaceId, "client_id", clientId), null,
                workspaceId), Long.class);
    }

    /**
     * {@code POST /workspaces/{workspace_id}/clients/{client_id}/restore} with
     * {@code restore_all_projects}; restoring twice is harmless, so it is retried like a safe call.
     */
    public TogglClientRecord restoreClient(MatonCredentials credentials, long workspaceId, long clientId,
            boolean restoreAllProjects) {
        String body = json.write(Map.of("restore_all_projects", restoreAllProjects));
        return json.one(send(credentials, "clients.restore", HttpMethod.POST,
                WORKSPACE + "/clients/{client_id}/restore", child(workspaceId, "client_id", clientId), body,
                workspaceId), TogglClientRecord.class);
    }

    // --- tags -----------------------------------------------------------------------------------

    /** {@code GET /workspaces/{workspace_id}/tags}, optionally one page. */
    public List<TogglTag> tags(MatonCredentials credentials, long workspaceId, @Nullable Integer page,
            @Nullable Integer perPage) {
        Map<String, String> parameters = new LinkedHashMap<>();
        put(parameters, "page", page);
        put(parameters, "per_page", perPage);
        return json.list(get(credentials, "tags.list", WORKSPACE + "/tags", ws(workspaceId), parameters,
                scope(workspaceId)), TogglTag.class);
    }

    /** {@code POST /workspaces/{workspace_id}/tags} (Toggl may answer an array; its first tag is returned). */
    public TogglTag createTag(MatonCredentials credentials, long workspaceId, String name) {
        return json.one(create(credentials, "tags.create", WORKSPACE + "/tags", ws(workspaceId),
                json.write(Map.of("name", name)), workspaceId), TogglTag.class);
    }

    /** {@code PUT /workspaces/{workspace_id}/tags/{tag_id}} (Toggl may answer an array; its first tag is returned). */
    public TogglTag updateTag(MatonCredentials credentials, long workspaceId, long tagId, String name) {
        return json.one(send(credentials, "tags.update", HttpMethod.PUT, WORKSPACE + "/tags/{tag_id}",
                child(workspaceId, "tag_id", tagId), json.write(Map.of("name", name)), workspaceId), TogglTag.class);
    }

    /** {@code DELETE /workspaces/{workspace_id}/tags/{tag_id}}. */
    public void deleteTag(MatonCredentials credentials, long workspaceId, long tagId) {
        send(credentials, "tags.delete", HttpMethod.DELETE, WORKSPACE + "/tags/{tag_id}",
                child(workspaceId, "tag_id", tagId), null, workspaceId);
    }

    // --- plumbing -------------------------------------------------------------------------------

    /**
     * The quota bucket that calls about a workspace spend, learning its organization when the
     * caller knows it (a team records its workspace's organization).
     */
    public QuotaScope scopeOf(long workspaceId, @Nullable Long organizationId) {
        if (organizationId != null) {
            organizations.putIfAbsent(workspaceId, organizationId);
        }
        return scope(workspaceId);
    }

    /** The quota bucket of a workspace call: its organization when known, else the workspace. */
    QuotaScope scope(long workspaceId) {
        return QuotaScope.ofWorkspace(workspaceId, organizations.get(workspaceId));
    }

    private void learn(TogglWorkspace workspace) {
        if (workspace.organizationId() != null) {
            organizations.put(workspace.id(), workspace.organizationId());
        }
    }

    private String get(MatonCredentials credentials, String operation, String path, Map<String, Object> variables,
            Map<String, String> query, QuotaScope scope) {
        return http.exchange(credentials,
                new UpstreamCall(operation, HttpMethod.GET, path, variables, query, null, true, scope)).body();
    }

    private String send(MatonCredentials credentials, String operation, HttpMethod method, String path,
            Map<String, Object> variables, @Nullable String body, long workspaceId) {
        return http.exchange(credentials,
                new UpstreamCall(operation, method, path, variables, Map.of(), body, true, scope(workspaceId)))
            .body();
    }

    private String create(MatonCredentials credentials, String operation, String path, Map<String, Object> variables,
            String body, long workspaceId) {
        return http.exchange(credentials,
                new UpstreamCall(operation, HttpMethod.POST, path, variables, Map.of(), body, false,
                        scope(workspaceId)))
            .body();
    }

    private static Map<String, Object> ws(long workspaceId) {
        return Map.of("workspace_id", workspaceId);
    }

    private static Map<String, Object> entry(long workspaceId, long timeEntryId) {
        return child(workspaceId, "time_entry_id", timeEntryId);
    }

    private static Map<String, Object> child(long workspaceId, String name, long id) {
        return Map.of("workspace_id", workspaceId, name, id);
    }

    private static void put(Map<String, String> parameters, String name, @Nullable Object value) {
        if (value != null) {
            parameters.put(name, value.toString());
        }
    }
}
