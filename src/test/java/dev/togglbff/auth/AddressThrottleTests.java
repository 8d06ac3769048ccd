package dev.togglbff.auth;

import java.util.Map;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import dev.togglbff.support.TestUsers;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static dev.togglbff.auth.AuthFlowTests.json;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Failed logins from one client address across many usernames are throttled, and a forged
 * {@code X-Forwarded-For} does not get around it (the service does not trust it by default).
 */
@IntegrationTest
@TestPropertySource(properties = "bff.auth.throttle.max-failures-per-address=20")
class AddressThrottleTests {

    @LocalServerPort
    int port;

    @Test
    void twentyFailuresFromOneAddressBlockIt() {
        ApiClient api = new ApiClient(port);
        TestUsers.SignedIn user = TestUsers.register(api, "addr");
        for (int attempt = 0; attempt < 20; attempt++) {
            ApiClient.Response failed = api.post("/api/v1/auth/token",
                    json(Map.of("username", TestUsers.uniqueName("spray"), "password", "wrong password")),
                    "X-Forwarded-For", "203.0.113." + attempt);
            assertThat(failed.status()).as("attempt %d", attempt).isEqualTo(401);
        }

        ApiClient.Response blocked = api.post("/api/v1/auth/token",
                json(Map.of("username", user.username(), "password", TestUsers.PASSWORD)), "X-Forwarded-For",
                "198.51.100.7");
        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.header("Retry-After")).isPresent();
    }
}
