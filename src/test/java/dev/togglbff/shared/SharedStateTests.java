package dev.togglbff.shared;

import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.MatonStub;
import dev.togglbff.support.SecondInstance;
import dev.togglbff.support.TestServices;
import dev.togglbff.support.TestUsers;
import dev.togglbff.support.TogglStubs;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two instances (this test's context, A, and a {@link SecondInstance}, B) share one Redis under a
 * key prefix of this run, one PostgreSQL and one WireMock, and act as one towards Toggl.
 */
@IntegrationTest
// Closed after the class: its connections to the shared PostgreSQL are not held for the rest of the run.
@DirtiesContext
class SharedStateTests {

    static final String PREFIX = "test-" + UUID.randomUUID();
    static final Duration PACING = Duration.ofMillis(200);
    static final long WORKSPACE = 8801;
    static final long JITTER_MS = 50;

    static SecondInstance b;

    @LocalServerPort
    int port;

    ApiClient onA;
    ApiClient onB;

    static Map<String, String> shared() {
        TestServices.Redis redis = TestServices.redis();
        return Map.of("spring.data.redis.host", redis.host(), "spring.data.redis.port", Integer.toString(redis.port()),
                "bff.shared.key-prefix", PREFIX, "bff.maton.pacing.interval", PACING.toMillis() + "ms",
                "management.health.redis.enabled", "true",
                // Two instances starting and serving on a shared machine: slower first answers than one.
                "bff.maton.response-timeout", "5s");
    }

    @DynamicPropertySource
    static void sharedRedis(DynamicPropertyRegistry registry) {
        shared().forEach((name, value) -> registry.add(name, () -> value));
    }

    @BeforeAll
    static void startB() {
        b = new SecondInstance(shared());
    }

    @AfterAll
    static void stopB() {
        b.close();
    }

    @BeforeEach
    void clients() {
        onA = new ApiClient(port);
        onB = new ApiClient(b.port());
    }

    @Test
    void aColdReadOnOneInstanceIsCachedForTheOther() {
        TogglStubs.TeamOwner owner = TogglStubs.teamOwner(onA, "cold", WORKSPACE, 9801);
        String tags = owner.toggl().workspacePath() + "/tags";
        owner.toggl().stub(get(urlPathEqualTo(tags)), okJson("[" + TogglStubs.tag(601, WORKSPACE, "meetings") + "]"));

        ApiClient.Response first = onA.get(owner.teamPath() + "/tags", owner.user().bearer());
        ApiClient.Response second = onB.get(owner.teamPath() + "/tags", owner.user().bearer());

        assertThat(first.header("Cache-Status").orElseThrow()).startsWith("toggl-bff; fwd=miss");
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.header("Cache-Status").orElseThrow()).startsWith("toggl-bff; hit");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(owner.toggl().countGets(tags)).isEqualTo(1);
    }

    @Test
    void concurrentColdReadsOnBothInstancesMakeOneRequest() throws Exception {
        TogglStubs.TeamOwner owner = TogglStubs.teamOwner(onA, "crowd", WORKSPACE, 9801);
        String projects = owner.toggl().workspacePath() + "/projects";
        owner.toggl().stub(get(urlPathEqualTo(projects)),
                okJson("[" + TogglStubs.project(501, WORKSPACE, "Website", "#06aaf5", null) + "]")
                    .withFixedDelay(200));
        List<Callable<Integer>> reads = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            ApiClient api = i % 2 == 0 ? onA : onB;
            reads.add(() -> api.get(owner.teamPath() + "/projects", owner.user().bearer()).status());
        }

        assertThat(all(reads)).containsOnly(200).hasSize(100);
        assertThat(owner.toggl().countGets(projects)).isEqualTo(1);
    }

    @Test
    void aTimerStartedOnOneInstanceShowsOnTheOtherWithoutAskingToggl() {
        TogglStubs.TeamOwner owner = TogglStubs.teamOwner(onA, "timer", WORKSPACE, 9801);
        TogglStubs toggl = owner.toggl();
        String entries = TogglStubs.API + "/me/time_entries";
        toggl.stub(get(urlPathEqualTo(entries)), okJson("[]"));
        Instant started = Instant.now().truncatedTo(ChronoUnit.SECONDS);
        toggl.stub(post(urlPathEqualTo(toggl.workspacePath() + "/time_entries")), okJson(TogglStubs.timeEntry(7101,
                WORKSPACE, null, started.toString(), null, -started.getEpochSecond(), "[]")));
        toggl.stub(get(urlPathEqualTo(toggl.workspacePath() + "/projects")), okJson("[]"));
        toggl.stub(get(urlPathEqualTo(toggl.workspacePath() + "/tags")), okJson("[]"));
        String timer = owner.teamPath() + "/timer";
        // The screen lists projects and tags, which name the timer's entry.
        assertThat(onA.get(owner.teamPath() + "/projects", owner.user().bearer()).status()).isEqualTo(200);
        assertThat(onA.get(owner.teamPath() + "/tags", owner.user().bearer()).status()).isEqualTo(200);
        assertThat(onA.get(timer, owner.user().bearer()).status()).isEqualTo(204);
        assertThat(onB.get(timer, owner.user().bearer()).status()).isEqualTo(204);
        ApiClient.Response start = onA.post(timer + "/start", "{\"description\":\"Shared\"}", owner.user().bearer());
        assertThat(start.status()).as(start.body()).isEqualTo(201);
        int reads = toggl.count(getRequestedFor(anyUrl()));

        ApiClient.Response onOther = onB.get(timer, owner.user().bearer());

        assertThat(onOther.status()).isEqualTo(200);
        assertThat(onOther.json().path("id").asLong()).isEqualTo(7101);
        assertThat(toggl.count(getRequestedFor(anyUrl()))).as(() -> MatonStub.server()
            .findAll(getRequestedFor(anyUrl()).withHeader("Authorization", equalTo("Bearer " + toggl.key())))
            .stream()
            .map(LoggedRequest::getUrl)
            .toList()
            .toString()).isEqualTo(reads);
        assertThat(toggl.countGets(entries)).isEqualTo(1);
    }

    @Test
    void callsForOneKeyOnBothInstancesArePacedAsOne() throws Exception {
        TogglStubs.TeamOwner owner = TogglStubs.teamOwner(onA, "paced", WORKSPACE, 9801);
        String tags = owner.toggl().workspacePath() + "/tags";
        owner.toggl().stub(post(urlPathEqualTo(tags)), okJson(TogglStubs.tag(701, WORKSPACE, "tag")));
        List<Callable<Integer>> calls = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            ApiClient api = i % 2 == 0 ? onA : onB;
            String body = "{\"name\":\"tag " + i + "\"}";
            calls.add(() -> api.post(owner.teamPath() + "/tags", body, owner.user().bearer()).status());
        }
        assertThat(all(calls)).containsOnly(201);

        List<LoggedRequest> sent = MatonStub.server()
            .findAll(postRequestedFor(urlPathEqualTo(tags)).withHeader("Authorization",
                    equalTo("Bearer " + owner.toggl().key())));
        assertThat(sent).hasSize(10);
        List<Long> times = sent.stream().map(request -> request.getLoggedDate().getTime()).sorted().toList();
        // Slots are a pacing interval apart (one line for both instances: 9 intervals from the first to
        // the last). Two lines, one per instance, would send pairs at once and be done in about 4
        // intervals. A sender delayed after its slot (a busy machine, a Redis pause) arrives closer to
        // the next one, so a gap or two may be short and the span a little under 9 intervals.
        assertThat(times.get(9) - times.get(0)).isGreaterThanOrEqualTo(7 * PACING.toMillis());
        List<Long> shortGaps = new ArrayList<>();
        for (int i = 1; i < times.size(); i++) {
            if (times.get(i) - times.get(i - 1) < PACING.toMillis() - 2 * JITTER_MS) {
                shortGaps.add(times.get(i) - times.get(i - 1));
            }
        }
        assertThat(shortGaps).as("gaps shorter than a pacing interval").hasSizeLessThanOrEqualTo(2);
    }

    static List<Integer> all(List<Callable<Integer>> calls) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(calls.size());
        try {
            List<Integer> statuses = new ArrayList<>();
            for (Future<Integer> status : pool.invokeAll(calls)) {
                statuses.add(status.get());
            }
            return statuses;
        }
        finally {
            pool.shutdown();
        }
    }

    @Test
    void aSpentQuotaSeenByOneInstanceStopsTheOther() {
        TestUsers.SignedIn user = TestUsers.register(onA, "spent");
        TogglStubs toggl = TogglStubs.forNewKey(WORKSPACE, 9801);
        toggl.storeKey(onA, user);
        toggl.stub(get(urlPathEqualTo(TogglStubs.API + "/me")), aResponse().withStatus(402)
            .withHeader("X-Toggl-Quota-Remaining", "0")
            .withHeader("X-Toggl-Quota-Resets-In", "600"), 1);
        int before = toggl.countGets(TogglStubs.API + "/me");

        ApiClient.Response onFirst = onA.get("/api/v1/me/toggl", user.bearer());
        ApiClient.Response onSecond = onB.get("/api/v1/me/toggl", user.bearer());

        assertThat(onFirst.status()).isEqualTo(429);
        assertThat(onSecond.status()).isEqualTo(429);
        assertThat(onSecond.json().path("code").asString()).isEqualTo("TOGGL_QUOTA_EXHAUSTED");
        assertThat(toggl.countGets(TogglStubs.API + "/me")).isEqualTo(before + 1);
    }

    @Test
    void failedLoginsAreCountedAcrossInstances() {
        TestUsers.SignedIn user = TestUsers.register(onA, "throttled");
        String wrong = "{\"username\":\"" + user.username() + "\",\"password\":\"not the password\"}";
        // The limit per username is 5: alternate instances for the failures.
        for (int i = 0; i < 5; i++) {
            ApiClient api = i % 2 == 0 ? onA : onB;
            assertThat(api.post("/api/v1/auth/token", wrong).status()).isEqualTo(401);
        }

        ApiClient.Response sixth = onB.post("/api/v1/auth/token", wrong);

        assertThat(sixth.status()).isEqualTo(429);
        assertThat(onA.post("/api/v1/auth/token", wrong).status()).isEqualTo(429);
    }
}
