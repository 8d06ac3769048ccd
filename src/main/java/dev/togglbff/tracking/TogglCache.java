package dev.togglbff.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import dev.togglbff.vault.MatonKeyChanged;
import dev.togglbff.web.ApiException;
import dev.togglbff.web.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The cache of Toggl answers, one set of entries per vaulted Maton key (never shared between
 * keys: what a key may see is Toggl's call). Entries are fresh for their kind's TTL; after that
 * they are reloaded, and while the reload fails because Toggl is out of quota, rate-limiting,
 * failing or slow, the stale entry answers for up to {@code bff.cache.max-stale}. Concurrent
 * misses for one entry make one upstream request.
 */
@Component
class TogglCache {

    private static final Logger log = LoggerFactory.getLogger(TogglCache.class);

    /** Upstream failures during which a stale entry may answer instead. */
    private static final Set<ErrorCode> STALE_IF = EnumSet.of(ErrorCode.TOGGL_QUOTA_EXHAUSTED,
            ErrorCode.UPSTREAM_RATE_LIMITED, ErrorCode.UPSTREAM_UNAVAILABLE, ErrorCode.UPSTREAM_TIMEOUT,
            ErrorCode.TOO_MANY_REQUESTS);

    /** The kinds of cached data, each with its own TTL. */
    enum Kind {
        PROFILE, WORKSPACES, WORKSPACE, WORKSPACE_USERS, PROJECTS, CLIENTS, TAGS, TIME_ENTRIES, TIMER
    }

    /** One cache entry's identity: whose key, what kind, which workspace (0 for none), which variant. */
    record Key(String keyHash, Kind kind, long workspaceId, String variant) {

        /** Workspace id of data that belongs to the user rather than to one workspace. */
        static final long USER_LEVEL = 0;

        /** An entry of the user's own data (profile, workspaces, time entries, timer). */
        static Key ofUser(String keyHash, Kind kind, String variant) {
            return new Key(keyHash, kind, USER_LEVEL, variant);
        }
    }

    /** How a read was answered, as RFC 9211 {@code Cache-Status} puts it. */
    enum Status {
        HIT("hit"), MISS("fwd=miss"), REFRESHED("fwd=stale"), STALE("hit; detail=stale");

        private final String parameters;

        Status(String parameters) {
            this.parameters = parameters;
        }

        String header() {
            return "toggl-bff; " + parameters;
        }
    }

    /** A value and how it was obtained. */
    record Read<T>(T value, Status status) {
    }

    private record Entry(Object value, Instant fetchedAt) {
    }

    private final Cache<Key, Entry> entries;
    private final ConcurrentMap<Key, CompletableFuture<Entry>> loading = new ConcurrentHashMap<>();
    private final CacheProperties properties;
    private final Clock clock;
    private final Map<Kind, Map<Status, Counter>> reads = new EnumMap<>(Kind.class);

    TogglCache(CacheProperties properties, Clock clock, MeterRegistry meters) {
        this.properties = properties;
        this.clock = clock;
        for (Kind kind : Kind.values()) {
            Map<Status, Counter> byStatus = new EnumMap<>(Status.class);
            for (Status status : Status.values()) {
                byStatus.put(status, Counter.builder("bff.cache.reads")
                    .description("Reads of cached Toggl data, by kind and how they were answered")
                    .tag("kind", kind.name().toLowerCase(Locale.ROOT))
                    .tag("status", status.name().toLowerCase(Locale.ROOT))
                    .register(meters));
            }
            reads.put(kind, byStatus);
        }
        this.entries = Caffeine.newBuilder()
            .maximumSize(properties.maximumSize())
            .ticker(() -> clock.millis() * 1_000_000L)
            .expireAfter(Expiry.<Key, Entry>creating((key, entry) -> ttl(key.kind()).plus(properties.maxStale())))
            .build();
    }

    /** Reads through the cache; {@code loader} calls Toggl. */
    @SuppressWarnings("unchecked")
    <T> Read<T> get(Key key, Supplier<T> loader) {
        Entry cached = entries.getIfPresent(key);
        Instant now = clock.instant();
        if (cached != null && isFresh(key, cached, now)) {
            count(key, Status.HIT);
            return new Read<>((T) cached.value(), Status.HIT);
        }
        try {
            Entry loaded = load(key, loader);
            Status status = cached == null ? Status.MISS : Status.REFRESHED;
            count(key, status);
            return new Read<>((T) loaded.value(), status);
        }
        catch (ApiException ex) {
            Entry stale = entries.getIfPresent(key);
            if (stale != null && STALE_IF.contains(ex.code())
                    && !now.isAfter(stale.fetchedAt().plus(ttl(key.kind())).plus(properties.maxStale()))) {
                log.info("Answering {} for workspace {} from a stale entry: upstream said {}", key.kind(),
                        key.workspaceId(), ex.code());
                count(key, Status.STALE);
                return new Read<>((T) stale.value(), Status.STALE);
            }
            throw ex;
        }
    }

    private Entry load(Key key, Supplier<?> loader) {
        CompletableFuture<Entry> mine = new CompletableFuture<>();
        CompletableFuture<Entry> running = loading.putIfAbsent(key, mine);
        if (running != null) {
            return join(running);
        }
        try {
            Entry entry = new Entry(loader.get(), clock.instant());
            entries.put(key, entry);
            mine.complete(entry);
            return entry;
        }
        catch (RuntimeException ex) {
            mine.completeExceptionally(ex);
            throw ex;
        }
        finally {
            loading.remove(key, mine);
        }
    }

    private static Entry join(CompletableFuture<Entry> running) {
        try {
            return running.join();
        }
        catch (CompletionException ex) {
            if (ex.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw ex;
        }
    }

    /** Forgets the given kinds of one workspace for every key (a write changed them for everyone). */
    void evictWorkspace(long workspaceId, Kind... kinds) {
        Set<Kind> wanted = kinds.length == 0 ? EnumSet.allOf(Kind.class) : EnumSet.of(kinds[0], kinds);
        entries.asMap().keySet().removeIf(key -> key.workspaceId() == workspaceId && wanted.contains(key.kind()));
    }

    /** Forgets the given kinds of one key (its user's own data, such as time entries, changed). */
    void evictKey(String keyHash, Kind... kinds) {
        Set<Kind> wanted = kinds.length == 0 ? EnumSet.allOf(Kind.class) : EnumSet.of(kinds[0], kinds);
        entries.asMap().keySet().removeIf(key -> key.keyHash().equals(keyHash) && wanted.contains(key.kind()));
    }

    /** A replaced or deleted key takes everything cached for it along. */
    @TransactionalEventListener(fallbackExecution = true)
    void onKeyChanged(MatonKeyChanged event) {
        if (event.oldKeyHash() != null) {
            evictKey(event.oldKeyHash());
        }
    }

    private boolean isFresh(Key key, Entry entry, Instant now) {
        return now.isBefore(entry.fetchedAt().plus(ttl(key.kind())));
    }

    private Duration ttl(Kind kind) {
        CacheProperties.Ttl ttl = properties.ttl();
        return switch (kind) {
            case PROFILE -> ttl.profile();
            case WORKSPACES, WORKSPACE -> ttl.workspaces();
            case WORKSPACE_USERS -> ttl.workspaceUsers();
            case PROJECTS -> ttl.projects();
            case CLIENTS -> ttl.clients();
            case TAGS -> ttl.tags();
            case TIME_ENTRIES -> ttl.timeEntries();
            case TIMER -> ttl.timer();
        };
    }

    private void count(Key key, Status status) {
        reads.get(key.kind()).get(status).increment();
    }
}
