package dev.togglbff.tracking;

import java.time.Duration;

import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.MutableClock;
import dev.togglbff.support.MutableClockConfiguration;
import dev.togglbff.support.TestUsers;
import dev.togglbff.support.TogglStubs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * When Toggl fails after an entry expired, the stale entry answers (marked as such); without
 * one, the caller gets the mapped error.
 */
@IntegrationTest
@Import(MutableClockConfiguration.class)
class StaleOnErrorTests {

    static final long WORKSPACE = 8301;
    static final String TAGS = "[" + TogglStubs.tag(601, WORKSPACE, "meetings") + "]";

    /** bff.cache.ttl.tags and bff.cache.max-stale as in application.yml. */
    static final Duration TAGS_TTL = Duration.ofMinutes(15);
    static final Duration MAX_STALE = Duration.ofHours(1);
    /** bff.cache.stale-while-revalidate: past it, a due entry is refreshed before it answers. */
    static final Duration SWR = Duration.ofMinutes(10);

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    ApiClient api;
    TestUsers.SignedIn user;
    TogglStubs toggl;
    String team;

    @BeforeEach
    void team() {
        api = new ApiClient(port);
        TogglStubs.TeamOwner owner = TogglStubs.teamOwner(api, "stale", WORKSPACE, 9301);
        user = owner.user();
        toggl = owner.toggl();
        team = owner.teamPath();
    }

    static ResponseDefinitionBuilder quotaSpent() {
        return aResponse().withStatus(402)
            .withHeader("X-Toggl-Quota-Remaining", "0")
            .withHeader("X-Toggl-Quota-Resets-In", "1200")
            .withHeader("Content-Type", "application/json")
            .withBody("\"You have hit your hourly quota\"");
    }

    static ResponseDefinitionBuilder serverError() {
        return aResponse().withStatus(500).withBody("<html><body>oops</body></html>");
    }

    static ResponseDefinitionBuilder stall() {
        return okJson(TAGS).withFixedDelay(3000);
    }

    @Test
    void spentQuotaAnswersFromTheStaleEntry() {
        assertStaleAfter(quotaSpent());
    }

    @Test
    void serverErrorAnswersFromTheStaleEntry() {
        assertStaleAfter(serverError());
    }

    @Test
    void stallAnswersFromTheStaleEntry() {
        assertStaleAfter(stall());
    }

    @Test
    void aRefreshedEntryKeepsItsStaleFallbackPastItsFirstExpiry() {
        toggl.stub(get(urlPathEqualTo(toggl.workspacePath() + "/tags")), okJson(TAGS));
        api.get(team + "/tags", user.bearer());
        // Refreshed in the background once it is due...
        clock.advance(TAGS_TTL.plusMinutes(1));
        user = TestUsers.signIn(api, user.username(), user.id());
        assertThat(api.get(team + "/tags", user.bearer()).header("Cache-Status").orElseThrow())
            .startsWith("toggl-bff; hit; detail=revalidating");
        await().untilAsserted(() -> assertThat(toggl.countGets(toggl.workspacePath() + "/tags")).isEqualTo(2));
        // ...so past first fetch + TTL + max-stale it still stands in when Toggl fails.
        toggl.stub(get(urlPathEqualTo(toggl.workspacePath() + "/tags")), serverError(), 1);
        clock.advance(MAX_STALE);
        user = TestUsers.signIn(api, user.username(), user.id());
        ApiClient.Response stale = api.get(team + "/tags", user.bearer());
        assertThat(stale.status()).as(stale.body()).isEqualTo(200);
        assertThat(stale.header("Cache-Status").orElseThrow()).startsWith("toggl-bff; hit; detail=stale");
    }

    @Test
    void aRecentlyDueEntryAnswersAtOnceWhileItIsRefreshed() {
        toggl.stub(get(urlPathEqualTo(toggl.workspacePath() + "/tags")), okJson(TAGS));
        ApiClient.Response fresh = api.get(team + "/tags", user.bearer());
        toggl.stub(get(urlPathEqualTo(toggl.workspacePath() + "/tags")),
                okJson("[" + TogglStubs.tag(602, WORKSPACE, "renamed elsewhere") + "]"), 1);
        clock.advance(TAGS_TTL.plusMinutes(2));
        user = TestUsers.signIn(api, user.username(), user.id());

        ApiClient.Response revalidating = api.get(team + "/tags", user.bearer());
        assertThat(revalidating.body()).isEqualTo(fresh.body());
        assertThat(revalidating.header("Cache-Status").orElseThrow())
            .isEqualTo("toggl-bff; hit; detail=revalidating; ttl=-120");
        await().untilAsserted(() -> {
            ApiClient.Response refreshed = api.get(team + "/tags", user.bearer());
            assertThat(refreshed.json().get(0).path("name").asString()).isEqualTo("renamed elsewhere");
            assertThat(refreshed.header("Cache-Status").orElseThrow()).startsWith("toggl-bff; hit; ttl=");
            assertThat(refreshed.header("Age")).contains("0");
        });
        assertThat(toggl.countGets(toggl.workspacePath() + "/tags")).isEqualTo(2);
    }

    @Test
    void withoutAnEntryTheSpentQuotaIsAnErrorWithRetryAfter() {
        toggl.stub(get(urlPathEqualTo(toggl.workspacePath() + "/tags")), quotaSpent());
        ApiClient.Response response = api.get(team + "/tags", user.bearer());
        assertThat(response.status()).isEqualTo(429);
        assertThat(response.json().path("code").asString()).isEqualTo("TOGGL_QUOTA_EXHAUSTED");
        assertThat(Long.parseLong(response.header("Retry-After").orElseThrow())).isBetween(1100L, 1200L);

        // No further request is sent to Toggl before the reset.
        assertThat(api.get(team + "/clients", user.bearer()).status()).isEqualTo(429);
        assertThat(toggl.countGets(toggl.workspacePath() + "/tags")).isEqualTo(1);
        assertThat(toggl.countGets(toggl.workspacePath() + "/clients")).isZero();
    }

    @Test
    void withoutAnEntryAServerErrorIsUpstreamUnavailable() {
        toggl.stub(get(urlPathEqualTo(toggl.workspacePath() + "/tags")), serverError());
        ApiClient.Response response = api.get(team + "/tags", user.bearer());
        assertThat(response.status()).isIn(502, 503);
        assertThat(response.json().path("code").asString()).isEqualTo("UPSTREAM_UNAVAILABLE");
        assertThat(response.body()).doesNotContain("<html>");
    }

    @Test
    void withoutAnEntryAStallIsATimeout() {
        toggl.stub(get(urlPathEqualTo(toggl.workspacePath() + "/tags")), stall());
        ApiClient.Response response = api.get(team + "/tags", user.bearer());
        assertThat(response.status()).isEqualTo(504);
        assertThat(response.json().path("code").asString()).isEqualTo("UPSTREAM_TIMEOUT");
    }

    private void assertStaleAfter(ResponseDefinitionBuilder failure) {
        toggl.stub(get(urlPathEqualTo(toggl.workspacePath() + "/tags")), okJson(TAGS));
        ApiClient.Response fresh = api.get(team + "/tags", user.bearer());
        assertThat(fresh.status()).isEqualTo(200);

        toggl.stub(get(urlPathEqualTo(toggl.workspacePath() + "/tags")), failure, 1);
        Duration overdue = SWR.plusMinutes(1);
        clock.advance(TAGS_TTL.plus(overdue));
        user = TestUsers.signIn(api, user.username(), user.id());
        ApiClient.Response stale = api.get(team + "/tags", user.bearer());

        assertThat(stale.status()).as(stale.body()).isEqualTo(200);
        assertThat(stale.header("Cache-Status").orElseThrow()).startsWith("toggl-bff; hit; detail=stale")
            .endsWith("; ttl=-" + overdue.toSeconds());
        assertThat(stale.header("Age")).contains(Long.toString(TAGS_TTL.plus(overdue).toSeconds()));
        assertThat(stale.body()).isEqualTo(fresh.body());
        assertThat(toggl.countGets(toggl.workspacePath() + "/tags")).isGreaterThanOrEqualTo(2);
    }
}
