package dev.togglbff.web;

import java.util.Arrays;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/** Every error, whoever raises it, is a problem document with a stable code and no internals. */
@IntegrationTest
class ProblemDetailsTests {

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void unknownPathIsNotFound() {
        ApiClient.Response response = api.get("/nope");
        assertProblem(response, 404, "NOT_FOUND");
        assertThat(response.json().path("instance").asString()).isEqualTo("/nope");
        assertThat(response.json().path("detail").asString()).as("says nothing of how paths are served")
            .isEqualTo("No such resource.");
    }

    @Test
    void apiWithoutTokenIsUnauthenticated() {
        assertProblem(api.get("/api/v1/me"), 401, "UNAUTHENTICATED");
    }

    @Test
    void bodyOverTheLimitIsRefusedWithContentLength() {
        String body = "{\"x\":\"" + "a".repeat(70 * 1024) + "\"}";
        assertProblem(api.post("/api/v1/auth/register", body), 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void chunkedBodyOverTheLimitIsRefused() {
        byte[] body = ("{\"username\":\"" + "a".repeat(70 * 1024) + "\"}").getBytes();
        ApiClient.Response response = api.sendChunked("POST", "/api/v1/auth/register", body, "Content-Type",
                "application/json");
        assertProblem(response, 413, "PAYLOAD_TOO_LARGE");
    }

    @Test
    void malformedJsonIsAValidationFailure() {
        ApiClient.Response response = api.post("/api/v1/auth/register", "{bad json");
        assertProblem(response, 400, "VALIDATION_FAILED");
        assertThat(response.json().path("detail").asString()).contains("not valid JSON");
    }

    @Test
    void wrongJsonTypeNamesTheField() {
        ApiClient.Response response = api.post("/api/v1/auth/register",
                "{\"username\":\"someone\",\"password\":[1,2]}");
        assertProblem(response, 400, "VALIDATION_FAILED");
        assertThat(response.json().path("errors").get(0).path("field").asString()).isEqualTo("password");
    }

    @Test
    void unsupportedMediaTypeKeepsItsStatus() {
        ApiClient.Response response = api.send("POST", "/api/v1/auth/register", "username=x", "Content-Type",
                "application/x-www-form-urlencoded");
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("code").asString()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void wrongMethodKeepsItsStatusAndGetsACode() {
        ApiClient.Response response = api.send("DELETE", "/v3/api-docs", null);
        assertThat(response.status()).isEqualTo(405);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().path("code").asString()).isEqualTo("VALIDATION_FAILED");
    }

    @Test
    void requestIdIsEchoedOrCreated() {
        assertThat(api.get("/nope", "X-Request-Id", "abc-123").header("X-Request-Id")).contains("abc-123");
        String created = api.get("/nope").header("X-Request-Id").orElseThrow();
        assertThat(created).matches("[0-9a-f-]{36}");
        String unsafe = api.get("/nope", "X-Request-Id", "evil value\twith tab").header("X-Request-Id")
            .orElseThrow();
        assertThat(unsafe).matches("[0-9a-f-]{36}");
    }

    @Test
    void securityHeadersAreSent() {
        ApiClient.Response response = api.get("/api/v1/me");
        assertThat(response.header("X-Content-Type-Options")).contains("nosniff");
        assertThat(response.header("X-Frame-Options")).contains("DENY");
        assertThat(response.header("Referrer-Policy")).contains("no-referrer");
        assertThat(response.header("Cache-Control").orElse("")).contains("no-store");
    }

    @Test
    void corsIsClosedByDefault() {
        ApiClient.Response preflight = api.send("OPTIONS", "/api/v1/auth/token", null, "Origin",
                "https://evil.example", "Access-Control-Request-Method", "POST");
        assertProblem(preflight, 403, "FORBIDDEN");
        assertThat(preflight.header("Access-Control-Allow-Origin")).isEmpty();
        ApiClient.Response crossOrigin = api.get("/api/v1/me", "Origin", "https://evil.example");
        assertProblem(crossOrigin, 403, "FORBIDDEN");
    }

    static void assertProblem(ApiClient.Response response, int status, String code) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode body = response.json();
        assertThat(body.path("code").asString()).isEqualTo(code);
        assertThat(body.path("status").asInt()).isEqualTo(status);
        assertThat(body.path("title").asString()).isNotBlank();
        assertThat(body.path("type").asString()).isNotBlank();
        assertThat(Arrays.asList("trace", "exception", "stackTrace")).noneMatch(body::has);
        assertThat(response.body()).doesNotContain("at dev.togglbff", "Exception");
    }
}
