package dev.togglbff.upstream;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

import org.springframework.modulith.NamedInterface;

/**
 * What is known about each Maton key's Toggl quota, per {@link QuotaScope}: the last readings
 * (shown on {@code /me/quota}), whether a bucket is spent (so that no request is sent for it
 * before its reset), and when each request was sent (so that the {@link QuotaBudget} can count
 * a sliding window). Entries are keyed by {@link MatonCredentials#keyHash()}, never the key.
 */
@NamedInterface("quota")
public interface QuotaLedger {

    /** Records a reading taken from a response's quota headers. */
    void record(String keyHash, QuotaScope scope, long remaining, @Nullable Instant resetsAt, Instant observedAt);

    /** Marks the bucket spent until {@code until} (Toggl answered 402 for quota). */
    void markExhausted(String keyHash, QuotaScope scope, Instant until, Instant observedAt);

    /** When the bucket is spent at {@code now}, the instant it resets. */
    Optional<Instant> exhaustedUntil(String keyHash, QuotaScope scope, Instant now);

    /** Notes a request sent for the bucket; entries older than {@code forgetBefore} may be dropped. */
    void sent(String keyHash, QuotaScope scope, Instant at, Instant forgetBefore);

    /** When the requests sent for the bucket after {@code since} were sent, oldest first. */
    List<Instant> sentSince(String keyHash, QuotaScope scope, Instant since);

    /** Every scope with a reading or a request sent for the key, the user bucket always included. */
    java.util.Set<String> scopes(String keyHash);

    /** The last reading of every scope seen for a key, in no particular order. */
    List<QuotaEntry> entries(String keyHash);

    /**
     * Runs a check-and-count for the key ({@link MatonHttp}'s claim of a request) so that no other
     * claim for the key, in this instance or, when the ledger is shared, in another, runs meanwhile.
     */
    void exclusively(String keyHash, Runnable claim);
}
