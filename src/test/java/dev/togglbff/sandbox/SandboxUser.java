package dev.togglbff.sandbox;

import java.util.UUID;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.MatonStub;
import dev.togglbff.support.TestUsers;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A user of the service with a fresh sandbox key (so a fresh sandbox account) and, once asked, a
 * team on the sandbox workspace; steers the sandbox through its admin endpoint.
 */
final class SandboxUser {

    static final long WORKSPACE = 9_100_001;

    final ApiClient api;
    TestUsers.SignedIn user;
    final String key = "sandbox_" + UUID.randomUUID();
    String team = "";

    private SandboxUser(ApiClient api, TestUsers.SignedIn user) {
        this.api = api;
        this.user = user;
    }

    /** Registers, signs in and stores a new sandbox key through the API. */
    static SandboxUser withKey(ApiClient api, String prefix) {
        SandboxUser sandbox = new SandboxUser(api, TestUsers.register(api, prefix));
        ApiClient.Response stored = api.send("PUT", "/api/v1/me/maton-key", "{\"apiKey\":\"" + sandbox.key + "\"}",
                sandbox.user.bearer());
        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        return sandbox;
    }

    /** {@link #withKey} and a team on the sandbox workspace, owned by the user. */
    static SandboxUser withTeam(ApiClient api, String prefix) {
        SandboxUser sandbox = withKey(api, prefix);
        ApiClient.Response team = api.post("/api/v1/teams",
                "{\"name\":\"Sandbox team\",\"workspaceId\":" + WORKSPACE + "}", sandbox.user.bearer());
        assertThat(team.status()).as(team.body()).isEqualTo(201);
        sandbox.team = "/api/v1/teams/" + team.json().path("id").asString();
        return sandbox;
    }

    /** A new access token, for tests that move the clock past the old one's lifetime. */
    void signInAgain() {
        user = TestUsers.signIn(api, user.username(), user.id());
    }

    ApiClient.Response get(String path) {
        return api.get(path, user.bearer());
    }

    /** Calls the sandbox's admin endpoint for this key. */
    ApiClient.Response admin(String method, String path, String body) {
        ApiClient.Response answer = api.send(method, "/sandbox/admin" + path, body, "Authorization", "Bearer " + key);
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        return answer;
    }

    void queue(String fault) {
        admin("POST", "/faults", fault);
    }

    /** How many requests with the key Maton (the tests' WireMock) has seen. */
    static int requestsSeenByMaton(String key) {
        return MatonStub.server()
            .countRequestsMatching(anyRequestedFor(anyUrl()).withHeader("Authorization", containing(key)).build())
            .getCount();
    }
}
