package dev.togglbff.web;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import org.junit.jupiter.api.Test;
import testroutes.ThingsController;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.TestPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/** The generated OpenAPI tells frontends about ETag/304 on reads and Idempotency-Key on creates. */
@IntegrationTest
@Import(ThingsController.class)
@TestPropertySource(properties = ThingsController.SHORT_WAIT)
class HttpConventionsOpenApiTests {

    @LocalServerPort
    int port;

    @Test
    void readsDocumentEtagAndNotModified() {
        JsonNode get = operation("/api/v1/test-things/{scope}", "get");

        assertThat(get.path("responses").has("304")).isTrue();
        assertThat(get.path("responses").path("200").path("headers").has("ETag")).isTrue();
        assertThat(headerParameter(get, "If-None-Match")).isNotNull();
    }

    @Test
    void idempotentCreatesDocumentTheOptionalKey() {
        JsonNode post = operation("/api/v1/test-things/{scope}", "post");

        JsonNode key = headerParameter(post, "Idempotency-Key");
        assertThat(key).isNotNull();
        assertThat(key.path("required").asBoolean(false)).isFalse();
        assertThat(key.path("description").asString()).contains("Idempotent-Replayed", "IDEMPOTENCY_KEY_REUSED");
        assertThat(key.path("schema").path("maxLength").asInt()).isEqualTo(255);
        assertThat(post.path("responses").has("422")).isTrue();
    }

    @Test
    void teamDataCallsDocumentTheirErrorAnswers() {
        JsonNode projects = operation("/api/v1/teams/{teamId}/projects", "get");
        for (String status : new String[] { "400", "401", "403", "404", "409", "429", "502", "504" }) {
            assertThat(projects.path("responses").path(status).path("content").path("application/problem+json")
                .path("schema").path("$ref").asString()).as(status).isEqualTo("#/components/schemas/Problem");
        }
        JsonNode create = operation("/api/v1/teams/{teamId}/tags", "post");
        assertThat(create.path("responses").has("201")).isTrue();
        assertThat(create.path("responses").has("200")).isFalse();
        JsonNode register = operation("/api/v1/auth/register", "post");
        assertThat(register.path("responses").has("409")).isTrue();
        assertThat(register.path("responses").path("401").isMissingNode()).isTrue();
    }

    @Test
    void otherCreatesHaveNoKey() {
        assertThat(headerParameter(operation("/api/v1/auth/register", "post"), "Idempotency-Key")).isNull();
    }

    private JsonNode operation(String path, String method) {
        ApiClient.Response docs = new ApiClient(port).get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        JsonNode operation = docs.json().path("paths").path(path).path(method);
        assertThat(operation.isMissingNode()).as(method + " " + path).isFalse();
        return operation;
    }

    private static JsonNode headerParameter(JsonNode operation, String name) {
        for (JsonNode parameter : operation.path("parameters")) {
            if ("header".equals(parameter.path("in").asString()) && name.equals(parameter.path("name").asString())) {
                return parameter;
            }
        }
        return null;
    }
}
