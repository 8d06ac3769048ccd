package dev.togglbff.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

import dev.togglbff.teams.TeamAccess;
import dev.togglbff.upstream.QuotaEntry;
import dev.togglbff.upstream.QuotaLedger;
import dev.togglbff.upstream.QuotaScope;
import dev.togglbff.web.QuotaHeaders;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Builds the answers of Toggl-backed calls: the body; for reads of cached or mirrored data
 * {@code Cache-Status} (RFC 9211, with {@code ttl=} in seconds, negative past freshness) and
 * {@code Age} (RFC 9111, seconds since fetched from Toggl); and the Toggl quota last seen for the
 * call's scope ({@code X-Toggl-Quota-Remaining}, {@code X-Toggl-Quota-Resets-In} in seconds)
 * when known.
 */
@Component
class Answers {

    static final String CACHE_STATUS = "Cache-Status";
    private static final String CACHE_NAME = "toggl-bff";

    private final QuotaLedger ledger;
    private final Clock clock;

    Answers(QuotaLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    <T> ResponseEntity<T> read(TeamCall call, TogglCache.Read<T> read) {
        return read(call.session(), call.team(), read);
    }

    <T> ResponseEntity<T> read(Session session, @Nullable TeamAccess team, TogglCache.Read<T> read) {
        return freshness(builder(session, team, HttpStatus.OK), read).body(read.value());
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
        long ttl = Duration.between(clock.instant(), read.freshUntil()).toSeconds();
        return CACHE_NAME + "; " + read.status().parameters() + "; ttl=" + ttl;
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
        quota(session, team).ifPresent(entry -> {
            builder.header(QuotaHeaders.REMAINING, Long.toString(entry.remaining()));
            Instant resetsAt = entry.resetsAt();
            if (resetsAt != null) {
                long seconds = Math.max(0, Duration.between(clock.instant(), resetsAt).toSeconds());
                builder.header(QuotaHeaders.RESETS_IN, Long.toString(seconds));
            }
        });
        return builder;
    }

    /** The ledger entry of the team's organization (or workspace), or the user bucket for {@code /me} calls. */
    private Optional<QuotaEntry> quota(Session session, @Nullable TeamAccess team) {
        List<QuotaScope> scopes = team == null ? List.of(QuotaScope.user())
                : QuotaScope.recordedFor(team.workspaceId(), team.organizationId());
        return ledger.entries(session.keyHash())
            .stream()
            .filter(entry -> scopes.stream().anyMatch(scope -> scope.value().equals(entry.scope())))
            .max(Comparator.comparing(QuotaEntry::observedAt));
    }
}
