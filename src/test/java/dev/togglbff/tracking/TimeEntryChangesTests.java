package dev.togglbff.tracking;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.TogglStubs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Changing and syncing time entries: on {@code PATCH} an explicit {@code null} removes the project,
 * the tags or the description while an absent field keeps it (before, {@code "projectId": null} kept
 * the project); the same for a project's client; a {@code since=} list marks entries deleted in Toggl instead of listing them as live.
 */
@IntegrationTest
class TimeEntryChangesTests {

    static final long WORKSPACE = 8601;

    @LocalServerPort
    int port;

    ApiClient api;
    TogglStubs.TeamOwner owner;
    String entryPath;

    @BeforeEach
    void team() {
        api = new ApiClient(port);
        owner = TogglStubs.teamOwner(api, "entries", WORKSPACE, 9601);
        TogglStubs toggl = owner.toggl();
        toggl.stub(get(urlPathEqualTo(toggl.workspacePath() + "/projects")), okJson("[]"));
        toggl.stub(get(urlPathEqualTo(toggl.workspacePath() + "/tags")), okJson("[]"));
        toggl.stub(put(urlPathEqualTo(toggl.workspacePath() + "/time_entries/501")), okJson(TogglStubs.timeEntry(501,
                WORKSPACE, null, "2026-11-23T09:00:00Z", "2026-11-23T10:00:00Z", 3600, "[]")));
        entryPath = owner.teamPath() + "/time-entries/501";
    }

    @Test
    void nullRemovesTheProjectTagsAndDescription() {
        ApiClient.Response response = api.send("PATCH", entryPath,
                "{\"projectId\":null,\"tagIds\":null,\"description\":null}", owner.user().bearer());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(owner.toggl().count(putRequestedFor(urlPathEqualTo(owner.toggl().workspacePath()
                + "/time_entries/501")).withRequestBody(equalToJson(
                        "{\"project_id\":null,\"tag_ids\":[],\"tags\":[],\"description\":\"\"}")))).isEqualTo(1);
    }

    @Test
    void nullRemovesAProjectsClientAndAbsentKeepsIt() {
        TogglStubs toggl = owner.toggl();
        String project = toggl.workspacePath() + "/projects/502";
        toggl.stub(put(urlPathEqualTo(project)),
                okJson(TogglStubs.project(502, WORKSPACE, "Website", "#06aaf5", null)));

        ApiClient.Response removed = api.send("PATCH", owner.teamPath() + "/projects/502", "{\"clientId\":null}",
                owner.user().bearer());
        ApiClient.Response renamed = api.send("PATCH", owner.teamPath() + "/projects/502", "{\"name\":\"Website\"}",
                owner.user().bearer());

        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(removed.json().path("clientId").isNull()).isTrue();
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(toggl.count(putRequestedFor(urlPathEqualTo(project))
            .withRequestBody(equalToJson("{\"client_id\":null}")))).isEqualTo(1);
        assertThat(toggl.count(putRequestedFor(urlPathEqualTo(project))
            .withRequestBody(equalToJson("{\"name\":\"Website\"}")))).isEqualTo(1);
    }

    @Test
    void absentFieldsAreKept() {
        ApiClient.Response response = api.send("PATCH", entryPath, "{\"billable\":true}", owner.user().bearer());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(owner.toggl().count(putRequestedFor(urlPathEqualTo(owner.toggl().workspacePath()
                + "/time_entries/501")).withRequestBody(equalToJson("{\"billable\":true}")))).isEqualTo(1);
    }

    @Test
    void valuesStillChangeAndAreChecked() {
        ApiClient.Response changed = api.send("PATCH", entryPath, "{\"projectId\":77,\"tagIds\":[5]}",
                owner.user().bearer());
        ApiClient.Response invalid = api.send("PATCH", entryPath, "{\"projectId\":-1}", owner.user().bearer());

        assertThat(changed.status()).as(changed.body()).isEqualTo(200);
        assertThat(owner.toggl().count(putRequestedFor(urlPathEqualTo(owner.toggl().workspacePath()
                + "/time_entries/501")).withRequestBody(equalToJson("{\"project_id\":77,\"tag_ids\":[5]}"))))
            .isEqualTo(1);
        assertThat(invalid.status()).as(invalid.body()).isEqualTo(400);
        assertThat(invalid.json().path("errors").get(0).path("field").asString()).isEqualTo("projectId");
    }

    @Test
    void sinceListsMarkDeletedEntries() {
        String deleted = TogglStubs.timeEntry(502, WORKSPACE, null, "2026-11-24T09:00:00Z", "2026-11-24T10:00:00Z",
                3600, "[]").replace("}", ",\"server_deleted_at\":\"2026-11-25T08:00:00+00:00\"}");
        String live = TogglStubs.timeEntry(503, WORKSPACE, null, "2026-11-24T11:00:00Z", "2026-11-24T12:00:00Z", 3600,
                "[]");
        owner.toggl().stub(get(urlPathEqualTo(TogglStubs.API + "/me/time_entries")).withQueryParam("since",
                equalTo("1764000000")), okJson("[" + deleted + "," + live + "]"));

        ApiClient.Response response = api.get(owner.teamPath() + "/time-entries?since=1764000000",
                owner.user().bearer());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode entries = response.json();
        assertThat(entries).hasSize(2);
        JsonNode gone = entries.get(0).path("id").asLong() == 502 ? entries.get(0) : entries.get(1);
        JsonNode kept = entries.get(0).path("id").asLong() == 503 ? entries.get(0) : entries.get(1);
        assertThat(gone.path("deleted").asBoolean()).isTrue();
        assertThat(gone.path("deletedAt").asString()).isEqualTo("2026-11-25T08:00:00Z");
        assertThat(kept.path("deleted").asBoolean()).isFalse();
        assertThat(kept.path("deletedAt").isNull()).isTrue();
    }
}
