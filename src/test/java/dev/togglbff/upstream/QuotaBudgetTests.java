package dev.togglbff.upstream;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.togglbff.support.MutableClock;
import dev.togglbff.web.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static dev.togglbff.upstream.UpstreamFixture.API;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The quota budget on Toggl's Free plan: requests are counted per key and bucket over the sliding
 * hour, the request Toggl would refuse with 402 is never sent, reads may spend 80 %, and Toggl's
 * readings reveal both requests made elsewhere and larger plans.
 */
class QuotaBudgetTests {

    @RegisterExtension
    static WireMockExtension wm = UpstreamFixture.wireMock();

    static final Instant NOW = Instant.parse("2026-03-02T09:00:00Z");
    static final String ME = API + "/me";

    MutableClock clock = new MutableClock(NOW);
    UpstreamFixture upstream = UpstreamFixture.with(wm).clock(clock).freePlan().build();
    MatonCredentials credentials = UpstreamFixture.key();
    String keyHash = credentials.keyHash();

    @Test
    void theRequestTogglWouldRefuseIsNeverSentAndTheWindowSlides() {
        wm.stubFor(get(urlEqualTo(ME)).willReturn(okJson("{\"id\": 1}")));
        for (int call = 0; call < 30; call++) {
            upstream.toggl.me(credentials);
            clock.advance(Duration.ofMinutes(1));
        }
        assertThatThrownBy(() -> upstream.toggl.me(credentials)).isInstanceOfSatisfying(UpstreamException.class,
                ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.TOGGL_QUOTA_EXHAUSTED);
                    // The first of the 30 leaves the window an hour after it was sent, 30 minutes from now.
                    assertThat(ex.retryAfter()).isEqualTo(Duration.ofMinutes(30));
                });
        wm.verify(30, anyRequestedFor(urlEqualTo(ME)));

        clock.advance(Duration.ofMinutes(30));
        upstream.toggl.me(credentials);
        wm.verify(31, anyRequestedFor(urlEqualTo(ME)));
    }

    @Test
    void readsMaySpendTheBudgetAndWritesTheRest() {
        wm.stubFor(get(urlEqualTo(ME)).willReturn(okJson("{\"id\": 1}")));
        for (int call = 0; call < 23; call++) {
            upstream.toggl.me(credentials);
        }
        QuotaBudget.Usage usage = upstream.budget.usage(keyHash, QuotaScope.user());
        assertThat(usage).extracting(QuotaBudget.Usage::limit, QuotaBudget.Usage::budget, QuotaBudget.Usage::spent)
            .containsExactly(30L, 24L, 23L);
        assertThat(usage.allowsRefresh()).isTrue();
        upstream.toggl.me(credentials);
        assertThat(upstream.budget.allowsRefresh(keyHash, QuotaScope.user())).isFalse();
        // Another bucket is not affected.
        assertThat(upstream.budget.allowsRefresh(keyHash, QuotaScope.organization(70))).isTrue();
        // Refreshes are spread over the window: 60 minutes over 24 requests.
        assertThat(upstream.budget.refreshInterval(keyHash, QuotaScope.user(), Duration.ofMinutes(1)))
            .isEqualTo(Duration.ofSeconds(150));
    }

    @Test
    void aReadingRevealsRequestsSentElsewhere() {
        // The user's own Toggl apps spent 20 of the bucket: Toggl says 9 are left after our first request.
        wm.stubFor(get(urlEqualTo(ME)).willReturn(okJson("{\"id\": 1}").withHeader("X-Toggl-Quota-Remaining", "9")
            .withHeader("X-Toggl-Quota-Resets-In", "1800")));
        upstream.toggl.me(credentials);
        QuotaBudget.Usage usage = upstream.budget.usage(keyHash, QuotaScope.user());
        assertThat(usage.limit()).isEqualTo(30);
        assertThat(usage.spent()).isEqualTo(21);
        assertThat(usage.allowsRefresh()).isTrue();
        wm.stubFor(get(urlEqualTo(ME)).willReturn(okJson("{\"id\": 1}")));
        for (int call = 0; call < 3; call++) {
            clock.advance(Duration.ofSeconds(1));
            upstream.toggl.me(credentials);
        }
        assertThat(upstream.budget.allowsRefresh(keyHash, QuotaScope.user())).isFalse();
        // Once the reading's reset passes, only the requests counted here remain.
        clock.advance(Duration.ofMinutes(30));
        assertThat(upstream.budget.usage(keyHash, QuotaScope.user()).spent()).isEqualTo(4);
    }

    @Test
    void aLargerPlanIsLearntFromReadings() {
        wm.stubFor(get(urlEqualTo(API + "/workspaces/7")).willReturn(okJson("{\"id\": 7, \"organization_id\": 70}")
            .withHeader("X-Toggl-Quota-Remaining", "599")));
        upstream.toggl.workspace(credentials, 7);
        QuotaBudget.Usage usage = upstream.budget.usage(keyHash, QuotaScope.workspace(7));
        assertThat(usage.limit()).isEqualTo(600);
        assertThat(usage.budget()).isEqualTo(480);
    }

    @Test
    void aCallQueuedBehindA402IsNotSent() throws Exception {
        upstream = UpstreamFixture.with(wm).clock(clock).freePlan().pacing(Duration.ofMillis(400), Duration.ofSeconds(5))
            .build();
        wm.stubFor(get(urlEqualTo(ME)).willReturn(aResponse().withStatus(402).withFixedDelay(100)
            .withHeader("X-Toggl-Quota-Remaining", "0").withHeader("X-Toggl-Quota-Resets-In", "900")));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Callable<ErrorCode>> calls = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                calls.add(() -> {
                    try {
                        upstream.toggl.me(credentials);
                        return null;
                    }
                    catch (UpstreamException ex) {
                        return ex.code();
                    }
                });
            }
            for (Future<ErrorCode> outcome : pool.invokeAll(calls)) {
                assertThat(outcome.get()).isEqualTo(ErrorCode.TOGGL_QUOTA_EXHAUSTED);
            }
        }
        finally {
            pool.shutdownNow();
        }
        // The second call waited for its pacing slot while the first got the 402: it was not sent.
        wm.verify(1, anyRequestedFor(urlEqualTo(ME)));
    }
}
