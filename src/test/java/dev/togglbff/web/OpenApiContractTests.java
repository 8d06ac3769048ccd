package dev.togglbff.web;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.IntegrationTest;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a generated client needs from the OpenAPI document, operation by operation: the real success
 * status with its body (none only for 204 and redirects, which name their Location), every error
 * as problem+json with the Problem schema, unique meaningful operation ids, and ECMA-262 patterns.
 */
@IntegrationTest
class OpenApiContractTests {

    @LocalServerPort
    int port;

    JsonNode document;
    List<Op> operations;

    record Op(String method, String path, JsonNode operation) {

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    @BeforeEach
    void document() {
        ApiClient.Response docs = new ApiClient(port).get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        document = docs.json();
        operations = new ArrayList<>();
        document.path("paths").properties().forEach(path -> path.getValue().properties().forEach(method -> {
            if (List.of("get", "post", "put", "patch", "delete").contains(method.getKey())) {
                operations.add(new Op(method.getKey().toUpperCase(), path.getKey(), method.getValue()));
            }
        }));
        assertThat(operations).hasSizeGreaterThan(40);
    }

    @Test
    void everyOperationDocumentsItsSuccessWithABodyUnlessItIsNoContent() {
        for (Op op : operations) {
            JsonNode responses = op.operation().path("responses");
            List<String> successes = new ArrayList<>();
            responses.propertyNames().forEach(status -> {
                if (status.startsWith("2") || status.startsWith("3") && !"304".equals(status)) {
                    successes.add(status);
                }
            });
            assertThat(successes).as(op.toString()).isNotEmpty();
            for (String status : successes) {
                JsonNode content = responses.path(status).path("content");
                if (status.startsWith("3")) {
                    // A redirect (the OIDC sign-in's 302s): no body, where to is in Location.
                    assertThat(content.isMissingNode()).as(op + " " + status).isTrue();
                    assertThat(responses.path(status).path("headers").has("Location")).as(op + " " + status).isTrue();
                }
                else if ("204".equals(status)) {
                    assertThat(content.isMissingNode()).as(op + " 204").isTrue();
                }
                else {
                    assertThat(content.path("application/json").path("schema").isMissingNode())
                        .as(op + " " + status).isFalse();
                }
            }
        }
    }

    @Test
    void bodylessAnswersAreDocumentedAsNoContent() {
        for (String path : List.of("/api/v1/teams/{teamId}", "/api/v1/teams/{teamId}/projects/{projectId}",
                "/api/v1/teams/{teamId}/clients/{clientId}", "/api/v1/teams/{teamId}/tags/{tagId}",
                "/api/v1/teams/{teamId}/time-entries/{entryId}", "/api/v1/teams/{teamId}/members/{userId}",
                "/api/v1/me/maton-key", "/api/v1/me/connections/{connectionId}")) {
            JsonNode responses = document.path("paths").path(path).path("delete").path("responses");
            assertThat(responses.has("204")).as(path).isTrue();
            assertThat(responses.has("200")).as(path).isFalse();
        }
        JsonNode archive = document.path("paths").path("/api/v1/teams/{teamId}/clients/{clientId}/archive").path("post");
        assertThat(archive.path("responses").has("204")).isTrue();
        assertThat(archive.path("responses").has("200")).isFalse();
    }

    @Test
    void everyErrorIsAProblemDocument() {
        for (Op op : operations) {
            op.operation().path("responses").properties().forEach(response -> {
                if (response.getKey().startsWith("4") || response.getKey().startsWith("5")) {
                    JsonNode content = response.getValue().path("content");
                    assertThat(content.propertyNames()).as(op + " " + response.getKey())
                        .containsExactly("application/problem+json");
                    assertThat(content.path("application/problem+json").path("schema").path("$ref").asString())
                        .isEqualTo("#/components/schemas/Problem");
                }
            });
        }
    }

    @Test
    void operationIdsAreUniqueAndMeaningful() {
        Set<String> ids = new HashSet<>();
        for (Op op : operations) {
            String id = op.operation().path("operationId").asString("");
            assertThat(id).as(op.toString()).matches("[a-z][A-Za-z]+");
            assertThat(ids.add(id)).as("duplicate " + id).isTrue();
        }
        assertThat(ids).contains("listTeams", "createTeam", "deleteTeam", "getTimeEntry", "deleteTimeEntry",
                "archiveClient", "startTimer", "stopTimer", "listProjects", "signIn", "setMatonKey");
    }

    @Test
    void everyCreateDocumentsIdempotencyKey() {
        List<String> documented = new ArrayList<>();
        for (Op op : operations) {
            for (JsonNode parameter : op.operation().path("parameters")) {
                if ("Idempotency-Key".equals(parameter.path("name").asString())) {
                    documented.add(op.toString());
                }
            }
        }
        assertThat(documented).containsExactlyInAnyOrder("POST /api/v1/teams", "POST /api/v1/me/connections",
                "POST /api/v1/teams/{teamId}/members", "POST /api/v1/teams/{teamId}/projects",
                "POST /api/v1/teams/{teamId}/clients", "POST /api/v1/teams/{teamId}/tags",
                "POST /api/v1/teams/{teamId}/time-entries", "POST /api/v1/teams/{teamId}/timer/start");
    }

    @Test
    void patternsAreEcmaScriptRegularExpressions() {
        assertThat(document.toString()).doesNotContain("(?i)").doesNotContain("(?s)").doesNotContain("\\\\p{");
    }

    @Test
    void patchFieldsThatCanBeRemovedAreNullable() {
        JsonNode update = document.path("components").path("schemas").path("UpdateTimeEntryRequest").path("properties");
        for (String field : List.of("projectId", "tagIds", "description")) {
            assertThat(update.path(field).path("type").toString()).as(field).contains("\"null\"");
        }
        JsonNode entry = document.path("components").path("schemas").path("TimeEntryResponse").path("properties");
        assertThat(entry.has("deleted")).isTrue();
        assertThat(entry.has("deletedAt")).isTrue();
    }
}
