package dev.togglbff.web;

import org.junit.jupiter.api.Test;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The allowed browser origins may send credentialed (session cookie) requests, so a wildcard or
 * any other pattern stops the start-up with a message naming the setting; exact origins start.
 */
class CorsOriginSettingsTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties(WebProperties.class)
    static class Settings {
    }

    private final ApplicationContextRunner context = new ApplicationContextRunner()
        .withUserConfiguration(Settings.class)
        .withPropertyValues("bff.web.max-request-body=64KB", "bff.web.cors.max-age-seconds=60",
                "bff.web.idempotency.ttl=1h", "bff.web.idempotency.wait=1s", "bff.web.idempotency.poll-interval=10ms",
                "bff.web.idempotency.cleanup-interval=1h", "bff.web.idempotency.abandon-after=1m");

    @Test
    void aWildcardOriginStopsTheStartUp() {
        for (String origins : new String[] { "*", "https://app.example,*", "https://*.example.com", "null" }) {
            context.withPropertyValues("bff.web.cors.allowed-origins=" + origins).run(started -> {
                assertThat(started).as(origins).hasFailed();
                StringBuilder failure = new StringBuilder();
                for (Throwable cause = started.getStartupFailure(); cause != null; cause = cause.getCause()) {
                    failure.append(cause.getMessage()).append('\n');
                }
                assertThat(failure.toString()).as(origins).contains("cors.allowedOrigins")
                    .contains("'*' and other patterns are refused");
            });
        }
    }

    @Test
    void exactOriginsStart() {
        context.withPropertyValues("bff.web.cors.allowed-origins=https://app.example,http://127.0.0.1:5173")
            .run(started -> {
                assertThat(started).hasNotFailed();
                assertThat(started.getBean(WebProperties.class).cors().allowedOrigins())
                    .containsExactly("https://app.example", "http://127.0.0.1:5173");
            });
    }
}
