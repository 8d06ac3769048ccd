package dev.togglbff.tracking;

import java.time.Instant;
import java.util.Map;
import java.util.stream.Collectors;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.MutableClock;
import dev.togglbff.support.MutableClockConfiguration;
import dev.togglbff.support.TestUsers;
import dev.togglbff.support.TogglStubs;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.togglbff.support.TogglStubs.timeEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole path a frontend takes: register, store a key, create a team on a workspace, add a
 * member, start and stop the timer, list entries with project names and read summaries whose
 * totals are right to the second.
 */
@IntegrationTest
@Import(MutableClockConfiguration.class)
class TeamFlowTests {

    static final long WORKSPACE = 8101;
    static final String LAST_MONDAY = "2026-11-16";
    static final String MONDAY = "2026-11-23";
    static final String SUNDAY = "2026-11-29";

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Test
    void registerKeyTeamMemberTimerEntriesAndSummary() {
        clock.set(Instant.parse("2026-11-26T12:00:00Z"));
        ApiClient api = new ApiClient(port);
        TestUsers.SignedIn owner = TestUsers.register(api, "flow-owner");
        TogglStubs ownerToggl = TogglStubs.forNewKey(WORKSPACE, 9101);
        String teamId = ownerToggl.keyAndTeam(api, owner);

        TestUsers.SignedIn member = TestUsers.register(api, "flow-member");
        ApiClient.Response added = api.post("/api/v1/teams/" + teamId + "/members",
                "{\"username\":\"" + member.username() + "\",\"role\":\"MEMBER\"}", owner.bearer());
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(added.json().path("hasMatonKey").asBoolean()).isFalse();
        TogglStubs toggl = TogglStubs.forNewKey(WORKSPACE, 9101);
        toggl.storeKey(api, member);
        stubNames(toggl);

        // The time-entry mirror: this and last week (Berlin weeks start on Monday) loaded once, then changes since.
        String entries = TogglStubs.API + "/me/time_entries";
        toggl.stub(get(urlPathEqualTo(entries)).withQueryParam("start_date", equalTo(LAST_MONDAY))
            .withQueryParam("end_date", equalTo("2026-11-28")), okJson(weekEntries()));
        toggl.stub(get(urlPathEqualTo(entries)).withQueryParam("since", matching("[0-9]+")), okJson("[]"));

        // The timer: nothing runs, start, it runs, stop, nothing runs.
        String ws = toggl.workspacePath();
        String running = timeEntry(7001, WORKSPACE, 501L, "2026-11-26T12:00:00Z", null, -1764158400L, "[]");
        String stopped = timeEntry(7001, WORKSPACE, 501L, "2026-11-26T12:00:00Z", "2026-11-26T12:01:30Z", 90, "[]");
        toggl.stub(post(urlPathEqualTo(ws + "/time_entries")), aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withBody(running));
        toggl.stub(patch(urlPathEqualTo(ws + "/time_entries/7001/stop")), okJson(stopped));

        String timer = "/api/v1/teams/" + teamId + "/timer";
        assertThat(api.get(timer, member.bearer()).status()).isEqualTo(204);
        // The screen lists the projects, so a write's answer can name them from the cache.
        assertThat(api.get("/api/v1/teams/" + teamId + "/projects", member.bearer()).status()).isEqualTo(200);
        ApiClient.Response start = api.post(timer + "/start", "{\"description\":\"Flow\",\"projectId\":501}",
                member.bearer());
        assertThat(start.status()).as(start.body()).isEqualTo(201);
        assertThat(start.json().path("running").asBoolean()).isTrue();
        assertThat(start.json().path("project").path("name").asString()).isEqualTo("Website");
        assertThat(toggl.count(postRequestedFor(urlPathEqualTo(ws + "/time_entries")).withRequestBody(
                equalToJson("{\"duration\":-1,\"created_with\":\"toggl-bff\",\"project_id\":501}", true, true))))
            .isEqualTo(1);

        // The start went into the mirror: the timer shows it without asking Toggl.
        assertThat(api.get(timer, member.bearer()).json().path("id").asLong()).isEqualTo(7001);
        assertThat(toggl.countGets(entries)).isEqualTo(1);

        clock.advance(java.time.Duration.ofSeconds(90));
        ApiClient.Response runningNow = api.get(timer, member.bearer());
        assertThat(runningNow.status()).isEqualTo(200);
        assertThat(runningNow.json().path("durationSeconds").asLong()).isEqualTo(90);

        ApiClient.Response stop = api.post(timer + "/stop", null, member.bearer());
        assertThat(stop.status()).as(stop.body()).isEqualTo(200);
        assertThat(stop.json().path("running").asBoolean()).isFalse();
        assertThat(stop.json().path("durationSeconds").asLong()).isEqualTo(90);
        assertThat(api.get(timer, member.bearer()).status()).isEqualTo(204);
        ApiClient.Response again = api.post(timer + "/stop", null, member.bearer());
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().path("code").asString()).isEqualTo("NO_RUNNING_TIMER");

        // A timer started elsewhere (the phone) at 12:03 comes in with the next planned refresh.
        toggl.stub(get(urlPathEqualTo(entries)).withQueryParam("since", matching("[0-9]+")),
                okJson("[" + timeEntry(7005, WORKSPACE, null, "2026-11-26T12:03:00Z", null, -1764158580L, "[]") + "]"), 1);
        clock.set(Instant.parse("2026-11-26T12:06:00Z"));
        // The mirror is due: the first read answers from it and refreshes it in the background.
        await().untilAsserted(() -> assertThat(api.get(timer, member.bearer()).json().path("id").asLong()).isEqualTo(7005));

        // This week's entries: project names from the cached lists, newest first, other workspaces left out.
        ApiClient.Response list = api.get("/api/v1/teams/" + teamId + "/time-entries?from=" + MONDAY + "&to=" + SUNDAY,
                member.bearer());
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        assertThat(list.json().valueStream().map(e -> e.path("id").asLong()))
            .containsExactly(7005L, 7001L, 7004L, 7003L, 7002L);
        JsonNode website = list.json().get(4);
        assertThat(website.path("project").path("name").asString()).isEqualTo("Website");
        assertThat(website.path("project").path("color").asString()).isEqualTo("#06aaf5");
        assertThat(website.path("tags").valueStream().map(JsonNode::asString)).containsExactly("meetings", "deep work");
        assertThat(list.json().get(2).path("project").isNull()).isTrue();
        assertThat(list.json().get(0).path("running").asBoolean()).isTrue();

        // Summaries over the same week, to the second; the entry running since 12:03 counts up to now (12:06):
        // 180 seconds.
        JsonNode byProject = summary(api, member, teamId, "project");
        assertThat(byProject.path("totalSeconds").asLong()).isEqualTo(5400 + 90 + 6300 + 1234 + 180);
        assertThat(groups(byProject)).containsExactlyInAnyOrderEntriesOf(
                Map.of("502", 6300L, "501", 5400L + 90L, "none", 1234L + 180L));
        assertThat(byProject.path("groups").get(0).path("label").asString()).isEqualTo("Backend");

        JsonNode byDay = summary(api, member, teamId, "day");
        // 7003 runs from 23:30 to 01:15 Berlin time: 30 minutes on the 24th, 75 on the 25th.
        assertThat(groups(byDay)).containsExactlyInAnyOrderEntriesOf(Map.of("2026-11-23", 5400L, "2026-11-24", 1800L,
                "2026-11-25", 4500L, "2026-11-26", 1234L + 90L + 180L));

        JsonNode byTag = summary(api, member, teamId, "tag");
        assertThat(groups(byTag)).containsExactlyInAnyOrderEntriesOf(
                Map.of("601", 5400L + 1234L, "602", 5400L, "none", 6300L + 90L + 180L));
        assertThat(byTag.path("totalSeconds").asLong()).isEqualTo(byProject.path("totalSeconds").asLong());
    }

    private static JsonNode summary(ApiClient api, TestUsers.SignedIn user, String teamId, String groupBy) {
        ApiClient.Response summary = api.get("/api/v1/teams/" + teamId + "/summary?from=" + MONDAY + "&to=" + SUNDAY
                + "&groupBy=" + groupBy, user.bearer());
        assertThat(summary.status()).as(summary.body()).isEqualTo(200);
        return summary.json();
    }

    private static Map<String, Long> groups(JsonNode summary) {
        return summary.path("groups")
            .valueStream()
            .collect(Collectors.toMap(g -> g.path("key").asString(), g -> g.path("seconds").asLong()));
    }

    private static void stubNames(TogglStubs toggl) {
        String ws = toggl.workspacePath();
        toggl.stub(get(urlPathEqualTo(ws + "/projects")), okJson("[" + TogglStubs.project(501, WORKSPACE, "Website", "#06aaf5", null)
                + "," + TogglStubs.project(502, WORKSPACE, "Backend", "#c56bff", null) + "]"));
        toggl.stub(get(urlPathEqualTo(ws + "/clients")), okJson("[]"));
        toggl.stub(get(urlPathEqualTo(ws + "/tags")), okJson("[" + TogglStubs.tag(601, WORKSPACE, "meetings") + ","
                + TogglStubs.tag(602, WORKSPACE, "deep work") + "]"));
    }

    private static String weekEntries() {
        return "[" + timeEntry(7002, WORKSPACE, 501L, "2026-11-23T08:00:00Z", "2026-11-23T09:30:00Z", 5400, "[601,602]")
                + "," + timeEntry(7003, WORKSPACE, 502L, "2026-11-24T22:30:00Z", "2026-11-25T00:15:00Z", 6300, "[]")
                + "," + timeEntry(7009, 999, 502L, "2026-11-24T10:00:00Z", "2026-11-24T11:00:00Z", 3600, "[]")
                + "," + timeEntry(7004, WORKSPACE, null, "2026-11-26T10:00:00Z", "2026-11-26T10:20:34Z", 1234, "[601]")
                + "," + timeEntry(7008, WORKSPACE, null, "2026-11-17T10:00:00Z", "2026-11-17T11:00:00Z", 3600, "[]") + "]";
    }
}
