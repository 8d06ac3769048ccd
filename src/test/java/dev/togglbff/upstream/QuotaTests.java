package dev.togglbff.upstream;

import java.time.Duration;
import java.time.Instant;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.togglbff.support.MutableClock;
import dev.togglbff.web.ErrorCode;
import org.junit.jupiter.api.BeforeEach;
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

/** Toggl's hourly quota: readings go to the ledger, and a spent bucket is not asked again before its reset. */
class QuotaTests {

    @RegisterExtension
    static WireMockExtension wm = UpstreamFixture.wireMock();

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");
    static final String ME = API + "/me";
    static final String PROJECTS = API + "/workspaces/7/projects";

    MutableClock clock = new MutableClock(NOW);
    UpstreamFixture upstream;
    MatonCredentials credentials = UpstreamFixture.key();

    @BeforeEach
    void client() {
        upstream = UpstreamFixture.with(wm).clock(clock).build();
    }

    @Test
    void everyReadingIsRecordedPerScope() {
        wm.stubFor(get(urlEqualTo(ME)).willReturn(okJson("{\"id\": 1}")
            .withHeader("X-Toggl-Quota-Remaining", "28").withHeader("X-Toggl-Quota-Resets-In", "1200")));
        wm.stubFor(get(urlEqualTo(PROJECTS)).willReturn(okJson("[]").withHeader("X-Toggl-Quota-Remaining", "230")));
        upstream.toggl.me(credentials);
        upstream.toggl.projects(credentials, 7, UpstreamFixture.ALL_PROJECTS);
        assertThat(upstream.ledger.entries(credentials.keyHash())).containsExactlyInAnyOrder(
                new QuotaEntry("user", 28, NOW.plusSeconds(1200), NOW),
                new QuotaEntry("workspace:7", 230, null, NOW));
        assertThat(upstream.ledger.entries(MatonCredentials.of(UpstreamFixture.OTHER_KEY, null).keyHash())).isEmpty();
        assertThat(upstream.registry.find("bff.upstream.quota.remaining").tag("scope", "user").summary())
            .isNotNull()
            .satisfies(summary -> assertThat(summary.max()).isEqualTo(28));
    }

    @Test
    void spentQuotaFailsFastUntilTheReset() {
        wm.stubFor(get(urlEqualTo(PROJECTS)).willReturn(aResponse().withStatus(402)
            .withHeader("X-Toggl-Quota-Remaining", "0").withHeader("X-Toggl-Quota-Resets-In", "600")
            .withBody("\"You have hit your hourly limit for API calls.\"")));
        for (int call = 0; call < 3; call++) {
            assertThatThrownBy(() -> upstream.toggl.projects(credentials, 7, UpstreamFixture.ALL_PROJECTS))
                .isInstanceOfSatisfying(UpstreamException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.TOGGL_QUOTA_EXHAUSTED);
                    assertThat(ex.status()).isEqualTo(429);
                    assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(600));
                });
        }
        wm.verify(1, anyRequestedFor(urlEqualTo(PROJECTS)));

        clock.advance(Duration.ofSeconds(599));
        assertThatThrownBy(() -> upstream.toggl.projects(credentials, 7, UpstreamFixture.ALL_PROJECTS))
            .isInstanceOfSatisfying(UpstreamException.class,
                    ex -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(1)));
        wm.verify(1, anyRequestedFor(urlEqualTo(PROJECTS)));

        // Other scopes and other keys are not affected.
        wm.stubFor(get(urlEqualTo(ME)).willReturn(okJson("{\"id\": 1}")));
        upstream.toggl.me(credentials);
        wm.stubFor(get(urlEqualTo(PROJECTS)).willReturn(okJson("[]")));
        upstream.toggl.projects(MatonCredentials.of(UpstreamFixture.OTHER_KEY, null), 7, UpstreamFixture.ALL_PROJECTS);
        wm.verify(2, anyRequestedFor(urlEqualTo(PROJECTS)));

        clock.advance(Duration.ofSeconds(1));
        assertThat(upstream.toggl.projects(credentials, 7, UpstreamFixture.ALL_PROJECTS)).isEmpty();
        wm.verify(3, anyRequestedFor(urlEqualTo(PROJECTS)));
    }

    @Test
    void quotaWordingWithoutHeadersCountsAsSpentQuota() {
        wm.stubFor(get(urlEqualTo(ME)).willReturn(aResponse().withStatus(402)
            .withBody("\"Quota exceeded, quota will reset in 42 seconds\"")));
        assertThatThrownBy(() -> upstream.toggl.me(credentials)).isInstanceOfSatisfying(UpstreamException.class,
                ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.TOGGL_QUOTA_EXHAUSTED);
                    assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(42));
                });
        assertThat(upstream.ledger.exhaustedUntil(credentials.keyHash(), QuotaScope.user(), NOW)).contains(NOW.plusSeconds(42));
    }

    @Test
    void paymentRequiredWithoutQuotaSignsIsAMissingFeature() {
        wm.stubFor(get(urlEqualTo(PROJECTS))
            .willReturn(aResponse().withStatus(402).withBody("\"This feature requires a paid plan\"")));
        for (int call = 0; call < 2; call++) {
            assertThatThrownBy(() -> upstream.toggl.projects(credentials, 7, UpstreamFixture.ALL_PROJECTS))
                .isInstanceOfSatisfying(UpstreamException.class, ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.FEATURE_UNAVAILABLE);
                    assertThat(ex.status()).isEqualTo(402);
                });
        }
        wm.verify(2, anyRequestedFor(urlEqualTo(PROJECTS)));
        assertThat(upstream.ledger.exhaustedUntil(credentials.keyHash(), QuotaScope.workspace(7), NOW)).isEmpty();
    }

    @Test
    void workspaceCallsUseTheOrganizationOnceKnown() {
        wm.stubFor(get(urlEqualTo(API + "/workspaces/7")).willReturn(okJson("{\"id\": 7, \"organization_id\": 70}")));
        wm.stubFor(get(urlEqualTo(PROJECTS)).willReturn(aResponse().withStatus(402)
            .withHeader("X-Toggl-Quota-Remaining", "0").withHeader("X-Toggl-Quota-Resets-In", "60")));
        upstream.toggl.workspace(credentials, 7);
        assertThatThrownBy(() -> upstream.toggl.projects(credentials, 7, UpstreamFixture.ALL_PROJECTS))
            .isInstanceOf(UpstreamException.class);
        assertThat(upstream.ledger.exhaustedUntil(credentials.keyHash(), QuotaScope.organization(70), NOW))
            .contains(NOW.plusSeconds(60));
    }

    @Test
    void theLedgerKeepsNoPlaintextKey() throws Exception {
        upstream.ledger.record(credentials.keyHash(), QuotaScope.user(), 3, null, NOW);
        java.lang.reflect.Field states = InMemoryQuotaLedger.class.getDeclaredField("states");
        states.setAccessible(true);
        java.util.Set<Object> keys = new java.util.HashSet<>(((java.util.Map<?, ?>) states.get(upstream.ledger)).keySet());
        assertThat(keys).containsExactly(credentials.keyHash())
            .allSatisfy(key -> assertThat(key.toString()).doesNotContain(UpstreamFixture.KEY).hasSize(64));
    }
}
