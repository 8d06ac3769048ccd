package dev.togglbff.config;

import java.util.List;

import org.springframework.boot.context.event.ApplicationEnvironmentPreparedEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.core.Ordered;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;

/**
 * Refuses to start the {@code prod} profile while a setting it cannot do without is blank, and
 * names every missing one at once (property and environment variable) instead of failing later
 * on the first bean that needs it. Runs after the configuration files are read.
 */
public class RequiredProdSettings implements ApplicationListener<ApplicationEnvironmentPreparedEvent>, Ordered {

    /** A setting the {@code prod} profile requires. */
    record Setting(String property, String environmentVariable, String purpose) {
    }

    static final List<Setting> REQUIRED = List.of(
            new Setting("spring.datasource.url", "SPRING_DATASOURCE_URL", "JDBC URL of the PostgreSQL database"),
            new Setting("spring.datasource.username", "SPRING_DATASOURCE_USERNAME", "PostgreSQL user"),
            new Setting("spring.data.redis.host", "SPRING_DATA_REDIS_HOST", "Redis host"),
            new Setting("bff.auth.jwt.private-key-location", "BFF_AUTH_JWT_PRIVATE_KEY_LOCATION",
                    "PKCS#8 PEM of the RSA key that signs access tokens (e.g. file:/run/secrets/jwt.pem)"),
            new Setting("bff.auth.jwt.public-key-location", "BFF_AUTH_JWT_PUBLIC_KEY_LOCATION",
                    "X.509 PEM of the matching public key"),
            new Setting("bff.vault.master-key", "BFF_VAULT_MASTER_KEY",
                    "base64 of the 32-byte master key that encrypts stored Maton keys (openssl rand -base64 32)"));

    @Override
    public void onApplicationEvent(ApplicationEnvironmentPreparedEvent event) {
        check(event.getEnvironment());
    }

    static void check(ConfigurableEnvironment environment) {
        if (!environment.acceptsProfiles(Profiles.of("prod"))) {
            return;
        }
        List<Setting> missing = REQUIRED.stream()
            .filter(setting -> {
                String value = environment.getProperty(setting.property());
                return value == null || value.isBlank();
            })
            .toList();
        if (!missing.isEmpty()) {
            throw new MissingSettingsException(missing);
        }
    }

    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
