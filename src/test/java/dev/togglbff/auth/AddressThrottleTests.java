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
 * {@code X-Forwarded-For} does not get around it (the service does not trust it by default); so
 * are OIDC sign-ins started from one address, each of which keeps a pending session.
 */
@IntegrationTest
@TestPropertySource(properties = { "bff.auth.throttle.max-failures-per-address=20",
        "bff.auth.throttle.max-oidc-starts-per-address=3" })
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

    @Test
    void oidcSignInsStartedFromOneAddressAreLimited() {
        ApiClient api = new ApiClient(port);
        for (int start = 0; start < 3; start++) {
            ApiClient.Response started = api.get("/api/v1/auth/oidc/login", "X-Forwarded-For", "203.0.113." + start);
            assertThat(started.status()).as("start %d", start).isEqualTo(302);
        }

        ApiClient.Response blocked = api.get("/api/v1/auth/oidc/login");

        assertThat(blocked.status()).isEqualTo(429);
        assertThat(blocked.contentType()).startsWith("application/problem+json");
        assertThat(blocked.json().path("code").asString()).isEqualTo("TOO_MANY_REQUESTS");
        assertThat(blocked.header("Retry-After")).isPresent();
        assertThat(blocked.header("Location")).isEmpty();
        assertThat(blocked.headers().allValues("Set-Cookie")).as("no pending sign-in kept").isEmpty();
    }
}
