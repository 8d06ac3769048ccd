package dev.togglbff.support;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.togglbff.TogglBffApplication;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Another instance of the application next to a test's {@link IntegrationTest} context: the same
 * settings, PostgreSQL, WireMock and data directory (so tokens and vaulted keys work on both), on
 * a port of its own, with extra settings on top (the Redis both share, for one).
 */
public final class SecondInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    public SecondInstance(Map<String, String> settings) {
        this(settings, null);
    }

    /** As {@link #SecondInstance(Map)}, with {@code clock} (a test's, when not null) as its clock too. */
    public SecondInstance(Map<String, String> settings, @Nullable MutableClock clock) {
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
        this.context = start(properties, clock);
    }

    private SecondInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /**
     * An instance with exactly these settings (none of {@link IntegrationTest}'s), whose clock is
     * {@code clock} (the one a benchmark moves for every instance at once).
     */
    public static SecondInstance withSettings(Map<String, String> settings, MutableClock clock) {
        Map<String, String> properties = new LinkedHashMap<>(settings);
        properties.putIfAbsent("server.port", "0");
        return new SecondInstance(start(properties, clock));
    }

    private static ConfigurableApplicationContext start(Map<String, String> properties, @Nullable MutableClock clock) {
        SpringApplicationBuilder builder = new SpringApplicationBuilder(TogglBffApplication.class);
        if (clock != null) {
            builder.initializers(context -> ((GenericApplicationContext) context).registerBean("mutableClock",
                    MutableClock.class, () -> clock, definition -> definition.setPrimary(true)));
        }
        // As command-line arguments: they win over application.yml, as the test context's settings do.
        return builder.run(properties.entrySet()
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
