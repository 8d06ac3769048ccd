package dev.togglbff.config;

import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurationMetadata;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.Mockito.mock;

/** Redis's auto-configuration is left out exactly when no Redis is configured. */
class RedisOnlyWhenSharedTests {

    static final String[] CANDIDATES = { "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
            "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
            "org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration", null };

    @Test
    void withoutAHostRedisIsLeftOutAndEverythingElseStays() {
        assertThat(filter(new MockEnvironment()).match(CANDIDATES, mock(AutoConfigurationMetadata.class)))
            .containsExactly(false, true, false, true);
    }

    @Test
    void aHostOrAUrlKeepsRedis() {
        assertThat(filter(new MockEnvironment().withProperty("spring.data.redis.host", "redis"))
            .match(CANDIDATES, mock(AutoConfigurationMetadata.class))).containsExactly(true, true, true, true);
        assertThat(filter(new MockEnvironment().withProperty("spring.data.redis.url", "redis://redis:6379"))
            .match(CANDIDATES, mock(AutoConfigurationMetadata.class))).containsExactly(true, true, true, true);
    }

    private static RedisOnlyWhenShared filter(MockEnvironment environment) {
        RedisOnlyWhenShared filter = new RedisOnlyWhenShared();
        filter.setEnvironment(environment);
        return filter;
    }
}
