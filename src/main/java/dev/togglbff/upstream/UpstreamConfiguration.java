package dev.togglbff.upstream;

import java.time.Clock;
import java.time.Duration;

import dev.togglbff.shared.SharedState;

import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.reactive.function.client.WebClient;

/** The upstream beans: one Maton transport shared by the Toggl and connections clients, and the quota ledger and budget. */
@Configuration(proxyBeanMethods = false)
class UpstreamConfiguration {

    /** In shared-state mode one ledger in Redis for every instance, otherwise the instance's own. */
    @Bean
    QuotaLedger quotaLedger(ObjectProvider<SharedState> shared, QuotaProperties quota, MatonProperties properties) {
        SharedState state = shared.getIfAvailable();
        Duration retention = quota.window().plus(properties.quotaResetFallback());
        return state == null ? new InMemoryQuotaLedger() : new RedisQuotaLedger(state, retention);
    }

    @Bean
    QuotaBudget quotaBudget(QuotaLedger ledger, QuotaProperties quota, MatonProperties properties, Clock clock) {
        return new QuotaBudget(ledger, quota, properties.quotaResetFallback(), clock);
    }

    /**
     * The WebClient (and Boot's builder with its HTTP connector) is made on the first call to
     * Maton rather than at start-up: each JDK HttpClient loads the TLS context when it is built.
     */
    @Bean
    MatonHttp matonHttp(ObjectProvider<WebClient.Builder> webClientBuilder, MatonProperties properties, Clock clock,
            QuotaLedger ledger, QuotaBudget budget, QuotaProperties quota, MeterRegistry meterRegistry,
            ObjectProvider<SandboxEndpoint> sandbox, ObjectProvider<SharedState> shared) {
        MatonRouting routing = new MatonRouting(properties.baseUrl(), sandbox::getIfAvailable);
        RequestPacer pacer = new RequestPacer(properties.pacing(), meterRegistry, shared.getIfAvailable());
        return new MatonHttp(() -> MatonHttp.webClient(webClientBuilder.getObject(), properties), routing, properties,
                clock, ledger, budget, quota.window(), UpstreamJson.lenientMapper(), meterRegistry, pacer);
    }

    @Bean
    TogglClient togglClient(MatonHttp matonHttp, MatonProperties properties) {
        return new TogglClient(matonHttp, new UpstreamJson(UpstreamJson.lenientMapper()), properties);
    }

    @Bean
    MatonConnectionsClient matonConnectionsClient(MatonHttp matonHttp) {
        return new MatonConnectionsClient(matonHttp, new UpstreamJson(UpstreamJson.lenientMapper()));
    }
}
