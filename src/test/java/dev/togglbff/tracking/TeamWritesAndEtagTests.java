package dev.togglbff.tracking;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.MutableClockConfiguration;
import dev.togglbff.support.TestUsers;
import dev.togglbff.support.TogglStubs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Creates through the team API honour {@code Idempotency-Key} (one upstream create however often
 * or concurrently it is sent), and cached reads revalidate with {@code ETag}.
 */
@IntegrationTest
@Import(MutableClockConfiguration.class)
class TeamWritesAndEtagTests {

    static final long WORKSPACE = 8501;

    @LocalServerPort
    int port;

    ApiClient api;
    TestUsers.SignedIn user;
    TogglStubs toggl;
    String team;

    @BeforeEach
    void team() {
        api = new ApiClient(port);
        TogglStubs.TeamOwner owner = TogglStubs.teamOwner(api, "writes", WORKSPACE, 9501);
        user = owner.user();
        toggl = owner.toggl();
        team = owner.teamPath();
        toggl.stub(get(urlPathEqualTo(toggl.workspacePath() + "/tags")),
                okJson("[" + TogglStubs.tag(601, WORKSPACE, "meetings") + "]"));
        toggl.stub(post(urlPathEqualTo(toggl.workspacePath() + "/tags")), aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withBody(TogglStubs.tag(602, WORKSPACE, "billable"))
            .withFixedDelay(300));
    }

    @Test
    void theSameCreateTwiceCreatesOnce() {
        ApiClient.Response first = api.post(team + "/tags", "{\"name\":\"billable\"}", "Authorization",
                "Bearer " + user.accessToken(), "Idempotency-Key", "create-tag-1");
        ApiClient.Response replay = api.post(team + "/tags", "{\"name\":\"billable\"}", "Authorization",
                "Bearer " + user.accessToken(), "Idempotency-Key", "create-tag-1");

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.header("Idempotent-Replayed")).contains("true");
        assertThat(first.header("Idempotent-Replayed")).isEmpty();
        assertThat(creates()).isEqualTo(1);
    }

    @Test
    void theSameCreateTwiceConcurrentlyCreatesOnce() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            Callable<ApiClient.Response> create = () -> api.post(team + "/tags", "{\"name\":\"billable\"}",
                    "Authorization", "Bearer " + user.accessToken(), "Idempotency-Key", "create-tag-concurrent");
            List<Future<ApiClient.Response>> answers = pool.invokeAll(List.of(create, create));
            ApiClient.Response a = answers.get(0).get();
            ApiClient.Response b = answers.get(1).get();
            assertThat(a.status()).isEqualTo(201);
            assertThat(b.status()).isEqualTo(201);
            assertThat(a.body()).isEqualTo(b.body());
            assertThat(List.of(a, b)).filteredOn(r -> r.header("Idempotent-Replayed").isPresent()).hasSize(1);
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(creates()).isEqualTo(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        api.post(team + "/tags", "{\"name\":\"billable\"}", "Authorization", "Bearer " + user.accessToken(),
                "Idempotency-Key", "create-tag-2");
        ApiClient.Response reused = api.post(team + "/tags", "{\"name\":\"something else\"}", "Authorization",
                "Bearer " + user.accessToken(), "Idempotency-Key", "create-tag-2");
        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.json().path("code").asString()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
        assertThat(creates()).isEqualTo(1);
    }

    @Test
    void aCreateUpdatesTheTagListAndInvalidInputSendsNothing() {
        api.get(team + "/tags", user.bearer());
        ApiClient.Response invalid = api.post(team + "/tags", "{\"name\":\"\"}", user.bearer());
        assertThat(invalid.status()).isEqualTo(400);
        assertThat(invalid.json().path("errors").get(0).path("field").asString()).isEqualTo("name");
        assertThat(creates()).isZero();

        api.post(team + "/tags", "{\"name\":\"billable\"}", user.bearer());
        ApiClient.Response tags = api.get(team + "/tags", user.bearer());
        // Toggl's answer to the create went into the cached list: no second list request, and it shows.
        assertThat(tags.json().valueStream().map(tag -> tag.path("name").asString())).contains("billable");
        assertThat(toggl.countGets(toggl.workspacePath() + "/tags")).isEqualTo(1);
    }

    @Test
    void aRepeatedReadWithItsEtagIsNotModified() {
        ApiClient.Response first = api.get(team + "/tags", user.bearer());
        String etag = first.header("ETag").orElseThrow();

        ApiClient.Response again = api.get(team + "/tags", "Authorization", "Bearer " + user.accessToken(),
                "If-None-Match", etag);
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.header("ETag")).contains(etag);
        assertThat(again.header("Cache-Status").orElseThrow()).startsWith("toggl-bff; hit");
    }

    @Test
    void queryParametersAreValidatedBeforeAnythingIsSent() {
        for (String query : List.of("/projects?active=maybe", "/projects?perPage=500", "/clients?status=gone",
                "/time-entries?from=2026-11-30&to=2026-11-01", "/time-entries?from=2026-11-01",
                "/time-entries?since=1&before=2026-11-01", "/summary?from=2026-01-01&to=2027-06-01",
                "/summary?from=2026-11-01&to=2026-11-02&groupBy=week", "/projects/abc", "/projects/-4")) {
            ApiClient.Response response = api.get(team + query, user.bearer());
            assertThat(response.status()).as(query).isEqualTo(400);
            assertThat(response.json().path("code").asString()).as(query).isEqualTo("VALIDATION_FAILED");
        }
        assertThat(MatonRequests.total(toggl)).isZero();
    }

    private int creates() {
        return toggl.count(postRequestedFor(urlPathEqualTo(toggl.workspacePath() + "/tags")));
    }

    /** Counts this key's requests to Toggl workspace data (not the key check and team creation). */
    static final class MatonRequests {

        static int total(TogglStubs toggl) {
            return toggl.count(com.github.tomakehurst.wiremock.client.WireMock
                .anyRequestedFor(com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching(
                        toggl.workspacePath() + "/.*|" + TogglStubs.API + "/me/time_entries.*")));
        }
    }
}
