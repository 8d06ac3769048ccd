package dev.togglbff.upstream;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.togglbff.shared.SharedState;
import dev.togglbff.web.ErrorCode;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.core.script.RedisScript;

/**
 * Spaces requests with the same Maton key at least {@link MatonProperties.Pacing#interval()}
 * apart. Each caller reserves the next free slot of its key and sleeps until it; a caller whose
 * slot is further away than {@link MatonProperties.Pacing#maxWait()} is refused instead. Keys
 * never wait for each other. Slots are kept per key hash: in shared-state mode in Redis (one
 * script reserves a slot on Redis's clock, so every instance's callers queue in one line),
 * otherwise, and while Redis is out, in the instance on the monotonic clock.
 */
final class RequestPacer {

    /** Reserves the key's next slot, in microseconds on Redis's clock: answers {reserved (1/0), wait}. */
    private static final RedisScript<List> RESERVE = RedisScript.of("""
            local t = redis.call('TIME')
            local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
            local interval = tonumber(ARGV[1])
            local nextSlot = tonumber(redis.call('GET', KEYS[1]) or '0')
            local slot = math.max(nextSlot, now)
            local wait = slot - now
            if wait > tonumber(ARGV[2]) then
              return {0, wait}
            end
            redis.call('SET', KEYS[1], string.format('%.0f', slot + interval),
              'PX', string.format('%.0f', math.ceil((wait + interval) / 1000) + 1))
            return {1, wait}
            """, List.class);

    private final long intervalNanos;
    private final long maxWaitNanos;
    private final Cache<String, AtomicLong> nextSlots;
    private final Timer waits;
    private final @Nullable SharedState shared;
    private final Sleeper sleeper;
    private final LongSupplier nanoTime;

    RequestPacer(MatonProperties.Pacing pacing, MeterRegistry registry, @Nullable SharedState shared) {
        this(pacing, registry, shared, Sleeper.THREAD, System::nanoTime);
    }

    /** A pacer that waits with {@code sleeper} and reads the monotonic time from {@code nanoTime}. */
    RequestPacer(MatonProperties.Pacing pacing, MeterRegistry registry, @Nullable SharedState shared, Sleeper sleeper,
            LongSupplier nanoTime) {
        this.sleeper = sleeper;
        this.nanoTime = nanoTime;
        this.intervalNanos = pacing.interval().toNanos();
        this.maxWaitNanos = pacing.maxWait().toNanos();
        this.shared = shared;
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
        long wait = shared == null ? reserveLocally(keyHash)
                : shared.attempt(redis -> reserveShared(redis, keyHash), () -> reserveLocally(keyHash));
        waits.record(wait, TimeUnit.NANOSECONDS);
        if (wait > 0) {
            sleeper.sleep(Duration.ofNanos(wait));
        }
    }

    private long reserveShared(org.springframework.data.redis.core.StringRedisTemplate redis, String keyHash) {
        List<?> answer = redis.execute(RESERVE, List.of(shared.key("pace", keyHash)),
                Long.toString(TimeUnit.NANOSECONDS.toMicros(intervalNanos)),
                Long.toString(TimeUnit.NANOSECONDS.toMicros(maxWaitNanos)));
        long wait = TimeUnit.MICROSECONDS.toNanos(((Number) answer.get(1)).longValue());
        if (((Number) answer.get(0)).longValue() == 0) {
            throw tooFar(wait);
        }
        return wait;
    }

    private long reserveLocally(String keyHash) {
        long now = nanoTime.getAsLong();
        AtomicLong next = nextSlots.get(keyHash, key -> new AtomicLong(now - intervalNanos));
        while (true) {
            long reserved = next.get();
            long slot = reserved - now > 0 ? reserved : now;
            long wait = slot - now;
            if (wait > maxWaitNanos) {
                throw tooFar(wait);
            }
            if (next.compareAndSet(reserved, slot + intervalNanos)) {
                return wait;
            }
        }
    }

    private static UpstreamException tooFar(long waitNanos) {
        return new UpstreamException(ErrorCode.TOO_MANY_REQUESTS,
                "Too many Toggl requests with this Maton key at once; try again shortly.", Duration.ofNanos(waitNanos),
                0);
    }
}
