package dev.togglbff.support;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

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

    /**
     * JDBC coordinates of the PostgreSQL the tests use. {@code schema} is private to this test run,
     * so that runs sharing one server (parallel CI jobs, several checkouts) never see each other's
     * migrations or rows; it is dropped when the run ends.
     */
    public record Postgres(String url, String username, String password, String schema) {

        /** The same server with another default schema, for tests that build their own from scratch. */
        public String urlWithSchema(String otherSchema) {
            return url.replace("currentSchema=" + schema, "currentSchema=" + otherSchema);
        }
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
            String source;
            if (url != null && !url.isBlank()) {
                source = "TEST_POSTGRES_URL";
            }
            else if (dockerAvailable()) {
                PostgreSQLContainer container = new PostgreSQLContainer("postgres:16-alpine");
                container.start();
                url = container.getJdbcUrl();
                user = container.getUsername();
                password = container.getPassword();
                source = "a Testcontainers container";
            }
            else {
                url = "jdbc:postgresql://127.0.0.1:5432/test";
                source = "the local server (no Docker engine)";
            }
            postgres = withPrivateSchema(url, user, password);
            log.info("Tests use PostgreSQL from {}: {} (schema {})", source, url, postgres.schema());
        }
        return postgres;
    }

    private static Postgres withPrivateSchema(String url, String user, String password) {
        String schema = "test_run_" + ProcessHandle.current().pid() + "_" + Long.toString(System.nanoTime(), 36);
        String separator = url.contains("?") ? "&" : "?";
        Postgres run = new Postgres(url + separator + "currentSchema=" + schema, user, password, schema);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> dropSchema(url, user, password, schema)));
        return run;
    }

    private static void dropSchema(String url, String user, String password, String schema) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
        catch (SQLException ex) {
            log.warn("Could not drop test schema {}: {}", schema, ex.getMessage());
        }
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
