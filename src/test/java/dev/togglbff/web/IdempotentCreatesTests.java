package dev.togglbff.web;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.TestUsers;
import dev.togglbff.support.TogglStubs;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The two creates that used to ignore {@code Idempotency-Key}: a repeated team create makes one
 * team, a repeated Maton connection create makes one connection; both repeats get the first answer.
 */
@IntegrationTest
class IdempotentCreatesTests {

    static final long WORKSPACE = 8951;

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;
    TestUsers.SignedIn user;
    TogglStubs toggl;

    @BeforeEach
    void userWithKey() {
        api = new ApiClient(port);
        user = TestUsers.register(api, "idem-create");
        toggl = TogglStubs.forNewKey(WORKSPACE, 9951);
        toggl.storeKey(api, user);
    }

    @Test
    void aRepeatedTeamCreateMakesOneTeam() {
        String body = "{\"name\":\"Once\",\"workspaceId\":" + WORKSPACE + "}";
        ApiClient.Response first = api.post("/api/v1/teams", body, "Authorization", user.bearer()[1],
                "Idempotency-Key", "team-once");
        ApiClient.Response again = api.post("/api/v1/teams", body, "Authorization", user.bearer()[1],
                "Idempotency-Key", "team-once");

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Idempotent-Replayed")).contains("true");
        assertThat(jdbc.sql("SELECT COUNT(*) FROM team_members WHERE user_id = :user")
            .param("user", user.id())
            .query(Long.class)
            .single()).isEqualTo(1);
    }

    @Test
    void aRepeatedConnectionCreateMakesOneConnection() {
        toggl.stub(post(urlPathEqualTo("/connections")), okJson("""
                {"connection":{"connection_id":"conn-new","status":"PENDING","url":"https://example.test/authorize"}}"""));

        ApiClient.Response first = api.post("/api/v1/me/connections", null, "Authorization", user.bearer()[1],
                "Idempotency-Key", "connection-once");
        ApiClient.Response again = api.post("/api/v1/me/connections", null, "Authorization", user.bearer()[1],
                "Idempotency-Key", "connection-once");

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Idempotent-Replayed")).contains("true");
        assertThat(toggl.count(postRequestedFor(urlPathEqualTo("/connections")))).isEqualTo(1);
    }
}
