package dev.togglbff.config;

import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.autoconfigure.AutoConfigurationImportFilter;
import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.env.Environment;

/**
 * Without {@code spring.data.redis.host} (the embedded default) nothing uses Redis: the
 * shared-state mode is off. Start-up then leaves out Spring Data Redis's auto-configuration (a
 * Lettuce client with its Netty resources, the repository scan, the health and observation
 * contributors) instead of setting up a client nothing calls. With the host set (always in
 * {@code prod}), or {@code spring.data.redis.url}, nothing changes. Decided when the
 * auto-configurations are imported, so every property source counts.
 */
public class RedisOnlyWhenShared implements AutoConfigurationImportFilter, EnvironmentAware {

    static final Set<String> REDIS = Set.of(
            "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.DataRedisRepositoriesAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.observation.LettuceObservationAutoConfiguration");

    private @Nullable Environment environment;

    @Override
    public void setEnvironment(Environment environment) {
        this.environment = environment;
    }

    @Override
    public boolean[] match(@Nullable String[] autoConfigurationClasses, AutoConfigurationMetadata metadata) {
        boolean shared = environment == null || environment.containsProperty("spring.data.redis.host")
                || environment.containsProperty("spring.data.redis.url");
        boolean[] matches = new boolean[autoConfigurationClasses.length];
        for (int i = 0; i < autoConfigurationClasses.length; i++) {
            String candidate = autoConfigurationClasses[i];
            matches[i] = shared || candidate == null || !REDIS.contains(candidate);
        }
        return matches;
    }
}
