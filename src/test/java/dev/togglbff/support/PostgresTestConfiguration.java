package dev.togglbff.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Points the application's data source at the tests' PostgreSQL (see {@link TestServices}) and
 * its upstream at the tests' WireMock (see {@link MatonStub}).
 */
@TestConfiguration(proxyBeanMethods = false)
public class PostgresTestConfiguration {

    @Bean
    DynamicPropertyRegistrar postgresDataSource() {
        return registry -> {
            TestServices.Postgres postgres = TestServices.postgres();
            registry.add("spring.datasource.url", postgres::url);
            registry.add("spring.datasource.username", postgres::username);
            registry.add("spring.datasource.password", postgres::password);
            registry.add("spring.flyway.default-schema", postgres::schema);
            registry.add("spring.flyway.create-schemas", () -> "true");
            registry.add("bff.maton.base-url", MatonStub::baseUrl);
        };
    }
}
