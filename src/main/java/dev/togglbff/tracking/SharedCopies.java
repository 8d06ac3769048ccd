package dev.togglbff.tracking;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import dev.togglbff.shared.SharedState;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JavaType;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;

/**
 * The Redis tier of the cache and the mirrors in shared-state mode: copies of Toggl data as JSON
 * (the upstream records), counters that mark a workspace's lists outdated for every instance at
 * once, and a marker that lets one instance fetch a cold entry while the others wait for its copy.
 * Every operation answers "nothing shared" while Redis is out (or without shared-state mode), and
 * the callers go on with their instance's own copies.
 */
@Component
class SharedCopies {

    /**
     * Releases a fetch marker only when it is still ours, with the changes kept for the fetch: its
     * copy is stored with them, or it failed and the next fetch asks the upstream after them.
     */
    private static final RedisScript<Long> RELEASE = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              return redis.call('DEL', KEYS[1], KEYS[2])
            end
            return 0
            """, Long.class);

    /** Replaces a value only while it is still the one the replacement was computed from. */
    private static final RedisScript<Long> REPLACE = RedisScript.of("""
            if redis.call('GET', KEYS[1]) == ARGV[1] then
              redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
              return 1
            end
            return 0
            """, Long.class);

    /**
     * Keeps a change for the fetch under way when no copy is stored yet: 0 when a copy is stored
     * (change that), 1 when kept for the fetch (its marker is set), 2 when there is neither.
     */
    private static final RedisScript<Long> HOLD = RedisScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 1 then
              return 0
            end
            if redis.call('EXISTS', KEYS[2]) == 1 then
              redis.call('RPUSH', KEYS[3], ARGV[1])
              redis.call('PEXPIRE', KEYS[3], ARGV[2])
              return 1
            end
            return 2
            """, Long.class);

    /** Takes every change kept for a fetch, at once. */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> TAKE_HELD = RedisScript.of("""
            local held = redis.call('LRANGE', KEYS[1], 0, -1)
            redis.call('DEL', KEYS[1])
            return held
            """, List.class);

    /**
     * Stores a fetch's result: 1 when stored, 0 when changes were kept for it meanwhile (apply them
     * first), 2 when another instance stored a copy meanwhile (that one stays).
     */
    private static final RedisScript<Long> STORE_FETCHED = RedisScript.of("""
            if redis.call('EXISTS', KEYS[1]) == 1 then
              return 2
            end
            if redis.call('LLEN', KEYS[2]) > 0 then
              return 0
            end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            return 1
            """, Long.class);

    /** How often a change is computed again after another instance changed the value first. */
    private static final int CHANGE_TRIES = 10;

    /** A value's next text and how long Redis keeps it. */
    record Replacement(String text, Duration ttl) {
    }

    private static final long POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

    private final @Nullable SharedState shared;
    private final JsonMapper json = JsonMapper.builder()
        .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
        .build();

    SharedCopies(ObjectProvider<SharedState> shared) {
        this.shared = shared.getIfAvailable();
    }

    /** Whether copies are shared now (shared-state mode, Redis answering). */
    boolean active() {
        return shared != null && shared.available();
    }

    String key(Object... parts) {
        return shared == null ? "" : shared.key(parts);
    }

    JavaType type(Class<?> type) {
        return json.constructType(type);
    }

    JavaType listOf(Class<?> element) {
        return json.getTypeFactory().constructCollectionType(List.class, element);
    }

    /** The shared copy under {@code key}, if any (empty while Redis is out). */
    <T> Optional<T> read(String key, JavaType type) {
        if (shared == null) {
            return Optional.empty();
        }
        return shared.attempt(redis -> Optional.ofNullable(redis.opsForValue().get(key))
            .map(text -> json.<T>readValue(text, type)), Optional::empty);
    }

    /**
     * Several shared values at once (one round trip), an element null where nothing is held; empty
     * while Redis is out (or without shared-state mode), when the callers use their own copies.
     */
    Optional<List<@Nullable String>> values(List<String> keys) {
        if (!active()) {
            return Optional.empty();
        }
        return shared.attempt(redis -> Optional.of(
                java.util.Objects.requireNonNullElseGet(redis.opsForValue().multiGet(keys),
                        () -> java.util.Collections.<@Nullable String>nCopies(keys.size(), null))),
                Optional::empty);
    }

    String json(Object value) {
        return json.writeValueAsString(value);
    }

    /** Stores a text for {@code ttl}. */
    void writeText(String key, String text, Duration ttl) {
        if (shared == null || ttl.isNegative() || ttl.isZero()) {
            return;
        }
        shared.run(redis -> redis.opsForValue().set(key, text, ttl), () -> {
        });
    }

    /**
     * Stores a text for {@code ttl} only while Redis still holds {@code expected} under the key
     * (nothing, when {@code expected} is null), atomically against other instances' writes.
     */
    void replaceText(String key, @Nullable String expected, String text, Duration ttl) {
        if (shared == null || ttl.isNegative() || ttl.isZero()) {
            return;
        }
        if (expected == null) {
            shared.run(redis -> redis.opsForValue().setIfAbsent(key, text, ttl), () -> {
            });
            return;
        }
        shared.run(redis -> redis.execute(REPLACE, List.of(key), expected, text, Long.toString(ttl.toMillis())),
                () -> {
                });
    }

    <T> T parse(String text, JavaType type) {
        return json.readValue(text, type);
    }

    /** Stores a copy for {@code ttl}. */
    void write(String key, Object value, Duration ttl) {
        writeText(key, json.writeValueAsString(value), ttl);
    }

    /**
     * Changes the text under {@code key}, atomically against every other instance's changes
     * (optimistically: the new text is stored only while Redis still holds the text it was
     * computed from; otherwise it is computed again from what another instance stored meanwhile).
     * After {@value #CHANGE_TRIES} lost races the shared copy is dropped, so the next read fetches
     * it instead of answering a copy without this change. {@code change} answers the replacement,
     * or {@code null} to leave the text as it is. Nothing happens when nothing is stored, without
     * shared-state mode or while Redis is out.
     *
     * @return whether the stored copy has the change now (changed, or left as it is by
     *         {@code change}); false when none is stored (none was, or it was dropped), without
     *         shared copies or while Redis is out
     */
    boolean change(String key, Function<String, @Nullable Replacement> change) {
        if (!active()) {
            return false;
        }
        for (int attempt = 0; attempt < CHANGE_TRIES; attempt++) {
            Optional<String> current = shared.attempt(redis -> Optional.ofNullable(redis.opsForValue().get(key)),
                    Optional::empty);
            if (current.isEmpty()) {
                return false;
            }
            Replacement next = change.apply(current.get());
            if (next == null) {
                return true;
            }
            if (next.ttl().isNegative() || next.ttl().isZero()) {
                delete(key);
                return false;
            }
            Long replaced = shared.attempt(redis -> redis.execute(REPLACE, List.of(key), current.get(), next.text(),
                    Long.toString(next.ttl().toMillis())), () -> null);
            if (replaced == null) {
                return false;
            }
            if (replaced == 1L) {
                return true;
            }
        }
        delete(key);
        return false;
    }

    /**
     * {@link #change} of a copy stored as JSON of {@code type}, kept for {@code ttl} afterwards.
     *
     * @return the copy as stored with the change; empty when {@link #change} answers false
     */
    <T> Optional<T> changeValue(String key, JavaType type, UnaryOperator<T> change, Duration ttl) {
        AtomicReference<@Nullable T> changed = new AtomicReference<>();
        boolean found = change(key, text -> {
            T next = change.apply(json.readValue(text, type));
            changed.set(next);
            return new Replacement(json.writeValueAsString(next), ttl);
        });
        return found ? Optional.ofNullable(changed.get()) : Optional.empty();
    }

    /**
     * {@link #changeValue} of the copy under {@code key}; with none stored while an instance fetches
     * it ({@link #fetchOnce}), {@code held} (the change as text) is kept for that fetch, which applies
     * it before it stores what it found ({@link #storeFetched}): the upstream may have answered the
     * fetch before the change reached it. With neither a copy nor a fetch under way nothing is kept:
     * a later fetch asks the upstream after the change was answered.
     *
     * @return whether Redis took the change: applied to the copy, or kept for the fetch
     */
    <T> boolean changeOrHold(String key, JavaType type, UnaryOperator<T> change, String held, Duration ttl) {
        if (changeValue(key, type, change, ttl).isPresent()) {
            return true;
        }
        if (!active()) {
            return false;
        }
        Long kept = shared.attempt(redis -> redis.execute(HOLD, List.of(key, fetchMarker(key), heldKey(key)), held,
                Long.toString(shared.fetchWait().toMillis())), () -> null);
        if (kept != null && kept == 0L) {
            // The fetch stored its copy just now.
            return changeValue(key, type, change, ttl).isPresent();
        }
        return kept != null && kept == 1L;
    }

    /**
     * Stores {@code value}, what a fetch of {@code key} found, for {@code ttl}: first with every
     * change kept for the fetch meanwhile applied ({@code withHeld} applies such texts to a value),
     * so no instance sees the copy without them. When another instance stored a copy meanwhile, that
     * one stays and gets the changes. Answers what was stored, or {@code value} as it is without
     * shared copies (and, with its changes, after {@value #CHANGE_TRIES} rounds of changes kept
     * faster than they were applied, when nothing is stored).
     */
    <T> T storeFetched(String key, T value, BiFunction<T, List<String>, T> withHeld, JavaType type, Duration ttl) {
        if (!active()) {
            return value;
        }
        List<String> taken = new ArrayList<>();
        T next = value;
        for (int attempt = 0; attempt < CHANGE_TRIES; attempt++) {
            List<String> held = takeHeld(key);
            taken.addAll(held);
            next = withHeld.apply(next, held);
            String text = json.writeValueAsString(next);
            Long stored = shared.attempt(redis -> redis.execute(STORE_FETCHED, List.of(key, heldKey(key)), text,
                    Long.toString(ttl.toMillis())), () -> 1L);
            if (stored == null || stored == 1L) {
                return next;
            }
            if (stored == 2L) {
                List<String> changes = List.copyOf(taken);
                return this.<T>changeValue(key, type, current -> withHeld.apply(current, changes), ttl).orElse(next);
            }
        }
        // Changes kept faster than they could be applied: nothing is stored, the next read fetches.
        return next;
    }

    @SuppressWarnings("unchecked")
    private List<String> takeHeld(String key) {
        List<String> held = shared.attempt(redis -> redis.execute(TAKE_HELD, List.of(heldKey(key))), List::of);
        return held == null ? List.of() : held;
    }

    private static String fetchMarker(String key) {
        return key + ":fetching";
    }

    private static String heldKey(String key) {
        return key + ":held";
    }

    void delete(String key) {
        if (shared != null) {
            shared.run(redis -> redis.delete(key), () -> {
            });
        }
    }

    /** Forgets every shared copy whose key starts with {@code prefix} (a replaced key's data). */
    void deleteAll(String prefix) {
        if (shared == null) {
            return;
        }
        shared.run(redis -> {
            try (var keys = redis.scan(ScanOptions.scanOptions().match(prefix + "*").count(500).build())) {
                keys.forEachRemaining(redis::delete);
            }
        }, () -> {
        });
    }

    /** Counts one more change of what {@code key} counts (an outdating write), answering the new count. */
    long increment(String key, Duration ttl) {
        if (shared == null) {
            return 0;
        }
        return shared.attempt(redis -> {
            Long count = redis.opsForValue().increment(key);
            redis.expire(key, ttl);
            return count == null ? 0L : count;
        }, () -> 0L);
    }

    /**
     * Runs {@code fetch} on one instance at a time for {@code key}: the first takes a marker in
     * Redis and fetches; the others wait (at most {@code bff.shared.fetch-wait}) until {@code copy}
     * finds what it stored, and answer that instead of fetching again. Without shared copies it
     * just fetches.
     */
    <T> T fetchOnce(String key, Supplier<Optional<T>> copy, Supplier<T> fetch) {
        if (!active()) {
            return fetch.get();
        }
        Duration lease = shared.fetchWait();
        String marker = fetchMarker(key);
        String token = UUID.randomUUID().toString();
        long deadline = System.nanoTime() + lease.toNanos();
        while (!Boolean.TRUE.equals(shared.attempt(redis -> redis.opsForValue().setIfAbsent(marker, token, lease),
                () -> Boolean.TRUE))) {
            Optional<T> stored = copy.get();
            if (stored.isPresent()) {
                return stored.get();
            }
            if (System.nanoTime() - deadline > 0) {
                return fetch.get();
            }
            LockSupport.parkNanos(POLL_NANOS);
        }
        try {
            // Another instance may have finished between our miss and the marker.
            Optional<T> stored = copy.get();
            return stored.isPresent() ? stored.get() : fetch.get();
        }
        finally {
            shared.run(redis -> redis.execute(RELEASE, List.of(marker, heldKey(key)), token), () -> {
            });
        }
    }
}
