package dev.togglbff.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dev.togglbff.support.MutableClock;
import dev.togglbff.support.MutableClockConfiguration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * The quota-day benchmark on one instance in the embedded default (H2, no Redis): {@link QuotaDay}
 * replayed once per screen variant against {@link FreePlanToggl}, a stateful stand-in that enforces
 * Toggl's Free plan. Run by {@code bench/quota-day.sh}; not part of the test suite.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = { "bff.data-dir=target/bench-quota-day", "spring.datasource.url=jdbc:h2:mem:quota-day",
                "bff.auth.jwt.access-token-ttl=24h", "bff.maton.pacing.interval=1ms",
                "logging.level.dev.togglbff=WARN" })
@Import(MutableClockConfiguration.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QuotaDayBenchmark {

    static FreePlanToggl toggl;
    static MutableClock sharedClock;

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    @Autowired
    MeterRegistry meters;

    private final List<String> rows = new ArrayList<>();

    @DynamicPropertySource
    static void standIn(DynamicPropertyRegistry registry) throws IOException {
        sharedClock = new MutableClock();
        toggl = new FreePlanToggl(() -> sharedClock.instant());
        registry.add("bff.maton.base-url", toggl::baseUrl);
    }

    @BeforeAll
    void shareTheClock() {
        // The stand-in counts its quota window on the service's clock.
        sharedClock = clock;
    }

    @AfterAll
    void stop() {
        toggl.close();
        QuotaDay.report("bench.output", "quota-day.md", rows);
    }

    @Test
    void aTeamOfThreeThroughAFreePlanDay() {
        rows.add("| screen | reads | answered without Toggl | upstream requests in the day (reads) | most requests per key and sliding hour, all (reads alone): user / workspace bucket; limit 30, reads' budget " + QuotaDay.BUDGET
                + " | errors seen by frontends (quota or other) | 402s from Toggl | oldest project list shown after a teammate added one | timer stopped in Toggl shown after |");
        rows.add("|---|---|---|---|---|---|---|---|---|");
        QuotaDay replay = new QuotaDay(toggl, clock, List.of(new QuotaDay.Instance(port, meters)), QuotaDay.Spread.ONE);
        for (QuotaDay.Screen screen : QuotaDay.Screen.values()) {
            QuotaDay.Result day = replay.day(screen, screen.name().toLowerCase(Locale.ROOT).replace('_', '-'));
            int[] max = day.maxPerHour();
            rows.add(QuotaDay.formatted("| %s | %d | %.1f %% (target ≥ 95 %%) | %d (%d) | %d (%d) / %d (%d) | %d (target 0) | %d | %s | %s |",
                    screen.label, day.reads(), day.share(), day.upstream(), day.upstreamReads(), max[0], max[1], max[2],
                    max[3], day.errors(),
                    day.payments(), day.projectLag() == 0 ? "every later read (0 s)" : day.projectLag() + " s",
                    day.stopLag() < 0 ? "not seen" : day.stopLag() + " s"));
        }
    }
}
