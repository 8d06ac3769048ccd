package dev.togglbff.upstream;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

import dev.togglbff.web.ApiException;
import dev.togglbff.web.ErrorCode;

import org.jspecify.annotations.Nullable;

import org.springframework.modulith.NamedInterface;

/**
 * How much of each key's Toggl quota is spent, and what may still be spent on what. Every request
 * sent is counted per key and bucket over Toggl's sliding window (in the {@link QuotaLedger}); a
 * bucket's limit is the plan default ({@link QuotaProperties}) or more when Toggl's readings show
 * more; a reading also reveals requests sent elsewhere with the same Toggl account (the user's
 * other apps), which count as spent until the reading's reset.
 * <p>
 * Two lines are drawn: reads that refresh a copy may spend up to the budget
 * ({@code budgetShare} of the limit), writes and reads without any copy up to the limit. A request
 * past the limit is never sent: Toggl would answer 402.
 */
@NamedInterface("quota")
public final class QuotaBudget {

    /**
     * One bucket's state.
     *
     * @param scope      the bucket
     * @param limit      requests Toggl allows per window
     * @param budget     requests reads may spend per window
     * @param spent      requests counted as spent in the current window (ours, and others' a reading revealed)
     * @param remaining  Toggl's last reading, if any
     * @param observedAt when that reading was taken
     * @param resetsAt   when Toggl said the bucket resets, if it did
     * @param freesAt    when the oldest request counted in the window leaves it, if any
     */
    public record Usage(QuotaScope scope, long limit, long budget, long spent, @Nullable Long remaining,
            @Nullable Instant observedAt, @Nullable Instant resetsAt, @Nullable Instant freesAt) {

        /** Whether a read that refreshes a copy may be sent now. */
        public boolean allowsRefresh() {
            return spent < budget;
        }
    }

    /**
     * Thrown instead of sending a refresh the budget cannot afford (the caller holds a copy and
     * answers with it); frontends never see it.
     */
    public static final class RefreshDeclined extends ApiException {

        RefreshDeclined(QuotaScope scope) {
            super(ErrorCode.TOO_MANY_REQUESTS, "The quota budget of " + scope + " is spent for now.");
        }
    }

    private static final ThreadLocal<Boolean> REFRESHING = new ThreadLocal<>();

    private final QuotaLedger ledger;
    private final QuotaProperties properties;
    private final Duration resetFallback;
    private final Clock clock;

    QuotaBudget(QuotaLedger ledger, QuotaProperties properties, Duration resetFallback, Clock clock) {
        this.ledger = ledger;
        this.properties = properties;
        this.resetFallback = resetFallback;
        this.clock = clock;
    }

    /** The bucket's state now. */
    public Usage usage(String keyHash, QuotaScope scope) {
        return usage(keyHash, scope, clock.instant());
    }

    /** Whether a read that refreshes a copy of data fits in the bucket's budget now. */
    public boolean allowsRefresh(String keyHash, QuotaScope scope) {
        return usage(keyHash, scope).allowsRefresh();
    }

    /**
     * How often a copy that spends this bucket may be refreshed: the wanted interval, or the window
     * spread evenly over the budget when that is longer.
     */
    public Duration refreshInterval(String keyHash, QuotaScope scope, Duration wanted) {
        Usage usage = usage(keyHash, scope);
        Duration even = properties.window().dividedBy(Math.max(1, usage.budget()));
        return even.compareTo(wanted) > 0 ? even : wanted;
    }

    /**
     * Runs a read that refreshes a copy the caller holds: each request it makes is sent only while
     * the bucket's budget allows at the moment of sending (after the pacing wait), else
     * {@link RefreshDeclined} is thrown.
     */
    public <T> T refresh(Supplier<T> read) {
        Boolean outer = REFRESHING.get();
        REFRESHING.set(Boolean.TRUE);
        try {
            return read.get();
        }
        finally {
            if (outer == null) {
                REFRESHING.remove();
            }
        }
    }

    /** Refuses a refresh about to be sent when the budget cannot afford it (see {@link #refresh}). */
    void checkRefresh(String keyHash, QuotaScope scope, Instant now) {
        if (Boolean.TRUE.equals(REFRESHING.get()) && !usage(keyHash, scope, now).allowsRefresh()) {
            throw new RefreshDeclined(scope);
        }
    }

    /** The bucket's limit: the plan default, or more when a reading shows more. */
    long limit(String keyHash, QuotaScope scope, Instant now) {
        return usage(keyHash, scope, now).limit();
    }

    /** How long until a request could be sent, when the bucket is full now (Toggl would answer 402). */
    Optional<Duration> fullFor(String keyHash, QuotaScope scope, Instant now) {
        Usage usage = usage(keyHash, scope, now);
        if (usage.spent() < usage.limit()) {
            return Optional.empty();
        }
        Instant free = usage.freesAt();
        if (usage.resetsAt() != null && (free == null || usage.resetsAt().isBefore(free))) {
            free = usage.resetsAt();
        }
        Duration wait = free == null ? resetFallback : Duration.between(now, free);
        return Optional.of(wait.isNegative() ? Duration.ZERO : wait);
    }

    Usage usage(String keyHash, QuotaScope scope, Instant now) {
        Instant windowStart = now.minus(properties.window());
        List<Instant> sent = ledger.sentSince(keyHash, scope, windowStart);
        QuotaEntry reading = ledger.entries(keyHash)
            .stream()
            .filter(entry -> entry.scope().equals(scope.value()))
            .findFirst()
            .orElse(null);
        long limit = properties.limitOf(scope);
        long spent = sent.size();
        Instant resetsAt = null;
        if (reading != null) {
            long sentAtReading = sent.stream()
                .filter(at -> !at.isAfter(reading.observedAt()) && at.isAfter(reading.observedAt().minus(properties.window())))
                .count();
            limit = Math.max(limit, reading.remaining() + sentAtReading);
            Instant until = reading.resetsAt() != null ? reading.resetsAt() : reading.observedAt().plus(resetFallback);
            if (until.isAfter(now)) {
                resetsAt = reading.resetsAt();
                long sentAfter = sent.stream().filter(at -> at.isAfter(reading.observedAt())).count();
                spent = Math.max(spent, limit - reading.remaining() + sentAfter);
            }
        }
        if (ledger.exhaustedUntil(keyHash, scope, now).isPresent()) {
            spent = Math.max(spent, limit);
        }
        long budget = Math.max(1, (long) Math.floor(limit * properties.budgetShare()));
        Instant freesAt = sent.isEmpty() ? null : sent.get(0).plus(properties.window());
        return new Usage(scope, limit, budget, spent, reading != null ? reading.remaining() : null,
                reading != null ? reading.observedAt() : null, resetsAt, freesAt);
    }
}
