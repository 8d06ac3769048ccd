package dev.togglbff.tracking;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.MutableClock;
import dev.togglbff.support.MutableClockConfiguration;
import dev.togglbff.support.TestUsers;
import dev.togglbff.support.TogglStubs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.togglbff.support.TogglStubs.timeEntry;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A user on Toggl's Free plan (30 requests per hour in each bucket, 80 % of it for reads) through a
 * working day: the time-entry mirror, write-through, the budget and the dashboard, with a clock
 * the test moves and every upstream request counted.
 */
@IntegrationTest
@Import(MutableClockConfiguration.class)
// Access tokens that outlive the simulated day: signing in again would only slow the test down.
@TestPropertySource(properties = { "bff.quota.user-limit=30", "bff.quota.workspace-limit=30",
        "bff.auth.jwt.access-token-ttl=24h" })
class QuotaDayTests {

    static final long WORKSPACE = 8601;
    /** Monday 08:00 in Berlin. */
    static final Instant MONDAY_MORNING = Instant.parse("2026-11-23T07:00:00Z");
    static final String ENTRIES = TogglStubs.API + "/me/time_entries";

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    MeterRegistry meters;

    ApiClient api;
    TestUsers.SignedIn user;
    TogglStubs toggl;
    String team;

    @BeforeEach
    void userWithAWeekOfEntries() {
        clock.set(MONDAY_MORNING);
        api = new ApiClient(port);
        TogglStubs.TeamOwner owner = TogglStubs.teamOwner(api, "quota-day", WORKSPACE, 9601);
        user = owner.user();
        toggl = owner.toggl();
        team = owner.teamPath();
        String ws = toggl.workspacePath();
        toggl.stub(get(urlPathEqualTo(ws + "/projects")),
                okJson("[" + TogglStubs.project(501, WORKSPACE, "Website", "#06aaf5", null) + "]"));
        toggl.stub(get(urlPathEqualTo(ws + "/clients")), okJson("[]"));
        toggl.stub(get(urlPathEqualTo(ws + "/tags")), okJson("[" + TogglStubs.tag(601, WORKSPACE, "meetings") + "]"));
        // Berlin weeks start on Monday: the mirror holds last week and this one.
        toggl.stub(get(urlPathEqualTo(ENTRIES)).withQueryParam("start_date", equalTo("2026-11-16")),
                okJson("[" + timeEntry(7101, WORKSPACE, 501L, "2026-11-17T09:00:00Z", "2026-11-17T10:00:00Z", 3600, "[601]")
                        + "," + timeEntry(7102, WORKSPACE, null, "2026-11-23T06:30:00Z", "2026-11-23T06:45:00Z", 900, "[]")
                        + "]"));
        toggl.stub(get(urlPathEqualTo(ENTRIES)).withQueryParam("since", matching("[0-9]+")), okJson("[]"));
    }

    @Test
    void aDayOfTimerPollsAndDashboardsStaysWithinTheBudget() {
        Deque<int[]> minutes = new ArrayDeque<>();
        int maxUser = 0;
        int maxWorkspace = 0;
        int userBefore = toggl.userBucket();
        int workspaceBefore = toggl.workspaceBucket();
        for (int minute = 0; minute < 10 * 60; minute++) {
            ApiClient.Response timer = api.get(team + "/timer", user.bearer());
            assertThat(timer.status()).as(timer.body()).isIn(200, 204);
            assertThat(timer.header("Age")).isPresent();
            if (minute % 5 == 0) {
                ApiClient.Response dashboard = api.get(team + "/dashboard", user.bearer());
                assertThat(dashboard.status()).as(dashboard.body()).isEqualTo(200);
                assertThat(dashboard.header("Age")).isPresent();
            }
            // Background refreshes take milliseconds in real time: let them land within the simulated minute.
            await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(2))
                .until(() -> meters.get("bff.refreshes.pending").gauge().value() == 0);
            int user = toggl.userBucket();
            int workspace = toggl.workspaceBucket();
            minutes.addLast(new int[] { user - userBefore, workspace - workspaceBefore });
            userBefore = user;
            workspaceBefore = workspace;
            if (minutes.size() > 60) {
                minutes.removeFirst();
            }
            maxUser = Math.max(maxUser, minutes.stream().mapToInt(counts -> counts[0]).sum());
            maxWorkspace = Math.max(maxWorkspace, minutes.stream().mapToInt(counts -> counts[1]).sum());
            clock.advance(Duration.ofMinutes(1));
        }
        // 80 % of 30 per sliding hour in each bucket; none of it a 402.
        assertThat(maxUser).isBetween(1, 24);
        assertThat(maxWorkspace).isBetween(1, 24);
    }

    @Test
    void aTimerStartAndStopShowEverywhereWithoutAnUpstreamRead() {
        String ws = toggl.workspacePath();
        String running = timeEntry(7103, WORKSPACE, 501L, "2026-11-23T07:00:00Z", null, -1763881200L, "[]");
        String stopped = timeEntry(7103, WORKSPACE, 501L, "2026-11-23T07:00:00Z", "2026-11-23T07:00:40Z", 40, "[]");
        toggl.stub(post(urlPathEqualTo(ws + "/time_entries")), okJson(running));
        toggl.stub(patch(urlPathEqualTo(ws + "/time_entries/7103/stop")), okJson(stopped));
        readEverything();
        int reads = toggl.userBucket() + toggl.workspaceBucket();

        assertThat(api.post(team + "/timer/start", "{\"projectId\":501}", user.bearer()).status()).isEqualTo(201);
        clock.advance(Duration.ofSeconds(20));
        List<JsonNode> afterStart = readEverything();
        assertThat(afterStart.get(0).path("id").asLong()).isEqualTo(7103);
        assertThat(afterStart.get(0).path("durationSeconds").asLong()).isEqualTo(20);
        assertThat(afterStart.get(1).get(0).path("id").asLong()).isEqualTo(7103);
        assertThat(afterStart.get(2).path("timer").path("id").asLong()).isEqualTo(7103);
        assertThat(afterStart.get(3).path("totalSeconds").asLong()).isEqualTo(900 + 20);

        clock.advance(Duration.ofSeconds(20));
        assertThat(api.post(team + "/timer/stop", null, user.bearer()).status()).isEqualTo(200);
        List<JsonNode> afterStop = readEverything();
        assertThat(afterStop.get(0)).isNull();
        assertThat(afterStop.get(1).get(0).path("running").asBoolean()).isFalse();
        assertThat(afterStop.get(1).get(0).path("durationSeconds").asLong()).isEqualTo(40);
        assertThat(afterStop.get(2).path("timer").isNull()).isTrue();
        assertThat(afterStop.get(3).path("totalSeconds").asLong()).isEqualTo(900 + 40);

        // Only the two writes went to Toggl.
        assertThat(toggl.userBucket() + toggl.workspaceBucket()).isEqualTo(reads + 2);
    }

    /**
     * A dashboard read again in the same second from the same copies is the one already made; a
     * change in that second (a timer started, a project added) is in the next read all the same.
     */
    @Test
    void aChangeShowsOnTheDashboardReadInTheSameSecond() {
        String ws = toggl.workspacePath();
        toggl.stub(post(urlPathEqualTo(ws + "/time_entries")),
                okJson(timeEntry(7104, WORKSPACE, null, "2026-11-23T07:00:00Z", null, -1763881200L, "[]")));
        toggl.stub(post(urlPathEqualTo(ws + "/projects")),
                okJson(TogglStubs.project(502, WORKSPACE, "Intranet", "#c7741c", null)));
        JsonNode before = api.get(team + "/dashboard", user.bearer()).json();
        assertThat(api.get(team + "/dashboard", user.bearer()).json()).isEqualTo(before);
        assertThat(before.path("timer").isNull()).isTrue();

        assertThat(api.post(team + "/timer/start", "{}", user.bearer()).status()).isEqualTo(201);
        JsonNode started = api.get(team + "/dashboard", user.bearer()).json();
        assertThat(started.path("timer").path("id").asLong()).isEqualTo(7104);
        assertThat(started.path("today").get(0).path("id").asLong()).isEqualTo(7104);

        assertThat(api.post(team + "/projects", "{\"name\":\"Intranet\"}", user.bearer()).status()).isEqualTo(201);
        JsonNode added = api.get(team + "/dashboard", user.bearer()).json();
        assertThat(added.path("projects").valueStream().map(p -> p.path("name").asString()))
            .containsExactly("Intranet", "Website");
        assertThat(added.path("timer").path("id").asLong()).isEqualTo(7104);

        // The next second: the running timer's duration moves on.
        clock.advance(Duration.ofSeconds(1));
        assertThat(api.get(team + "/dashboard", user.bearer()).json().path("timer").path("durationSeconds").asLong())
            .isEqualTo(started.path("timer").path("durationSeconds").asLong() + 1);
    }

    @Test
    void changesMadeElsewhereShowAfterThePlannedRefresh() {
        readEverything();
        toggl.stub(get(urlPathEqualTo(ENTRIES)).withQueryParam("since", matching("[0-9]+")), okJson("["
                + timeEntry(7104, WORKSPACE, null, "2026-11-23T07:01:00Z", "2026-11-23T07:02:00Z", 60, "[]") + ","
                + deleted(timeEntry(7102, WORKSPACE, null, "2026-11-23T06:30:00Z", "2026-11-23T06:45:00Z", 900, "[]"))
                + "]"), 1);
        // Before the planned refresh the mirror answers as it is...
        clock.advance(Duration.ofMinutes(2));
        assertThat(ids(api.get(team + "/time-entries?from=2026-11-23&to=2026-11-29", user.bearer()))).containsExactly(7102L);
        // ...after it (an hour spread over a budget of 24 requests: 150 s), the first read answers from it
        // while it is refreshed, and the changes show right after.
        clock.advance(Duration.ofSeconds(31));
        ApiClient.Response due = api.get(team + "/time-entries?from=2026-11-23&to=2026-11-29", user.bearer());
        assertThat(due.header("Cache-Status").orElseThrow()).startsWith("toggl-bff; hit; detail=revalidating");
        await().untilAsserted(() -> {
            ApiClient.Response list = api.get(team + "/time-entries?from=2026-11-23&to=2026-11-29", user.bearer());
            assertThat(ids(list)).containsExactly(7104L);
            assertThat(list.header("Age")).contains("0");
        });
    }

    @Test
    void withTheQuotaSpentReadsAnswerFromTheCopiesAndWritesAreNotSent() {
        readEverything();
        String ws = toggl.workspacePath();
        toggl.stub(get(urlPathEqualTo(ENTRIES)).withQueryParam("since", matching("[0-9]+")), quotaSpent(), 1);
        toggl.stub(get(urlPathEqualTo(ws + "/tags")), quotaSpent(), 1);
        // Past stale-while-revalidate (10 minutes), so the reads ask Toggl before answering.
        clock.advance(Duration.ofMinutes(26));
        api.get(team + "/timer", user.bearer());
        api.get(team + "/tags", user.bearer());
        int sent = toggl.userBucket() + toggl.workspaceBucket();

        for (String read : List.of("/timer", "/time-entries?from=2026-11-23&to=2026-11-29", "/dashboard",
                "/summary?from=2026-11-23&to=2026-11-29", "/tags", "/projects")) {
            ApiClient.Response response = api.get(team + read, user.bearer());
            assertThat(response.status()).as(read + " " + response.body()).isIn(200, 204);
            assertThat(Long.parseLong(response.header("Age").orElseThrow())).as(read).isPositive();
        }
        ApiClient.Response start = api.post(team + "/timer/start", "{}", user.bearer());
        assertThat(start.status()).isEqualTo(429);
        assertThat(start.json().path("code").asString()).isEqualTo("TOGGL_QUOTA_EXHAUSTED");
        assertThat(Long.parseLong(start.header("Retry-After").orElseThrow())).isBetween(1190L, 1200L);
        assertThat(toggl.userBucket() + toggl.workspaceBucket()).as("nothing sent until the reset").isEqualTo(sent);

        ApiClient.Response quota = api.get("/api/v1/me/quota", user.bearer());
        JsonNode userBucket = quota.json().valueStream().filter(b -> b.path("scope").asString().equals("user"))
            .findFirst()
            .orElseThrow();
        assertThat(userBucket.path("limit").asLong()).isEqualTo(30);
        assertThat(userBucket.path("budget").asLong()).isEqualTo(24);
        assertThat(userBucket.path("remaining").asLong()).isZero();
        assertThat(userBucket.path("nextRefreshAt").isNull()).isFalse();
    }

    @Test
    void theDashboardIsOneCallWithOneEtag() {
        toggl.stub(get(urlPathEqualTo(ENTRIES)).withQueryParam("since", matching("[0-9]+")), okJson("["
                + timeEntry(7105, WORKSPACE, 501L, "2026-11-23T06:50:00Z", "2026-11-23T06:55:00Z", 300, "[601]") + "]"));
        ApiClient.Response first = api.get(team + "/dashboard", user.bearer());
        assertThat(first.status()).as(first.body()).isEqualTo(200);
        JsonNode dashboard = first.json();
        assertThat(dashboard.path("timer").isNull()).isTrue();
        assertThat(dashboard.path("today").valueStream().map(e -> e.path("id").asLong())).containsExactly(7102L);
        assertThat(dashboard.path("week").path("from").asString()).isEqualTo("2026-11-23");
        assertThat(dashboard.path("week").path("to").asString()).isEqualTo("2026-11-29");
        assertThat(dashboard.path("week").path("totalSeconds").asLong()).isEqualTo(900);
        assertThat(dashboard.path("week").path("byDay").get(0).path("key").asString()).isEqualTo("2026-11-23");
        assertThat(dashboard.path("week").path("byProject").get(0).path("label").asString()).isEqualTo("(no project)");
        assertThat(dashboard.path("projects").get(0).path("name").asString()).isEqualTo("Website");
        assertThat(dashboard.path("tags").get(0).path("name").asString()).isEqualTo("meetings");
        assertThat(dashboard.path("ages").path("timeEntries").asLong()).isZero();
        String etag = first.header("ETag").orElseThrow();
        assertThat(etag).startsWith("W/\"");

        // Older, but unchanged: 304.
        clock.advance(Duration.ofSeconds(30));
        ApiClient.Response same = api.get(team + "/dashboard", "Authorization", "Bearer " + user.accessToken(), "If-None-Match", etag);
        assertThat(same.status()).isEqualTo(304);

        // Changed elsewhere and refreshed (in the background, after the first read past the planned refresh):
        // a new tag and body.
        clock.advance(Duration.ofMinutes(3));
        ApiClient.Response changed = await().until(() -> api.get(team + "/dashboard", "Authorization",
                "Bearer " + user.accessToken(), "If-None-Match", etag), response -> response.status() == 200);
        assertThat(changed.header("ETag").orElseThrow()).isNotEqualTo(etag);
        assertThat(changed.json().path("week").path("totalSeconds").asLong()).isEqualTo(1200);
        assertThat(changed.json().path("week").path("byProject").valueStream()
            .map(group -> group.path("label").asString() + "=" + group.path("seconds").asLong()))
            .containsExactly("(no project)=900", "Website=300");
    }

    /** Timer, this week's list, dashboard and summary; the timer's body or null when none runs. */
    private List<JsonNode> readEverything() {
        ApiClient.Response timer = api.get(team + "/timer", user.bearer());
        ApiClient.Response list = api.get(team + "/time-entries?from=2026-11-23&to=2026-11-29", user.bearer());
        ApiClient.Response dashboard = api.get(team + "/dashboard", user.bearer());
        ApiClient.Response summary = api.get(team + "/summary?from=2026-11-23&to=2026-11-29", user.bearer());
        for (ApiClient.Response response : List.of(list, dashboard, summary)) {
            assertThat(response.status()).as(response.body()).isEqualTo(200);
        }
        return java.util.Arrays.asList(timer.status() == 204 ? null : timer.json(), list.json(), dashboard.json(),
                summary.json());
    }

    private static List<Long> ids(ApiClient.Response list) {
        assertThat(list.status()).as(list.body()).isEqualTo(200);
        return list.json().valueStream().map(e -> e.path("id").asLong()).toList();
    }

    private static String deleted(String entry) {
        return entry.substring(0, entry.length() - 1) + ",\"server_deleted_at\":\"2026-11-23T07:01:30Z\"}";
    }

    private static ResponseDefinitionBuilder quotaSpent() {
        return aResponse().withStatus(402)
            .withHeader("X-Toggl-Quota-Remaining", "0")
            .withHeader("X-Toggl-Quota-Resets-In", "1200")
            .withBody("\"You have hit your hourly quota\"");
    }
}
