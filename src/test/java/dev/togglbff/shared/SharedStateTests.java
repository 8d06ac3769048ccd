package dev.togglbff.shared;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
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
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
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
class SharedStateTests {

    static final String PREFIX = "test-" + UUID.randomUUID();
    static final Duration PACING = Duration.ofMillis(100);
    static final long WORKSPACE = 8801;
    static final long JITTER_MS = 30;

    static SecondInstance b;

    @LocalServerPort
    int port;

    ApiClient onA;
    ApiClient onB;

    static Map<String, String> shared() {
        TestServices.Redis redis = TestServices.redis();
        return Map.of("spring.data.redis.host", redis.host(), "spring.data.redis.port", Integer.toString(redis.port()),
                "bff.shared.key-prefix", PREFIX, "bff.maton.pacing.interval", PACING.toMillis() + "ms",
                "management.health.redis.enabled", "true");
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
        ExecutorService pool = Executors.newFixedThreadPool(10);
        try {
            for (Future<Integer> status : pool.invokeAll(calls)) {
                assertThat(status.get()).isEqualTo(201);
            }
        }
        finally {
            pool.shutdown();
        }

        List<LoggedRequest> sent = MatonStub.server()
            .findAll(postRequestedFor(urlPathEqualTo(tags)).withHeader("Authorization",
                    equalTo("Bearer " + owner.toggl().key())));
        assertThat(sent).hasSize(10);
        List<Long> times = sent.stream().map(request -> request.getLoggedDate().getTime()).sorted().toList();
        // Slots are a pacing interval apart; a sender delayed after its slot arrives closer to the next one.
        assertThat(times.get(9) - times.get(0)).isGreaterThanOrEqualTo(9 * PACING.toMillis() - 2 * JITTER_MS);
        for (int i = 1; i < times.size(); i++) {
            assertThat(times.get(i) - times.get(i - 1)).as("gap before request %d", i)
                .isGreaterThanOrEqualTo(PACING.toMillis() - 2 * JITTER_MS);
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
