package dev.togglbff.tracking;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.MutableClock;
import dev.togglbff.support.MutableClockConfiguration;
import dev.togglbff.support.TestUsers;
import dev.togglbff.support.TogglStubs;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A repeat of a cached workspace read is answered from the remembered answer, without the
 * security chain and the handler ({@code bff.reads.repeated} counts it): the same status, headers
 * and bytes as the whole way gives, and never once something it depends on has changed — a
 * write, a membership, a key, the token's validity, the copies' freshness. The whole way is
 * forced by an unrelated cookie, which a repeat never answers.
 */
@IntegrationTest
@Import(MutableClockConfiguration.class)
class RepeatReadsTests {

    static final long WORKSPACE = 8651;
    /** Headers each answer makes for itself. */
    static final Set<String> OWN = Set.of("x-request-id", "date");

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Autowired
    MutableClock clock;

    ApiClient api;
    TestUsers.SignedIn user;
    TogglStubs toggl;
    String team;

    @BeforeEach
    void team() {
        api = new ApiClient(port);
        TogglStubs.TeamOwner owner = TogglStubs.teamOwner(api, "repeat", WORKSPACE, 9651);
        user = owner.user();
        toggl = owner.toggl();
        team = owner.teamPath();
        toggl.stubProjectsClientAndTags();
    }

    @Test
    void aRepeatAnswersWithTheStatusHeadersAndBytesOfTheWholeWay() {
        remembered(team + "/projects");
        double before = repeated();

        ApiClient.Response repeat = api.get(team + "/projects", user.bearer());
        ApiClient.Response wholeWay = wholeWay(team + "/projects");

        assertThat(repeated() - before).as("repeats").isEqualTo(1);
        assertThat(repeat.status()).isEqualTo(200);
        assertThat(repeat.body()).isEqualTo(wholeWay.body());
        assertThat(headers(repeat)).isEqualTo(headers(wholeWay));
        assertThat(repeat.header("Cache-Status").orElseThrow()).startsWith("toggl-bff; hit; ttl=");
        assertThat(repeat.header("X-Request-Id")).isPresent().isNotEqualTo(wholeWay.header("X-Request-Id"));
        assertThat(repeat.json().path("items").get(1).path("clientName").asString()).isEqualTo("ACME");

        String etag = repeat.header("ETag").orElseThrow();
        ApiClient.Response notModified = api.get(team + "/projects", "Authorization", "Bearer " + user.accessToken(),
                "If-None-Match", etag);
        ApiClient.Response notModifiedWholeWay = api.get(team + "/projects", "Authorization",
                "Bearer " + user.accessToken(), "If-None-Match", etag, "Cookie", "unrelated=1");
        assertThat(repeated() - before).isEqualTo(2);
        assertThat(notModified.status()).isEqualTo(304);
        assertThat(notModified.body()).isEmpty();
        assertThat(headers(notModified)).isEqualTo(headers(notModifiedWholeWay));
        assertThat(api.get(team + "/projects", "Authorization", "Bearer " + user.accessToken(), "If-None-Match",
                "\"other\"").status()).isEqualTo(200);
    }

    @Test
    void aRepeatIsMeasuredUnderTheRouteItRepeats() {
        String route = "/api/v1/teams/{teamId}/workspace/users";
        double before = routeCount(route);
        toggl.stub(get(urlPathEqualTo(toggl.workspacePath() + "/users")),
                okJson("[{\"id\":1,\"email\":\"a@example.test\",\"fullname\":\"A\"}]"));
        remembered(team + "/workspace/users");
        double repeats = repeated();

        api.get(team + "/workspace/users", user.bearer());

        assertThat(repeated() - repeats).isEqualTo(1);
        // Four reads (a miss, the whole way, two repeats), each measured once its answer has gone out.
        await(() -> routeCount(route) - before == 4);
    }

    @Test
    void eachQueryAndRepresentationIsRememberedApart() {
        remembered(team + "/projects?perPage=1");
        double before = repeated();

        ApiClient.Response otherQuery = api.get(team + "/projects?perPage=2", user.bearer());
        ApiClient.Response otherAccept = api.get(team + "/projects?perPage=1", "Authorization",
                "Bearer " + user.accessToken(), "Accept", "application/xml");
        ApiClient.Response same = api.get(team + "/projects?perPage=1", user.bearer());

        assertThat(otherQuery.json().path("items")).hasSize(2);
        assertThat(otherAccept.status()).isEqualTo(406);
        assertThat(same.json().path("items")).hasSize(1);
        assertThat(repeated() - before).as("only the same query and Accept repeat").isEqualTo(1);
    }

    @Test
    void aWriteEndsTheRepeatsAndItsChangeShowsAtOnce() {
        remembered(team + "/tags");
        ApiClient.Response created = api.post(team + "/tags", "{\"name\":\"billable\"}", user.bearer());
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        double before = repeated();

        ApiClient.Response after = api.get(team + "/tags", user.bearer());

        assertThat(after.body()).contains("billable");
        assertThat(repeated()).as("no repeat of the answer from before the write").isEqualTo(before);
        assertThat(api.get(team + "/tags", user.bearer()).body()).contains("billable");
        assertThat(repeated() - before).as("the new answer repeats").isEqualTo(1);
    }

    @Test
    void aMemberRemovedFromTheTeamIsNotAnsweredAgain() {
        TestUsers.SignedIn member = TestUsers.register(api, "repeat-member");
        toggl.storeKey(api, member);
        ApiClient.Response added = api.post(team + "/members",
                "{\"username\":\"" + member.username() + "\",\"role\":\"MEMBER\"}", user.bearer());
        assertThat(added.status()).as(added.body()).isEqualTo(201);
        remembered(team + "/tags", member);

        ApiClient.Response removed = api.send("DELETE", team + "/members/" + member.id(), null, user.bearer());
        assertThat(removed.status()).as(removed.body()).isEqualTo(204);

        assertThat(api.get(team + "/tags", member.bearer()).status()).isIn(403, 404);
    }

    @Test
    void aRemovedKeyIsNotAnsweredAgain() {
        remembered(team + "/tags");

        ApiClient.Response removed = api.send("DELETE", "/api/v1/me/maton-key", null, user.bearer());
        assertThat(removed.status()).as(removed.body()).isEqualTo(204);

        assertThat(api.get(team + "/tags", user.bearer()).status()).isNotEqualTo(200);
    }

    @Test
    void anExpiredTokenIsRefusedThoughTheAnswerIsStillFresh() {
        // Tokens live 15 minutes (with a minute's leeway for clock skew), tags too: the tags are
        // read 14 minutes into the token's life, and asked for again 3 minutes later.
        clock.advance(Duration.ofMinutes(14));
        remembered(team + "/tags");
        clock.advance(Duration.ofMinutes(3));

        ApiClient.Response expired = api.get(team + "/tags", user.bearer());

        assertThat(expired.status()).isEqualTo(401);
    }

    @Test
    void aCopyPastItsFreshnessGoesTheWholeWay() {
        remembered(team + "/tags");
        int fetched = toggl.countGets(toggl.workspacePath() + "/tags");
        // A token signed in later, still valid when the tags (fetched at the start) are due.
        clock.advance(Duration.ofMinutes(10));
        TestUsers.SignedIn later = TestUsers.signIn(api, user.username(), user.id());
        assertThat(api.get(team + "/tags", later.bearer()).status()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(6));
        double before = repeated();

        ApiClient.Response due = api.get(team + "/tags", later.bearer());

        assertThat(due.status()).isEqualTo(200);
        assertThat(due.header("Cache-Status").orElseThrow()).contains("detail=revalidating");
        assertThat(repeated()).isEqualTo(before);
        await(() -> toggl.countGets(toggl.workspacePath() + "/tags") > fetched);
    }

    @Test
    void requestsWithACookieOrAnOriginGoTheWholeWay() {
        remembered(team + "/tags");
        double before = repeated();

        wholeWay(team + "/tags");
        api.get(team + "/tags", "Authorization", "Bearer " + user.accessToken(), "Origin", "https://app.example.test");

        assertThat(repeated()).isEqualTo(before);
    }

    /** Reads the target until a repeat of it is remembered: the first read may fetch, the second goes the whole way. */
    private void remembered(String path) {
        remembered(path, user);
    }

    private void remembered(String path, TestUsers.SignedIn caller) {
        assertThat(api.get(path, caller.bearer()).status()).isEqualTo(200);
        ApiClient.Response hit = api.get(path, caller.bearer());
        assertThat(hit.status()).isEqualTo(200);
        assertThat(hit.header("Cache-Status").orElseThrow()).startsWith("toggl-bff; hit;");
        double before = repeated();
        assertThat(api.get(path, caller.bearer()).status()).isEqualTo(200);
        assertThat(repeated() - before).as("the third read of " + path + " is a repeat").isEqualTo(1);
    }

    private ApiClient.Response wholeWay(String path) {
        return api.get(path, "Authorization", "Bearer " + user.accessToken(), "Cookie", "unrelated=1");
    }

    private static Map<String, List<String>> headers(ApiClient.Response response) {
        Map<String, List<String>> headers = new TreeMap<>();
        response.headers().map().forEach((name, values) -> {
            if (!OWN.contains(name.toLowerCase(java.util.Locale.ROOT))) {
                headers.put(name.toLowerCase(java.util.Locale.ROOT), values);
            }
        });
        return headers;
    }

    private double repeated() {
        return meters.get("bff.reads.repeated").counter().count();
    }

    private double routeCount(String uri) {
        var timer = meters.find("http.server.requests")
            .tag("uri", uri)
            .tag("method", "GET")
            .tag("status", "200")
            .timer();
        return timer == null ? 0 : timer.count();
    }

    private static void await(java.util.function.BooleanSupplier condition) {
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(10)).until(condition::getAsBoolean);
    }
}
