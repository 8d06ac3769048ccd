package dev.togglbff.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

import dev.togglbff.support.MutableClock;
import dev.togglbff.support.MutableClockConfiguration;
import dev.togglbff.support.SecondInstance;
import dev.togglbff.support.TestServices;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The quota day on one instance and on two: {@link QuotaDay} replayed in shared-state mode, with
 * every call sent to instance A alone, or spread over A (this test's context) and B (a second
 * application context in the same JVM) in turn or at random. A and B share one Redis (under a key
 * prefix of this run), one PostgreSQL schema, the data folder (token keys, vault key), the moved
 * clock and the one {@link FreePlanToggl}, as replicas behind a load balancer share theirs. Run by
 * {@code bench/quota-day.sh}; not part of the test suite.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@Import(MutableClockConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@DirtiesContext
class QuotaDayScaleOutBenchmark {

    static final String PREFIX = "bench-quota-day-" + UUID.randomUUID();

    static FreePlanToggl toggl;
    static MutableClock sharedClock;
    static SecondInstance b;

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    MeterRegistry meters;

    @Autowired
    StringRedisTemplate redis;

    private final List<String> rows = new ArrayList<>();

    /** The settings of both instances. */
    static Map<String, String> settings() {
        TestServices.Postgres postgres = TestServices.postgres();
        TestServices.Redis shared = TestServices.redis();
        Map<String, String> settings = new LinkedHashMap<>();
        settings.put("bff.data-dir", "target/bench-quota-day-scale-out");
        settings.put("spring.datasource.url", postgres.url());
        settings.put("spring.datasource.username", postgres.username());
        settings.put("spring.datasource.password", postgres.password());
        settings.put("spring.flyway.default-schema", postgres.schema());
        settings.put("spring.flyway.create-schemas", "true");
        settings.put("spring.datasource.hikari.maximum-pool-size", "4");
        settings.put("spring.data.redis.host", shared.host());
        settings.put("spring.data.redis.port", Integer.toString(shared.port()));
        settings.put("bff.shared.key-prefix", PREFIX);
        settings.put("bff.auth.jwt.access-token-ttl", "24h");
        settings.put("bff.maton.pacing.interval", "1ms");
        settings.put("logging.level.dev.togglbff", "WARN");
        settings.put("bff.maton.base-url", toggl.baseUrl());
        return settings;
    }

    @DynamicPropertySource
    static void instances(DynamicPropertyRegistry registry) throws IOException {
        sharedClock = new MutableClock();
        toggl = new FreePlanToggl(() -> sharedClock.instant());
        settings().forEach((name, value) -> registry.add(name, () -> value));
    }

    @BeforeAll
    void startB() {
        // The stand-in counts its quota window on the instances' clock, which B shares.
        sharedClock = clock;
        b = SecondInstance.withSettings(settings(), clock);
    }

    @AfterAll
    void stop() {
        b.close();
        toggl.close();
        try (var keys = redis.scan(ScanOptions.scanOptions().match(PREFIX + ":*").count(500).build())) {
            keys.forEachRemaining(redis::delete);
        }
        QuotaDay.report("bench.scale-out-output", "quota-day-scale-out.md", rows);
    }

    @Test
    void aTeamOfThreeOnOneInstanceAndOnTwo() {
        rows.add("| screen | instances (calls spread) | reads | answered without Toggl | upstream requests in the day (reads) | most requests per key and sliding hour, all (reads alone): user / workspace bucket; limit 30, reads' budget "
                + QuotaDay.BUDGET
                + " | errors seen by frontends | 402s from Toggl | oldest project list shown after a teammate added one | timer stopped in Toggl shown after |");
        rows.add("|---|---|---|---|---|---|---|---|---|---|");
        QuotaDay.Instance a = new QuotaDay.Instance(port, meters);
        QuotaDay.Instance other = new QuotaDay.Instance(b.port(), b.bean(MeterRegistry.class));
        for (QuotaDay.Screen screen : QuotaDay.Screen.values()) {
            for (QuotaDay.Spread spread : QuotaDay.Spread.values()) {
                List<QuotaDay.Instance> instances = spread == QuotaDay.Spread.ONE ? List.of(a) : List.of(a, other);
                String run = "scale-out-" + screen.name().toLowerCase(Locale.ROOT).replace('_', '-') + "-"
                        + spread.name().toLowerCase(Locale.ROOT).replace('_', '-');
                QuotaDay.Result day = new QuotaDay(toggl, clock, instances, spread).day(screen, run);
                int[] max = day.maxPerHour();
                rows.add(QuotaDay.formatted(
                        "| %s | %s | %d | %.1f %% | %d (%d) | %d (%d) / %d (%d) | %d | %d | %s | %s |", screen.label,
                        switch (spread) {
                            case ONE -> "1";
                            case ROUND_ROBIN -> "2 (in turn)";
                            case RANDOM -> "2 (at random)";
                        }, day.reads(), day.share(), day.upstream(), day.upstreamReads(), max[0], max[1], max[2],
                        max[3], day.errors(), day.payments(),
                        day.projectLag() == 0 ? "every later read (0 s)" : day.projectLag() + " s",
                        day.stopLag() < 0 ? "not seen" : day.stopLag() + " s"));
            }
        }
    }
}
