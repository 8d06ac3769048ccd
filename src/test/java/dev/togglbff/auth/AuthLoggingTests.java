package dev.togglbff.auth;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.TestUsers;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.TestPropertySource;

import static dev.togglbff.auth.AuthFlowTests.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Runs every sign-in flow with debug logging on and checks that no password, password hash,
 * access token or refresh token reaches the log.
 */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
@TestPropertySource(properties = { "logging.level.dev.togglbff=DEBUG", "logging.level.org.springframework.security=DEBUG",
        "logging.level.org.springframework.web=DEBUG" })
class AuthLoggingTests {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Test
    void noSecretReachesTheLog(CapturedOutput output) {
        ApiClient api = new ApiClient(port);
        List<String> secrets = new ArrayList<>();
        secrets.add(TestUsers.PASSWORD);

        TestUsers.SignedIn user = TestUsers.register(api, "logs");
        secrets.add(user.accessToken());
        secrets.add(user.refreshToken());
        secrets.add(jdbc.sql("SELECT password_hash FROM users WHERE id = :id").param("id", user.id())
            .query(String.class).single());

        String wrong = "wrong-password-" + System.nanoTime();
        secrets.add(wrong);
        api.post("/api/v1/auth/token", json(Map.of("username", user.username(), "password", wrong)));
        api.post("/api/v1/auth/token", json(Map.of("username", TestUsers.uniqueName("nobody"), "password", wrong)));
        api.post("/api/v1/auth/register", json(Map.of("username", "x", "password", wrong)));
        api.get("/api/v1/me", user.bearer());
        api.get("/api/v1/me", "Authorization", "Bearer " + user.accessToken() + "x");

        ApiClient.Response refreshed = api.post("/api/v1/auth/refresh", json(Map.of("refreshToken", user.refreshToken())));
        secrets.add(refreshed.json().path("accessToken").asString());
        String next = refreshed.json().path("refreshToken").asString();
        secrets.add(next);
        api.post("/api/v1/auth/refresh", json(Map.of("refreshToken", user.refreshToken())));
        api.post("/api/v1/auth/logout", json(Map.of("refreshToken", next)));

        assertThat(output.getAll()).contains("Registered user " + user.id());
        for (String secret : secrets) {
            assertThat(output.getAll()).doesNotContain(secret);
        }
        // No fragment of a token long enough to matter either (JWT signatures are the last part).
        assertThat(output.getAll()).doesNotContain(user.accessToken().substring(user.accessToken().lastIndexOf('.') + 1));
    }
}
