package dev.togglbff.config;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import dev.togglbff.support.ApiClient;
import dev.togglbff.support.ProdSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code prod} profile starts on PostgreSQL and Redis, and refuses to start without them. */
class ProdProfileTests {

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
    void startsHealthyOnPostgresAndRedis(@TempDir Path keys) {
        Map<String, Object> settings = ProdSettings.complete(keys);
        try (ConfigurableApplicationContext context = start(settings)) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            ApiClient api = new ApiClient(port);
            ApiClient.Response readiness = api.get("/actuator/health/readiness");
            assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
            assertThat(readiness.json().path("status").asString()).isEqualTo("UP");
        }
    }

    private static ConfigurableApplicationContext start(Map<String, Object> settings) {
        Map<String, Object> all = new HashMap<>(settings);
        all.putIfAbsent("bff.data-dir", "target/test-data");
        return ProdSettings.application(all).profiles("prod").run();
    }
}
