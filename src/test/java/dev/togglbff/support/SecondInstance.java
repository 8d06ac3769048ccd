package dev.togglbff.support;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.togglbff.TogglBffApplication;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Another instance of the application next to a test's {@link IntegrationTest} context: the same
 * settings, PostgreSQL, WireMock and data directory (so tokens and vaulted keys work on both), on
 * a port of its own, with extra settings on top (the Redis both share, for one).
 */
public final class SecondInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    public SecondInstance(Map<String, String> settings) {
        TestServices.Postgres postgres = TestServices.postgres();
        Map<String, String> properties = new LinkedHashMap<>();
        for (String property : IntegrationTest.class.getAnnotation(SpringBootTest.class).properties()) {
            properties.put(property.substring(0, property.indexOf('=')), property.substring(property.indexOf('=') + 1));
        }
        properties.put("server.port", "0");
        properties.put("spring.datasource.url", postgres.url());
        properties.put("spring.datasource.username", postgres.username());
        properties.put("spring.datasource.password", postgres.password());
        properties.put("spring.flyway.default-schema", postgres.schema());
        properties.put("spring.flyway.create-schemas", "true");
        properties.put("bff.maton.base-url", MatonStub.baseUrl());
        properties.putAll(settings);
        // As command-line arguments: they win over application.yml, as the test context's settings do.
        this.context = new SpringApplicationBuilder(TogglBffApplication.class).run(properties.entrySet()
            .stream()
            .map(property -> "--" + property.getKey() + "=" + property.getValue())
            .toArray(String[]::new));
    }

    public int port() {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
