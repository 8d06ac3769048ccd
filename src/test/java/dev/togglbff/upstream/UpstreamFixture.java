package dev.togglbff.upstream;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;

import org.springframework.util.unit.DataSize;
import org.springframework.web.reactive.function.client.WebClient;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;

/** A Toggl and connections client wired to WireMock on a loopback port, with settings tests can tune. */
final class UpstreamFixture {

    static final String KEY = "maton-secret-key-0123456789abcdef";
    static final String OTHER_KEY = "maton-other-key-fedcba9876543210";
    static final String API = "/toggl-track/api/v9";
    /** Every project, Toggl's defaults for the rest. */
    static final TogglProjectQuery ALL_PROJECTS = new TogglProjectQuery(null, null, null, null, null);

    final MatonProperties properties;
    final Clock clock;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    final InMemoryQuotaLedger ledger = new InMemoryQuotaLedger();
    final QuotaBudget budget;
    final TogglClient toggl;
    final MatonConnectionsClient connections;

    private UpstreamFixture(MatonProperties properties, QuotaProperties quota, Clock clock,
            @Nullable MatonRouting routing) {
        this.properties = properties;
        this.clock = clock;
        this.budget = new QuotaBudget(ledger, quota, properties.quotaResetFallback(), clock);
        MatonHttp http = new MatonHttp(MatonHttp.webClient(WebClient.builder(), properties),
                routing != null ? routing : MatonRouting.matonOnly(properties.baseUrl()), properties, clock, ledger,
                budget, quota.window(), UpstreamJson.lenientMapper(), registry);
        this.toggl = new TogglClient(http, new UpstreamJson(UpstreamJson.lenientMapper()), properties);
        this.connections = new MatonConnectionsClient(http, new UpstreamJson(UpstreamJson.lenientMapper()));
    }

    static WireMockExtension wireMock() {
        return WireMockExtension.newInstance().options(wireMockConfig().dynamicPort().bindAddress("127.0.0.1")).build();
    }

    /** Defaults as in application.yml, except fast backoff and pacing so that tests not about them stay quick. */
    static Builder with(WireMockExtension wireMock) {
        return new Builder(wireMock.baseUrl());
    }

    static MatonCredentials key() {
        return MatonCredentials.of(KEY, null);
    }

    static MatonCredentials key(String connection) {
        return MatonCredentials.of(KEY, connection);
    }

    static final class Builder {

        private final String baseUrl;
        private Duration responseTimeout = Duration.ofSeconds(10);
        private Duration backoffBase = Duration.ofMillis(20);
        private Duration pacingInterval = Duration.ofMillis(1);
        private Duration pacingMaxWait = Duration.ofSeconds(5);
        private Clock clock = Clock.systemUTC();
        private QuotaProperties quota = new QuotaProperties(1_000_000, 1_000_000, 0.8, Duration.ofHours(1));
        private @Nullable MatonRouting routing;

        private Builder(String baseUrl) {
            this.baseUrl = baseUrl;
        }

        Builder responseTimeout(Duration timeout) {
            this.responseTimeout = timeout;
            return this;
        }

        Builder backoffBase(Duration base) {
            this.backoffBase = base;
            return this;
        }

        Builder pacing(Duration interval, Duration maxWait) {
            this.pacingInterval = interval;
            this.pacingMaxWait = maxWait;
            return this;
        }

        /** Toggl's Free plan limits (30 per hour in each bucket) instead of limits no test reaches. */
        Builder freePlan() {
            this.quota = new QuotaProperties(30, 30, 0.8, Duration.ofHours(1));
            return this;
        }

        /** Where keys are sent; by default Maton (the WireMock server) only. */
        Builder routing(MatonRouting chosen) {
            this.routing = chosen;
            return this;
        }

        Builder clock(Clock fixed) {
            this.clock = fixed;
            return this;
        }

        UpstreamFixture build() {
            MatonProperties properties = new MatonProperties(URI.create(baseUrl), Duration.ofSeconds(2),
                    responseTimeout, "toggl-bff", DataSize.ofMegabytes(10), 300, 200, 20, Duration.ofMinutes(5),
                    new MatonProperties.Backoff(backoffBase, Duration.ofSeconds(8), 3, Duration.ofSeconds(10)),
                    new MatonProperties.Pacing(pacingInterval, pacingMaxWait));
            return new UpstreamFixture(properties, quota, clock, routing);
        }
    }
}
