package dev.togglbff;

import java.nio.file.Path;

import dev.togglbff.support.ApiClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The embedded default, started the way {@code ./mvnw spring-boot:run} starts it: no profile,
 * no external services, an H2 file database in the data folder, migrations applied.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class EmbeddedDefaultTests {

    @TempDir
    static Path dataDir;

    @DynamicPropertySource
    static void dataFolder(DynamicPropertyRegistry registry) {
        registry.add("bff.data-dir", () -> dataDir.toString());
    }

    @LocalServerPort
    int port;

    ApiClient api;

    @BeforeEach
    void client() {
        api = new ApiClient(port);
    }

    @Test
    void healthAndProbesAreUpWithoutAToken() {
        for (String path : new String[] { "/actuator/health", "/actuator/health/liveness",
                "/actuator/health/readiness" }) {
            ApiClient.Response health = api.get(path);
            assertThat(health.status()).as(path).isEqualTo(200);
            assertThat(health.json().path("status").asString()).as(path).isEqualTo("UP");
        }
    }

    @Test
    void servesOpenApi31WithTheBearerScheme() {
        ApiClient.Response docs = api.get("/v3/api-docs");
        assertThat(docs.status()).isEqualTo(200);
        JsonNode openApi = docs.json();
        assertThat(openApi.path("openapi").asString()).startsWith("3.1");
        assertThat(openApi.path("info").path("title").asString()).isEqualTo("toggl-bff API");
        assertThat(openApi.path("paths").has("/error")).isFalse();
        JsonNode bearer = openApi.path("components").path("securitySchemes").path("bearerAuth");
        assertThat(bearer.path("type").asString()).isEqualTo("http");
        assertThat(bearer.path("scheme").asString()).isEqualTo("bearer");
    }

    @Test
    void servesSwaggerUi() {
        ApiClient.Response entry = api.get("/swagger-ui.html");
        assertThat(entry.status()).isEqualTo(302);
        String location = entry.header("Location").orElseThrow();
        assertThat(location).endsWith("/swagger-ui/index.html");
        ApiClient.Response page = api.get("/swagger-ui/index.html");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("swagger-ui");
    }

    @Test
    void exposesPrometheusMetricsButNoOtherActuatorEndpoint() {
        ApiClient.Response metrics = api.get("/actuator/prometheus", "Accept", "text/plain");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes");
        ApiClient.Response env = api.get("/actuator/env");
        assertThat(env.status()).isEqualTo(404);
        assertThat(env.contentType()).startsWith("application/problem+json");
    }

    @Test
    void migratesTheEmbeddedDatabaseInTheDataFolder() {
        assertThat(dataDir.resolve("toggl-bff.mv.db")).exists();
    }
}
