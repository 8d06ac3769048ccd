package dev.togglbff.upstream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.togglbff.web.ErrorCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.togglbff.upstream.UpstreamFixture.API;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * At most one request per second per Maton key, with a bounded queue, and keys never wait for each
 * other: the pacer on a hand-moved clock (nothing sleeps), and its refusal through the client.
 */
class RequestPacerTests {

    @RegisterExtension
    static WireMockExtension wm = UpstreamFixture.wireMock();

    static final String ME = API + "/me";

    /** A pacer on a hand-moved monotonic clock that records its waits instead of sleeping. */
    private static final class Paced {

        final AtomicLong nanoTime = new AtomicLong(1_000_000_000L);
        final List<Duration> waits = new CopyOnWriteArrayList<>();
        final SimpleMeterRegistry registry = new SimpleMeterRegistry();
        final RequestPacer pacer;

        Paced(Duration interval, Duration maxWait) {
            pacer = new RequestPacer(new MatonProperties.Pacing(interval, maxWait), registry, null, waits::add,
                    nanoTime::get);
        }

        void advance(Duration by) {
            nanoTime.addAndGet(by.toNanos());
        }
    }

    @Test
    void callsWithOneKeyAreSpacedWhileAnotherKeyIsNotDelayed() {
        Paced paced = new Paced(Duration.ofSeconds(1), Duration.ofSeconds(5));

        // Five calls with one key at the same moment: each waits for the next free slot, a second apart.
        for (int i = 0; i < 5; i++) {
            paced.pacer.acquire("busy");
        }
        assertThat(paced.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(3),
                Duration.ofSeconds(4));

        paced.pacer.acquire("other");
        assertThat(paced.waits).as("another key does not queue behind the busy one").hasSize(4);
        assertThat(paced.registry.timer("bff.upstream.pacing.wait").max(TimeUnit.SECONDS)).isEqualTo(4.0);
    }

    @Test
    void aSlotPassedUnusedIsNotOwed() {
        Paced paced = new Paced(Duration.ofSeconds(1), Duration.ofSeconds(5));
        paced.pacer.acquire("key");
        paced.advance(Duration.ofSeconds(3));

        paced.pacer.acquire("key");
        paced.pacer.acquire("key");

        assertThat(paced.waits).containsExactly(Duration.ofSeconds(1));
    }

    @Test
    void theQueueIsBoundedByTheLongestWait() {
        Paced paced = new Paced(Duration.ofSeconds(1), Duration.ofMillis(2500));
        paced.pacer.acquire("key");
        paced.pacer.acquire("key");
        paced.pacer.acquire("key");

        assertThatThrownBy(() -> paced.pacer.acquire("key")).isInstanceOfSatisfying(UpstreamException.class, ex -> {
            assertThat(ex.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
            assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(3));
        });
        assertThat(paced.waits).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2));

        paced.advance(Duration.ofSeconds(1));
        paced.pacer.acquire("key");
        assertThat(paced.waits).as("a refused call reserves no slot").endsWith(Duration.ofSeconds(2));
    }

    @Test
    void aCallThatWouldWaitTooLongIsRefused() {
        UpstreamFixture upstream = UpstreamFixture.with(wm).pacing(Duration.ofSeconds(10), Duration.ofSeconds(1))
            .build();
        wm.stubFor(get(urlEqualTo(ME)).willReturn(okJson("{\"id\": 1}")));
        MatonCredentials credentials = UpstreamFixture.key();
        upstream.toggl.me(credentials);
        assertThatThrownBy(() -> upstream.toggl.me(credentials)).isInstanceOfSatisfying(UpstreamException.class,
                ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.TOO_MANY_REQUESTS);
                    assertThat(ex.status()).isEqualTo(429);
                    assertThat(ex.retryAfter()).isGreaterThan(Duration.ofSeconds(8));
                });
        wm.verify(1, getRequestedFor(urlEqualTo(ME)));
    }
}
