package dev.togglbff;

import java.io.IOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import dev.togglbff.support.TestServices;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.output.MigrateResult;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import static org.assertj.core.api.Assertions.assertThat;

/** Every migration runs, in order, on an empty PostgreSQL schema, and validates afterwards. */
class MigrationsTests {

    @Test
    void everyMigrationRunsOnAnEmptyPostgresSchema() throws SQLException, IOException {
        TestServices.Postgres postgres = TestServices.postgres();
        String schema = "migrations_" + UUID.randomUUID().toString().replace("-", "");
        Resource[] scripts = new PathMatchingResourcePatternResolver()
            .getResources("classpath:db/migration/V*__*.sql");
        try {
            Flyway flyway = Flyway.configure()
                .dataSource(postgres.url(), postgres.username(), postgres.password())
                .schemas(schema)
                .createSchemas(true)
                .locations("classpath:db/migration")
                .load();
            MigrateResult result = flyway.migrate();

            assertThat(result.success).isTrue();
            assertThat(result.migrationsExecuted).isEqualTo(scripts.length).isPositive();
            flyway.validate();
            assertThat(flyway.migrate().migrationsExecuted).isZero();
            assertThat(tablesIn(postgres, schema)).contains("flyway_schema_history", "users");
        }
        finally {
            try (Connection connection = connect(postgres); Statement statement = connection.createStatement()) {
                statement.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            }
        }
    }

    private static List<String> tablesIn(TestServices.Postgres postgres, String schema) throws SQLException {
        List<String> tables = new ArrayList<>();
        try (Connection connection = connect(postgres);
                ResultSet rs = connection.getMetaData().getTables(null, schema, "%", new String[] { "TABLE" })) {
            while (rs.next()) {
                tables.add(rs.getString("TABLE_NAME"));
            }
        }
        return tables;
    }

    private static Connection connect(TestServices.Postgres postgres) throws SQLException {
        return DriverManager.getConnection(postgres.url(), postgres.username(), postgres.password());
    }
}
