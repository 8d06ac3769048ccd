package dev.togglbff.upstream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.togglbff.web.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.togglbff.upstream.UpstreamFixture.API;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** At most one request per second per Maton key, with a bounded queue, and keys never wait for each other. */
class RequestPacerTests {

    @RegisterExtension
    static WireMockExtension wm = UpstreamFixture.wireMock();

    static final String ME = API + "/me";

    @Test
    void callsWithOneKeyAreSpacedWhileAnotherKeyIsNotDelayed() throws Exception {
        UpstreamFixture upstream = UpstreamFixture.with(wm).pacing(Duration.ofSeconds(1), Duration.ofSeconds(5))
            .build();
        wm.stubFor(get(urlEqualTo(ME)).willReturn(okJson("{\"id\": 1}")));
        MatonCredentials busy = UpstreamFixture.key();
        MatonCredentials other = MatonCredentials.of(UpstreamFixture.OTHER_KEY, null);
        // Warms the HTTP client up with a separate pacer, so the timing below measures pacing only.
        UpstreamFixture.with(wm).build().toggl.me(MatonCredentials.of("warm-up-key", null));

        ExecutorService executor = Executors.newFixedThreadPool(5);
        try {
            List<CompletableFuture<TogglUser>> calls = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> upstream.toggl.me(busy), executor));
            }
            Thread.sleep(200);
            long start = System.nanoTime();
            upstream.toggl.me(other);
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
            CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get();
        }
        finally {
            executor.shutdown();
        }

        List<Long> arrivals = wm.getAllServeEvents().stream()
            .filter(event -> event.getRequest().getHeader("Authorization").endsWith(UpstreamFixture.KEY))
            .map(event -> event.getRequest().getLoggedDate().getTime())
            .sorted()
            .toList();
        assertThat(arrivals).hasSize(5);
        for (int i = 1; i < arrivals.size(); i++) {
            assertThat(arrivals.get(i) - arrivals.get(i - 1)).isGreaterThanOrEqualTo(900);
        }
        wm.verify(1, getRequestedFor(urlEqualTo(ME)).withHeader("Authorization",
                equalTo("Bearer " + UpstreamFixture.OTHER_KEY)));
        assertThat(upstream.registry.timer("bff.upstream.pacing.wait").max(java.util.concurrent.TimeUnit.MILLISECONDS))
            .isGreaterThan(3000);
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
