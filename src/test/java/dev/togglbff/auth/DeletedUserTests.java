package dev.togglbff.auth;

import java.util.UUID;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.MatonStub;
import dev.togglbff.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A signed, unexpired access token whose user has since been deleted opens no route: every call is
 * {@code 401 UNAUTHENTICATED} (before, {@code GET /teams} answered 200 and {@code PUT /me/maton-key}
 * checked the key with Maton and then failed with a 500 on the missing user).
 */
@IntegrationTest
class DeletedUserTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    ApiClient api;
    TestUsers.SignedIn user;

    @BeforeEach
    void deletedUser() {
        api = new ApiClient(port);
        user = TestUsers.register(api, "deleted");
        jdbc.sql("DELETE FROM users WHERE id = :id").param("id", user.id()).update();
    }

    @Test
    void everyRouteRefusesTheToken() {
        String key = "test-key-" + UUID.randomUUID();
        WireMockServer maton = MatonStub.server();

        ApiClient.Response[] answers = { api.get("/api/v1/teams", user.bearer()), api.get("/api/v1/me", user.bearer()),
                api.send("PUT", "/api/v1/me/maton-key", "{\"apiKey\":\"" + key + "\"}", user.bearer()),
                api.post("/api/v1/teams", "{\"name\":\"Ghosts\",\"workspaceId\":1}", user.bearer()),
                api.get("/api/v1/me/quota", user.bearer()) };

        for (ApiClient.Response answer : answers) {
            assertThat(answer.status()).as(answer.body()).isEqualTo(401);
            assertThat(answer.contentType()).startsWith("application/problem+json");
            assertThat(answer.json().path("code").asString()).isEqualTo("UNAUTHENTICATED");
        }
        assertThat(maton.countRequestsMatching(getRequestedFor(urlPathEqualTo("/connections"))
            .withHeader("Authorization", equalTo("Bearer " + key))
            .build()).getCount()).isZero();
    }
}
