package dev.togglbff.upstream;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.jspecify.annotations.Nullable;

/**
 * What is known about each Maton key's Toggl quota, per {@link QuotaScope}: the last readings
 * (shown on {@code /me/quota}) and whether a bucket is spent, so that no request is sent for it
 * before its reset. Implementations key their entries by a SHA-256 of the key, never the key.
 */
public interface QuotaLedger {

    /** Records a reading taken from a response's quota headers. */
    void record(MatonCredentials credentials, QuotaScope scope, long remaining, @Nullable Instant resetsAt,
            Instant observedAt);

    /** Marks the bucket spent until {@code until} (Toggl answered 402 for quota). */
    void markExhausted(MatonCredentials credentials, QuotaScope scope, Instant until, Instant observedAt);

    /** When the bucket is spent at {@code now}, the instant it resets. */
    Optional<Instant> exhaustedUntil(MatonCredentials credentials, QuotaScope scope, Instant now);

    /**
     * The last reading of every scope seen for a key, in no particular order.
     *
     * @param keyHash the key's {@link MatonCredentials#keyHash()}: reading needs no key
     */
    List<QuotaEntry> entries(String keyHash);
}
