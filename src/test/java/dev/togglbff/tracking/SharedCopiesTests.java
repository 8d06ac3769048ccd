package dev.togglbff.tracking;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.MutableClock;
import dev.togglbff.support.MutableClockConfiguration;
import dev.togglbff.support.SecondInstance;
import dev.togglbff.support.TestServices;
import dev.togglbff.support.TogglStubs;
import dev.togglbff.upstream.QuotaScope;
import dev.togglbff.upstream.TogglTag;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.matching;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The shared tier of the cache and the time-entry mirror with two instances on one Redis (this
 * test's context, A, and a {@link SecondInstance}, B, on the same moved clock): changes to one
 * shared copy from both instances at once, a due mirror refreshed once for both, and
 * {@code bff.shared.fetch-wait}.
 */
@IntegrationTest
@Import(MutableClockConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class SharedCopiesTests {

    static final String PREFIX = "test-" + UUID.randomUUID();
    static final long WORKSPACE = 8811;
    static final long ORGANIZATION = 9811;
    static final Duration FETCH_WAIT = Duration.ofMillis(1000);

    SecondInstance b;

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    TogglCache cache;

    @Autowired
    MeterRegistry meters;

    ApiClient onA;
    ApiClient onB;

    static Map<String, String> shared() {
        TestServices.Redis redis = TestServices.redis();
        return Map.of("spring.data.redis.host", redis.host(), "spring.data.redis.port", Integer.toString(redis.port()),
                "bff.shared.key-prefix", PREFIX, "bff.shared.fetch-wait", FETCH_WAIT.toMillis() + "ms",
                // Toggl is slower than fetch-wait in one test.
                "bff.maton.response-timeout", "5s");
    }

    @DynamicPropertySource
    static void sharedRedis(DynamicPropertyRegistry registry) {
        shared().forEach((name, value) -> registry.add(name, () -> value));
    }

    @BeforeAll
    void startB(@Autowired StringRedisTemplate redis) {
        b = new SecondInstance(shared(), clock);
        // Both connections to Redis are up before the first test (a loaded machine may need a few tries).
        for (StringRedisTemplate instance : List.of(redis, b.bean(StringRedisTemplate.class))) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions()
                .until(() -> "PONG".equals(instance.execute(RedisConnection::ping)));
        }
    }

    @AfterAll
    void stopB() {
        b.close();
    }

    @BeforeEach
    void clients() {
        onA = new ApiClient(port);
        onB = new ApiClient(b.port());
    }

    @Test
    void changesToOneSharedCopyFromBothInstancesAtOnceAreAllKept() {
        TogglCache onOther = b.bean(TogglCache.class);
        TogglCache.Key key = TogglCache.Key.tags("race-" + UUID.randomUUID(), WORKSPACE);
        onOther.get(key, QuotaScope.workspace(WORKSPACE), () -> List.of(tag(1, "meetings")));
        AtomicBoolean interleaved = new AtomicBoolean();

        cache.<List<TogglTag>>update(key, tags -> {
            if (interleaved.compareAndSet(false, true)) {
                // A tag created through B is written between A's read of the shared copy and A's write.
                onOther.<List<TogglTag>>update(key, held -> with(held, tag(3, "created on B")));
            }
            return with(tags, tag(2, "created on A"));
        });

        for (TogglCache onInstance : List.of(cache, onOther)) {
            List<TogglTag> seen = onInstance.<List<TogglTag>>get(key, QuotaScope.workspace(WORKSPACE), () -> {
                throw new AssertionError("the shared copy should answer");
            }).value();
            assertThat(seen).extracting(TogglTag::name)
                .containsExactlyInAnyOrder("meetings", "created on A", "created on B");
        }
    }

    @Test
    void aWriteThroughTheOtherInstanceWhileACopyIsRefreshedIsNotLostToTheRefresh() {
        TogglCache onOther = b.bean(TogglCache.class);
        TogglCache.Key key = TogglCache.Key.tags("refresh-" + UUID.randomUUID(), WORKSPACE);
        cache.get(key, QuotaScope.workspace(WORKSPACE), () -> List.of(tag(1, "meetings")));
        // Past freshness and stale-while-revalidate: A's next read refreshes before it answers.
        clock.advance(Duration.ofMinutes(26));

        cache.get(key, QuotaScope.workspace(WORKSPACE), () -> {
            // While Toggl answers A's refresh (with the list as it was), a tag is created through B.
            onOther.<List<TogglTag>>update(key, held -> with(held, tag(3, "created on B")));
            return List.of(tag(1, "meetings"));
        });

        // Toggl lists the new tag from now on; neither instance may keep answering without it.
        for (TogglCache onInstance : List.of(onOther, cache)) {
            List<TogglTag> seen = onInstance.<List<TogglTag>>get(key, QuotaScope.workspace(WORKSPACE),
                    () -> List.of(tag(1, "meetings"), tag(3, "created on B"))).value();
            assertThat(seen).extracting(TogglTag::name).containsExactlyInAnyOrder("meetings", "created on B");
        }
    }

    @Test
    void aSharedCopyIsParsedOnceAndAChangeThroughTheOtherInstanceShowsAtOnce() {
        TogglCache onOther = b.bean(TogglCache.class);
        TogglCache.Key key = TogglCache.Key.tags("reread-" + UUID.randomUUID(), WORKSPACE);
        onOther.get(key, QuotaScope.workspace(WORKSPACE), () -> List.of(tag(1, "meetings")));

        List<TogglTag> first = sharedCopy(key);
        List<TogglTag> again = sharedCopy(key);
        onOther.<List<TogglTag>>update(key, held -> with(held, tag(2, "created on B")));
        List<TogglTag> changed = sharedCopy(key);

        // Reading the same copy again costs no JSON parsing (the previous value answers).
        assertThat(again).isSameAs(first);
        assertThat(changed).extracting(TogglTag::name).containsExactly("meetings", "created on B");
    }

    private List<TogglTag> sharedCopy(TogglCache.Key key) {
        return cache.<List<TogglTag>>get(key, QuotaScope.workspace(WORKSPACE), () -> {
            throw new AssertionError("the shared copy should answer");
        }).value();
    }

    @Test
    void aDueMirrorIsRefreshedOnceForBothInstances() {
        TogglStubs.TeamOwner owner = TogglStubs.teamOwner(onA, "mirror", WORKSPACE, ORGANIZATION);
        TogglStubs toggl = owner.toggl();
        String entries = TogglStubs.API + "/me/time_entries";
        // Slow enough that B reads while A's refresh is still under way.
        toggl.stub(get(urlPathEqualTo(entries)), okJson("[]").withFixedDelay(300));
        toggl.stub(get(urlPathEqualTo(toggl.workspacePath() + "/projects")), okJson("[]"));
        toggl.stub(get(urlPathEqualTo(toggl.workspacePath() + "/tags")), okJson("[]"));
        String timer = owner.teamPath() + "/timer";
        assertThat(onA.get(timer, owner.user().bearer()).status()).isEqualTo(204);
        clock.advance(Duration.ofMinutes(2));

        ApiClient.Response first = onA.get(timer, owner.user().bearer());
        ApiClient.Response second = onB.get(timer, owner.user().bearer());
        await().atMost(Duration.ofSeconds(10))
            .until(() -> pending(meters) == 0 && pending(b.bean(MeterRegistry.class)) == 0);

        assertThat(first.status()).isEqualTo(204);
        assertThat(second.status()).isEqualTo(204);
        assertThat(toggl.count(getRequestedFor(urlPathEqualTo(entries)).withQueryParam("since", matching("\\d+"))))
            .isEqualTo(1);
        ApiClient.Response later = onB.get(timer, owner.user().bearer());
        assertThat(later.header("Cache-Status").orElseThrow()).startsWith("toggl-bff; hit; ttl=");
    }

    @Test
    void anInstanceWaitsForAnotherOnesFetchAtMostFetchWaitThenFetchesItself() throws Exception {
        TogglStubs.TeamOwner owner = TogglStubs.teamOwner(onA, "wait", WORKSPACE, ORGANIZATION);
        String tags = owner.toggl().workspacePath() + "/tags";
        owner.toggl().stub(get(urlPathEqualTo(tags)), okJson("[" + TogglStubs.tag(601, WORKSPACE, "meetings") + "]")
            .withFixedDelay((int) FETCH_WAIT.multipliedBy(2).toMillis()));
        CompletableFuture<ApiClient.Response> onAFirst = CompletableFuture
            .supplyAsync(() -> onA.get(owner.teamPath() + "/tags", owner.user().bearer()));
        await().atMost(Duration.ofSeconds(10)).until(() -> owner.toggl().countGets(tags) == 1);

        ApiClient.Response onBMeanwhile = onB.get(owner.teamPath() + "/tags", owner.user().bearer());

        assertThat(onAFirst.get().status()).isEqualTo(200);
        assertThat(onBMeanwhile.status()).isEqualTo(200);
        // Past fetch-wait B stopped waiting for A (which might have died) and asked Toggl itself.
        assertThat(onBMeanwhile.header("Cache-Status").orElseThrow()).startsWith("toggl-bff; fwd=miss");
        assertThat(owner.toggl().countGets(tags)).isEqualTo(2);
    }

    private static double pending(MeterRegistry registry) {
        return registry.get("bff.refreshes.pending").gauge().value();
    }

    private static TogglTag tag(long id, String name) {
        return new TogglTag(id, WORKSPACE, name, null, null, null);
    }

    private static List<TogglTag> with(List<TogglTag> tags, TogglTag tag) {
        List<TogglTag> next = new ArrayList<>(tags);
        next.add(tag);
        return next;
    }
}
