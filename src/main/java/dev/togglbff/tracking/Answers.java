package dev.togglbff.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.togglbff.teams.TeamAccess;
import dev.togglbff.upstream.QuotaEntry;
import dev.togglbff.upstream.QuotaLedger;
import dev.togglbff.upstream.QuotaScope;
import dev.togglbff.web.QuotaHeaders;
import dev.togglbff.web.StoredJson;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * Builds the answers of Toggl-backed calls: the body; for reads of cached or mirrored data
 * {@code Cache-Status} (RFC 9211, with {@code ttl=} in seconds, negative past freshness) and
 * {@code Age} (RFC 9111, seconds since fetched from Toggl); and the Toggl quota last seen for the
 * call's scope ({@code X-Toggl-Quota-Remaining}, {@code X-Toggl-Quota-Resets-In} in seconds)
 * when known.
 * <p>
 * Reads answer from stored JSON: the last answer of each read (per Maton key and request target)
 * is kept serialised, with its strong {@code ETag}, and answers again for as long as the data it
 * was made from is equal; a change of the data serialises it once more. {@code If-None-Match} is
 * decided against the stored tag before any body is written, and the body goes out as the stored
 * bytes. The declared body type of a read's {@link ResponseEntity} documents the answer; at run
 * time its body is those bytes ({@code application/json}).
 */
@Component
class Answers {

    static final String CACHE_STATUS = "Cache-Status";
    /** Request attribute of a {@link RepeatReads.Candidate}: an answer that a repeat of the request may reuse. */
    static final String REPEATABLE = Answers.class.getName() + ".REPEATABLE";
    private static final String CACHE_NAME = "toggl-bff";
    /**
     * Stored answers kept at most, across all keys, weighed as twice their JSON (the bytes and the
     * data they were made from): about 16 MB of JSON. The least recently used go first.
     */
    private static final long STORED_WEIGHT = 32L * 1024 * 1024;

    /** One read's answers: whose key, which request target (path and query). */
    private record View(String keyHash, String path, @Nullable String query) {
    }

    /** An answer's data and its JSON. */
    private record Stored(Object value, StoredJson json) {
    }

    private final QuotaLedger ledger;
    private final Clock clock;
    private final JsonMapper json;
    private final Counter serialised;
    private final Cache<View, Stored> stored = Caffeine.newBuilder()
        .maximumWeight(STORED_WEIGHT)
        .weigher((View view, Stored answer) -> 2 * answer.json().json().length + 200)
        .build();

    Answers(QuotaLedger ledger, Clock clock, JsonMapper json, MeterRegistry meters) {
        this.ledger = ledger;
        this.clock = clock;
        this.json = json;
        this.serialised = Counter.builder("bff.answers.serialised")
            .description("Read answers serialised to JSON; a repeat of unchanged data answers from the stored bytes")
            .register(meters);
    }

    <T> ResponseEntity<T> read(TeamCall call, TogglCache.Read<T> read) {
        return read(call.session(), call.team(), read);
    }

    <T> ResponseEntity<T> read(Session session, @Nullable TeamAccess team, TogglCache.Read<T> read) {
        HttpServletRequest request = currentRequest();
        StoredJson body = stored(session.keyHash(), request, "", read.value());
        return stored(request, session, team, read, body, body.etag());
    }

    /**
     * A read whose answer is made only of the caller, the request target and cached copies (never
     * of the clock, as a time-entry range of "this week" is): {@link RepeatReads} may answer a
     * repeat of the request from it while the copies stay fresh and unchanged.
     */
    <T> ResponseEntity<T> repeatableRead(TeamCall call, TogglCache.Read<T> read) {
        HttpServletRequest request = currentRequest();
        StoredJson body = stored(call.keyHash(), request, "", read.value());
        if (read.status() == TogglCache.Status.HIT) {
            request.setAttribute(REPEATABLE, new RepeatReads.Candidate(call.keyHash(), call.team(), body, read.fetchedAt(),
                    read.freshUntil()));
        }
        return stored(request, call.session(), call.team(), read, body, body.etag());
    }

    /** A read whose entity tag is its own (a weak one that ignores what changes without the data changing). */
    <T> ResponseEntity<T> read(TeamCall call, TogglCache.Read<T> read, String etag) {
        HttpServletRequest request = currentRequest();
        StoredJson body = stored(call.keyHash(), request, "", read.value());
        return stored(request, call.session(), call.team(), read, body, etag);
    }

    /**
     * The stored JSON of a value that the current request's read of the key answers with; {@code part}
     * tells several values of one request apart. Serialised only when the value differs from the one
     * stored last.
     */
    StoredJson stored(String keyHash, String part, Object value) {
        return stored(keyHash, currentRequest(), part, value);
    }

    private StoredJson stored(String keyHash, HttpServletRequest request, String part, Object value) {
        View view = new View(keyHash, part.isEmpty() ? request.getRequestURI() : request.getRequestURI() + '#' + part,
                request.getQueryString());
        Stored last = stored.getIfPresent(view);
        if (last != null && last.value().equals(value)) {
            return last.json();
        }
        serialised.increment();
        StoredJson answer = StoredJson.of(json.writeValueAsBytes(value));
        stored.put(view, new Stored(value, answer));
        return answer;
    }

    @SuppressWarnings("unchecked")
    private <T> ResponseEntity<T> stored(HttpServletRequest request, Session session, @Nullable TeamAccess team,
            TogglCache.Read<?> read, StoredJson body, String etag) {
        boolean notModified = StoredJson.notModified(request, etag);
        ResponseEntity.BodyBuilder builder = freshness(
                builder(session, team, notModified ? HttpStatus.NOT_MODIFIED : HttpStatus.OK), read)
            .eTag(etag)
            .header(HttpHeaders.CACHE_CONTROL, StoredJson.CACHE_CONTROL);
        StoredJson.markTagged(request);
        if (notModified) {
            return builder.build();
        }
        // The declared type documents the answer; the body is its stored JSON.
        return (ResponseEntity<T>) (ResponseEntity<?>) builder.contentType(MediaType.APPLICATION_JSON).body(body.json());
    }

    private static HttpServletRequest currentRequest() {
        return ((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes()).getRequest();
    }

    /** The value of a read that may be empty: {@code 200} with it, or {@code 204} with the read's freshness. */
    <T> ResponseEntity<T> readOrNoContent(TeamCall call, TogglCache.Read<Optional<T>> read) {
        if (read.value().isEmpty()) {
            return freshness(builder(call.session(), call.team(), HttpStatus.NO_CONTENT), read).build();
        }
        return read(call, read.map(Optional::get));
    }

    <T> ResponseEntity<T> of(TeamCall call, HttpStatus status, T body) {
        return builder(call.session(), call.team(), status).body(body);
    }

    <T> ResponseEntity<T> of(Session session, HttpStatus status, T body) {
        return builder(session, null, status).body(body);
    }

    ResponseEntity<Void> noContent(TeamCall call) {
        return builder(call.session(), call.team(), HttpStatus.NO_CONTENT).build();
    }

    /** {@code Cache-Status: toggl-bff; <how>; ttl=<seconds>} and {@code Age: <seconds>}. */
    String cacheStatus(TogglCache.Read<?> read) {
        return cacheStatus(read.status(), read.freshUntil());
    }

    private String cacheStatus(TogglCache.Status status, Instant freshUntil) {
        long ttl = Duration.between(clock.instant(), freshUntil).toSeconds();
        return CACHE_NAME + "; " + status.parameters() + "; ttl=" + ttl;
    }

    long age(Instant fetchedAt) {
        return Math.max(0, Duration.between(fetchedAt, clock.instant()).toSeconds());
    }

    private ResponseEntity.BodyBuilder freshness(ResponseEntity.BodyBuilder builder, TogglCache.Read<?> read) {
        return builder.header(CACHE_STATUS, cacheStatus(read))
            .header(HttpHeaders.AGE, Long.toString(age(read.fetchedAt())));
    }

    private ResponseEntity.BodyBuilder builder(Session session, @Nullable TeamAccess team, HttpStatus status) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status);
        quota(session.keyHash(), team, (name, value) -> builder.header(name, value));
        return builder;
    }

    /**
     * The headers of a repeated answer that change while its data does not: {@code Cache-Status},
     * {@code Age} and the quota, as {@link #repeatableRead} sets them now.
     */
    void freshnessAndQuota(BiConsumer<String, String> headers, String keyHash, TeamAccess team,
            TogglCache.Status status, Instant fetchedAt, Instant freshUntil) {
        quota(keyHash, team, headers);
        headers.accept(CACHE_STATUS, cacheStatus(status, freshUntil));
        headers.accept(HttpHeaders.AGE, Long.toString(age(fetchedAt)));
    }

    private void quota(String keyHash, @Nullable TeamAccess team, BiConsumer<String, String> headers) {
        quota(keyHash, team).ifPresent(entry -> {
            headers.accept(QuotaHeaders.REMAINING, Long.toString(entry.remaining()));
            Instant resetsAt = entry.resetsAt();
            if (resetsAt != null) {
                long seconds = Math.max(0, Duration.between(clock.instant(), resetsAt).toSeconds());
                headers.accept(QuotaHeaders.RESETS_IN, Long.toString(seconds));
            }
        });
    }

    /** The ledger entry of the team's organization (or workspace), or the user bucket for {@code /me} calls. */
    private Optional<QuotaEntry> quota(String keyHash, @Nullable TeamAccess team) {
        List<QuotaScope> scopes = team == null ? List.of(QuotaScope.user())
                : QuotaScope.recordedFor(team.workspaceId(), team.organizationId());
        return ledger.entries(keyHash)
            .stream()
            .filter(entry -> scopes.stream().anyMatch(scope -> scope.value().equals(entry.scope())))
            .max(Comparator.comparing(QuotaEntry::observedAt));
    }
}
