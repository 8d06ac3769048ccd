package dev.togglbff.web;

import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.AuthenticationTrustResolver;
import org.springframework.security.authentication.AuthenticationTrustResolverImpl;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.util.ContentCachingResponseWrapper;

/**
 * {@code Idempotency-Key} on the create requests (handlers marked {@link IdempotentCreate}): the first
 * {@code POST} with a key runs and its answer is kept per caller and key for
 * {@code bff.web.idempotency.ttl}; a repeat with the same method, path and body gets that answer
 * again with {@code Idempotent-Replayed: true} and never reaches the handler (so nothing is sent
 * upstream twice). The same key with another request is {@code 422 IDEMPOTENCY_KEY_REUSED}; a repeat
 * while the first still runs waits for it up to {@code bff.web.idempotency.wait}, then gets
 * {@code 409 CONFLICT} with {@code Retry-After: 1}. Answers of 5xx and 429 are not kept, so the
 * caller can retry.
 * <p>
 * Runs after Spring Security's chain (which is at order -100), so the caller is known; requests of
 * anonymous callers and requests without the header pass straight through. The body, capped by
 * {@link RequestBodyLimitFilter}, is read once to fingerprint it and replayed to the handler.
 */
@Component
class IdempotencyFilter extends OncePerRequestFilter {

    static final String HEADER = "Idempotency-Key";
    static final String REPLAYED = "Idempotent-Replayed";
    private static final Pattern VALID_KEY = Pattern.compile("[\\x21-\\x7E]{1,255}");
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    private final ObjectProvider<IdempotencyRecords> records;
    private final IdempotencyPaths paths;
    private final Problems problems;
    private final Clock clock;
    private final WebProperties.Idempotency settings;
    private final AuthenticationTrustResolver trustResolver = new AuthenticationTrustResolverImpl();

    /**
     * The records are looked up on first use: filters are created when the web server starts, before
     * the data source may be built (tests point it at their database only then).
     */
    IdempotencyFilter(ObjectProvider<IdempotencyRecords> records, IdempotencyPaths paths, Problems problems, Clock clock,
            WebProperties properties) {
        this.records = records;
        this.paths = paths;
        this.problems = problems;
        this.clock = clock;
        this.settings = properties.idempotency();
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || request.getHeader(HEADER) == null
                || !paths.matches(pathWithinApplication(request));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null || !authentication.isAuthenticated() || trustResolver.isAnonymous(authentication)) {
            chain.doFilter(request, response);
            return;
        }
        List<String> keys = Collections.list(request.getHeaders(HEADER));
        if (keys.size() != 1 || !VALID_KEY.matcher(keys.get(0)).matches()) {
            problems.write(request, response, ErrorCode.VALIDATION_FAILED, 400, "The Idempotency-Key header is invalid.",
                    null, List.of(new FieldError(HEADER, "must be one value of 1 to 255 visible ASCII characters")));
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        }
        catch (RequestBodyLimitFilter.BodyTooLargeException ex) {
            problems.write(request, response, ErrorCode.PAYLOAD_TOO_LARGE, 413, ex.getMessage(), null);
            return;
        }
        handle(new CachedBodyRequest(request, body), response, chain, authentication.getName(), keys.get(0),
                fingerprint(request, body));
    }

    private void handle(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String caller,
            String key, String fingerprint) throws ServletException, IOException {
        IdempotencyRecords records = this.records.getObject();
        // Waiting is measured on the monotonic timer; the application clock only dates the records.
        long deadline = System.nanoTime() + settings.maxWait().toNanos();
        while (true) {
            Instant now = clock.instant();
            if (records.claim(caller, key, fingerprint, now, now.plus(settings.ttl()))) {
                runFirst(request, response, chain, caller, key);
                return;
            }
            Optional<IdempotencyRecords.Stored> found = records.find(caller, key);
            if (found.isPresent()) {
                IdempotencyRecords.Stored record = found.get();
                if (!record.expiresAt().isAfter(now)) {
                    records.deleteIfExpired(caller, key, now);
                    continue;
                }
                if (!record.fingerprint().equals(fingerprint)) {
                    problems.write(request, response, ErrorCode.IDEMPOTENCY_KEY_REUSED, 422,
                            "This Idempotency-Key was used for a different request.", null);
                    return;
                }
                if (record.state() == IdempotencyRecords.State.COMPLETED) {
                    replay(record, response);
                    return;
                }
                Instant abandonedBefore = now.minus(settings.abandonAfter());
                if (!record.createdAt().isAfter(abandonedBefore)) {
                    log.warn("Taking over an Idempotency-Key claim of {} left unfinished since {}", caller,
                            record.createdAt());
                    records.deleteIfAbandoned(caller, key, abandonedBefore);
                    continue;
                }
            }
            // Still running (or just released by a failed first request): look again shortly.
            if (System.nanoTime() - deadline >= 0 || !pause()) {
                problems.write(request, response, ErrorCode.CONFLICT, 409,
                        "A request with this Idempotency-Key is still being handled; retry shortly.", RETRY_AFTER);
                return;
            }
        }
    }

    private void runFirst(HttpServletRequest request, HttpServletResponse response, FilterChain chain, String caller,
            String key) throws ServletException, IOException {
        IdempotencyRecords records = this.records.getObject();
        ContentCachingResponseWrapper buffered = new ContentCachingResponseWrapper(response);
        boolean completed = false;
        try {
            chain.doFilter(request, buffered);
            int status = buffered.getStatus();
            if (status < 500 && status != 429) {
                records.complete(caller, key, new IdempotencyRecords.Answer(status, buffered.getContentType(),
                        buffered.getHeader(HttpHeaders.LOCATION), buffered.getContentAsByteArray()));
                completed = true;
            }
        }
        catch (DataAccessException ex) {
            // The handler has run; its answer still goes out, only a replay of it is lost.
            log.warn("Could not record the answer for an Idempotency-Key", ex);
        }
        finally {
            if (!completed) {
                release(records, caller, key);
            }
        }
        buffered.copyBodyToResponse();
    }

    private void release(IdempotencyRecords records, String caller, String key) {
        try {
            records.release(caller, key);
        }
        catch (DataAccessException ex) {
            log.warn("Could not release an Idempotency-Key; it stays blocked until it expires", ex);
        }
    }

    private static void replay(IdempotencyRecords.Stored record, HttpServletResponse response) throws IOException {
        response.setStatus(record.status());
        if (record.contentType() != null) {
            response.setContentType(record.contentType());
        }
        if (record.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, record.location());
        }
        response.setHeader(REPLAYED, "true");
        response.setContentLength(record.body().length);
        response.getOutputStream().write(record.body());
    }

    private boolean pause() {
        try {
            Thread.sleep(settings.pollInterval().toMillis());
            return true;
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SHA-256 (hex) of method, path (with query) and body. */
    static String fingerprint(HttpServletRequest request, byte[] body) {
        String target = pathWithinApplication(request)
                + (request.getQueryString() != null ? "?" + request.getQueryString() : "");
        return Sha256.hex((request.getMethod() + ' ' + target + '\n').getBytes(StandardCharsets.UTF_8), body);
    }

    private static String pathWithinApplication(HttpServletRequest request) {
        return request.getRequestURI().substring(request.getContextPath().length());
    }

    /** The request with its body already read: hands the same bytes to whoever reads it next. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;
        private @Nullable ServletInputStream stream;
        private @Nullable BufferedReader reader;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            if (reader != null) {
                throw new IllegalStateException("getReader() has already been called");
            }
            if (stream == null) {
                stream = new BytesInputStream(body);
            }
            return stream;
        }

        @Override
        public BufferedReader getReader() {
            if (stream != null) {
                throw new IllegalStateException("getInputStream() has already been called");
            }
            if (reader == null) {
                String encoding = getCharacterEncoding();
                Charset charset = encoding != null ? Charset.forName(encoding) : StandardCharsets.UTF_8;
                reader = new BufferedReader(new InputStreamReader(new ByteArrayInputStream(body), charset));
            }
            return reader;
        }
    }

    private static final class BytesInputStream extends ServletInputStream {

        private final ByteArrayInputStream bytes;

        BytesInputStream(byte[] body) {
            this.bytes = new ByteArrayInputStream(body);
        }

        @Override
        public int read() {
            return bytes.read();
        }

        @Override
        public int read(byte[] buffer, int offset, int length) {
            return bytes.read(buffer, offset, length);
        }

        @Override
        public boolean isFinished() {
            return bytes.available() == 0;
        }

        @Override
        public boolean isReady() {
            return true;
        }

        @Override
        public void setReadListener(ReadListener listener) {
            throw new UnsupportedOperationException("The body is already read");
        }
    }
}
