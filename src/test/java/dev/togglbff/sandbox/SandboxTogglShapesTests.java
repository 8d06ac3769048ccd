package dev.togglbff.sandbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.MutableClock;
import dev.togglbff.support.MutableClockConfiguration;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sandbox answers every Toggl operation the service uses with the fields Toggl's v9 OpenAPI
 * names for it (copied to {@code sandbox/toggl-v9-fields.properties}), and with Toggl's quirks:
 * {@code null} for no running entry, negative durations, {@code since} with deleted entries,
 * quota headers and {@code 402} once a bucket is spent.
 */
@IntegrationTest
@Import(MutableClockConfiguration.class)
class SandboxTogglShapesTests {

    static final String TOGGL = "/sandbox/maton/toggl-track/api/v9";
    static final String WS = TOGGL + "/workspaces/" + SandboxUser.WORKSPACE;
    static final Properties FIELDS = fields();

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    ApiClient api;
    String[] key;

    @BeforeEach
    void newKey() {
        api = new ApiClient(port);
        key = new String[] { "Authorization", "Bearer sandbox_" + UUID.randomUUID() };
    }

    @Test
    void theUserAndWorkspaceAnswersCarryTogglsFields() {
        assertFields(ok(api.get(TOGGL + "/me", key)), "me");
        JsonNode workspaces = ok(api.get(TOGGL + "/me/workspaces", key));
        assertFields(workspaces.get(0), "workspace");
        assertThat(workspaces.get(0).has("active_project_count")).isTrue();
        assertFields(ok(api.get(WS, key)), "workspace");
        assertEachHasFields(ok(api.get(WS + "/users", key)), "workspaceUser");
        JsonNode quota = ok(api.get(TOGGL + "/me/quota", key));
        assertEachHasFields(quota, "quota");
        assertThat(quota.get(0).path("organization_id").isNull()).isTrue();
    }

    @Test
    void timeEntryAnswersCarryTogglsFieldsAndQuirks() {
        ApiClient.Response none = api.get(TOGGL + "/me/time_entries/current", key);
        assertThat(none.status()).isEqualTo(200);
        assertThat(none.body()).isEqualTo("null");

        JsonNode week = ok(api.get(TOGGL + "/me/time_entries", key));
        assertThat(week.size()).isPositive();
        assertEachHasFields(week, "timeEntry");

        JsonNode started = ok(api.post(WS + "/time_entries", """
                {"workspace_id":%d,"created_with":"test","start":"%s","duration":-1,"description":"running"}"""
            .formatted(SandboxUser.WORKSPACE, clock.instant()), key));
        assertFields(started, "timeEntry");
        assertThat(started.path("stop").isNull()).isTrue();
        assertThat(started.path("duration").asLong()).isNegative();
        assertThat(started.path("tags").isNull()).isTrue();
        long id = started.path("id").asLong();
        assertFields(ok(api.get(TOGGL + "/me/time_entries/current", key)), "timeEntry");
        assertFields(ok(api.get(TOGGL + "/me/time_entries/" + id, key)), "timeEntry");
        assertFields(ok(api.send("PUT", WS + "/time_entries/" + id, "{\"description\":\"renamed\"}", key)),
                "timeEntry");
        JsonNode stopped = ok(api.send("PATCH", WS + "/time_entries/" + id + "/stop", null, key));
        assertFields(stopped, "timeEntry");
        assertThat(stopped.path("duration").asLong()).isNotNegative();
        assertThat(api.send("PATCH", WS + "/time_entries/" + id + "/stop", null, key).status()).isEqualTo(409);
    }

    @Test
    void sinceReturnsChangedEntriesWithDeletedOnesMarked() {
        ok(api.get(TOGGL + "/me", key));
        // Past the seeded entries' last change, so that only what follows counts as changed.
        clock.advance(java.time.Duration.ofSeconds(2));
        long before = clock.instant().getEpochSecond();
        JsonNode created = ok(api.post(WS + "/time_entries", """
                {"workspace_id":%d,"created_with":"test","start":"%s","duration":600}"""
            .formatted(SandboxUser.WORKSPACE, clock.instant().minusSeconds(3600)), key));
        JsonNode doomed = ok(api.post(WS + "/time_entries", """
                {"workspace_id":%d,"created_with":"test","start":"%s","duration":300}"""
            .formatted(SandboxUser.WORKSPACE, clock.instant().minusSeconds(7200)), key));
        clock.advance(java.time.Duration.ofSeconds(5));
        assertThat(api.send("DELETE", WS + "/time_entries/" + doomed.path("id").asLong(), null, key).status())
            .isEqualTo(200);

        JsonNode changed = ok(api.get(TOGGL + "/me/time_entries?since=" + before, key));

        assertThat(ids(changed)).containsExactlyInAnyOrder(created.path("id").asLong(), doomed.path("id").asLong());
        for (JsonNode entry : changed) {
            boolean deleted = entry.path("id").asLong() == doomed.path("id").asLong();
            assertThat(entry.path("server_deleted_at").isNull()).isEqualTo(!deleted);
        }
        // A deleted entry is gone from ranges and from single reads.
        assertThat(ids(ok(api.get(TOGGL + "/me/time_entries", key)))).doesNotContain(doomed.path("id").asLong());
        assertThat(api.get(TOGGL + "/me/time_entries/" + doomed.path("id").asLong(), key).status()).isEqualTo(404);
        assertThat(api.get(TOGGL + "/me/time_entries?since=1&before=2026-01-01", key).status()).isEqualTo(400);
    }

    @Test
    void aDateRangeReturnsTheEntriesStartedWithinIt() {
        Instant now = clock.instant();
        String today = now.atZone(java.time.ZoneId.of("Europe/Berlin")).toLocalDate().toString();
        String weekAgo = now.atZone(java.time.ZoneId.of("Europe/Berlin")).toLocalDate().minusDays(7).toString();
        JsonNode range = ok(api.get(TOGGL + "/me/time_entries?start_date=" + weekAgo + "&end_date=" + today, key));
        for (JsonNode entry : range) {
            assertThat(Instant.parse(entry.path("start").asString().replace("+00:00", "Z"))).isBefore(now);
        }
        assertThat(api.get(TOGGL + "/me/time_entries?start_date=" + today, key).status()).isEqualTo(400);
    }

    @Test
    void projectClientAndTagAnswersCarryTogglsFields() {
        JsonNode projects = ok(api.get(WS + "/projects?active=both&page=1&per_page=200", key));
        assertEachHasFields(projects, "project");
        long projectId = projects.get(0).path("id").asLong();
        assertFields(ok(api.get(WS + "/projects/" + projectId, key)), "project");
        JsonNode project = ok(api.post(WS + "/projects", "{\"name\":\"Shapes\",\"color\":\"#0b83d9\"}", key));
        assertFields(project, "project");
        assertFields(ok(api.send("PUT", WS + "/projects/" + project.path("id").asLong(), "{\"billable\":true}", key)),
                "project");
        assertThat(api.post(WS + "/projects", "{\"name\":\"Shapes\"}", key).status()).isEqualTo(400);

        JsonNode clients = ok(api.get(WS + "/clients?status=both", key));
        assertEachHasFields(clients, "client");
        JsonNode client = ok(api.post(WS + "/clients", "{\"name\":\"Shapes Ltd\"}", key));
        assertFields(client, "client");
        long clientId = client.path("id").asLong();
        assertFields(ok(api.get(WS + "/clients/" + clientId, key)), "client");
        assertFields(ok(api.send("PUT", WS + "/clients/" + clientId, "{\"notes\":\"n\"}", key)), "client");
        assertThat(ok(api.post(WS + "/clients/" + clientId + "/archive", null, key)).isArray()).isTrue();
        assertFields(ok(api.post(WS + "/clients/" + clientId + "/restore", "{\"restore_all_projects\":true}", key)),
                "client");

        assertEachHasFields(ok(api.get(WS + "/tags", key)), "tag");
        JsonNode tag = ok(api.post(WS + "/tags", "{\"name\":\"shapes\"}", key));
        assertFields(tag, "tag");
        assertFields(ok(api.send("PUT", WS + "/tags/" + tag.path("id").asLong(), "{\"name\":\"shaped\"}", key)), "tag");
    }

    @Test
    void everyTogglAnswerCarriesItsBucketsQuotaAndASpentBucketIs402() {
        ApiClient.Response me = api.get(TOGGL + "/me", key);
        assertThat(me.header("X-Toggl-Quota-Remaining")).contains("29");
        assertThat(me.header("X-Toggl-Quota-Resets-In")).isPresent();
        ApiClient.Response tags = api.get(WS + "/tags", key);
        assertThat(tags.header("X-Toggl-Quota-Remaining")).contains("599");

        api.send("POST", "/sandbox/admin/quota/spend", "{\"bucket\":\"USER\"}", key);
        ApiClient.Response spent = api.get(TOGGL + "/me", key);

        assertThat(spent.status()).isEqualTo(402);
        assertThat(spent.header("X-Toggl-Quota-Remaining")).contains("0");
        assertThat(spent.body()).contains("quota will reset in");
        assertThat(api.get(WS + "/tags", key).status()).isEqualTo(200);
    }

    @Test
    void callsWithoutASandboxKeyAreRefusedAsMatonAndTogglDo() {
        ApiClient.Response noKey = api.get(TOGGL + "/me");
        assertThat(noKey.status()).isEqualTo(401);
        assertThat(noKey.header("X-Authorization-Missing")).contains("true");
        assertThat(api.get("/sandbox/maton/connections?app=toggl-track", "Authorization", "Bearer real-maton-key")
            .status()).isEqualTo(401);
        assertThat(api.get(TOGGL + "/workspaces/1/tags", key).status()).isEqualTo(403);
    }

    @Test
    void theSandboxIsNoPartOfTheApiDescription() {
        ApiClient.Response docs = api.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        assertThat(docs.body()).contains("/api/v1/teams").doesNotContain("/sandbox");
    }

    private static JsonNode ok(ApiClient.Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<Long> ids(JsonNode entries) {
        List<Long> ids = new ArrayList<>();
        entries.forEach(entry -> ids.add(entry.path("id").asLong()));
        return ids;
    }

    private static void assertEachHasFields(JsonNode list, String model) {
        assertThat(list.isArray()).isTrue();
        assertThat(list.size()).isPositive();
        list.forEach(item -> assertFields(item, model));
    }

    private static void assertFields(JsonNode node, String model) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        assertThat(names).as(model).containsAll(List.of(FIELDS.getProperty(model).split(",")));
    }

    private static Properties fields() {
        Properties fields = new Properties();
        try (InputStream in = SandboxTogglShapesTests.class
            .getResourceAsStream("/sandbox/toggl-v9-fields.properties")) {
            fields.load(in);
        }
        catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return fields;
    }
}
