package dev.togglbff.support;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.test.context.DynamicPropertyRegistrar;

/**
 * Points the application's data source at the tests' PostgreSQL (see {@link TestServices}), its
 * upstream at the tests' WireMock (see {@link MatonStub}) and its OIDC sign-in at the tests'
 * identity provider (see {@link IdentityProviderStub}; off in a context with {@code test.oidc=off}).
 */
@TestConfiguration(proxyBeanMethods = false)
public class PostgresTestConfiguration {

    @Bean
    DynamicPropertyRegistrar postgresDataSource(Environment environment) {
        return registry -> {
            TestServices.Postgres postgres = TestServices.postgres();
            registry.add("spring.datasource.url", postgres::url);
            registry.add("spring.datasource.username", postgres::username);
            registry.add("spring.datasource.password", postgres::password);
            registry.add("spring.flyway.default-schema", postgres::schema);
            registry.add("spring.flyway.create-schemas", () -> "true");
            registry.add("bff.maton.base-url", MatonStub::baseUrl);
            if (!"off".equals(environment.getProperty("test.oidc"))) {
                registry.add("bff.auth.oidc.issuer-uri", IdentityProviderStub::issuer);
                registry.add("bff.auth.oidc.client-id", () -> IdentityProviderStub.CLIENT_ID);
                registry.add("bff.auth.oidc.client-secret", () -> IdentityProviderStub.CLIENT_SECRET);
                registry.add("bff.auth.oidc.frontend-url", () -> IdentityProviderStub.FRONTEND);
            }
        };
    }
}
