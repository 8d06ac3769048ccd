package dev.togglbff.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;

import dev.togglbff.teams.TeamAccess;
import dev.togglbff.upstream.QuotaEntry;
import dev.togglbff.upstream.QuotaLedger;
import dev.togglbff.upstream.QuotaScope;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;

/**
 * Builds the answers of Toggl-backed calls: the body, {@code Cache-Status} for cached reads, and
 * the Toggl quota last seen for the call's scope ({@code X-Toggl-Quota-Remaining},
 * {@code X-Toggl-Quota-Resets-In} in seconds) when known.
 */
@Component
class Answers {

    static final String CACHE_STATUS = "Cache-Status";
    static final String QUOTA_REMAINING = "X-Toggl-Quota-Remaining";
    static final String QUOTA_RESETS_IN = "X-Toggl-Quota-Resets-In";

    private final QuotaLedger ledger;
    private final Clock clock;

    Answers(QuotaLedger ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    <T> ResponseEntity<T> read(Session session, @Nullable TeamAccess team, TogglCache.Read<T> read) {
        return builder(session, team, HttpStatus.OK).header(CACHE_STATUS, read.status().header()).body(read.value());
    }

    <T> ResponseEntity<T> of(Session session, @Nullable TeamAccess team, HttpStatus status, T body) {
        return builder(session, team, status).body(body);
    }

    ResponseEntity<Void> noContent(Session session, @Nullable TeamAccess team) {
        return builder(session, team, HttpStatus.NO_CONTENT).build();
    }

    private ResponseEntity.BodyBuilder builder(Session session, @Nullable TeamAccess team, HttpStatus status) {
        ResponseEntity.BodyBuilder builder = ResponseEntity.status(status);
        quota(session, team).ifPresent(entry -> {
            builder.header(QUOTA_REMAINING, Long.toString(entry.remaining()));
            Instant resetsAt = entry.resetsAt();
            if (resetsAt != null) {
                long seconds = Math.max(0, Duration.between(clock.instant(), resetsAt).toSeconds());
                builder.header(QUOTA_RESETS_IN, Long.toString(seconds));
            }
        });
        return builder;
    }

    /** The ledger entry of the team's organization (or workspace), or the user bucket for {@code /me} calls. */
    private Optional<QuotaEntry> quota(Session session, @Nullable TeamAccess team) {
        java.util.Set<String> scopes = team == null ? java.util.Set.of(QuotaScope.user().value())
                : team.organizationId() != null
                        ? java.util.Set.of(QuotaScope.organization(team.organizationId()).value(),
                                QuotaScope.workspace(team.workspaceId()).value())
                        : java.util.Set.of(QuotaScope.workspace(team.workspaceId()).value());
        return ledger.entries(session.keyHash())
            .stream()
            .filter(entry -> scopes.contains(entry.scope()))
            .max(Comparator.comparing(QuotaEntry::observedAt));
    }
}
