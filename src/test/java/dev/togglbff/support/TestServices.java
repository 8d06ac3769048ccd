package dev.togglbff.support;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.postgresql.PostgreSQLContainer;

/**
 * Where the tests find PostgreSQL and Redis. In this order: the {@code TEST_POSTGRES_*} /
 * {@code TEST_REDIS_*} environment variables when set; Testcontainers when a Docker engine
 * answers; otherwise the local services ({@code 127.0.0.1:5432} database {@code test} as
 * {@code postgres}, {@code 127.0.0.1:6379}). The choice is made once per test run and logged.
 */
public final class TestServices {

    private static final Logger log = LoggerFactory.getLogger(TestServices.class);

    /** JDBC coordinates of the PostgreSQL the tests use. */
    public record Postgres(String url, String username, String password) {
    }

    /** Host and port of the Redis the tests use. */
    public record Redis(String host, int port) {
    }

    private static @Nullable Postgres postgres;
    private static @Nullable Redis redis;
    private static @Nullable Boolean docker;

    private TestServices() {
    }

    public static synchronized Postgres postgres() {
        if (postgres == null) {
            String url = System.getenv("TEST_POSTGRES_URL");
            String user = env("TEST_POSTGRES_USER", "postgres");
            String password = env("TEST_POSTGRES_PASSWORD", "");
            if (url != null && !url.isBlank()) {
                postgres = new Postgres(url, user, password);
                log.info("Tests use PostgreSQL from TEST_POSTGRES_URL: {}", url);
            }
            else if (dockerAvailable()) {
                PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
                container.start();
                postgres = new Postgres(container.getJdbcUrl(), container.getUsername(), container.getPassword());
                log.info("Tests use a Testcontainers PostgreSQL: {}", postgres.url());
            }
            else {
                postgres = new Postgres("jdbc:postgresql://127.0.0.1:5432/test", user, password);
                log.info("No Docker engine: tests use the local PostgreSQL at {}", postgres.url());
            }
        }
        return postgres;
    }

    public static synchronized Redis redis() {
        if (redis == null) {
            String host = System.getenv("TEST_REDIS_HOST");
            int port = Integer.parseInt(env("TEST_REDIS_PORT", "6379"));
            if (host != null && !host.isBlank()) {
                redis = new Redis(host, port);
                log.info("Tests use Redis from TEST_REDIS_HOST: {}:{}", host, port);
            }
            else if (dockerAvailable()) {
                GenericContainer<?> container = new GenericContainer<>("redis:7-alpine").withExposedPorts(6379);
                container.start();
                redis = new Redis(container.getHost(), container.getMappedPort(6379));
                log.info("Tests use a Testcontainers Redis: {}:{}", redis.host(), redis.port());
            }
            else {
                redis = new Redis("127.0.0.1", port);
                log.info("No Docker engine: tests use the local Redis at 127.0.0.1:{}", port);
            }
        }
        return redis;
    }

    private static boolean dockerAvailable() {
        if (docker == null) {
            boolean available;
            try {
                available = DockerClientFactory.instance().isDockerAvailable();
            }
            catch (RuntimeException | LinkageError ex) {
                available = false;
            }
            docker = available;
        }
        return docker;
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value != null && !value.isBlank() ? value : fallback;
    }
}
