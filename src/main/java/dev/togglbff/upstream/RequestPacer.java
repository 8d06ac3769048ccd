package dev.togglbff.upstream;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.togglbff.web.ErrorCode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * Spaces requests with the same Maton key at least {@link MatonProperties.Pacing#interval()}
 * apart. Each caller reserves the next free slot of its key and sleeps until it; a caller whose
 * slot is further away than {@link MatonProperties.Pacing#maxWait()} is refused instead. Keys
 * never wait for each other. Slots are kept per key hash and measured on the monotonic clock.
 */
final class RequestPacer {

    private final long intervalNanos;
    private final long maxWaitNanos;
    private final Cache<String, AtomicLong> nextSlots;
    private final Timer waits;

    RequestPacer(MatonProperties.Pacing pacing, MeterRegistry registry) {
        this.intervalNanos = pacing.interval().toNanos();
        this.maxWaitNanos = pacing.maxWait().toNanos();
        // A key idle for longer than this has no reserved slot left in the future.
        this.nextSlots = Caffeine.newBuilder().expireAfterAccess(pacing.interval().plus(pacing.maxWait())).build();
        this.waits = Timer.builder("bff.upstream.pacing.wait")
            .description("Time calls queued for their key's next request slot")
            .register(registry);
    }

    /** Waits for this key's turn; throws {@code TOO_MANY_REQUESTS} when the turn is too far away. */
    void acquire(String keyHash) {
        if (intervalNanos == 0) {
            return;
        }
        long now = System.nanoTime();
        AtomicLong next = nextSlots.get(keyHash, key -> new AtomicLong(now - intervalNanos));
        long slot;
        while (true) {
            long reserved = next.get();
            slot = reserved - now > 0 ? reserved : now;
            long wait = slot - now;
            if (wait > maxWaitNanos) {
                throw new UpstreamException(ErrorCode.TOO_MANY_REQUESTS,
                        "Too many Toggl requests with this Maton key at once; try again shortly.",
                        Duration.ofNanos(wait), 0);
            }
            if (next.compareAndSet(reserved, slot + intervalNanos)) {
                break;
            }
        }
        long wait = slot - now;
        waits.record(wait, TimeUnit.NANOSECONDS);
        if (wait > 0) {
            Sleeper.sleep(Duration.ofNanos(wait));
        }
    }
}
