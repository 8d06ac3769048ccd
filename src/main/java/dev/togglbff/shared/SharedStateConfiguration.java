package dev.togglbff.shared;

import io.lettuce.core.ClientOptions;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * The shared-state mode, on whenever {@code spring.data.redis.host} is set (always in {@code prod});
 * the embedded default, without it, keeps every piece of state in the instance.
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(SharedStateConfiguration.SWITCH)
class SharedStateConfiguration {

    /** The property whose presence turns the shared-state mode on. */
    static final String SWITCH = "spring.data.redis.host";

    @Bean
    SharedState sharedState(StringRedisTemplate redis, SharedProperties properties) {
        return new SharedState(redis, properties);
    }

    /**
     * While the connection is down, commands fail at once instead of queueing until the command
     * timeout: every request would otherwise wait that long for its per-instance fallback.
     */
    @Bean
    LettuceClientOptionsBuilderCustomizer failFastWhileDisconnected() {
        return options -> options.disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS);
    }
}
