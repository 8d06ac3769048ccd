package dev.togglbff.shared;

import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import dev.togglbff.support.TestServices;

import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Shared state on the tests' Redis without an application around it, for a component's own tests:
 * each {@link Connected} is one instance's view, and two opened with one prefix are two instances
 * of one deployment.
 */
public final class SharedStates {

    private SharedStates() {
    }

    /** A prefix of its own for one test's keys. */
    public static String newPrefix() {
        return "test-" + UUID.randomUUID();
    }

    /** One instance's shared state under {@code prefix}; closing it deletes nothing. */
    public static Connected connect(String prefix) {
        TestServices.Redis redis = TestServices.redis();
        LettuceConnectionFactory factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(redis.host(), redis.port()));
        factory.afterPropertiesSet();
        factory.start();
        StringRedisTemplate template = new StringRedisTemplate(factory);
        SharedProperties properties = new SharedProperties(prefix, Duration.ofSeconds(2), Duration.ofSeconds(10),
                Duration.ofSeconds(2));
        return new Connected(new SharedState(template, properties), template, factory, prefix);
    }

    public record Connected(SharedState state, StringRedisTemplate redis, LettuceConnectionFactory factory,
            String prefix) implements AutoCloseable {

        /** The keys written under the prefix. */
        public Set<String> keys() {
            return redis.keys(prefix + ":*");
        }

        /** Deletes every key under the prefix. */
        public void deleteAll() {
            Set<String> keys = keys();
            if (!keys.isEmpty()) {
                redis.delete(keys);
            }
        }

        @Override
        public void close() {
            factory.destroy();
        }
    }
}
