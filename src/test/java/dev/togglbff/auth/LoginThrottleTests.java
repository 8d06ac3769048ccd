package dev.togglbff.auth;

import java.util.Map;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.TestUsers;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;

import static dev.togglbff.auth.AuthFlowTests.json;
import static org.assertj.core.api.Assertions.assertThat;

/** Repeated failed logins for one username are refused, the right password included. */
@IntegrationTest
class LoginThrottleTests {

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void sixthWrongPasswordIsThrottledAndSoIsTheRightOne() {
        TestUsers.SignedIn user = TestUsers.register(api, "throttled");
        for (int attempt = 1; attempt <= 5; attempt++) {
            ApiClient.Response wrong = api.post("/api/v1/auth/token",
                    json(Map.of("username", user.username(), "password", "wrong password " + attempt)));
            assertThat(wrong.status()).as("attempt %d", attempt).isEqualTo(401);
        }

        ApiClient.Response sixth = api.post("/api/v1/auth/token",
                json(Map.of("username", user.username(), "password", "wrong password 6")));
        assertThat(sixth.status()).isEqualTo(429);
        assertThat(sixth.json().path("code").asString()).isEqualTo("TOO_MANY_REQUESTS");
        long retryAfter = Long.parseLong(sixth.header("Retry-After").orElseThrow());
        assertThat(retryAfter).isBetween(1L, 15 * 60L);

        ApiClient.Response right = api.post("/api/v1/auth/token",
                json(Map.of("username", user.username(), "password", TestUsers.PASSWORD)));
        assertThat(right.status()).isEqualTo(429);
        assertThat(right.header("Retry-After")).isPresent();
    }

    @Test
    void throttlingOneUsernameLeavesOthersAlone() {
        TestUsers.SignedIn victim = TestUsers.register(api, "victim");
        TestUsers.SignedIn bystander = TestUsers.register(api, "bystander");
        for (int attempt = 0; attempt < 6; attempt++) {
            api.post("/api/v1/auth/token", json(Map.of("username", victim.username(), "password", "guess " + attempt)));
        }
        assertThat(api.post("/api/v1/auth/token",
                json(Map.of("username", bystander.username(), "password", TestUsers.PASSWORD))).status())
            .isEqualTo(200);
    }
}
