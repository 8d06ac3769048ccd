package dev.togglbff.sandbox;

import java.time.Duration;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.MutableClock;
import dev.togglbff.support.MutableClockConfiguration;
import org.junit.jupiter.api.BeforeEach;
import tools.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Each fault a developer can provoke through {@code /sandbox/admin} reaches the frontend as the
 * API contract says, through the real upstream client (backoff, quota ledger, cache).
 */
@IntegrationTest
@Import(MutableClockConfiguration.class)
class SandboxFaultsTests {

    @LocalServerPort
    int port;

    @Autowired
    MutableClock clock;

    SandboxUser sandbox;

    @BeforeEach
    void team() {
        sandbox = SandboxUser.withTeam(new ApiClient(port), "faults");
    }

    @Test
    void aSpentWorkspaceQuotaIsTogglQuotaExhaustedWithTheTimeToTheReset() {
        sandbox.admin("POST", "/quota/spend", "{\"bucket\":\"WORKSPACE\"}");

        ApiClient.Response tags = sandbox.get(sandbox.team + "/tags");

        assertProblem(tags, 429, "TOGGL_QUOTA_EXHAUSTED");
        assertThat(Long.parseLong(tags.header("Retry-After").orElseThrow())).isBetween(3000L, 3600L);
        // The ledger remembers: no further call is sent for that bucket until the reset.
        assertProblem(sandbox.get(sandbox.team + "/clients"), 429, "TOGGL_QUOTA_EXHAUSTED");
        assertThat(sandbox.admin("GET", "/state", null).json().path("quota").path("WORKSPACE").path("remaining")
            .asInt()).isZero();
    }

    @Test
    void aSpentQuotaIsAnsweredFromAStaleEntryWhenOneIsCached() {
        ApiClient.Response fresh = sandbox.get(sandbox.team + "/tags");
        assertThat(fresh.status()).as(fresh.body()).isEqualTo(200);
        // Past the tags' freshness (15 minutes): the first read answers at once and refreshes in the background.
        clock.advance(Duration.ofMinutes(14));
        sandbox.admin("POST", "/quota/spend", "{\"bucket\":\"WORKSPACE\"}");
        clock.advance(Duration.ofMinutes(2));
        sandbox.signInAgain();
        assertThat(sandbox.get(sandbox.team + "/tags").header("Cache-Status").orElseThrow())
            .startsWith("toggl-bff; hit; detail=revalidating");

        // The refresh met the spent quota (402): the copy goes on answering, no further request is tried.
        ApiClient.Response stale = await().until(() -> sandbox.get(sandbox.team + "/tags"),
                answer -> answer.header("Cache-Status").orElseThrow().startsWith("toggl-bff; hit; detail=budget"));
        assertThat(stale.header("X-Toggl-Quota-Remaining")).contains("0");
        assertThat(stale.status()).as(stale.body()).isEqualTo(200);
        assertThat(stale.body()).isEqualTo(fresh.body());
    }

    @Test
    void aSpentUserQuotaStopsTheTimer() {
        sandbox.admin("POST", "/quota/spend", "{\"bucket\":\"USER\"}");

        assertProblem(sandbox.get(sandbox.team + "/timer"), 429, "TOGGL_QUOTA_EXHAUSTED");
    }

    @Test
    void thePlanSetsTheWorkspaceQuotaTheServiceSees() {
        sandbox.admin("PUT", "/plan", "{\"plan\":\"FREE\"}");

        assertThat(sandbox.get(sandbox.team + "/tags").status()).isEqualTo(200);

        ApiClient.Response quota = sandbox.get("/api/v1/me/quota");
        assertThat(quota.status()).as(quota.body()).isEqualTo(200);
        assertThat(quota.body()).contains("\"scope\":\"organization:9000001\"");
        JsonNode organization = null;
        for (JsonNode entry : quota.json()) {
            if (entry.path("scope").asString().startsWith("organization:")) {
                organization = entry;
            }
        }
        assertThat(organization).isNotNull();
        assertThat(organization.path("remaining").asInt()).isEqualTo(29);
    }

    @Test
    void aFeatureMissingFromThePlanIsFeatureUnavailable() {
        sandbox.queue("{\"type\":\"PLAN_LIMIT\"}");

        ApiClient.Response created = sandbox.api.post(sandbox.team + "/tags", "{\"name\":\"premium-only\"}",
                sandbox.user.bearer());

        assertProblem(created, 402, "FEATURE_UNAVAILABLE");
    }

    @Test
    void aRateLimitWithRetryAfterIsWaitedOutAndSucceeds() {
        sandbox.queue("{\"type\":\"RATE_LIMIT\",\"retryAfterSeconds\":1}");

        ApiClient.Response tags = sandbox.get(sandbox.team + "/tags");

        assertThat(tags.status()).as(tags.body()).isEqualTo(200);
        assertThat(sandbox.admin("GET", "/state", null).json().path("queuedFaults").isEmpty()).isTrue();
    }

    @Test
    void aRateLimitWithoutRetryAfterIsBackedOffAndSucceeds() {
        sandbox.queue("{\"type\":\"RATE_LIMIT\",\"count\":2}");

        ApiClient.Response tags = sandbox.get(sandbox.team + "/tags");

        assertThat(tags.status()).as(tags.body()).isEqualTo(200);
    }

    @Test
    void aRateLimitThatOutlastsTheRetriesIsUpstreamRateLimited() {
        sandbox.queue("{\"type\":\"RATE_LIMIT\",\"count\":3}");

        ApiClient.Response tags = sandbox.get(sandbox.team + "/tags");

        assertProblem(tags, 429, "UPSTREAM_RATE_LIMITED");
        assertThat(tags.header("Retry-After")).isPresent();
    }

    @Test
    void aRetryAfterLongerThanTheServiceWaitsIsPassedOn() {
        sandbox.queue("{\"type\":\"RATE_LIMIT\",\"retryAfterSeconds\":120}");

        ApiClient.Response tags = sandbox.get(sandbox.team + "/tags");

        assertProblem(tags, 429, "UPSTREAM_RATE_LIMITED");
        assertThat(tags.header("Retry-After")).contains("120");
    }

    @Test
    void aServerErrorOnAReadIsRetriedAndSucceeds() {
        sandbox.queue("{\"type\":\"SERVER_ERROR\",\"status\":500}");

        assertThat(sandbox.get(sandbox.team + "/tags").status()).isEqualTo(200);
    }

    @Test
    void aServerErrorThatOutlastsTheRetriesIsUpstreamUnavailable() {
        sandbox.queue("{\"type\":\"SERVER_ERROR\",\"count\":3}");

        ApiClient.Response tags = sandbox.get(sandbox.team + "/tags");

        assertProblem(tags, 503, "UPSTREAM_UNAVAILABLE");
        assertThat(tags.body()).doesNotContain("<html>");
    }

    @Test
    void aServerErrorOnACreateIsNotRepeated() {
        sandbox.queue("{\"type\":\"SERVER_ERROR\",\"status\":500}");

        ApiClient.Response started = sandbox.api.post(sandbox.team + "/timer/start", "{\"description\":\"x\"}",
                sandbox.user.bearer());

        assertProblem(started, 502, "UPSTREAM_UNAVAILABLE");
        assertThat(sandbox.get(sandbox.team + "/timer").status()).isEqualTo(204);
    }

    @Test
    void aStalledAnswerIsUpstreamTimeout() {
        sandbox.queue("{\"type\":\"STALL\"}");

        assertProblem(sandbox.get(sandbox.team + "/tags"), 504, "UPSTREAM_TIMEOUT");
    }

    @Test
    void resetClearsFaultsAndQuota() {
        sandbox.queue("{\"type\":\"SERVER_ERROR\",\"count\":5}");
        sandbox.admin("POST", "/quota/spend", "{\"bucket\":\"USER\"}");

        ApiClient.Response state = sandbox.admin("POST", "/reset", null);

        assertThat(state.json().path("queuedFaults").isEmpty()).isTrue();
        assertThat(state.json().path("quota").path("USER").path("remaining").asInt()).isEqualTo(30);
        assertThat(sandbox.get(sandbox.team + "/tags").status()).isEqualTo(200);
    }

    @Test
    void adminRefusesCallsWithoutASandboxKey() {
        ApiClient.Response refused = sandbox.api.post("/sandbox/admin/reset", null, "Authorization",
                "Bearer not-a-sandbox-key");
        assertProblem(refused, 401, "UNAUTHENTICATED");
        ApiClient.Response invalid = sandbox.api.post("/sandbox/admin/faults", "{\"type\":\"EARTHQUAKE\"}",
                "Authorization", "Bearer " + sandbox.key);
        assertProblem(invalid, 400, "VALIDATION_FAILED");
    }

    private static void assertProblem(ApiClient.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("code").asString()).isEqualTo(code);
    }
}
