package dev.togglbff.tracking;

import java.util.ArrayList;
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
import static com.github.tomakehurst.wiremock.client.WireMock.delete;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/** Reads are served from the per-key cache; writes evict exactly what they changed. */
@IntegrationTest
@Import(MutableClockConfiguration.class)
class CachingTests {

    static final long WORKSPACE = 8201;

    @LocalServerPort
    int port;

    @org.springframework.beans.factory.annotation.Autowired
    dev.togglbff.support.MutableClock clock;

    ApiClient api;
    TestUsers.SignedIn user;
    TogglStubs toggl;
    String team;

    @BeforeEach
    void team() {
        api = new ApiClient(port);
        TogglStubs.TeamOwner owner = TogglStubs.teamOwner(api, "cache", WORKSPACE, 9201);
        user = owner.user();
        toggl = owner.toggl();
        team = owner.teamPath();
        toggl.stub(get(urlPathEqualTo(toggl.workspacePath() + "/tags")),
                okJson("[" + TogglStubs.tag(601, WORKSPACE, "meetings") + "]"));
        toggl.stub(get(urlPathEqualTo(toggl.workspacePath() + "/clients")),
                okJson("[" + TogglStubs.client(301, WORKSPACE, "ACME") + "]"));
        toggl.stub(get(urlPathEqualTo(toggl.workspacePath() + "/projects")),
                okJson("[" + TogglStubs.project(501, WORKSPACE, "Website", "#06aaf5", 301L) + "]"));
    }

    @Test
    void aSecondReadMakesNoUpstreamRequest() {
        ApiClient.Response first = api.get(team + "/tags", user.bearer());
        ApiClient.Response second = api.get(team + "/tags", user.bearer());

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Cache-Status").orElseThrow()).startsWith("toggl-bff; fwd=miss");
        assertThat(second.header("Cache-Status").orElseThrow()).startsWith("toggl-bff; hit");
        assertThat(second.body()).isEqualTo(first.body());
        assertThat(toggl.countGets(toggl.workspacePath() + "/tags")).isEqualTo(1);
    }

    @Test
    void projectWritesUpdateTheWritersListWithoutAnotherRequest() {
        String ws = toggl.workspacePath();
        String created = TogglStubs.project(502, WORKSPACE, "New", "#c56bff", null);
        String renamed = TogglStubs.project(502, WORKSPACE, "Renamed", "#c56bff", null);
        toggl.stub(post(urlPathEqualTo(ws + "/projects")), okJson(created));
        toggl.stub(put(urlPathEqualTo(ws + "/projects/502")), okJson(renamed));
        toggl.stub(delete(urlPathEqualTo(ws + "/projects/502")), okJson("502"));

        ApiClient.Response page = api.get(team + "/projects", user.bearer());
        assertThat(page.json().path("items").get(0).path("clientName").asString()).isEqualTo("ACME");
        api.get(team + "/projects?active=both&page=2&perPage=1", user.bearer());
        assertThat(projectListReads()).as("every page and filter is cut from one list").isEqualTo(1);

        assertThat(api.post(team + "/projects", "{\"name\":\"New\",\"color\":\"#c56bff\"}", user.bearer()).status())
            .isEqualTo(201);
        assertThat(names(api.get(team + "/projects", user.bearer()))).containsExactly("New", "Website");

        assertThat(api.send("PATCH", team + "/projects/502", "{\"name\":\"Renamed\"}", user.bearer()).status())
            .isEqualTo(200);
        assertThat(names(api.get(team + "/projects", user.bearer()))).containsExactly("Renamed", "Website");

        assertThat(api.send("DELETE", team + "/projects/502", null, user.bearer()).status()).isEqualTo(204);
        assertThat(names(api.get(team + "/projects", user.bearer()))).containsExactly("Website");
        assertThat(projectListReads()).as("writes went into the cached list").isEqualTo(1);

        // Tags were not touched by any of it.
        api.get(team + "/tags", user.bearer());
        api.get(team + "/tags", user.bearer());
        assertThat(toggl.countGets(ws + "/tags")).isEqualTo(1);
    }

    @Test
    void aWriteWhileTheListIsRefreshedIsNotLostToTheRefresh() throws Exception {
        String ws = toggl.workspacePath();
        String website = TogglStubs.project(501, WORKSPACE, "Website", "#06aaf5", 301L);
        String created = TogglStubs.project(503, WORKSPACE, "Created", "#c56bff", null);
        toggl.stub(post(urlPathEqualTo(ws + "/projects")), okJson(created));
        assertThat(names(api.get(team + "/projects", user.bearer()))).containsExactly("Website");
        // Past freshness and stale-while-revalidate: the next read refreshes before it answers, and
        // Toggl takes its time to answer that refresh with the list as it is before the create.
        clock.advance(java.time.Duration.ofMinutes(26));
        TestUsers.SignedIn later = TestUsers.signIn(api, user.username(), user.id());
        toggl.stub(get(urlPathEqualTo(ws + "/projects")),
                aResponse().withStatus(200).withHeader("Content-Type", "application/json")
                    .withBody("[" + website + "]").withFixedDelay(800));
        int asked = projectListReads();
        ExecutorService reader = Executors.newSingleThreadExecutor();
        try {
            Future<ApiClient.Response> refreshing = reader.submit(() -> api.get(team + "/projects", later.bearer()));
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> projectListReads() > asked);

            assertThat(api.post(team + "/projects", "{\"name\":\"Created\",\"color\":\"#c56bff\"}",
                    later.bearer()).status()).isEqualTo(201);
            assertThat(refreshing.get(10, java.util.concurrent.TimeUnit.SECONDS).status()).isEqualTo(200);
        }
        finally {
            reader.shutdownNow();
        }
        // From now on Toggl lists the created project too.
        toggl.stub(get(urlPathEqualTo(ws + "/projects")), okJson("[" + website + "," + created + "]"));

        assertThat(names(api.get(team + "/projects", later.bearer()))).containsExactly("Created", "Website");
    }

    @Test
    void aWriteMakesOtherKeysOfTheWorkspaceAskAgain() {
        TestUsers.SignedIn other = TestUsers.register(api, "cache-teammate");
        TogglStubs otherToggl = TogglStubs.forNewKey(WORKSPACE, 9201);
        String otherTeam = "/api/v1/teams/" + otherToggl.keyAndTeam(api, other);
        String ws = otherToggl.workspacePath();
        otherToggl.stub(get(urlPathEqualTo(ws + "/tags")), okJson("[" + TogglStubs.tag(601, WORKSPACE, "meetings") + "]"));
        toggl.stub(post(urlPathEqualTo(toggl.workspacePath() + "/tags")), okJson(TogglStubs.tag(602, WORKSPACE, "new")));

        api.get(otherTeam + "/tags", other.bearer());
        assertThat(api.post(team + "/tags", "{\"name\":\"new\"}", user.bearer()).status()).isEqualTo(201);
        api.get(otherTeam + "/tags", other.bearer());
        assertThat(otherToggl.countGets(ws + "/tags")).isEqualTo(2);
    }

    private static List<String> names(ApiClient.Response page) {
        return page.json().path("items").valueStream().map(item -> item.path("name").asString()).toList();
    }

    @Test
    void fiftyConcurrentReadsOfAColdEntryMakeOneUpstreamRequest() throws Exception {
        toggl.stub(get(urlPathEqualTo(toggl.workspacePath() + "/tags")), aResponse().withStatus(200)
            .withHeader("Content-Type", "application/json")
            .withBody("[" + TogglStubs.tag(601, WORKSPACE, "meetings") + "]")
            .withFixedDelay(300), 1);
        ExecutorService pool = Executors.newFixedThreadPool(50);
        try {
            List<Callable<ApiClient.Response>> reads = new ArrayList<>();
            for (int i = 0; i < 50; i++) {
                reads.add(() -> api.get(team + "/tags", user.bearer()));
            }
            List<Future<ApiClient.Response>> answers = pool.invokeAll(reads);
            for (Future<ApiClient.Response> answer : answers) {
                assertThat(answer.get().status()).isEqualTo(200);
                assertThat(answer.get().json().get(0).path("name").asString()).isEqualTo("meetings");
            }
        }
        finally {
            pool.shutdownNow();
        }
        assertThat(toggl.countGets(toggl.workspacePath() + "/tags")).isEqualTo(1);
    }

    @Test
    void twoUsersNeverShareAnEntry() {
        TestUsers.SignedIn other = TestUsers.register(api, "cache-other");
        TogglStubs otherToggl = TogglStubs.forNewKey(WORKSPACE, 9201);
        String otherTeam = "/api/v1/teams/" + otherToggl.keyAndTeam(api, other);
        otherToggl.stub(get(urlPathEqualTo(otherToggl.workspacePath() + "/tags")),
                okJson("[" + TogglStubs.tag(602, WORKSPACE, "only for the other key") + "]"));

        assertThat(api.get(team + "/tags", user.bearer()).json().get(0).path("name").asString()).isEqualTo("meetings");
        ApiClient.Response theirs = api.get(otherTeam + "/tags", other.bearer());
        assertThat(theirs.header("Cache-Status").orElseThrow()).startsWith("toggl-bff; fwd=miss");
        assertThat(theirs.json().get(0).path("name").asString()).isEqualTo("only for the other key");
        assertThat(toggl.countGets(toggl.workspacePath() + "/tags")).isEqualTo(1);
        assertThat(otherToggl.countGets(otherToggl.workspacePath() + "/tags")).isEqualTo(1);
    }

    @Test
    void replacingTheKeyEvictsWhatWasCachedForTheOldOne() {
        api.get(team + "/tags", user.bearer());
        TogglStubs replacement = TogglStubs.forNewKey(WORKSPACE, 9201);
        replacement.stub(get(urlPathEqualTo(replacement.workspacePath() + "/tags")),
                okJson("[" + TogglStubs.tag(603, WORKSPACE, "seen with the new key") + "]"));
        replacement.storeKey(api, user);

        ApiClient.Response afterReplace = api.get(team + "/tags", user.bearer());
        assertThat(afterReplace.json().get(0).path("name").asString()).isEqualTo("seen with the new key");
        assertThat(replacement.countGets(replacement.workspacePath() + "/tags")).isEqualTo(1);
    }

    private int projectListReads() {
        return toggl.count(getRequestedFor(urlPathEqualTo(toggl.workspacePath() + "/projects"))
            .withQueryParam("active", equalTo("both")));
    }
}
