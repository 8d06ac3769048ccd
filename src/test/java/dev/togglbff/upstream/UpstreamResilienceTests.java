package dev.togglbff.upstream;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import dev.togglbff.web.ErrorCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static dev.togglbff.upstream.UpstreamFixture.API;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retries, timeouts and error mapping: what happens when Toggl or Maton do not simply answer 200. */
class UpstreamResilienceTests {

    @RegisterExtension
    static WireMockExtension wm = UpstreamFixture.wireMock();

    static final String ME = API + "/me";
    static final String TAGS = API + "/workspaces/1/tags";

    MatonCredentials credentials = UpstreamFixture.key();

    @Test
    void rateLimitWithRetryAfterSecondsWaitsThenSucceeds() {
        UpstreamFixture upstream = UpstreamFixture.with(wm).build();
        failOnceThenSucceed(ME, aResponse().withStatus(429).withHeader("Retry-After", "1"));
        assertThat(upstream.toggl.me(credentials).id()).isEqualTo(1);
        assertRetriedAfterAtLeast(Duration.ofSeconds(1));
        assertThat(upstream.registry.counter("bff.upstream.retries", "operation", "me", "reason", "rate_limited")
            .count()).isEqualTo(1);
    }

    @Test
    void rateLimitWithRetryAfterDateWaitsThenSucceeds() {
        UpstreamFixture upstream = UpstreamFixture.with(wm).build();
        ZonedDateTime retryAt = ZonedDateTime.now().plusSeconds(2);
        String date = DateTimeFormatter.RFC_1123_DATE_TIME.format(retryAt);
        failOnceThenSucceed(ME, aResponse().withStatus(429).withHeader("Retry-After", date));
        assertThat(upstream.toggl.me(credentials).id()).isEqualTo(1);
        // Not before the date (whole seconds, as the header has them); counted from the first request's
        // arrival the wait can be a little under a second, since that arrival lags the moment the date was made.
        List<ServeEvent> events = wm.getAllServeEvents();
        assertThat(events).hasSize(2);
        assertThat(events.get(0).getRequest().getLoggedDate().getTime())
            .isGreaterThanOrEqualTo(retryAt.truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toInstant().toEpochMilli());
    }

    @Test
    void rateLimitWithoutRetryAfterBacksOff() {
        UpstreamFixture upstream = UpstreamFixture.with(wm).backoffBase(Duration.ofMillis(50)).build();
        failOnceThenSucceed(ME, aResponse().withStatus(429).withBody("<html><body>Too many</body></html>"));
        assertThat(upstream.toggl.me(credentials).id()).isEqualTo(1);
        wm.verify(2, anyRequestedFor(urlEqualTo(ME)));
    }

    @Test
    void rateLimitedEveryTimeGivesUpAfterThreeAttemptsWithARetryTime() {
        UpstreamFixture upstream = UpstreamFixture.with(wm).build();
        wm.stubFor(get(urlEqualTo(ME)).willReturn(aResponse().withStatus(429)));
        assertThatThrownBy(() -> upstream.toggl.me(credentials))
            .isInstanceOfSatisfying(UpstreamException.class, ex -> {
                assertThat(ex.code()).isEqualTo(ErrorCode.UPSTREAM_RATE_LIMITED);
                assertThat(ex.status()).isEqualTo(429);
                assertThat(ex.retryAfter()).isNotNull().isPositive();
            });
        wm.verify(3, anyRequestedFor(urlEqualTo(ME)));
    }

    @Test
    void aCreateIsRetriedOnRateLimitAtMostThreeTimes() {
        UpstreamFixture upstream = UpstreamFixture.with(wm).build();
        wm.stubFor(post(urlEqualTo(TAGS)).willReturn(aResponse().withStatus(429)));
        assertThatThrownBy(() -> upstream.toggl.createTag(credentials, 1, "x"))
            .isInstanceOfSatisfying(UpstreamException.class,
                    ex -> assertThat(ex.code()).isEqualTo(ErrorCode.UPSTREAM_RATE_LIMITED));
        wm.verify(3, anyRequestedFor(urlEqualTo(TAGS)));
    }

    @Test
    void aRetryAfterBeyondTheTotalBudgetIsNotWaitedFor() {
        UpstreamFixture upstream = UpstreamFixture.with(wm).build();
        wm.stubFor(get(urlEqualTo(ME)).willReturn(aResponse().withStatus(429).withHeader("Retry-After", "120")));
        assertThatThrownBy(() -> upstream.toggl.me(credentials)).isInstanceOfSatisfying(UpstreamException.class,
                ex -> assertThat(ex.retryAfter()).isEqualTo(Duration.ofSeconds(120)));
        wm.verify(1, anyRequestedFor(urlEqualTo(ME)));
    }

    @Test
    void serverErrorOnAGetIsRetried() {
        UpstreamFixture upstream = UpstreamFixture.with(wm).build();
        failOnceThenSucceed(ME, aResponse().withStatus(500));
        assertThat(upstream.toggl.me(credentials).id()).isEqualTo(1);
        wm.verify(2, anyRequestedFor(urlEqualTo(ME)));
    }

    @Test
    void serverErrorOnACreateIsNotRetried() {
        UpstreamFixture upstream = UpstreamFixture.with(wm).build();
        wm.stubFor(post(urlEqualTo(TAGS)).willReturn(aResponse().withStatus(500)));
        assertThatThrownBy(() -> upstream.toggl.createTag(credentials, 1, "x"))
            .isInstanceOfSatisfying(UpstreamException.class, ex -> {
                assertThat(ex.code()).isEqualTo(ErrorCode.UPSTREAM_UNAVAILABLE);
                assertThat(ex.status()).isEqualTo(502);
            });
        wm.verify(1, anyRequestedFor(urlEqualTo(TAGS)));
    }

    @Test
    void persistent503IsUnavailableWith503() {
        UpstreamFixture upstream = UpstreamFixture.with(wm).build();
        wm.stubFor(get(urlEqualTo(ME)).willReturn(aResponse().withStatus(503)));
        assertThatThrownBy(() -> upstream.toggl.me(credentials)).isInstanceOfSatisfying(UpstreamException.class,
                ex -> assertThat(ex.status()).isEqualTo(503));
        wm.verify(3, anyRequestedFor(urlEqualTo(ME)));
    }

    @Test
    void aStallPastTheResponseTimeoutIsUpstreamTimeout() {
        UpstreamFixture upstream = UpstreamFixture.with(wm).responseTimeout(Duration.ofSeconds(1)).build();
        wm.stubFor(get(urlEqualTo(ME)).willReturn(okJson("{\"id\": 1}").withFixedDelay(2000)));
        long start = System.nanoTime();
        assertThatThrownBy(() -> upstream.toggl.me(credentials)).isInstanceOfSatisfying(UpstreamException.class,
                ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.UPSTREAM_TIMEOUT);
                    assertThat(ex.status()).isEqualTo(504);
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1900));
    }

    @Test
    void aResetConnectionOnAGetIsRetried() {
        UpstreamFixture upstream = UpstreamFixture.with(wm).build();
        failOnceThenSucceed(ME, aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER));
        assertThat(upstream.toggl.me(credentials).id()).isEqualTo(1);
    }

    @Test
    void anEmptyResponseOnAGetIsRetried() {
        UpstreamFixture upstream = UpstreamFixture.with(wm).build();
        failOnceThenSucceed(ME, aResponse().withFault(Fault.EMPTY_RESPONSE));
        assertThat(upstream.toggl.me(credentials).id()).isEqualTo(1);
    }

    @Test
    void aDroppedConnectionOnACreateIsNotRetried() {
        UpstreamFixture upstream = UpstreamFixture.with(wm).build();
        wm.stubFor(post(urlEqualTo(TAGS)).willReturn(aResponse().withFault(Fault.EMPTY_RESPONSE)));
        assertThatThrownBy(() -> upstream.toggl.createTag(credentials, 1, "x"))
            .isInstanceOfSatisfying(UpstreamException.class,
                    ex -> assertThat(ex.code()).isEqualTo(ErrorCode.UPSTREAM_UNAVAILABLE));
        wm.verify(1, anyRequestedFor(urlEqualTo(TAGS)));
    }

    @Test
    void htmlErrorPagesNeverReachTheDetail() {
        UpstreamFixture upstream = UpstreamFixture.with(wm).build();
        String html = "<html><head><title>502 Bad Gateway</title></head><body>nginx internal-host-7</body></html>";
        wm.stubFor(get(urlEqualTo(ME))
            .willReturn(aResponse().withStatus(502).withHeader("Content-Type", "text/html").withBody(html)));
        wm.stubFor(post(urlEqualTo(TAGS))
            .willReturn(aResponse().withStatus(400).withHeader("Content-Type", "text/html").withBody(html)));
        assertThatThrownBy(() -> upstream.toggl.me(credentials)).isInstanceOfSatisfying(UpstreamException.class,
                ex -> {
                    assertThat(ex.code()).isEqualTo(ErrorCode.UPSTREAM_UNAVAILABLE);
                    assertThat(ex.status()).isEqualTo(502);
                    assertThat(ex.getMessage()).doesNotContain("<", "nginx", "internal-host");
                });
        assertThatThrownBy(() -> upstream.toggl.createTag(credentials, 1, "x"))
            .isInstanceOfSatisfying(UpstreamException.class, ex -> {
                assertThat(ex.code()).isEqualTo(ErrorCode.UPSTREAM_BAD_REQUEST);
                assertThat(ex.getMessage()).isEqualTo(ErrorDetails.GENERIC);
            });
    }

    @Test
    void badRequestCarriesTogglsMessage() {
        UpstreamFixture upstream = UpstreamFixture.with(wm).build();
        wm.stubFor(post(urlEqualTo(TAGS)).willReturn(aResponse().withStatus(400)
            .withHeader("Content-Type", "application/json").withBody("\"Invalid project_id\"")));
        wm.stubFor(post(urlEqualTo(API + "/workspaces/2/tags"))
            .willReturn(aResponse().withStatus(400).withBody("tag name too long " + "x".repeat(1000))));
        assertThatThrownBy(() -> upstream.toggl.createTag(credentials, 1, "x"))
            .isInstanceOfSatisfying(UpstreamException.class, ex -> {
                assertThat(ex.code()).isEqualTo(ErrorCode.UPSTREAM_BAD_REQUEST);
                assertThat(ex.status()).isEqualTo(400);
                assertThat(ex.getMessage()).isEqualTo("Invalid project_id");
            });
        assertThatThrownBy(() -> upstream.toggl.createTag(credentials, 2, "x"))
            .isInstanceOfSatisfying(UpstreamException.class, ex -> {
                assertThat(ex.getMessage()).startsWith("tag name too long");
                assertThat(ex.getMessage()).hasSize(upstream.properties.errorDetailMaxLength());
            });
    }

    @Test
    void clientErrorsMapToStableCodes() {
        UpstreamFixture upstream = UpstreamFixture.with(wm).build();
        wm.stubFor(get(urlEqualTo(ME)).willReturn(aResponse().withStatus(401)));
        wm.stubFor(get(urlEqualTo(API + "/workspaces/1")).willReturn(aResponse().withStatus(403)));
        wm.stubFor(get(urlPathEqualTo(API + "/me/time_entries/5")).willReturn(aResponse().withStatus(404)));
        assertThatThrownBy(() -> upstream.toggl.me(credentials)).isInstanceOfSatisfying(UpstreamException.class,
                ex -> assertThat(ex.code()).isEqualTo(ErrorCode.MATON_KEY_INVALID));
        assertThatThrownBy(() -> upstream.toggl.workspace(credentials, 1))
            .isInstanceOfSatisfying(UpstreamException.class,
                    ex -> assertThat(ex.code()).isEqualTo(ErrorCode.UPSTREAM_FORBIDDEN));
        assertThatThrownBy(() -> upstream.toggl.timeEntry(credentials, 5))
            .isInstanceOfSatisfying(UpstreamException.class, ex -> assertThat(ex.code()).isEqualTo(ErrorCode.NOT_FOUND));
        wm.verify(3, anyRequestedFor(anyUrl()));
    }

    private static void failOnceThenSucceed(String url,
            com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder failure) {
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(urlEqualTo(url))
            .inScenario("flaky")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(failure)
            .willSetStateTo("recovered"));
        wm.stubFor(com.github.tomakehurst.wiremock.client.WireMock.any(urlEqualTo(url))
            .inScenario("flaky")
            .whenScenarioStateIs("recovered")
            .willReturn(okJson("{\"id\": 1}")));
    }

    private static void assertRetriedAfterAtLeast(Duration gap) {
        List<ServeEvent> events = wm.getAllServeEvents();
        assertThat(events).hasSize(2);
        long first = events.get(1).getRequest().getLoggedDate().getTime();
        long second = events.get(0).getRequest().getLoggedDate().getTime();
        assertThat(second - first).isGreaterThanOrEqualTo(gap.toMillis());
    }
}
