package dev.togglbff.upstream;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.util.List;

import com.github.tomakehurst.wiremock.client.MappingBuilder;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.absent;
import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.request;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.togglbff.upstream.UpstreamFixture.API;
import static dev.togglbff.upstream.UpstreamFixture.KEY;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every Toggl operation sends exactly the method, path, query, headers and body that Toggl's
 * OpenAPI document names, and reads Toggl's real (not always spec-conformant) answers.
 */
class TogglClientOperationsTests {

    @RegisterExtension
    static WireMockExtension wm = UpstreamFixture.wireMock();

    static final String CONNECTION = "conn-42";
    static final String WS = API + "/workspaces/21180405";

    static final String TIME_ENTRY = """
            {"id": 4290254971, "workspace_id": 21180405, "project_id": null, "task_id": null, "billable": false,
             "start": "2026-02-13T19:58:43Z", "stop": null, "duration": -1, "description": "Working",
             "tags": null, "tag_ids": null, "user_id": 12932942, "at": "2026-02-13T19:58:43+00:00",
             "server_deleted_at": null, "uid": 12932942, "wid": 21180405, "permissions": null}""";
    static final String PROJECT = """
            {"id": 216896134, "workspace_id": 21180405, "client_id": null, "name": "New Project",
             "is_private": true, "active": true, "color": "#0b83d9", "billable": true,
             "created_at": "2026-02-13T19:58:36+00:00", "actual_seconds": 0, "wid": 21180405}""";
    static final String CLIENT = """
            {"id": 68493239, "wid": 21180405, "archived": false, "name": "New Client", "notes": "n",
             "at": "2026-02-13T19:58:36+00:00", "creator_id": 12932942, "permissions": null}""";
    static final String TAG = """
            {"id": 20053808, "workspace_id": 21180405, "name": "New Tag",
             "at": "2026-02-13T19:58:37.115714Z", "creator_id": 12932942, "deleted_at": null}""";

    UpstreamFixture upstream;
    MatonCredentials credentials = UpstreamFixture.key(CONNECTION);

    @BeforeEach
    void client() {
        upstream = UpstreamFixture.with(wm).build();
    }

    @Test
    void me() {
        answer("GET", API + "/me", """
                {"id": 12932942, "email": "user@example.com", "fullname": "John Doe", "api_token": "secret",
                 "timezone": "Europe/Berlin", "default_workspace_id": 21180405, "beginning_of_week": 1,
                 "image_url": "https://example.com/p.png", "2fa_enabled": false}""");
        TogglUser me = upstream.toggl.me(credentials);
        assertThat(me).isEqualTo(new TogglUser(12932942, "user@example.com", "John Doe", "Europe/Berlin",
                21180405L, 1, "https://example.com/p.png"));
        assertThat(me.toString()).doesNotContain("secret");
        verifySent(requested("GET", API + "/me"));
    }

    @Test
    void withoutAConnectionNoConnectionHeaderIsSent() {
        answer("GET", API + "/me", "{\"id\": 1}");
        upstream.toggl.me(UpstreamFixture.key());
        wm.verify(1, anyRequestedFor(urlEqualTo(API + "/me")).withHeader("Authorization", equalTo("Bearer " + KEY))
            .withHeader("Maton-Connection", absent()));
    }

    @Test
    void workspacesTeachTheOrganizationOfEachWorkspace() {
        answer("GET", API + "/me/workspaces", """
                [{"id": 21180405, "organization_id": 900, "name": "Team", "premium": false, "admin": true,
                  "role": "admin", "default_currency": "EUR", "at": "2026-01-01T00:00:00+00:00", "api_token": "x"}]""");
        assertThat(upstream.toggl.scope(21180405)).isEqualTo(QuotaScope.workspace(21180405));
        List<TogglWorkspace> workspaces = upstream.toggl.workspaces(credentials);
        assertThat(workspaces).extracting(TogglWorkspace::id, TogglWorkspace::organizationId, TogglWorkspace::name)
            .containsExactly(org.assertj.core.groups.Tuple.tuple(21180405L, 900L, "Team"));
        assertThat(upstream.toggl.scope(21180405)).isEqualTo(QuotaScope.organization(900));
        verifySent(requested("GET", API + "/me/workspaces"));
    }

    @Test
    void workspaceAndItsUsers() {
        answer("GET", WS, "{\"id\": 21180405, \"organization_id\": 900, \"name\": \"Team\"}");
        answer("GET", WS + "/users", """
                [{"id": 7, "email": "a@example.com", "fullname": "A", "is_active": true, "is_admin": false,
                  "inactive": false, "role": "user"}]""");
        assertThat(upstream.toggl.workspace(credentials, 21180405).organizationId()).isEqualTo(900L);
        assertThat(upstream.toggl.workspaceUsers(credentials, 21180405))
            .containsExactly(new TogglWorkspaceUser(7, "a@example.com", "A", true, false, false, "user"));
        verifySent(requested("GET", WS));
        verifySent(requested("GET", WS + "/users"));
    }

    @Test
    void timeEntriesListWithEveryFilter() {
        answer("GET", API + "/me/time_entries?start_date=2026-02-01&end_date=2026-02-28", "[" + TIME_ENTRY + "]");
        answer("GET", API + "/me/time_entries?since=1707840000", "null");
        answer("GET", API + "/me/time_entries?before=2026-03-01", "[]");
        List<TogglTimeEntry> entries = upstream.toggl.timeEntries(credentials,
                TogglTimeEntryQuery.between(LocalDate.of(2026, 2, 1), LocalDate.of(2026, 2, 28)));
        TogglTimeEntry entry = entries.get(0);
        assertThat(entry.tags()).isEmpty();
        assertThat(entry.tagIds()).isEmpty();
        assertThat(entry.stop()).isNull();
        assertThat(entry.running()).isTrue();
        assertThat(entry.start()).isEqualTo(OffsetDateTime.parse("2026-02-13T19:58:43Z"));
        assertThat(upstream.toggl.timeEntries(credentials, TogglTimeEntryQuery.modifiedSince(1707840000))).isEmpty();
        assertThat(upstream.toggl.timeEntries(credentials,
                new TogglTimeEntryQuery(null, LocalDate.of(2026, 3, 1), null, null))).isEmpty();
        verifySent(requested("GET", API + "/me/time_entries?start_date=2026-02-01&end_date=2026-02-28"));
        verifySent(requested("GET", API + "/me/time_entries?since=1707840000"));
        verifySent(requested("GET", API + "/me/time_entries?before=2026-03-01"));
    }

    @Test
    void timeEntryById() {
        answer("GET", API + "/me/time_entries/4290254971", TIME_ENTRY);
        assertThat(upstream.toggl.timeEntry(credentials, 4290254971L).id()).isEqualTo(4290254971L);
        verifySent(requested("GET", API + "/me/time_entries/4290254971"));
    }

    @Test
    void createRunningTimeEntrySendsMinusOneAndCreatedWith() {
        answer("POST", WS + "/time_entries", TIME_ENTRY);
        TogglTimeEntry created = upstream.toggl.createTimeEntry(credentials, 21180405, TogglTimeEntryDraft
            .running("Working", OffsetDateTime.parse("2026-02-13T10:00:00Z"), 216896134L, List.of(20053808L)));
        assertThat(created.running()).isTrue();
        verifySent(requested("POST", WS + "/time_entries").withRequestBody(equalToJson("""
                {"description": "Working", "start": "2026-02-13T10:00:00Z", "duration": -1,
                 "project_id": 216896134, "tag_ids": [20053808], "workspace_id": 21180405,
                 "created_with": "toggl-bff"}""")));
    }

    @Test
    void createFinishedTimeEntryKeepsItsStop() {
        answer("POST", WS + "/time_entries", TIME_ENTRY);
        upstream.toggl.createTimeEntry(credentials, 21180405,
                new TogglTimeEntryDraft("Done", OffsetDateTime.parse("2026-02-13T10:00:00Z"),
                        OffsetDateTime.parse("2026-02-13T11:00:00Z"), null, null, null, true, List.of("a"), null));
        verifySent(requested("POST", WS + "/time_entries").withRequestBody(equalToJson("""
                {"description": "Done", "start": "2026-02-13T10:00:00Z", "stop": "2026-02-13T11:00:00Z",
                 "billable": true, "tags": ["a"], "workspace_id": 21180405, "created_with": "toggl-bff"}""")));
    }

    @Test
    void updateStopAndDeleteTimeEntry() {
        answer("PUT", WS + "/time_entries/4290254971", TIME_ENTRY);
        answer("PATCH", WS + "/time_entries/4290254971/stop",
                TIME_ENTRY.replace("\"stop\": null", "\"stop\": \"2026-02-13T20:00:00Z\"")
                    .replace("\"duration\": -1", "\"duration\": 77"));
        answer("DELETE", WS + "/time_entries/4290254971", "");
        upstream.toggl.updateTimeEntry(credentials, 21180405, 4290254971L,
                new TogglTimeEntryDraft("Updated", null, null, null, 216896134L, null, null, null, null));
        TogglTimeEntry stopped = upstream.toggl.stopTimeEntry(credentials, 21180405, 4290254971L);
        assertThat(stopped.running()).isFalse();
        upstream.toggl.deleteTimeEntry(credentials, 21180405, 4290254971L);
        verifySent(requested("PUT", WS + "/time_entries/4290254971")
            .withRequestBody(equalToJson("{\"description\": \"Updated\", \"project_id\": 216896134}")));
        verifySent(requested("PATCH", WS + "/time_entries/4290254971/stop"));
        verifySent(requested("DELETE", WS + "/time_entries/4290254971"));
    }

    @Test
    void projectsPageWithEveryFilter() {
        answer("GET", WS + "/projects?active=true&since=1707840000&name=Web%20%26%20App&page=2&per_page=50",
                "[" + PROJECT + "]");
        List<TogglProject> projects = upstream.toggl.projects(credentials, 21180405,
                new TogglProjectQuery(TogglProjectQuery.Active.TRUE, 1707840000L, "Web & App", 2, 50));
        assertThat(projects).extracting(TogglProject::name).containsExactly("New Project");
        verifySent(requested("GET", WS + "/projects?active=true&since=1707840000&name=Web%20%26%20App&page=2&per_page=50"));
    }

    @Test
    void allProjectsPagesUntilAShortPage() {
        String fullPage = "[" + String.join(",", java.util.Collections.nCopies(200, PROJECT)) + "]";
        answer("GET", WS + "/projects?active=true&page=1&per_page=200", fullPage);
        answer("GET", WS + "/projects?active=true&page=2&per_page=200", "[" + PROJECT + "]");
        List<TogglProject> all = upstream.toggl.allProjects(credentials, 21180405,
                new TogglProjectQuery(TogglProjectQuery.Active.TRUE, null, null, null, null));
        assertThat(all).hasSize(201);
        wm.verify(2, anyRequestedFor(anyUrl()));
    }

    @Test
    void projectGetCreateUpdateDelete() {
        answer("GET", WS + "/projects/216896134", PROJECT);
        answer("POST", WS + "/projects", PROJECT);
        answer("PUT", WS + "/projects/216896134", PROJECT);
        answer("DELETE", WS + "/projects/216896134", "216896134");
        assertThat(upstream.toggl.project(credentials, 21180405, 216896134L).isPrivate()).isTrue();
        upstream.toggl.createProject(credentials, 21180405,
                new TogglProjectDraft("New Project", true, true, 68493239L, "#0b83d9", true));
        upstream.toggl.updateProject(credentials, 21180405, 216896134L,
                new TogglProjectDraft("Renamed", null, null, null, "#ff0000", null));
        upstream.toggl.deleteProject(credentials, 21180405, 216896134L);
        verifySent(requested("GET", WS + "/projects/216896134"));
        verifySent(requested("POST", WS + "/projects").withRequestBody(equalToJson("""
                {"name": "New Project", "active": true, "is_private": true, "client_id": 68493239,
                 "color": "#0b83d9", "billable": true}""")));
        verifySent(requested("PUT", WS + "/projects/216896134")
            .withRequestBody(equalToJson("{\"name\": \"Renamed\", \"color\": \"#ff0000\"}")));
        verifySent(requested("DELETE", WS + "/projects/216896134"));
    }

    @Test
    void clientsListWithFilters() {
        answer("GET", WS + "/clients?status=both&name=acme", "[" + CLIENT + "]");
        answer("GET", WS + "/clients", "null");
        assertThat(upstream.toggl.clients(credentials, 21180405, "both", "acme"))
            .extracting(TogglClientRecord::workspaceId).containsExactly(21180405L);
        assertThat(upstream.toggl.clients(credentials, 21180405, null, null)).isEmpty();
        verifySent(requested("GET", WS + "/clients?status=both&name=acme"));
        verifySent(requested("GET", WS + "/clients"));
    }

    @Test
    void clientGetCreateUpdateDelete() {
        answer("GET", WS + "/clients/68493239", CLIENT);
        answer("POST", WS + "/clients", CLIENT);
        answer("PUT", WS + "/clients/68493239", CLIENT);
        answer("DELETE", WS + "/clients/68493239", "68493239");
        assertThat(upstream.toggl.client(credentials, 21180405, 68493239L).name()).isEqualTo("New Client");
        upstream.toggl.createClient(credentials, 21180405, new TogglClientDraft("New Client", "Client notes"));
        upstream.toggl.updateClient(credentials, 21180405, 68493239L, new TogglClientDraft("Renamed", null));
        upstream.toggl.deleteClient(credentials, 21180405, 68493239L);
        verifySent(requested("GET", WS + "/clients/68493239"));
        verifySent(requested("POST", WS + "/clients")
            .withRequestBody(equalToJson("{\"name\": \"New Client\", \"notes\": \"Client notes\"}")));
        verifySent(requested("PUT", WS + "/clients/68493239").withRequestBody(equalToJson("{\"name\": \"Renamed\"}")));
        verifySent(requested("DELETE", WS + "/clients/68493239"));
    }

    @Test
    void clientArchiveAndRestore() {
        answer("POST", WS + "/clients/68493239/archive", "[216896134, 216896135]");
        answer("POST", WS + "/clients/68493239/restore", CLIENT);
        assertThat(upstream.toggl.archiveClient(credentials, 21180405, 68493239L)).containsExactly(216896134L,
                216896135L);
        assertThat(upstream.toggl.restoreClient(credentials, 21180405, 68493239L, true).archived()).isFalse();
        verifySent(requested("POST", WS + "/clients/68493239/archive"));
        verifySent(requested("POST", WS + "/clients/68493239/restore")
            .withRequestBody(equalToJson("{\"restore_all_projects\": true}")));
    }

    @Test
    void tagsListCreateUpdateDelete() {
        answer("GET", WS + "/tags?page=1&per_page=100", "[" + TAG + "]");
        answer("POST", WS + "/tags", "[" + TAG + "]");
        answer("PUT", WS + "/tags/20053808", TAG.replace("New Tag", "Renamed"));
        answer("DELETE", WS + "/tags/20053808", "");
        assertThat(upstream.toggl.tags(credentials, 21180405, 1, 100)).extracting(TogglTag::name)
            .containsExactly("New Tag");
        assertThat(upstream.toggl.createTag(credentials, 21180405, "New Tag").id()).isEqualTo(20053808L);
        assertThat(upstream.toggl.updateTag(credentials, 21180405, 20053808L, "Renamed").name()).isEqualTo("Renamed");
        upstream.toggl.deleteTag(credentials, 21180405, 20053808L);
        verifySent(requested("GET", WS + "/tags?page=1&per_page=100"));
        verifySent(requested("POST", WS + "/tags").withRequestBody(equalToJson("{\"name\": \"New Tag\"}")));
        verifySent(requested("PUT", WS + "/tags/20053808").withRequestBody(equalToJson("{\"name\": \"Renamed\"}")));
        verifySent(requested("DELETE", WS + "/tags/20053808"));
    }

    private static void answer(String method, String url, String body) {
        MappingBuilder mapping = request(method, urlEqualTo(url));
        wm.stubFor(mapping.willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody(body)));
    }

    private static RequestPatternBuilder requested(String method, String url) {
        return new RequestPatternBuilder(com.github.tomakehurst.wiremock.http.RequestMethod.fromString(method),
                urlEqualTo(url));
    }

    /** Exactly one such request, with the key and the chosen connection, and a body only when expected. */
    private static void verifySent(RequestPatternBuilder pattern) {
        wm.verify(1, pattern.withHeader("Authorization", equalTo("Bearer " + KEY))
            .withHeader("Maton-Connection", equalTo(CONNECTION)));
    }
}
