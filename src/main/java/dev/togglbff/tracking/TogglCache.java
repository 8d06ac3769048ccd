package dev.togglbff.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.RemovalCause;
import dev.togglbff.upstream.QuotaBudget;
import dev.togglbff.upstream.QuotaScope;
import dev.togglbff.vault.MatonKeyChanged;
import dev.togglbff.web.ApiException;
import dev.togglbff.web.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * The cache of Toggl answers, one set of entries per vaulted Maton key (never shared between
 * keys: what a key may see is Toggl's call). Entries are fresh for their kind's TTL; after that
 * they are refreshed when the key's quota budget allows (in the background while the copy is
 * recent enough to answer), and while the refresh fails because Toggl is out of quota,
 * rate-limiting, failing or slow, the stale entry answers for up to {@code bff.cache.max-stale}
 * past its TTL, counted from its last refresh. Writes through the
 * service update the writer's entries in place. Concurrent misses for one entry make one upstream
 * request.
 * <p>
 * In shared-state mode the entries live in Redis ({@link SharedCopies}) behind each instance's
 * Caffeine: a read takes Redis's copy (so a cold instance answers what another fetched, and a
 * write on another instance is seen at once), a miss is fetched by one instance while the others
 * wait for its copy, and a write that outdates other keys' lists counts up a version per workspace
 * and kind that every instance compares with the version an entry was fetched at (versioned keys:
 * seen by every instance on its next read, whatever happened to its connection meanwhile, which
 * publish/subscribe cannot promise). Caffeine keeps the instance's own copies, which answer while
 * Redis is out.
 */
@Component
class TogglCache {

    private static final Logger log = LoggerFactory.getLogger(TogglCache.class);

    /** Upstream failures during which a stale entry (or the time-entry mirror) may answer instead. */
    static final Set<ErrorCode> STALE_IF = EnumSet.of(ErrorCode.TOGGL_QUOTA_EXHAUSTED,
            ErrorCode.UPSTREAM_RATE_LIMITED, ErrorCode.UPSTREAM_UNAVAILABLE, ErrorCode.UPSTREAM_TIMEOUT,
            ErrorCode.TOO_MANY_REQUESTS);

    /** The kinds of cached data, each with its own TTL. */
    enum Kind {
        PROFILE, WORKSPACES, WORKSPACE, WORKSPACE_USERS, PROJECTS, CLIENTS, TAGS, TIME_ENTRIES
    }

    /**
     * One cache entry's identity: whose key, what kind, which workspace (0 for data of the user),
     * which variant (an id, a range). Built only by the factories below.
     */
    record Key(String keyHash, Kind kind, long workspaceId, String variant) {

        /** Workspace id of data that belongs to the user rather than to one workspace. */
        static final long USER_LEVEL = 0;
        private static final String WHOLE = "";

        static Key profile(String keyHash) {
            return new Key(keyHash, Kind.PROFILE, USER_LEVEL, WHOLE);
        }

        static Key workspaces(String keyHash) {
            return new Key(keyHash, Kind.WORKSPACES, USER_LEVEL, WHOLE);
        }

        /** Time entries of a range the mirror does not hold. */
        static Key timeEntries(String keyHash, TimeEntries.Range range) {
            return new Key(keyHash, Kind.TIME_ENTRIES, USER_LEVEL, range.toString());
        }

        static Key workspace(String keyHash, long workspaceId) {
            return new Key(keyHash, Kind.WORKSPACE, workspaceId, WHOLE);
        }

        static Key workspaceUsers(String keyHash, long workspaceId) {
            return new Key(keyHash, Kind.WORKSPACE_USERS, workspaceId, WHOLE);
        }

        /** Every project of the workspace, archived ones included: pages and filters are cut from it. */
        static Key projects(String keyHash, long workspaceId) {
            return new Key(keyHash, Kind.PROJECTS, workspaceId, WHOLE);
        }

        /** Every client of the workspace, archived ones included. */
        static Key clients(String keyHash, long workspaceId) {
            return new Key(keyHash, Kind.CLIENTS, workspaceId, WHOLE);
        }

        static Key tags(String keyHash, long workspaceId) {
            return new Key(keyHash, Kind.TAGS, workspaceId, WHOLE);
        }
    }

    /** How a read was answered, as RFC 9211 {@code Cache-Status} puts it. */
    enum Status {
        /** Fresh in the cache or the mirror. */
        HIT("hit"),
        /** Not held: fetched from Toggl. */
        MISS("fwd=miss"),
        /** Held but due: refreshed from Toggl. */
        REFRESHED("fwd=stale"),
        /** Due: the held copy answered at once while a background refresh runs. */
        REVALIDATING("hit; detail=revalidating"),
        /** Due, but Toggl failed: the held copy answered. */
        STALE("hit; detail=stale"),
        /** Due, but the key's quota budget is spent for now: the held copy answered without asking Toggl. */
        BUDGET("hit; detail=budget");

        private final String parameters;

        Status(String parameters) {
            this.parameters = parameters;
        }

        String parameters() {
            return parameters;
        }
    }

    /**
     * A value, how it was obtained, when it was fetched from Toggl and until when it counts as fresh.
     */
    record Read<T>(T value, Status status, Instant fetchedAt, Instant freshUntil) {

        <R> Read<R> map(java.util.function.Function<? super T, ? extends R> mapper) {
            return new Read<>(mapper.apply(value), status, fetchedAt, freshUntil);
        }
    }

    /**
     * A held value, when it was fetched, whether the last refresh of it failed, and whether a write
     * through another key made it outdated (then it is refreshed before it answers, budget permitting).
     */
    private record Entry(Object value, Instant fetchedAt, boolean refreshFailed, boolean outdated,
            @Nullable String source) {

        Entry(Object value, Instant fetchedAt) {
            this(value, fetchedAt, false, false);
        }

        Entry(Object value, Instant fetchedAt, boolean refreshFailed, boolean outdated) {
            this(value, fetchedAt, refreshFailed, outdated, null);
        }
    }

    /** What an entry holds per kind, for reading Redis's JSON back. */
    private static final Map<Kind, Class<?>> ELEMENTS = Map.of(Kind.WORKSPACES, TrackingApi.MeWorkspaceResponse.class,
            Kind.WORKSPACE_USERS, TrackingApi.WorkspaceUserResponse.class, Kind.PROJECTS,
            dev.togglbff.upstream.TogglProject.class, Kind.CLIENTS, dev.togglbff.upstream.TogglClientRecord.class,
            Kind.TAGS, dev.togglbff.upstream.TogglTag.class, Kind.TIME_ENTRIES,
            dev.togglbff.upstream.TogglTimeEntry.class);

    private final Cache<Key, Entry> entries;
    private final ConcurrentMap<Key, CompletableFuture<Entry>> loading = new ConcurrentHashMap<>();
    private final CacheProperties properties;
    private final QuotaBudget budget;
    private final BackgroundRefreshes refreshes;
    private final Clock clock;
    private final Map<Kind, Map<Status, Counter>> reads = new EnumMap<>(Kind.class);
    private final SharedCopies shared;

    TogglCache(CacheProperties properties, QuotaBudget budget, BackgroundRefreshes refreshes, Clock clock,
            MeterRegistry meters, SharedCopies shared, RepeatReads repeatReads) {
        this.shared = shared;
        this.properties = properties;
        this.budget = budget;
        this.refreshes = refreshes;
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
            // From the last write: a refreshed entry keeps its stale fallback for max-stale past its new TTL.
            .expireAfter(Expiry.<Key, Entry>writing((key, entry) -> ttl(key.kind()).plus(properties.maxStale())))
            // Any copy replaced, changed or dropped ends the repeats of answers made of it; told on the
            // changing thread, once the change is in place.
            .executor(Runnable::run)
            .removalListener((Key key, Entry entry, RemovalCause cause) -> repeatReads.changed())
            .build();
    }

    /**
     * Reads through the cache; {@code loader} calls Toggl and spends {@code scope}. A held entry past
     * its TTL is refreshed only while the key's budget for that bucket allows, otherwise it answers
     * as it is ({@link Status#BUDGET}); within {@code bff.cache.stale-while-revalidate} of its TTL it
     * answers at once while a background refresh runs, later it is refreshed before answering.
     */
    <T> Read<T> get(Key key, QuotaScope scope, Supplier<T> loader) {
        Entry cached = held(key);
        Instant now = clock.instant();
        if (cached != null && !cached.outdated() && isFresh(key, cached, now)) {
            Read<T> hit = read(key, cached, Status.HIT);
            RepeatReads.observedFresh(hit.freshUntil());
            return hit;
        }
        RepeatReads.observedNotFresh();
        if (cached != null && !budget.allowsRefresh(key.keyHash(), scope)) {
            return read(key, cached, Status.BUDGET);
        }
        if (cached != null && !cached.outdated()
                && !now.isAfter(dueAt(key, cached).plus(properties.staleWhileRevalidate()))) {
            refreshInBackground(key, () -> budget.refresh(loader));
            return read(key, cached, cached.refreshFailed() ? Status.STALE : Status.REVALIDATING);
        }
        try {
            Entry loaded = load(key, cached == null ? loader : () -> budget.refresh(loader));
            return read(key, loaded, cached == null ? Status.MISS : Status.REFRESHED);
        }
        catch (QuotaBudget.RefreshDeclined ex) {
            return read(key, cached, Status.BUDGET);
        }
        catch (ApiException ex) {
            Entry stale = held(key);
            if (stale != null && STALE_IF.contains(ex.code())
                    && !now.isAfter(dueAt(key, stale).plus(properties.maxStale()))) {
                log.info("Answering {} for workspace {} from a stale entry: upstream said {}", key.kind(),
                        key.workspaceId(), ex.code());
                return read(key, stale, Status.STALE);
            }
            throw ex;
        }
    }

    /** Starts one refresh of the entry off the request, unless one runs; a failure marks the entry. */
    private void refreshInBackground(Key key, Supplier<?> loader) {
        if (loading.containsKey(key)) {
            return;
        }
        refreshes.start(() -> {
            try {
                load(key, loader);
            }
            catch (QuotaBudget.RefreshDeclined ex) {
                log.debug("Background refresh of {} left for later: the quota budget is spent", key.kind());
            }
            catch (ApiException ex) {
                log.info("Background refresh of {} for workspace {} failed: {}", key.kind(), key.workspaceId(),
                        ex.code());
                entries.asMap()
                    .computeIfPresent(key, (k, entry) -> new Entry(entry.value(), entry.fetchedAt(), true,
                            entry.outdated()));
            }
        });
    }

    /** The held value, fresh or not, without asking Toggl (for names that decorate another answer). */
    @SuppressWarnings("unchecked")
    <T> Optional<T> peek(Key key) {
        Entry cached = held(key);
        return cached == null ? Optional.empty() : Optional.of((T) cached.value());
    }

    /**
     * Applies a change the service made through Toggl to a held value (write-through); the entry
     * keeps its fetch time, so its freshness is unchanged. Nothing happens when nothing is held.
     * In shared-state mode the shared copy is changed atomically against other instances' changes.
     */
    @SuppressWarnings("unchecked")
    <T> void update(Key key, UnaryOperator<T> change) {
        entries.asMap()
            .computeIfPresent(key,
                    (k, entry) -> new Entry(change.apply((T) entry.value()), entry.fetchedAt(), entry.refreshFailed(),
                            entry.outdated()));
        restore(key, version -> version, change);
    }

    /**
     * The entry held for the key: Redis's copy in shared-state mode (outdated when a write counted
     * its workspace's version past the one it was fetched at), kept in Caffeine too; Caffeine's
     * own copy without shared state or while Redis is out.
     */
    private @Nullable Entry held(Key key) {
        if (shared.active()) {
            Optional<List<@Nullable String>> stored = shared.values(List.of(sharedKey(key), versionKey(key)));
            if (stored.isPresent()) {
                String text = stored.get().get(0);
                if (text == null) {
                    return null;
                }
                Stored copy = Stored.header(text);
                String version = stored.get().get(1);
                boolean outdated = version != null && Long.parseLong(version) > copy.version();
                Entry local = entries.getIfPresent(key);
                // The same copy as last time (most reads): its value is already parsed.
                boolean same = local != null && text.equals(local.source());
                Object value = same ? local.value() : shared.parse(Stored.parse(text).json(), type(key.kind()));
                boolean refreshFailed = local != null && local.refreshFailed()
                        && local.fetchedAt().equals(copy.fetchedAt());
                Entry entry = new Entry(value, copy.fetchedAt(), false, outdated, text);
                if (!same || local.outdated() != outdated) {
                    entries.put(key, refreshFailed ? new Entry(value, copy.fetchedAt(), true, outdated, text) : entry);
                }
                return entry;
            }
        }
        return entries.getIfPresent(key);
    }

    /** An entry as Redis holds it: when it was fetched, the workspace version it was fetched at, and its JSON. */
    private record Stored(Instant fetchedAt, long version, String json) {

        static Stored parse(String text) {
            int first = text.indexOf('|');
            int second = text.indexOf('|', first + 1);
            return new Stored(Instant.ofEpochMilli(Long.parseLong(text.substring(0, first))),
                    Long.parseLong(text.substring(first + 1, second)), text.substring(second + 1));
        }

        /** Fetch time and version only (the JSON left out). */
        static Stored header(String text) {
            int first = text.indexOf('|');
            int second = text.indexOf('|', first + 1);
            return new Stored(Instant.ofEpochMilli(Long.parseLong(text.substring(0, first))),
                    Long.parseLong(text.substring(first + 1, second)), "");
        }

        String text() {
            return fetchedAt.toEpochMilli() + "|" + version + "|" + json;
        }
    }

    /**
     * Stores a fetched copy in Redis, unless another instance changed the copy there since the
     * fetch began ({@code before}: the text then, or nothing): a write through it may be missing
     * from Toggl's answer, so Redis keeps that copy, which is due and is fetched again by its next read.
     */
    private void share(Key key, Entry entry, long version, @Nullable String before) {
        if (!shared.active()) {
            return;
        }
        Duration left = ttl(key.kind()).plus(properties.maxStale())
            .minus(Duration.between(entry.fetchedAt(), clock.instant()));
        shared.replaceText(sharedKey(key), before,
                new Stored(entry.fetchedAt(), version, shared.json(entry.value())).text(), left);
    }

    /**
     * Rewrites Redis's copy of the key, if it holds one, with a new version and a change to its
     * value; atomic against other instances' rewrites of the same copy ({@link SharedCopies#change}).
     */
    @SuppressWarnings("unchecked")
    private <T> void restore(Key key, java.util.function.LongUnaryOperator version, UnaryOperator<T> change) {
        shared.change(sharedKey(key), text -> {
            Stored copy = Stored.parse(text);
            T value = change.apply((T) shared.parse(copy.json(), type(key.kind())));
            Duration left = ttl(key.kind()).plus(properties.maxStale())
                .minus(Duration.between(copy.fetchedAt(), clock.instant()));
            return new SharedCopies.Replacement(
                    new Stored(copy.fetchedAt(), version.applyAsLong(copy.version()), shared.json(value)).text(), left);
        });
    }

    private String sharedKey(Key key) {
        return shared.key("cache", key.keyHash(), key.kind(), key.workspaceId(), key.variant());
    }

    private String versionKey(Key key) {
        return shared.key("cache-version", key.workspaceId(), key.kind());
    }

    private tools.jackson.databind.JavaType type(Kind kind) {
        return switch (kind) {
            case PROFILE -> shared.type(dev.togglbff.upstream.TogglUser.class);
            case WORKSPACE -> shared.type(TrackingApi.WorkspaceResponse.class);
            default -> shared.listOf(ELEMENTS.get(kind));
        };
    }

    @SuppressWarnings("unchecked")
    private <T> Read<T> read(Key key, Entry entry, Status status) {
        count(key, status);
        return new Read<>((T) entry.value(), status, entry.fetchedAt(), entry.fetchedAt().plus(ttl(key.kind())));
    }

    private Instant dueAt(Key key, Entry entry) {
        return entry.fetchedAt().plus(ttl(key.kind()));
    }

    private Entry load(Key key, Supplier<?> loader) {
        CompletableFuture<Entry> mine = new CompletableFuture<>();
        CompletableFuture<Entry> running = loading.putIfAbsent(key, mine);
        if (running != null) {
            return join(running);
        }
        try {
            // A write through the service (or an outdating) that changes the held copy while Toggl
            // is asked may not be in Toggl's answer: the copy answered then is kept outdated.
            Entry before = entries.getIfPresent(key);
            // Redis holds fetch times in milliseconds.
            Instant asked = clock.instant().truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
            Entry entry = shared.fetchOnce(sharedKey(key), () -> Optional.ofNullable(held(key))
                .filter(copy -> !copy.outdated() && !copy.fetchedAt().isBefore(asked)), () -> {
                    List<@Nullable String> sharedBefore = shared.values(List.of(sharedKey(key), versionKey(key)))
                        .orElse(java.util.Arrays.asList(null, null));
                    String versionBefore = sharedBefore.get(1);
                    long version = versionBefore == null ? 0L : Long.parseLong(versionBefore);
                    Entry fetched = new Entry(loader.get(), clock.instant());
                    share(key, fetched, version, sharedBefore.get(0));
                    return fetched;
                });
            entries.asMap().compute(key, (k, current) -> current == null || current == before || current == entry
                    ? entry : new Entry(entry.value(), entry.fetchedAt(), entry.refreshFailed(), true, entry.source()));
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

    /**
     * Marks the given kinds of one workspace outdated for every key but the writer's (a write
     * changed them for everyone; the writer's own entries were updated with Toggl's answer): each is
     * refreshed before it next answers, or answers as it is while its key's budget is spent. Other
     * keys' entries are not updated in place: what each key may see is Toggl's call.
     */
    void outdateWorkspace(long workspaceId, String writerKeyHash, Kind... kinds) {
        Set<Kind> wanted = EnumSet.of(kinds[0], kinds);
        entries.asMap()
            .replaceAll((key, entry) -> key.workspaceId() == workspaceId && wanted.contains(key.kind())
                    && !key.keyHash().equals(writerKeyHash)
                            ? new Entry(entry.value(), entry.fetchedAt(), entry.refreshFailed(), true) : entry);
        for (Kind kind : wanted) {
            Key writers = new Key(writerKeyHash, kind, workspaceId, "");
            long version = shared.increment(versionKey(writers), ttl(kind).plus(properties.maxStale()));
            // The writer's own list was updated with Toggl's answer: it stays current.
            restore(writers, previous -> version, UnaryOperator.identity());
        }
    }

    /** Forgets the given kinds of one key (its user's own data, such as time entries, changed). */
    void evictKey(String keyHash, Kind... kinds) {
        Set<Kind> wanted = kinds.length == 0 ? EnumSet.allOf(Kind.class) : EnumSet.of(kinds[0], kinds);
        entries.asMap().keySet().removeIf(key -> key.keyHash().equals(keyHash) && wanted.contains(key.kind()));
        for (Kind kind : wanted) {
            shared.deleteAll(shared.key("cache", keyHash, kind) + ":");
        }
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
        };
    }

    private void count(Key key, Status status) {
        reads.get(key.kind()).get(status).increment();
    }
}
