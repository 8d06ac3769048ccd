package dev.togglbff.web;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** An allowed browser origin gets its preflight and its answers; any other gets a problem document. */
@IntegrationTest
@TestPropertySource(properties = "bff.web.cors.allowed-origins=https://app.example")
class CorsTests {

    @LocalServerPort
    int port;

    @Test
    void anAllowedOriginMayCallTheApi() {
        ApiClient api = new ApiClient(port);
        ApiClient.Response preflight = api.send("OPTIONS", "/api/v1/teams", null, "Origin", "https://app.example",
                "Access-Control-Request-Method", "POST", "Access-Control-Request-Headers", "authorization,idempotency-key");

        assertThat(preflight.status()).isEqualTo(200);
        assertThat(preflight.headers().allValues("Access-Control-Allow-Origin")).containsExactly("https://app.example");
        assertThat(preflight.header("Access-Control-Allow-Headers").orElse("").toLowerCase())
            .contains("authorization", "idempotency-key");

        ApiClient.Response answer = api.get("/api/v1/me", "Origin", "https://app.example");
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.headers().allValues("Access-Control-Allow-Origin")).containsExactly("https://app.example");
    }

    @Test
    void anotherOriginIsRefusedWithAProblem() {
        ApiClient.Response refused = new ApiClient(port).send("OPTIONS", "/api/v1/teams", null, "Origin",
                "https://elsewhere.example", "Access-Control-Request-Method", "POST");

        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.contentType()).startsWith("application/problem+json");
        assertThat(refused.json().path("code").asString()).isEqualTo("FORBIDDEN");
    }
}
