package dev.togglbff.upstream;

import java.net.ConnectException;
import java.net.UnknownHostException;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.togglbff.web.ErrorCode;
import dev.togglbff.web.QuotaHeaders;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Exceptions;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.JdkClientHttpConnector;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.util.UriBuilder;
import org.springframework.web.util.UriBuilderFactory;

/**
 * Sends {@link UpstreamCall}s to Maton and answers with the raw response, applying everything
 * every call needs: credentials headers, pacing per key, the quota ledger (fail fast while a
 * bucket is spent, record every reading), retries with backoff, error mapping, metrics and
 * key-free logging (method, path, status and duration only).
 */
final class MatonHttp {

    /** What the upstream answered. */
    record Answer(int status, HttpHeaders headers, String body) {
    }

    static final String CONNECTION_HEADER = "Maton-Connection";

    private static final Logger log = LoggerFactory.getLogger(MatonHttp.class);
    private static final Pattern RESET_WORDING = Pattern.compile("reset(?:s)? in (\\d+) ?s", Pattern.CASE_INSENSITIVE);
    private static final Pattern QUOTA_WORDING = Pattern.compile("quota", Pattern.CASE_INSENSITIVE);

    private final SingletonSupplier<WebClient> webClient;
    private final MatonRouting routing;
    private final MatonProperties properties;
    private final Clock clock;
    private final QuotaLedger ledger;
    private final QuotaBudget budget;
    private final java.time.Duration window;
    private final RequestPacer pacer;
    private final ErrorDetails errorDetails;
    private final MeterRegistry registry;
    private final DistributionSummary.Builder quotaRemaining;

    MatonHttp(WebClient webClient, MatonRouting routing, MatonProperties properties, Clock clock, QuotaLedger ledger,
            QuotaBudget budget, Duration window, JsonMapper json, MeterRegistry registry) {
        this(() -> webClient, routing, properties, clock, ledger, budget, window, json, registry,
                new RequestPacer(properties.pacing(), registry, null));
    }

    /**
     * @param webClient the WebClient for Maton, asked for on the first call: its HTTP client
     *        loads the JDK's TLS context, which start-up need not wait for
     */
    MatonHttp(Supplier<WebClient> webClient, MatonRouting routing, MatonProperties properties, Clock clock,
            QuotaLedger ledger, QuotaBudget budget, Duration window, JsonMapper json, MeterRegistry registry,
            RequestPacer pacer) {
        this.webClient = SingletonSupplier.of(webClient);
        this.routing = routing;
        this.properties = properties;
        this.clock = clock;
        this.ledger = ledger;
        this.budget = budget;
        this.window = window;
        this.pacer = pacer;
        this.errorDetails = new ErrorDetails(json, properties.errorDetailMaxLength());
        this.registry = registry;
        this.quotaRemaining = DistributionSummary.builder("bff.upstream.quota.remaining")
            .description("Toggl quota left as reported by each response");
    }

    /**
     * The WebClient for Maton: base URL, connect and response timeouts, and the body size limit. It
     * runs on the JDK's {@link java.net.http.HttpClient} (HTTP/1.1, no redirects followed), which
     * needs no event-loop library loaded at start-up; calls block their (virtual) thread anyway.
     */
    static WebClient webClient(WebClient.Builder builder, MatonProperties properties) {
        java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
            .version(java.net.http.HttpClient.Version.HTTP_1_1)
            .followRedirects(java.net.http.HttpClient.Redirect.NEVER)
            .connectTimeout(properties.connectTimeout())
            .build();
        JdkClientHttpConnector connector = new JdkClientHttpConnector(http);
        connector.setReadTimeout(properties.responseTimeout());
        return builder.clone()
            .baseUrl(properties.baseUrl().toString())
            .clientConnector(connector)
            .codecs(codecs -> codecs.defaultCodecs()
                .maxInMemorySize(Math.toIntExact(properties.maxResponseSize().toBytes())))
            .build();
    }

    /** Sends the call, retrying as allowed, and returns a 2xx answer or throws {@link UpstreamException}. */
    Answer exchange(MatonCredentials credentials, UpstreamCall call) {
        String keyHash = credentials.keyHash();
        UriBuilderFactory target = routing.target(credentials);
        long started = System.nanoTime();
        for (int attempt = 1;; attempt++) {
            failFastWhenSpent(credentials, call);
            pacer.acquire(keyHash);
            // Checked again after the wait: a 402 may have come in for the key meanwhile.
            claimQuota(credentials, call);
            Attempt result = send(target, credentials, call);
            Answer answer = result.answer();
            if (answer != null) {
                recordQuota(credentials, call, answer.headers());
                int status = answer.status();
                if (status >= 200 && status < 300) {
                    return answer;
                }
                if (status == 429) {
                    Duration wait = retryAfter(answer.headers()).orElseGet(backoffFor(attempt));
                    if (mayRetry(attempt, started, wait)) {
                        pause(call, "rate_limited", status, attempt, wait);
                        continue;
                    }
                    throw new UpstreamException(ErrorCode.UPSTREAM_RATE_LIMITED,
                            "Toggl asks to slow down; try again later.", atLeastOneSecond(wait), status);
                }
                if (status == 402) {
                    throw paymentRequired(credentials, call, answer);
                }
                if (status >= 500) {
                    Duration wait = retryAfter(answer.headers()).orElseGet(backoffFor(attempt));
                    if (call.repeatable() && mayRetry(attempt, started, wait)) {
                        pause(call, "server_error", status, attempt, wait);
                        continue;
                    }
                    throw unavailable(status, status == 503 ? 503 : 502);
                }
                throw clientError(credentials, answer);
            }
            Failure failure = result.failure();
            if (failure == Failure.TIMEOUT) {
                throw new UpstreamException(ErrorCode.UPSTREAM_TIMEOUT, "Toggl did not answer in time.", 0);
            }
            if (failure == Failure.TOO_LARGE) {
                throw new UpstreamException(ErrorCode.UPSTREAM_UNAVAILABLE, "Toggl's answer was too large.", 0);
            }
            // Unreachable means the request never left; a dropped connection may have been applied.
            boolean retryable = failure == Failure.UNREACHABLE || call.repeatable();
            Duration wait = backoffFor(attempt).get();
            if (retryable && mayRetry(attempt, started, wait)) {
                pause(call, failure == Failure.UNREACHABLE ? "unreachable" : "connection_lost", 0, attempt, wait);
                continue;
            }
            throw unavailable(0, failure == Failure.UNREACHABLE ? 503 : 502);
        }
    }

    private enum Failure {
        TIMEOUT, UNREACHABLE, CONNECTION_LOST, TOO_LARGE
    }

    private record Attempt(@Nullable Answer answer, @Nullable Failure failure) {
    }

    private Attempt send(UriBuilderFactory target, MatonCredentials credentials, UpstreamCall call) {
        long start = System.nanoTime();
        String outcome = "io_error";
        try {
            WebClient.RequestBodySpec request = webClient.obtain().method(call.method())
                .uri(uri(target.builder(), call))
                .headers(headers -> {
                    headers.setBearerAuth(credentials.apiKey());
                    headers.setAccept(java.util.List.of(MediaType.APPLICATION_JSON));
                    if (credentials.connectionId() != null) {
                        headers.set(CONNECTION_HEADER, credentials.connectionId());
                    }
                });
            WebClient.RequestHeadersSpec<?> ready = call.body() == null ? request
                    : request.contentType(MediaType.APPLICATION_JSON).bodyValue(call.body());
            Answer answer = ready
                .exchangeToMono(response -> response.bodyToMono(String.class)
                    .defaultIfEmpty("")
                    .map(body -> new Answer(response.statusCode().value(), response.headers().asHttpHeaders(),
                            body)))
                .timeout(properties.connectTimeout().plus(properties.responseTimeout()))
                .block();
            if (answer == null) {
                return new Attempt(null, Failure.CONNECTION_LOST);
            }
            outcome = Integer.toString(answer.status());
            return new Attempt(answer, null);
        }
        catch (RuntimeException ex) {
            Failure failure = classify(ex);
            outcome = failure.name().toLowerCase(Locale.ROOT);
            return new Attempt(null, failure);
        }
        finally {
            long nanos = System.nanoTime() - start;
            Timer.builder("bff.upstream.requests")
                .description("Requests sent to Maton and Toggl")
                .tag("operation", call.operation())
                .tag("status", outcome)
                .register(registry)
                .record(nanos, TimeUnit.NANOSECONDS);
            log.debug("Upstream {} {} -> {} in {} ms", call.method(), call.expandedPath(), outcome,
                    TimeUnit.NANOSECONDS.toMillis(nanos));
        }
    }

    private static java.net.URI uri(UriBuilder builder, UpstreamCall call) {
        Map<String, Object> values = new HashMap<>(call.variables());
        builder.path(call.path());
        int index = 0;
        for (Map.Entry<String, String> parameter : call.query().entrySet()) {
            String placeholder = "query" + index++;
            builder.queryParam(parameter.getKey(), "{" + placeholder + "}");
            values.put(placeholder, parameter.getValue());
        }
        return builder.build(values);
    }

    private static Failure classify(Throwable thrown) {
        Throwable ex = Exceptions.unwrap(thrown);
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpConnectTimeoutException) {
                return Failure.UNREACHABLE;
            }
            if (cause instanceof TimeoutException || cause instanceof HttpTimeoutException) {
                return Failure.TIMEOUT;
            }
            if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
                return Failure.UNREACHABLE;
            }
            if (cause instanceof DataBufferLimitException) {
                return Failure.TOO_LARGE;
            }
        }
        return Failure.CONNECTION_LOST;
    }

    /**
     * Refuses the call, without sending it, while its bucket is spent (Toggl answered 402) or full
     * by the count of requests in the window (Toggl would answer 402).
     */
    private void failFastWhenSpent(MatonCredentials credentials, UpstreamCall call) {
        QuotaScope scope = call.scope();
        if (scope == null) {
            return;
        }
        Instant now = clock.instant();
        String keyHash = credentials.keyHash();
        Optional<Duration> wait = ledger.exhaustedUntil(keyHash, scope, now)
            .map(until -> Duration.between(now, until))
            .or(() -> budget.fullFor(keyHash, scope, now));
        if (wait.isPresent()) {
            registry.counter("bff.upstream.quota.rejections", "scope", scope.kind()).increment();
            throw quotaExhausted(wait.get(), 0);
        }
    }

    /**
     * {@link #failFastWhenSpent} and the budget of a refresh, then counts the request about to be
     * sent against its bucket: one check-and-count at a time, so two calls cannot both take the last
     * request of a bucket.
     */
    private void claimQuota(MatonCredentials credentials, UpstreamCall call) {
        QuotaScope scope = call.scope();
        if (scope == null) {
            return;
        }
        ledger.exclusively(credentials.keyHash(), () -> {
            failFastWhenSpent(credentials, call);
            Instant now = clock.instant();
            budget.checkRefresh(credentials.keyHash(), scope, now);
            ledger.sent(credentials.keyHash(), scope, now, now.minus(window));
        });
    }

    private void recordQuota(MatonCredentials credentials, UpstreamCall call, HttpHeaders headers) {
        QuotaScope scope = call.scope();
        Long remaining = longHeader(headers, QuotaHeaders.REMAINING);
        if (scope == null || remaining == null) {
            return;
        }
        Instant now = clock.instant();
        Long resetsIn = longHeader(headers, QuotaHeaders.RESETS_IN);
        ledger.record(credentials.keyHash(), scope, remaining, resetsIn == null ? null : now.plusSeconds(resetsIn), now);
        quotaRemaining.tag("scope", scope.kind()).register(registry).record(remaining);
    }

    private UpstreamException paymentRequired(MatonCredentials credentials, UpstreamCall call, Answer answer) {
        HttpHeaders headers = answer.headers();
        boolean quotaHeaders = headers.containsHeader(QuotaHeaders.REMAINING) || headers.containsHeader(QuotaHeaders.RESETS_IN);
        if (!quotaHeaders && !QUOTA_WORDING.matcher(answer.body()).find()) {
            return new UpstreamException(ErrorCode.FEATURE_UNAVAILABLE,
                    "The Toggl plan of this workspace does not include this feature.", 402);
        }
        Long resetsIn = longHeader(headers, QuotaHeaders.RESETS_IN);
        if (resetsIn == null) {
            Matcher wording = RESET_WORDING.matcher(answer.body());
            resetsIn = wording.find() ? Long.valueOf(wording.group(1)) : null;
        }
        Duration wait = resetsIn != null ? Duration.ofSeconds(resetsIn) : properties.quotaResetFallback();
        Instant now = clock.instant();
        QuotaScope scope = call.scope();
        if (scope != null) {
            ledger.markExhausted(credentials.keyHash(), scope, now.plus(wait), now);
        }
        log.warn("Toggl quota spent for scope {} of key {}; no requests until {}", scope, credentials.fingerprint(),
                now.plus(wait));
        return quotaExhausted(wait, 402);
    }

    private static UpstreamException quotaExhausted(Duration wait, int upstreamStatus) {
        return new UpstreamException(ErrorCode.TOGGL_QUOTA_EXHAUSTED,
                "The Toggl request quota is spent until it resets.", atLeastOneSecond(wait), upstreamStatus);
    }

    private static UpstreamException unavailable(int upstreamStatus, int status) {
        return new UpstreamException(ErrorCode.UPSTREAM_UNAVAILABLE, status,
                status == 503 ? "Toggl is unreachable right now." : "Toggl failed to answer properly.", null,
                upstreamStatus);
    }

    private UpstreamException clientError(MatonCredentials credentials, Answer answer) {
        int status = answer.status();
        return switch (status) {
            case 401 -> new UpstreamException(ErrorCode.MATON_KEY_INVALID, "Maton does not accept the stored key.",
                    status);
            case 403 -> new UpstreamException(ErrorCode.UPSTREAM_FORBIDDEN,
                    "Toggl does not allow this for the connected account.", status);
            case 404 -> new UpstreamException(ErrorCode.NOT_FOUND, "Toggl has no such resource.", status);
            default -> new UpstreamException(ErrorCode.UPSTREAM_BAD_REQUEST,
                    errorDetails.describe(answer.body(), answer.headers(), credentials), status);
        };
    }

    private Optional<Duration> retryAfter(HttpHeaders headers) {
        String value = headers.getFirst(HttpHeaders.RETRY_AFTER);
        if (value == null || value.isBlank()) {
            return Optional.empty();
        }
        try {
            long seconds = Long.parseLong(value.strip());
            return Optional.of(Duration.ofSeconds(Math.max(0, seconds)));
        }
        catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(value.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                Duration wait = Duration.between(clock.instant(), at);
                return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
            }
            catch (DateTimeParseException notDate) {
                return Optional.empty();
            }
        }
    }

    private java.util.function.Supplier<Duration> backoffFor(int attempt) {
        return () -> {
            MatonProperties.Backoff backoff = properties.backoff();
            long base = backoff.base().toMillis();
            long ceiling = base << Math.min(attempt - 1, Long.numberOfLeadingZeros(base) - 2);
            long bound = Math.min(backoff.cap().toMillis(), ceiling);
            return Duration.ofMillis(ThreadLocalRandom.current().nextLong(bound + 1));
        };
    }

    private boolean mayRetry(int attempt, long startedNanos, Duration wait) {
        MatonProperties.Backoff backoff = properties.backoff();
        Duration elapsed = Duration.ofNanos(System.nanoTime() - startedNanos);
        return attempt < backoff.maxAttempts() && elapsed.plus(wait).compareTo(backoff.maxTotal()) <= 0;
    }

    private void pause(UpstreamCall call, String reason, int status, int attempt, Duration wait) {
        Counter.builder("bff.upstream.retries")
            .description("Upstream calls repeated after a 429, 5xx or dropped connection")
            .tag("operation", call.operation())
            .tag("reason", reason)
            .register(registry)
            .increment();
        log.info("Upstream {} {} failed ({} {}); attempt {} follows in {} ms", call.method(), call.expandedPath(),
                reason, status, attempt + 1, wait.toMillis());
        Sleeper.pause(wait);
    }

    private static Duration atLeastOneSecond(Duration wait) {
        return wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait;
    }

    private static @Nullable Long longHeader(HttpHeaders headers, String name) {
        String value = headers.getFirst(name);
        if (value == null) {
            return null;
        }
        try {
            return Long.valueOf(value.strip());
        }
        catch (NumberFormatException ex) {
            return null;
        }
    }
}
