package dev.togglbff.config;

import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

import dev.togglbff.TogglBffApplication;
import dev.togglbff.support.ApiClient;
import dev.togglbff.support.TestServices;
import org.junit.jupiter.api.Test;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;
import org.springframework.core.env.StandardEnvironment;

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
            .hasMessageContaining("BFF_VAULT_MASTER_KEY");
    }

    @Test
    void startsHealthyOnPostgresAndRedis() {
        TestServices.Postgres postgres = TestServices.postgres();
        TestServices.Redis redis = TestServices.redis();
        Map<String, Object> settings = new HashMap<>();
        settings.put("spring.datasource.url", postgres.url());
        settings.put("spring.datasource.username", postgres.username());
        settings.put("spring.datasource.password", postgres.password());
        settings.put("spring.data.redis.host", redis.host());
        settings.put("spring.data.redis.port", redis.port());
        settings.put("bff.vault.master-key", Base64.getEncoder().encodeToString(new byte[32]));
        try (ConfigurableApplicationContext context = start(settings)) {
            int port = ((WebServerApplicationContext) context).getWebServer().getPort();
            ApiClient api = new ApiClient(port);
            ApiClient.Response readiness = api.get("/actuator/health/readiness");
            assertThat(readiness.status()).as(readiness.body()).isEqualTo(200);
            assertThat(readiness.json().path("status").asString()).isEqualTo("UP");
        }
    }

    private static ConfigurableApplicationContext start(Map<String, Object> settings) {
        StandardEnvironment environment = new StandardEnvironment();
        Map<String, Object> all = new HashMap<>(settings);
        all.put("server.port", 0);
        all.put("bff.data-dir", "target/test-data");
        // The settings stand in for the environment variables an operator would set.
        environment.getPropertySources().addFirst(new MapPropertySource("test-settings", all));
        return new SpringApplicationBuilder(TogglBffApplication.class).environment(environment)
            .profiles("prod")
            .run();
    }
}
