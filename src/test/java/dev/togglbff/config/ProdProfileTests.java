package dev.togglbff.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.MatonStub;
import dev.togglbff.support.ProdSettings;
import dev.togglbff.support.TestUsers;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static com.github.tomakehurst.wiremock.client.WireMock.anyRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.anyUrl;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The {@code prod} profile starts on PostgreSQL and Redis, refuses to start without them, and
 * serves no sandbox. One application, started once, answers the tests that need it running.
 */
class ProdProfileTests {

    @TempDir
    static Path keys;

    static ConfigurableApplicationContext running;

    static ApiClient api;

    @BeforeAll
    static void startProd() {
        Map<String, Object> settings = new HashMap<>(ProdSettings.complete(keys));
        settings.put("bff.maton.base-url", MatonStub.baseUrl());
        running = start(settings);
        api = new ApiClient(((WebServerApplicationContext) running).getWebServer().getPort());
    }

    @AfterAll
    static void stopProd() {
        running.close();
    }

    @Test
    void refusesToStartWithoutItsSettingsAndNamesThem() {
        assertThatThrownBy(() -> start(Map.of()))
            .isInstanceOf(MissingSettingsException.class)
            .hasMessageContaining("SPRING_DATASOURCE_URL")
            .hasMessageContaining("SPRING_DATA_REDIS_HOST")
            .hasMessageContaining("BFF_AUTH_JWT_PRIVATE_KEY_LOCATION")
            .hasMessageContaining("BFF_VAULT_MASTER_KEY");
    }

    @Test
    void startsHealthyOnPostgresAndRedis() {
        ApiClient.Response readiness = api.get("/actuator/health/readiness");
        assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
        assertThat(readiness.json().path("status").asString()).isEqualTo("UP");
    }

    @Test
    void servesNoSandboxAndNeverSendsASandboxKeyToMaton() {
        String key = "sandbox_" + TestUsers.uniqueName("prod");
        String[] bearerKey = { "Authorization", "Bearer " + key };

        assertThat(api.get("/sandbox/maton/toggl-track/api/v9/me", bearerKey).status()).isEqualTo(404);
        assertThat(api.get("/sandbox/maton/connections?app=toggl-track", bearerKey).status()).isEqualTo(404);
        assertThat(api.post("/sandbox/admin/reset", null, bearerKey).status()).isEqualTo(404);
        assertThat(api.post("/sandbox/admin/faults", "{\"type\":\"STALL\"}", bearerKey).status()).isEqualTo(404);

        TestUsers.SignedIn user = TestUsers.register(api, "prod-sandbox");
        ApiClient.Response stored = api.send("PUT", "/api/v1/me/maton-key", "{\"apiKey\":\"" + key + "\"}",
                user.bearer());

        assertThat(stored.status()).as(stored.body()).isEqualTo(422);
        assertThat(stored.contentType()).startsWith("application/problem+json");
        assertThat(stored.json().path("code").asString()).isEqualTo("MATON_KEY_REJECTED");
        assertThat(stored.json().path("detail").asString()).contains("sandbox").doesNotContain(key);
        assertThat(api.get("/api/v1/me", user.bearer()).json().path("matonKey").path("present").asBoolean())
            .isFalse();
        assertThat(MatonStub.server()
            .countRequestsMatching(anyRequestedFor(anyUrl()).withHeader("Authorization", containing(key)).build())
            .getCount()).isZero();
    }

    private static ConfigurableApplicationContext start(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(settings);
        all.putIfAbsent("bff.data-dir", "target/test-data");
        return ProdSettings.application(all).profiles("prod").run();
    }
}
