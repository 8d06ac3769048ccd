package dev.togglbff.tracking;

import java.time.Clock;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.togglbff.tracking.TogglCache.Read;
import dev.togglbff.tracking.TogglCache.Status;
import dev.togglbff.upstream.QuotaBudget;
import dev.togglbff.upstream.QuotaScope;
import dev.togglbff.upstream.TogglClient;
import dev.togglbff.upstream.TogglTimeEntry;
import dev.togglbff.upstream.TogglTimeEntryQuery;
import dev.togglbff.upstream.TogglUser;
import dev.togglbff.vault.MatonKeyChanged;
import dev.togglbff.web.ApiException;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * One mirror of each Maton key's time entries, over a window from the start of a previous week
 * (as the user's Toggl profile starts weeks) to now, in every workspace. It is loaded once with a
 * range request, then kept current with {@code GET /me/time_entries?since=…}: one request that
 * returns every entry changed since the last refresh, deletions included. The timer, lists of
 * ranges inside the window, single entries, summaries and the dashboard are all answered from it.
 * <p>
 * Refreshes are planned against the key's user bucket: a read refreshes the mirror when it is
 * older than {@code bff.cache.mirror.freshness} or, when the budget cannot afford that, older than
 * the window spread evenly over the budget; short of budget it answers as it is. A refresh runs in
 * the background while the copy answers (stale while revalidating), unless the copy is too old.
 * Writes through the service apply Toggl's answer here (write-through) instead of making the next
 * read ask again. One refresh per key runs at a time; reads meanwhile answer from the copy held.
 * <p>
 * In shared-state mode the snapshot lives in Redis ({@link SharedCopies}): every instance reads
 * it before answering, writes apply to it before the write answers, a refresh merges what it
 * found into it, a cold mirror is loaded (and a due one refreshed) by one instance while the others wait
 * for it (the loading one stores its copy before they stop waiting), a write's change to the
 * snapshot is atomic across instances, and a write made while no copy is stored yet but an
 * instance loads one is kept for that load, which applies it first. Each instance keeps the
 * last snapshot it saw, which answers while Redis is out.
 */
@Component
class TimeEntryMirror {

    private static final Logger log = LoggerFactory.getLogger(TimeEntryMirror.class);

    /**
     * What the mirror holds for one key at one moment (immutable).
     *
     * @param entries     live entries by id, every workspace
     * @param deleted     ids deleted through the service, so a refresh that overlapped the delete cannot bring them back
     * @param windowStart the oldest start held
     * @param syncedAt    when the last load or refresh was asked (a refresh asks for changes since then)
     */
    record Snapshot(Map<Long, TogglTimeEntry> entries, Set<Long> deleted, Instant windowStart, Instant syncedAt) {

        Snapshot with(TogglTimeEntry entry) {
            Map<Long, TogglTimeEntry> next = new HashMap<>(entries);
            Set<Long> gone = deleted;
            if (entry.deleted() || entry.start() == null || entry.start().toInstant().isBefore(windowStart)) {
                next.remove(entry.id());
            }
            else {
                TogglTimeEntry held = next.get(entry.id());
                if (held != null && held.at() != null && entry.at() != null && (entry.at().isBefore(held.at())
                        // A stop the mirror applied (another timer started) keeps the entry's at: the
                        // entry listed as running with that at is the version from before the stop.
                        || entry.running() && !held.running() && entry.at().isEqual(held.at()))) {
                    return this;
                }
                if (deleted.contains(entry.id())) {
                    return this;
                }
                next.put(entry.id(), entry);
            }
            return new Snapshot(Map.copyOf(next), gone, windowStart, syncedAt);
        }

        Snapshot without(long entryId) {
            Map<Long, TogglTimeEntry> next = new HashMap<>(entries);
            next.remove(entryId);
            Set<Long> gone = new HashSet<>(deleted);
            gone.add(entryId);
            return new Snapshot(Map.copyOf(next), Set.copyOf(gone), windowStart, syncedAt);
        }

        /** Drops what is older than a window that moved on (a new week began). */
        Snapshot from(Instant start) {
            if (!start.isAfter(windowStart)) {
                return this;
            }
            Map<Long, TogglTimeEntry> next = new HashMap<>(entries);
            next.values().removeIf(entry -> entry.start() == null || entry.start().toInstant().isBefore(start));
            return new Snapshot(Map.copyOf(next), deleted, start, syncedAt);
        }

        /** Whether the window holds every entry starting on or after {@code start}. */
        boolean covers(Instant start) {
            return !start.isBefore(windowStart);
        }

        Optional<TogglTimeEntry> running() {
            return entries.values().stream().filter(TogglTimeEntry::running).findFirst();
        }
    }

    /**
     * A write through the service as the mirror applies it: an entry Toggl answered a write with
     * (created, changed, stopped), or the id of one deleted. Data, so that another instance's first
     * load can apply it too (kept in Redis for it, {@link SharedCopies#changeOrHold}).
     */
    record Write(@Nullable TogglTimeEntry entry, @Nullable Long deletedId) {

        static Write of(TogglTimeEntry entry) {
            return new Write(entry, null);
        }

        static Write deletion(long entryId) {
            return new Write(null, entryId);
        }

        Snapshot apply(Snapshot snapshot) {
            if (deletedId != null) {
                return snapshot.without(deletedId);
            }
            if (entry == null) {
                return snapshot;
            }
            Snapshot next = snapshot;
            TogglTimeEntry put = entry;
            if (entry.running() && entry.start() != null) {
                // Toggl stops a running entry when another one starts: of two running, the one
                // started later (by Toggl's at) stops the other. So the same writes in any order, or
                // one applied twice, end in one running timer. The stopped one keeps its own at, so
                // Toggl's own later version of it is taken when a refresh lists it.
                for (TogglTimeEntry other : snapshot.entries().values()) {
                    if (!other.running() || other.id() == entry.id()) {
                        continue;
                    }
                    if (startedBefore(other, entry)) {
                        next = next.with(other.stoppedAt(stopTime(entry, other)));
                    }
                    else {
                        put = put.stoppedAt(stopTime(other, put));
                    }
                }
            }
            return next.with(put);
        }

        /**
         * When {@code starting} stopped {@code stopped}: when Toggl made it (its at), else at its
         * start; never before the stopped entry's own start.
         */
        private static OffsetDateTime stopTime(TogglTimeEntry starting, TogglTimeEntry stopped) {
            OffsetDateTime when = starting.at() != null ? starting.at() : starting.start();
            if (when == null || stopped.start() != null && stopped.start().isAfter(when)) {
                return java.util.Objects.requireNonNull(stopped.start());
            }
            return when;
        }

        /**
         * Whether Toggl started {@code one} before {@code other}: by their at, else by their start,
         * else by their ids (Toggl numbers entries as it creates them).
         */
        private static boolean startedBefore(TogglTimeEntry one, TogglTimeEntry other) {
            if (one.at() != null && other.at() != null && !one.at().isEqual(other.at())) {
                return one.at().isBefore(other.at());
            }
            if (one.start() != null && other.start() != null && !one.start().isEqual(other.start())) {
                return one.start().isBefore(other.start());
            }
            return one.id() < other.id();
        }
    }

    /** One key's mirror: the current snapshot, and a lock that lets one refresh run at a time. */
    private static final class Holder {

        /** Writes kept while the mirror is not loaded yet, at most (older ones are dropped first). */
        static final int MAX_UNLOADED_WRITES = 64;

        final ReentrantLock refreshing = new ReentrantLock();
        final AtomicReference<@Nullable Snapshot> snapshot = new AtomicReference<>();
        final java.util.concurrent.atomic.AtomicBoolean scheduled = new java.util.concurrent.atomic.AtomicBoolean();
        volatile boolean refreshFailed;
        /** The shared snapshot's text last read from Redis, and what it parsed to. */
        volatile @Nullable Parsed parsed;
        /**
         * Writes through the service applied while a first load ran: Toggl may have listed the entries
         * before the write reached it. Kept only while such a load runs; guarded by this holder.
         */
        private final java.util.ArrayDeque<Write> unloaded = new java.util.ArrayDeque<>();
        private boolean loading;

        /**
         * Applies a write to the snapshot held; with none held, keeps it for the first load under way,
         * unless Redis took it ({@code taken}: applied to the shared copy, or kept for the load that
         * stores one), so that the copy this load ends with has it once. Replaying it on top of a
         * later write would undo that one: a timer started again after another began. With none held
         * and no load under way it is left out: the next load asks Toggl after the write was
         * answered, so its answer holds it.
         */
        synchronized void apply(Write change, boolean taken) {
            if (snapshot.get() != null) {
                snapshot.updateAndGet(current -> current == null ? null : change.apply(current));
            }
            else if (loading && !taken) {
                if (unloaded.size() == MAX_UNLOADED_WRITES) {
                    unloaded.removeFirst();
                }
                unloaded.addLast(change);
            }
        }

        /** A first load begins (under {@link #refreshing}). */
        synchronized void loadStarts() {
            loading = true;
            unloaded.clear();
        }

        /** The first load ended, whether its result was published or it failed. */
        synchronized void loadEnds() {
            loading = false;
            unloaded.clear();
        }

        /**
         * Makes a refresh's result the snapshot held, unless the snapshot the refresh started
         * {@code from} changed meanwhile (a write; or another instance's copy, taken in): then that
         * stays. A first load's result first gets the writes applied while it ran.
         */
        synchronized Published publish(@Nullable Snapshot from, Snapshot result) {
            Snapshot loaded = result;
            List<Write> applied = List.of();
            if (from == null) {
                applied = List.copyOf(unloaded);
                for (Write change : applied) {
                    loaded = change.apply(loaded);
                }
                unloaded.clear();
            }
            Snapshot candidate = loaded;
            Snapshot before = snapshot.getAndUpdate(current -> current == from ? candidate : current);
            return new Published(candidate, before == from, applied);
        }
    }

    /**
     * What a refresh made of the snapshot held.
     *
     * @param snapshot  its result as the read sees it (with the writes applied while a first load ran)
     * @param installed whether that is now the snapshot held
     * @param applied   the writes applied to a first load's result
     */
    private record Published(Snapshot snapshot, boolean installed, List<Write> applied) {
    }

    private record Parsed(String text, Snapshot snapshot) {
    }

    private final TogglClient toggl;
    private final TogglCache cache;
    private final QuotaBudget budget;
    private final BackgroundRefreshes refreshes;
    private final Duration staleWhileRevalidate;
    private final CacheProperties.Mirror settings;
    private final Clock clock;
    private final Cache<String, Holder> holders;
    private final MeterRegistry meters;
    private final SharedCopies shared;

    TimeEntryMirror(TogglClient toggl, TogglCache cache, QuotaBudget budget, BackgroundRefreshes refreshes,
            CacheProperties properties, Clock clock, MeterRegistry meters, SharedCopies shared) {
        this.shared = shared;
        this.toggl = toggl;
        this.cache = cache;
        this.budget = budget;
        this.refreshes = refreshes;
        this.staleWhileRevalidate = properties.staleWhileRevalidate();
        this.settings = properties.mirror();
        this.clock = clock;
        this.meters = meters;
        this.holders = Caffeine.newBuilder()
            .maximumSize(settings.maximumKeys())
            .expireAfterAccess(settings.idleExpiry())
            .build();
    }

    /**
     * The mirror of the session's key. When it is due and the budget allows, it is refreshed: in the
     * background while it became due less than {@code bff.cache.stale-while-revalidate} ago (the
     * read answers with the copy held), before answering otherwise.
     */
    Read<Snapshot> read(Session session) {
        Holder holder = holders.get(session.keyHash(), hash -> new Holder());
        sync(session.keyHash(), holder);
        Instant windowStart = windowStart(session);
        Snapshot held = holder.snapshot.get();
        Instant now = clock.instant();
        if (held != null) {
            Instant due = held.syncedAt().plus(interval(session));
            if (now.isBefore(due)) {
                return read(roll(holder, windowStart), Status.HIT, due);
            }
            if (!budget.allowsRefresh(session.keyHash(), QuotaScope.user())) {
                return read(roll(holder, windowStart), Status.BUDGET, due);
            }
            if (!now.isAfter(due.plus(staleWhileRevalidate)) || holder.refreshing.isLocked()) {
                if (holder.scheduled.compareAndSet(false, true)) {
                    refreshes.start(() -> refreshInBackground(session, holder, windowStart));
                }
                return read(roll(holder, windowStart), holder.refreshFailed ? Status.STALE : Status.REVALIDATING, due);
            }
        }
        holder.refreshing.lock();
        try {
            return refresh(session, holder, windowStart, true);
        }
        finally {
            holder.refreshing.unlock();
        }
    }

    private void refreshInBackground(Session session, Holder holder, Instant windowStart) {
        holder.scheduled.set(false);
        if (!holder.refreshing.tryLock()) {
            return;
        }
        try {
            // Another instance may have refreshed it meanwhile.
            sync(session.keyHash(), holder);
            Snapshot current = holder.snapshot.get();
            if (current == null || !clock.instant().isBefore(current.syncedAt().plus(interval(session)))) {
                refresh(session, holder, windowStart, true);
            }
        }
        catch (ApiException ex) {
            log.info("Background refresh of a time-entry mirror failed: {}", ex.code());
        }
        finally {
            holder.refreshing.unlock();
        }
    }

    /** Refreshes now, whatever the plan and budget (stopping a timer must see the truth); only Toggl's limit holds. */
    Read<Snapshot> refreshNow(Session session) {
        Holder holder = holders.get(session.keyHash(), hash -> new Holder());
        holder.refreshing.lock();
        try {
            sync(session.keyHash(), holder);
            return refresh(session, holder, windowStart(session), false);
        }
        finally {
            holder.refreshing.unlock();
        }
    }

    /** Applies an entry Toggl answered to a write with (created, changed, stopped). */
    void apply(String keyHash, TogglTimeEntry entry) {
        update(keyHash, Write.of(entry));
    }

    /** Removes an entry deleted through the service. */
    void remove(String keyHash, long entryId) {
        update(keyHash, Write.deletion(entryId));
    }

    /** When the key's mirror is next refreshed by a read, if it is held. */
    Optional<Instant> nextRefresh(String keyHash) {
        Holder holder = holders.getIfPresent(keyHash);
        Snapshot held = holder == null ? null : holder.snapshot.get();
        if (held == null) {
            return Optional.empty();
        }
        Duration interval = budget.refreshInterval(keyHash, QuotaScope.user(), settings.freshness());
        return Optional.of(held.syncedAt().plus(interval));
    }

    @TransactionalEventListener(fallbackExecution = true)
    void onKeyChanged(MatonKeyChanged event) {
        if (event.oldKeyHash() != null) {
            holders.invalidate(event.oldKeyHash());
            shared.delete(sharedKey(event.oldKeyHash()));
        }
    }

    /** Loads or refreshes the mirror; a refresh {@code withinBudget} is declined when the budget is spent. */
    private Read<Snapshot> refresh(Session session, Holder holder, Instant windowStart, boolean withinBudget) {
        Snapshot held = holder.snapshot.get();
        Instant asked = clock.instant();
        String key = sharedKey(session.keyHash());
        try {
            Snapshot next;
            // Whether this instance asked Toggl for the whole window (not another instance's copy).
            boolean[] loadedHere = { false };
            if (held == null) {
                holder.loadStarts();
                // A read takes the copy another instance's load stores meanwhile (the writes made
                // while it ran are applied to it); stopping a timer takes only one asked after it.
                next = shared.fetchOnce(key,
                        () -> stored(session.keyHash()).filter(copy -> withinBudget || !copy.syncedAt().isBefore(asked)),
                        () -> {
                            loadedHere[0] = true;
                            // Stored before the other instances stop waiting for it.
                            return shared.storeFetched(key, load(session, windowStart, asked), this::withHeld,
                                    shared.type(Snapshot.class), settings.idleExpiry());
                        });
            }
            else if (windowStart.isBefore(held.windowStart())) {
                loadedHere[0] = true;
                next = load(session, windowStart, asked);
            }
            else {
                long sinceSecond = held.syncedAt().minus(settings.sinceOverlap()).getEpochSecond();
                Supplier<List<TogglTimeEntry>> since = () -> toggl.timeEntries(session.credentials(),
                        TogglTimeEntryQuery.modifiedSince(sinceSecond));
                // One instance refreshes a key's mirror at a time; the others take what it stored when
                // that is recent enough: not due (a planned refresh), or asked after this one (a write's).
                Duration interval = interval(session);
                next = shared.fetchOnce(key,
                        () -> stored(session.keyHash()).filter(copy -> withinBudget
                                ? asked.isBefore(copy.syncedAt().plus(interval))
                                : !copy.syncedAt().isBefore(asked)),
                        () -> {
                            List<TogglTimeEntry> changes = withinBudget ? budget.refresh(since) : since.get();
                            UnaryOperator<Snapshot> merge = base -> merged(base, windowStart, changes, asked);
                            Snapshot refreshed = holder.snapshot
                                .updateAndGet(current -> merge.apply(current != null ? current : held));
                            meters.counter("bff.mirror.refreshes", "kind", "since").increment();
                            return shareRefresh(key, refreshed, merge);
                        });
            }
            // A write applied while this refresh ran (a stop, a new entry) stays: the result replaces
            // only the snapshot the refresh started from. A refresh of changes has merged them into
            // the snapshot of its time already; a write after that is on top of it. A first load gets
            // the writes applied while it ran (Toggl may have listed the entries before them).
            Published published = holder.publish(held, next);
            Snapshot result = published.snapshot();
            if (held == null || windowStart.isBefore(held.windowStart())) {
                if (held != null && published.installed()) {
                    // What this instance loaded over a longer window, and holds now, is the copy the others take.
                    shared.write(key, result, settings.idleExpiry());
                }
                // The writes applied to a first load here that Redis did not take (it was out, or no
                // instance had marked a load yet) go to the shared copy now, as a write applies to a
                // copy; the others are in it already (kept for the load, or applied to the copy).
                // Applying them after later writes is safe: writes end the same in any order.
                for (Write change : published.applied()) {
                    shared.changeValue(key, shared.type(Snapshot.class), change::apply, settings.idleExpiry());
                }
                if (loadedHere[0]) {
                    meters.counter("bff.mirror.refreshes", "kind", "load").increment();
                }
            }
            holder.refreshFailed = false;
            return read(result, held == null ? Status.MISS : Status.REFRESHED, asked.plus(interval(session)));
        }
        catch (QuotaBudget.RefreshDeclined ex) {
            return read(roll(holder, windowStart), Status.BUDGET, held.syncedAt().plus(interval(session)));
        }
        catch (ApiException ex) {
            holder.refreshFailed = true;
            if (held != null && TogglCache.STALE_IF.contains(ex.code())) {
                log.info("Answering from the time-entry mirror as it is: upstream said {}", ex.code());
                return read(roll(holder, windowStart), Status.STALE, held.syncedAt().plus(interval(session)));
            }
            throw ex;
        }
        finally {
            if (held == null) {
                holder.loadEnds();
            }
        }
    }

    /** {@code base} with Toggl's changes since the last refresh merged in, as refreshed when {@code asked}. */
    private static Snapshot merged(Snapshot base, Instant windowStart, List<TogglTimeEntry> changes, Instant asked) {
        Snapshot next = base.from(windowStart);
        for (TogglTimeEntry change : changes) {
            next = next.with(change);
        }
        Instant synced = next.syncedAt().isAfter(asked) ? next.syncedAt() : asked;
        return new Snapshot(next.entries(), next.deleted(), next.windowStart(), synced);
    }

    /**
     * Merges a refresh's changes into the shared copy as it is now, atomically against the other
     * instances' writes, which the changes (asked before those writes reached Toggl) must not undo;
     * answers the copy stored. With none stored, stores {@code refreshed} with the writes kept for
     * this refresh; without shared copies, answers {@code refreshed}.
     */
    private Snapshot shareRefresh(String key, Snapshot refreshed, UnaryOperator<Snapshot> merge) {
        return shared.changeValue(key, shared.type(Snapshot.class), merge, settings.idleExpiry())
            .orElseGet(() -> shared.storeFetched(key, refreshed, this::withHeld, shared.type(Snapshot.class),
                    settings.idleExpiry()));
    }

    private Snapshot load(Session session, Instant windowStart, Instant asked) {
        ZoneId zone = TimeEntries.zone(profile(session));
        LocalDate first = windowStart.atZone(zone).toLocalDate();
        // Toggl's end_date is exclusive; a day past tomorrow also catches entries started "tomorrow" in other zones.
        LocalDate last = asked.atZone(zone).toLocalDate().plusDays(2);
        List<TogglTimeEntry> entries = toggl.timeEntries(session.credentials(), TogglTimeEntryQuery.between(first, last));
        Snapshot snapshot = new Snapshot(Map.of(), Set.of(), windowStart, asked);
        for (TogglTimeEntry entry : entries) {
            snapshot = snapshot.with(entry);
        }
        return snapshot;
    }

    private Snapshot roll(Holder holder, Instant windowStart) {
        Snapshot rolled = holder.snapshot.updateAndGet(current -> current == null ? null : current.from(windowStart));
        if (rolled == null) {
            throw new IllegalStateException("mirror read before it was loaded");
        }
        return rolled;
    }

    /**
     * Applies a write to this instance's snapshot and to the shared copy; with no copy shared yet
     * while an instance loads the mirror, the write is kept for that load.
     */
    private void update(String keyHash, Write write) {
        boolean taken = shared.<Snapshot>changeOrHold(sharedKey(keyHash), shared.type(Snapshot.class), write::apply,
                shared.json(write), settings.idleExpiry());
        Holder holder = holders.getIfPresent(keyHash);
        if (holder != null) {
            holder.apply(write, taken);
        }
    }

    /** A first load's result with the writes kept for it (as texts) applied. */
    private Snapshot withHeld(Snapshot loaded, List<String> held) {
        Snapshot next = loaded;
        for (String text : held) {
            next = shared.<Write>parse(text, shared.type(Write.class)).apply(next);
        }
        return next;
    }

    /** Takes the shared snapshot of the key, when Redis holds one, as the instance's own. */
    private void sync(String keyHash, Holder holder) {
        if (!shared.active()) {
            return;
        }
        shared.values(List.of(sharedKey(keyHash))).map(values -> values.get(0)).ifPresent(text -> {
            Parsed last = holder.parsed;
            // The same snapshot as last time (most reads): it is already parsed.
            if (last == null || !text.equals(last.text())) {
                last = new Parsed(text, shared.parse(text, shared.type(Snapshot.class)));
                holder.parsed = last;
            }
            holder.snapshot.set(last.snapshot());
        });
    }

    private Optional<Snapshot> stored(String keyHash) {
        return shared.active() ? shared.read(sharedKey(keyHash), shared.type(Snapshot.class)) : Optional.empty();
    }

    private String sharedKey(String keyHash) {
        return shared.key("mirror", keyHash);
    }

    private Read<Snapshot> read(Snapshot snapshot, Status status, Instant freshUntil) {
        meters.counter("bff.mirror.reads", "status", status.name().toLowerCase(java.util.Locale.ROOT)).increment();
        return new Read<>(snapshot, status, snapshot.syncedAt(), freshUntil);
    }

    private Duration interval(Session session) {
        return budget.refreshInterval(session.keyHash(), QuotaScope.user(), settings.freshness());
    }

    private TogglUser profile(Session session) {
        return cache.get(TogglCache.Key.profile(session.keyHash()), QuotaScope.user(),
                () -> toggl.me(session.credentials())).value();
    }

    /** The start of the window: the first day of the week {@code previousWeeks} before this one, in the user's zone. */
    Instant windowStart(Session session) {
        TogglUser profile = profile(session);
        ZoneId zone = TimeEntries.zone(profile);
        return weekStart(clock.instant(), zone, profile.beginningOfWeek()).minusWeeks(settings.previousWeeks())
            .atStartOfDay(zone)
            .toInstant();
    }

    /** The first day of the week holding {@code instant}: Toggl's beginning_of_week is 0 for Sunday … 6 for Saturday. */
    static LocalDate weekStart(Instant instant, ZoneId zone, @Nullable Integer beginningOfWeek) {
        int toggl = beginningOfWeek == null ? 1 : Math.floorMod(beginningOfWeek, 7);
        DayOfWeek first = toggl == 0 ? DayOfWeek.SUNDAY : DayOfWeek.of(toggl);
        return instant.atZone(zone).toLocalDate().with(TemporalAdjusters.previousOrSame(first));
    }
}
