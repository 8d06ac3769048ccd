package dev.togglbff.tracking;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.togglbff.auth.RememberedTokens;
import dev.togglbff.shared.SharedState;
import dev.togglbff.teams.TeamAccess;
import dev.togglbff.web.QuotaHeaders;
import dev.togglbff.web.StoredJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.web.servlet.DelegatingFilterProxyRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestAttributes;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.filter.ServerHttpObservationFilter;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Repeats of a cached workspace read, answered before the security chain and Spring MVC run.
 * <p>
 * The first time a caller reads workspace data (its projects, clients, tags, users), the request
 * goes the whole way: Spring Security checks the bearer token, the team guard the membership,
 * the cache answers from fresh copies, and {@link Answers} sends the stored JSON. That answer is
 * remembered per caller, request target and {@code Accept} (with every header it carried), and a
 * repeat of the same request is answered from it (with its freshness, its quota headers and a
 * request id of its own, a {@code 304} when {@code If-None-Match} matches) for as long as all of
 * these hold:
 * <ul>
 * <li>the bearer token is one the chain verified, is still within its validity and its user still
 * exists ({@link RememberedTokens}, the same check the chain makes for such a token);
 * <li>nothing has changed since: no request other than {@code GET}/{@code HEAD}/{@code OPTIONS} has
 * begun or ended (a membership, a key, a team, a write through Toggl), and no cached copy has been
 * replaced, changed or dropped; while such a request runs, nothing is repeated;
 * <li>every cached copy the answer was made of is fresh (a copy past its time goes the whole way,
 * to be refreshed).
 * </ul>
 * A request with a cookie, an {@code Origin}, a range or a precondition other than
 * {@code If-None-Match} always goes the whole way, as does everything in shared-state mode, where
 * another instance may change what this one holds (there each read asks Redis).
 * <p>
 * Registered just before {@link dev.togglbff.web.EtagFilter}: after the request id and the request
 * shape checks, inside the {@code http.server.requests} observation (a repeat is measured under
 * the route it repeats).
 */
@Component
class RepeatReads implements Filter {

    /** Request attribute of {@link Trace}: what the cache reads of an eligible request found. */
    private static final String TRACE = RepeatReads.class.getName() + ".TRACE";

    /** Headers each answer sets for itself, never taken from the remembered one. */
    private static final Set<String> OWN_HEADERS = Set.of("x-request-id", "date", "content-length",
            "content-type", "transfer-encoding", "connection", "keep-alive",
            Answers.CACHE_STATUS.toLowerCase(Locale.ROOT), HttpHeaders.AGE.toLowerCase(Locale.ROOT),
            QuotaHeaders.REMAINING.toLowerCase(Locale.ROOT), QuotaHeaders.RESETS_IN.toLowerCase(Locale.ROOT));

    /** Request headers that make an answer depend on more than the target and {@code Accept}. */
    private static final List<String> GOES_THE_WHOLE_WAY = List.of(HttpHeaders.COOKIE, HttpHeaders.ORIGIN,
            HttpHeaders.RANGE, HttpHeaders.IF_RANGE, HttpHeaders.IF_MATCH, HttpHeaders.IF_MODIFIED_SINCE,
            HttpHeaders.IF_UNMODIFIED_SINCE);

    private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

    /** Answers remembered at most (one per caller and read the caller repeats). */
    private static final long REMEMBERED = 20_000;
    /** An answer not repeated for this long is forgotten. */
    private static final Duration IDLE = Duration.ofMinutes(10);

    /** Which request: whose, which target, which representation, over TLS or not. */
    private record Key(UUID user, String target, @Nullable String query, @Nullable String accept, boolean secure) {
    }

    /**
     * What an answer to be remembered was made of, noted by {@link Answers}.
     *
     * @param keyHash     the caller's Maton key, by hash (for the quota headers)
     * @param team        the team the guard let the caller into, and the caller (for the quota headers)
     * @param body        the stored JSON and its tag
     * @param fetchedAt   when the answer's data was fetched (for {@code Age})
     * @param freshUntil  until when it is fresh (for {@code Cache-Status})
     */
    record Candidate(String keyHash, TeamAccess team, StoredJson body, Instant fetchedAt, Instant freshUntil) {
    }

    /** A remembered answer, valid while the change count is {@code version}, until {@code until}. */
    private record Remembered(long version, Instant until, Candidate answer, @Nullable String pattern,
            List<String[]> headers) {
    }

    /** The cache reads of one request: whether all were fresh copies, and the earliest end of freshness. */
    private static final class Trace {

        private boolean fresh = true;
        private Instant until = Instant.MAX;
    }

    private final boolean enabled;
    private final RememberedTokens tokens;
    private final Answers answers;
    private final Clock clock;
    private final Counter repeated;
    /** Counts every change that may alter an answer; a remembered answer holds only while it stands. */
    private final AtomicLong version = new AtomicLong();
    /** Requests that may change something, under way. */
    private final AtomicInteger changing = new AtomicInteger();
    private final Cache<Key, Remembered> remembered = Caffeine.newBuilder()
        .maximumSize(REMEMBERED)
        .expireAfterAccess(IDLE)
        .build();

    RepeatReads(ObjectProvider<SharedState> shared, RememberedTokens tokens, Answers answers, Clock clock,
            MeterRegistry meters) {
        this.enabled = shared.getIfAvailable() == null;
        this.tokens = tokens;
        this.answers = answers;
        this.clock = clock;
        this.repeated = Counter.builder("bff.reads.repeated")
            .description("Repeats of a cached workspace read answered from the remembered answer, "
                    + "without the security chain and the handler")
            .register(meters);
    }

    /**
     * Registers the filter after RequestIdFilter, RequestShapeFilter and RequestBodyLimitFilter,
     * before EtagFilter, through a proxy that looks the filter up at the first request (as Spring
     * Security's chain is): the web server starts before the token and database beans it uses.
     */
    @Configuration(proxyBeanMethods = false)
    static class Registration {

        @Bean
        DelegatingFilterProxyRegistrationBean repeatReadsRegistration() {
            DelegatingFilterProxyRegistrationBean registration =
                    new DelegatingFilterProxyRegistrationBean("repeatReads");
            registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 15);
            return registration;
        }
    }

    @Override
    public void doFilter(ServletRequest servletRequest, ServletResponse servletResponse, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) servletRequest;
        HttpServletResponse response = (HttpServletResponse) servletResponse;
        String method = request.getMethod();
        if (!"GET".equals(method)) {
            if (SAFE_METHODS.contains(method)) {
                chain.doFilter(request, response);
            }
            else {
                changing(request, response, chain);
            }
            return;
        }
        UUID user = enabled && eligible(request) ? tokens.liveUser(request) : null;
        if (user == null) {
            chain.doFilter(request, response);
            return;
        }
        Key key = new Key(user, request.getRequestURI(), request.getQueryString(),
                request.getHeader(HttpHeaders.ACCEPT), request.isSecure());
        long before = changing.get() == 0 ? version.get() : -1;
        Remembered answer = remembered.getIfPresent(key);
        if (answer != null && answer.version() == before && clock.instant().isBefore(answer.until())) {
            repeat(request, response, answer);
            return;
        }
        Trace trace = new Trace();
        request.setAttribute(TRACE, trace);
        chain.doFilter(request, response);
        if (before >= 0 && request.getAttribute(Answers.REPEATABLE) instanceof Candidate candidate
                && candidate.team().userId().equals(user) && trace.fresh && response.getStatus() == HttpServletResponse.SC_OK
                && !response.containsHeader(HttpHeaders.SET_COOKIE) && changing.get() == 0 && version.get() == before) {
            remembered.put(key, new Remembered(before, trace.until, candidate,
                    (String) request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE), headers(response)));
        }
    }

    private static boolean eligible(HttpServletRequest request) {
        for (String header : GOES_THE_WHOLE_WAY) {
            if (request.getHeader(header) != null) {
                return false;
            }
        }
        return true;
    }

    /** A request that may change what answers are made of: nothing is repeated while it runs, nothing after it. */
    private void changing(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        changing.incrementAndGet();
        version.incrementAndGet();
        boolean async = false;
        try {
            chain.doFilter(request, response);
            async = request.isAsyncStarted();
        }
        finally {
            if (async) {
                request.getAsyncContext().addListener(new Ended());
            }
            else {
                ended();
            }
        }
    }

    private void ended() {
        version.incrementAndGet();
        changing.decrementAndGet();
    }

    /** The end of a changing request that went on asynchronously. */
    private final class Ended implements AsyncListener {

        @Override
        public void onComplete(AsyncEvent event) {
            ended();
        }

        @Override
        public void onTimeout(AsyncEvent event) {
            // onComplete follows.
        }

        @Override
        public void onError(AsyncEvent event) {
            // onComplete follows.
        }

        @Override
        public void onStartAsync(AsyncEvent event) {
            event.getAsyncContext().addListener(this);
        }
    }

    /** Something an answer may be made of has changed: no remembered answer repeats any more. */
    void changed() {
        version.incrementAndGet();
    }

    private void repeat(HttpServletRequest request, HttpServletResponse response, Remembered answer)
            throws IOException {
        repeated.increment();
        if (answer.pattern() != null) {
            ServerHttpObservationFilter.findObservationContext(request)
                .ifPresent(context -> context.setPathPattern(answer.pattern()));
        }
        Candidate candidate = answer.answer();
        StoredJson body = candidate.body();
        boolean notModified = StoredJson.notModified(request, body.etag());
        response.setStatus(notModified ? HttpServletResponse.SC_NOT_MODIFIED : HttpServletResponse.SC_OK);
        for (String[] header : answer.headers()) {
            response.addHeader(header[0], header[1]);
        }
        answers.freshnessAndQuota(response::setHeader, candidate.keyHash(), candidate.team(), TogglCache.Status.HIT,
                candidate.fetchedAt(), candidate.freshUntil());
        if (notModified) {
            return;
        }
        response.setContentType("application/json");
        response.setContentLength(body.json().length);
        ServletOutputStream out = response.getOutputStream();
        out.write(body.json());
    }

    private static List<String[]> headers(HttpServletResponse response) {
        List<String[]> headers = new ArrayList<>();
        for (String name : new LinkedHashSet<>(response.getHeaderNames())) {
            if (!OWN_HEADERS.contains(name.toLowerCase(Locale.ROOT))) {
                for (String value : response.getHeaders(name)) {
                    headers.add(new String[] { name, value });
                }
            }
        }
        return List.copyOf(headers);
    }

    /**
     * Notes a read of the cache for the current request: an answer is remembered only when every
     * read was of a fresh copy, and repeated only until the first of them stops being fresh.
     */
    static void observedFresh(Instant freshUntil) {
        Trace trace = trace();
        if (trace != null && freshUntil.isBefore(trace.until)) {
            trace.until = freshUntil;
        }
    }

    /** Notes a read of the cache that did not find a fresh copy: the request's answer is not remembered. */
    static void observedNotFresh() {
        Trace trace = trace();
        if (trace != null) {
            trace.fresh = false;
        }
    }

    private static @Nullable Trace trace() {
        RequestAttributes attributes = RequestContextHolder.getRequestAttributes();
        return attributes != null
                && attributes.getAttribute(TRACE, RequestAttributes.SCOPE_REQUEST) instanceof Trace trace ? trace : null;
    }
}
