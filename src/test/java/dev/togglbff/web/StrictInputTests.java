package dev.togglbff.web;

import java.util.function.Supplier;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.matching.RequestPatternBuilder;
import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.MatonStub;
import dev.togglbff.support.TestUsers;
import dev.togglbff.support.TogglStubs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Input of the wrong JSON type is refused, not converted: each of these was silently accepted (and
 * most reached Toggl) before JSON, path and query input became strict.
 */
@IntegrationTest
class StrictInputTests {

    @LocalServerPort
    int port;

    ApiClient api;
    TogglStubs.TeamOwner owner;

    @BeforeEach
    void team() {
        api = new ApiClient(port);
        owner = TogglStubs.teamOwner(api, "strict", 8901, 9901);
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"name\":\"Team\",\"workspaceId\":8901.7}", "{\"name\":123,\"workspaceId\":8901}",
            "{\"name\":true,\"workspaceId\":8901}", "{\"name\":\"Team\",\"workspaceId\":\"8901\"}",
            "{\"name\":\"Team\",\"workspaceId\":8901,\"extra\":1}", "{\"name\":\"Te\\u0000am\",\"workspaceId\":8901}",
            "{\"name\":\"Team\",\"name\":\"Other\",\"workspaceId\":8901}",
            "{\"name\":\"Te\\ud800am\",\"workspaceId\":8901}", "{\"name\":\"Team\\udc00\",\"workspaceId\":8901}",
            "{\"name\":\"\\udc00\\ud800\",\"workspaceId\":8901}" })
    void teamCreatesTakeNoCoercedValues(String body) {
        assertRefused(() -> api.post("/api/v1/teams", body, owner.user().bearer()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"username\":\"someone\",\"role\":0}", "{\"username\":\"someone\",\"role\":\"admin\"}",
            "{\"username\":\"someone\",\"role\":\"CAPTAIN\"}", "{\"username\":42,\"role\":\"MEMBER\"}" })
    void rolesAreNamesOnly(String body) {
        assertRefused(() -> api.post(owner.teamPath() + "/members", body, owner.user().bearer()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"start\":1700000000}", "{\"start\":\"\"}", "{\"start\":\"   \"}",
            "{\"start\":\"2026-11-23T09:00:00Z\",\"stop\":\"\"}", "{\"start\":\"+10000-01-01T00:00:00Z\"}",
            "{\"start\":\"2026-11-23T09:00:00\"}", "{\"start\":\"2026-11-23T09:00:00Z\",\"billable\":\"true\"}",
            "{\"start\":\"2026-11-23T09:00:00Z\",\"billable\":1}", "{\"start\":\"2026-11-23T09:00:00Z\",\"projectId\":1.5}",
            "{\"start\":\"2026-11-23T09:00:00Z\",\"description\":7}",
            "{\"start\":\"2026-11-23T09:00:00Z\",\"description\":\"half a pair \\ud83d\"}", "{\"start\":\"2026-11-23T09:00:00Z\",\"tagIds\":[\"1\"]}" })
    void timeEntriesTakeTypedFieldsAndTimesInRange(String body) {
        assertRefused(() -> api.post(owner.teamPath() + "/time-entries", body, owner.user().bearer()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "POST /time-entries {\"start\":\"2026-11-23T09:00:00Z\",\"tagIds\":[5,6,5]}",
            "POST /timer/start {\"tagIds\":[5,5]}", "PATCH /time-entries/42 {\"tagIds\":[7,7]}" })
    void aTagIsNamedOnceInAnEntry(String request) {
        String[] parts = request.split(" ", 3);
        ApiClient.Response refused = assertRefused(
                () -> api.send(parts[0], owner.teamPath() + parts[1], parts[2], owner.user().bearer()));
        assertThat(refused.json().path("errors").get(0).path("field").asString()).isEqualTo("tagIds");
    }

    @ParameterizedTest
    @ValueSource(strings = { "/projects/0x10", "/projects/%EF%BC%91%EF%BC%92", "/projects/+5", "/projects/1.0",
            "/time-entries/%201", "/projects?page=0x2", "/time-entries?since=1e9", "/time-entries?before=%2B10000-01-01",
            "/time-entries?from=2026-01-01&to=%2B10000-01-01", "/time-entries?since=253402300800" })
    void pathAndQueryNumbersAndDatesArePlain(String path) {
        assertRefused(() -> api.get(owner.teamPath() + path, owner.user().bearer()));
    }

    @ParameterizedTest
    @ValueSource(strings = { "{\"apiKey\":\"key\\u0000with-nul\"}", "{\"apiKey\":\"ключ\"}",
            "{\"apiKey\":\"key\\u007f\"}", "{\"apiKey\":12345}" })
    void matonKeysArePrintableAscii(String body) {
        TestUsers.SignedIn user = TestUsers.register(api, "strict-key");
        assertRefused(() -> api.send("PUT", "/api/v1/me/maton-key", body, user.bearer()));
    }

    @Test
    void aWholeSurrogatePairIsText() {
        ApiClient.Response response = api.post("/api/v1/teams",
                "{\"name\":\"Rockets \\ud83d\\ude80\",\"workspaceId\":8901}", owner.user().bearer());
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().path("name").asString()).isEqualTo("Rockets \uD83D\uDE80");
    }

    @Test
    void aJsonBodyMustSayWhichMediaTypeItIs() {
        ApiClient.Response response = api.post("/api/v1/teams", "{\"name\":\"Team\",\"workspaceId\":8901}",
                "Authorization", owner.user().bearer()[1], "Content-Type", "application/*");
        assertThat(response.status()).as(response.body()).isEqualTo(415);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void theErrorPageAskedForDirectlyIsNotFound() {
        ApiClient.Response response = api.get("/error");
        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().path("code").asString()).isEqualTo("NOT_FOUND");
    }

    private ApiClient.Response assertRefused(Supplier<ApiClient.Response> request) {
        long before = upstreamRequests();
        ApiClient.Response response = request.get();
        assertThat(response.status()).as(response.body()).isEqualTo(400);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("code").asString()).isEqualTo("VALIDATION_FAILED");
        assertThat(upstreamRequests()).as("requests to Maton/Toggl").isEqualTo(before);
        return response;
    }

    private static long upstreamRequests() {
        WireMockServer maton = MatonStub.server();
        return maton.countRequestsMatching(RequestPatternBuilder.allRequests().build()).getCount();
    }
}
