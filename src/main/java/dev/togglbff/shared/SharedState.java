package dev.togglbff.shared;

import java.time.Duration;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Redis as the instances' shared memory. Every use goes through {@link #attempt}: while Redis
 * answers, the shared answer counts; when a command fails, one WARN is logged, the caller's
 * per-instance fallback answers, and Redis is left alone for {@code bff.shared.retry-after}
 * before it is tried again (so an outage costs one failed command per interval, not one per
 * request, and shared mode resumes by itself). Only key hashes and Toggl data are stored; keys
 * are built with {@link #key}, under {@code bff.shared.key-prefix}.
 */
public final class SharedState {

    private static final Logger log = LoggerFactory.getLogger(SharedState.class);

    private final StringRedisTemplate redis;
    private final String prefix;
    private final long retryAfterNanos;
    private final Duration fetchWait;
    private final Duration claimLease;
    private volatile long downUntil;
    private volatile boolean down;

    SharedState(StringRedisTemplate redis, SharedProperties properties) {
        this.redis = redis;
        this.prefix = properties.keyPrefix();
        this.retryAfterNanos = properties.retryAfter().toNanos();
        this.fetchWait = properties.fetchWait();
        this.claimLease = properties.claimLease();
    }

    /** {@code bff.shared.fetch-wait}: how long instances wait for the one fetching an entry. */
    public Duration fetchWait() {
        return fetchWait;
    }

    /** {@code bff.shared.claim-lease}: how long one instance may hold a key's quota claim. */
    public Duration claimLease() {
        return claimLease;
    }

    /** A Redis key under the prefix: the parts joined with {@code :}. */
    public String key(Object... parts) {
        StringBuilder key = new StringBuilder(prefix);
        for (Object part : parts) {
            key.append(':').append(part);
        }
        return key.toString();
    }

    /** Whether Redis answered the last command (or the retry interval after a failure has passed). */
    public boolean available() {
        return !down || System.nanoTime() - downUntil >= 0;
    }

    /**
     * Runs {@code command} against Redis; while Redis is out (or the command fails on a Redis
     * error) answers {@code fallback} instead.
     */
    public <T> T attempt(Function<StringRedisTemplate, T> command, Supplier<T> fallback) {
        if (!available()) {
            return fallback.get();
        }
        T result;
        try {
            result = command.apply(redis);
        }
        catch (DataAccessException ex) {
            if (!down) {
                log.warn("Redis is out ({}); each instance goes on with its own state until it is back",
                        ex.getClass().getSimpleName());
            }
            down = true;
            downUntil = System.nanoTime() + retryAfterNanos;
            return fallback.get();
        }
        if (down) {
            down = false;
            log.warn("Redis is back; shared state resumes");
        }
        return result;
    }

    /** {@link #attempt} for a command without an answer; {@code fallback} runs instead while Redis is out. */
    public void run(java.util.function.Consumer<StringRedisTemplate> command, Runnable fallback) {
        attempt(redis -> {
            command.accept(redis);
            return Boolean.TRUE;
        }, () -> {
            fallback.run();
            return Boolean.FALSE;
        });
    }
}
