package dev.togglbff.upstream;

import java.time.Clock;
import java.time.Duration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.ConfigDataApplicationContextInitializer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.validation.autoconfigure.ValidationAutoConfiguration;
import org.springframework.boot.webclient.autoconfigure.WebClientAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;

import static org.assertj.core.api.Assertions.assertThat;

/** The upstream beans wire up from {@code bff.maton.*} with the defaults of application.yml, and bad settings fail. */
class UpstreamConfigurationTests {

    @Configuration(proxyBeanMethods = false)
    @EnableConfigurationProperties({ MatonProperties.class, QuotaProperties.class })
    @Import(UpstreamConfiguration.class)
    static class Context {

        @Bean
        Clock clock() {
            return Clock.systemUTC();
        }

        @Bean
        MeterRegistry meterRegistry() {
            return new SimpleMeterRegistry();
        }
    }

    final ApplicationContextRunner runner = new ApplicationContextRunner()
        .withInitializer(new ConfigDataApplicationContextInitializer())
        .withConfiguration(AutoConfigurations.of(WebClientAutoConfiguration.class, ValidationAutoConfiguration.class))
        .withUserConfiguration(Context.class);

    @Test
    void beansWireUpWithTheDocumentedDefaults() {
        runner.run(context -> {
            assertThat(context).hasNotFailed()
                .hasSingleBean(TogglClient.class)
                .hasSingleBean(MatonConnectionsClient.class)
                .hasSingleBean(QuotaLedger.class)
                .hasSingleBean(QuotaBudget.class);
            MatonProperties properties = context.getBean(MatonProperties.class);
            assertThat(properties.baseUrl()).hasToString("https://api.maton.ai");
            assertThat(properties.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
            assertThat(properties.responseTimeout()).isEqualTo(Duration.ofSeconds(10));
            assertThat(properties.createdWith()).isEqualTo("toggl-bff");
            assertThat(properties.backoff()).isEqualTo(new MatonProperties.Backoff(Duration.ofMillis(500),
                    Duration.ofSeconds(8), 3, Duration.ofSeconds(10)));
            assertThat(properties.pacing())
                .isEqualTo(new MatonProperties.Pacing(Duration.ofSeconds(1), Duration.ofSeconds(5)));
            // Toggl's Free plan, 80 % for reads.
            assertThat(context.getBean(QuotaProperties.class))
                .isEqualTo(new QuotaProperties(30, 30, 0.8, Duration.ofHours(1)));
        });
    }

    @Test
    void invalidSettingsFailTheStart() {
        runner.withPropertyValues("bff.maton.projects-page-size=500", "bff.maton.backoff.max-attempts=0",
                "bff.quota.budget-share=1.5")
            .run(context -> assertThat(context).hasFailed());
    }
}
