package dev.togglbff.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

import dev.togglbff.shared.SharedState;
import dev.togglbff.support.MutableClock;
import dev.togglbff.tracking.TogglCache.Read;
import dev.togglbff.tracking.TogglCache.Status;
import dev.togglbff.upstream.MatonCredentials;
import dev.togglbff.upstream.QuotaBudget;
import dev.togglbff.upstream.TogglClient;
import dev.togglbff.upstream.TogglTimeEntry;
import dev.togglbff.upstream.TogglUser;
import dev.togglbff.web.ApiException;
import dev.togglbff.web.ErrorCode;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.support.DefaultListableBeanFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.doReturn;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.when;

/**
 * The time-entry mirror on its own (the whole application is in the tracking flow tests): what a
 * refresh keeps of a write applied through the service while it ran. The refresh and the write
 * are put in one order by hand, so the race the tests describe happens on every run.
 */
class TimeEntryMirrorRulesTests {

    static final String KEY_HASH = "key-hash-1";
    static final Instant TEN = Instant.parse("2026-03-25T10:00:00Z");
    static final OffsetDateTime NINE = OffsetDateTime.parse("2026-03-25T09:00:00Z");

    final MutableClock clock = new MutableClock(TEN);
    final TogglClient toggl = mock(TogglClient.class);
    final SharedCopies shared = spy(new SharedCopies(new DefaultListableBeanFactory().getBeanProvider(SharedState.class)));
    final Session session = new Session(UUID.randomUUID(), KEY_HASH, () -> MatonCredentials.of("key_1", null));
    TimeEntryMirror mirror;

    @BeforeEach
    void mirror() {
        mirror = mirror(toggl, shared, clock);
    }

    /**
     * A mirror over {@code toggl} and {@code shared}: Ada's profile (UTC) cached, a budget that
     * allows every refresh, one previous week, a freshness of one minute and no
     * stale-while-revalidate (a due read refreshes before it answers, on its own thread).
     */
    static TimeEntryMirror mirror(TogglClient toggl, SharedCopies shared, Clock clock) {
        TogglCache cache = mock(TogglCache.class);
        TogglUser profile = new TogglUser(7, "ada@example.com", "Ada", "UTC", 100L, 1, null);
        doReturn(new Read<>(profile, Status.HIT, TEN, TEN.plus(Duration.ofHours(6)))).when(cache)
            .get(any(), any(), any());
        QuotaBudget budget = mock(QuotaBudget.class);
        when(budget.allowsRefresh(anyString(), any())).thenReturn(true);
        when(budget.refreshInterval(anyString(), any(), any())).thenAnswer(call -> call.getArgument(2));
        when(budget.refresh(any())).thenAnswer(call -> call.<Supplier<?>>getArgument(0).get());
        CacheProperties properties = new CacheProperties(1000, Duration.ofHours(1), Duration.ZERO,
                new CacheProperties.Ttl(Duration.ofHours(6), Duration.ofHours(1), Duration.ofHours(1),
                        Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofMinutes(15), Duration.ofMinutes(5)),
                new CacheProperties.Mirror(1, Duration.ofMinutes(1), Duration.ofMinutes(1), 100, Duration.ofHours(24)));
        return new TimeEntryMirror(toggl, cache, budget, new BackgroundRefreshes(new SimpleMeterRegistry()),
                properties, clock, new SimpleMeterRegistry(), shared);
    }

    /** The first load finds the timer running; the refresh after it finds no change in Toggl. */
    void loadedWithTheTimerRunning() {
        when(toggl.timeEntries(any(), any())).thenReturn(List.of(running()), List.of());
        assertThat(mirror.read(session).value().running()).as("loaded with the timer running").isPresent();
    }

    @Test
    void anEntryStartedWhileTheFirstLoadRunsIsHeldAfterIt() {
        TogglTimeEntry started = running(2, "Started meanwhile", 60);
        // Toggl answered the load before the start reached it; the start's answer is applied before
        // the load's is.
        when(toggl.timeEntries(any(), any())).thenAnswer(call -> {
            mirror.apply(KEY_HASH, started);
            return List.of();
        });

        mirror.read(session);

        Read<TimeEntryMirror.Snapshot> after = mirror.read(session);
        assertThat(after.status()).isEqualTo(Status.HIT);
        assertThat(after.value().running()).as("the started timer").contains(started);
    }

    @Test
    void anEntryDeletedWhileTheFirstLoadRunsStaysDeleted() {
        // Toggl listed the entry before the delete reached it.
        when(toggl.timeEntries(any(), any())).thenAnswer(call -> {
            mirror.remove(KEY_HASH, 1);
            return List.of(running());
        });

        mirror.read(session);

        assertThat(mirror.read(session).value().entries()).as("nothing comes back").isEmpty();
    }

    @Test
    void aWriteMadeWhileNoLoadRanIsNotAppliedToALaterLoad() {
        when(toggl.timeEntries(any(), any())).thenThrow(new ApiException(ErrorCode.UPSTREAM_UNAVAILABLE, "down"))
            .thenReturn(List.of());
        assertThatThrownBy(() -> mirror.read(session)).isInstanceOf(ApiException.class);
        // Started through the service after the failed load, then deleted in Toggl itself.
        mirror.apply(KEY_HASH, running(2, "Deleted in Toggl", 60));

        Read<TimeEntryMirror.Snapshot> loaded = mirror.read(session);

        assertThat(loaded.status()).isEqualTo(Status.MISS);
        assertThat(loaded.value().entries()).as("Toggl's answer, asked after the write").isEmpty();
    }

    @Test
    void aTimerStartedThroughTheServiceStopsOnlyATimerBegunBeforeIt() {
        TogglTimeEntry laterElsewhere = running(3, "Begun later elsewhere", 90);
        when(toggl.timeEntries(any(), any())).thenReturn(List.of(running(), laterElsewhere));
        mirror.read(session);

        mirror.apply(KEY_HASH, running(2, "Started at half past nine", 30));

        TimeEntryMirror.Snapshot held = mirror.read(session).value();
        assertThat(held.entries().get(1L).running()).as("begun at nine: stopped").isFalse();
        assertThat(held.entries().get(1L).stop()).isEqualTo(NINE.plusMinutes(30));
        assertThat(held.entries().get(3L).running()).as("begun at half past ten: still running").isTrue();
    }

    @Test
    void aStopAppliedWhileARefreshMergesTogglsChangesStaysAfterTheRefresh() {
        loadedWithTheTimerRunning();
        TogglTimeEntry stopped = running().stoppedAt(NINE.plusMinutes(61));
        AtomicBoolean stopApplied = new AtomicBoolean();
        // The refresh offers its merged snapshot to the other instances; the stop lands just then.
        doAnswer(call -> {
            if (stopApplied.compareAndSet(false, true)) {
                mirror.apply(KEY_HASH, stopped);
            }
            return call.callRealMethod();
        }).when(shared).storeFetched(anyString(), any(), any(), any(), any());

        clock.advance(Duration.ofMinutes(2));
        Read<TimeEntryMirror.Snapshot> refreshed = mirror.read(session);

        assertThat(refreshed.status()).isEqualTo(Status.REFRESHED);
        assertThat(stopApplied).as("the stop was applied during the refresh").isTrue();
        Read<TimeEntryMirror.Snapshot> after = mirror.read(session);
        assertThat(after.status()).isEqualTo(Status.HIT);
        assertThat(after.value().running()).as("the timer stays stopped").isEmpty();
        assertThat(after.value().entries().get(1L).stop()).isEqualTo(stopped.stop());
    }

    @Test
    void aStopAppliedBeforeARefreshStaysWhenTogglsAnswerPredatesIt() {
        loadedWithTheTimerRunning();
        clock.advance(Duration.ofMinutes(2));
        TogglTimeEntry stopped = running().stoppedAt(NINE.plusMinutes(61));
        TogglTimeEntry stoppedLater = new TogglTimeEntry(stopped.id(), stopped.workspaceId(), null, null, null,
                stopped.description(), false, stopped.start(), stopped.stop(), stopped.duration(), List.of(), List.of(),
                NINE.plusMinutes(62), null);
        mirror.apply(KEY_HASH, stoppedLater);
        // Toggl's changes were read before the stop reached it: the entry as it was, still running.
        when(toggl.timeEntries(any(), any())).thenReturn(List.of(running()));

        Read<TimeEntryMirror.Snapshot> refreshed = mirror.read(session);

        assertThat(refreshed.status()).isEqualTo(Status.REFRESHED);
        assertThat(refreshed.value().running()).as("an older version of the entry does not undo the stop").isEmpty();
    }

    @Test
    void timerStartsEndInOneRunningTimerInAnyOrderAndAppliedTwice() {
        when(toggl.timeEntries(any(), any())).thenReturn(List.of());
        mirror.read(session);
        TogglTimeEntry first = running(2, "Started first", 60);
        TogglTimeEntry second = running(3, "Started second", 70);

        mirror.apply(KEY_HASH, second);
        mirror.apply(KEY_HASH, first);
        mirror.apply(KEY_HASH, second);
        mirror.apply(KEY_HASH, first);

        TimeEntryMirror.Snapshot held = mirror.read(session).value();
        assertThat(held.entries().values().stream().filter(TogglTimeEntry::running)).containsExactly(second);
        assertThat(held.entries().get(2L).stop()).as("stopped when the second began").isEqualTo(second.start());
    }

    @Test
    void aRefreshListingATimerAsItWasBeforeAnotherStartedDoesNotRestartIt() {
        loadedWithTheTimerRunning();
        TogglTimeEntry next = running(2, "Started after it", 60);
        mirror.apply(KEY_HASH, next);
        clock.advance(Duration.ofMinutes(2));
        // Toggl's changes since the last refresh list entry 1 as it was (running, last changed at nine).
        when(toggl.timeEntries(any(), any())).thenReturn(List.of(running()));

        Read<TimeEntryMirror.Snapshot> refreshed = mirror.read(session);

        assertThat(refreshed.status()).isEqualTo(Status.REFRESHED);
        assertThat(refreshed.value().entries().values().stream().filter(TogglTimeEntry::running))
            .containsExactly(next);
    }

    @Test
    void aStopMadeInTogglItselfIsShownAfterTheMirrorStoppedTheTimerForAnotherStart() {
        loadedWithTheTimerRunning();
        // In Toggl's own app, at 09:40, entry 1 was renamed and its stop set to 09:10; the mirror has
        // not seen that when a timer is started through the service at ten.
        mirror.apply(KEY_HASH, entry(2, "Started at ten", 60, 60, null));
        assertThat(mirror.read(session).value().entries().get(1L).stop()).as("stopped by the start")
            .isEqualTo(NINE.plusMinutes(60));
        clock.advance(Duration.ofMinutes(2));
        TogglTimeEntry inToggl = entry(1, "Renamed in Toggl", 0, 40, 10);
        when(toggl.timeEntries(any(), any())).thenReturn(List.of(inToggl));

        TimeEntryMirror.Snapshot refreshed = mirror.read(session).value();

        assertThat(refreshed.entries().get(1L)).as("Toggl's own version").isEqualTo(inToggl);
        assertThat(refreshed.running()).contains(entry(2, "Started at ten", 60, 60, null));
    }

    @Test
    void aTimerStartedWithAnEarlierStartStopsTheRunningOneWhenTogglStartedIt() {
        loadedWithTheTimerRunning();

        // Started at ten with a start of half past eight (before the running one's nine).
        mirror.apply(KEY_HASH, entry(2, "Backdated", -30, 60, null));

        TogglTimeEntry stopped = mirror.read(session).value().entries().get(1L);
        assertThat(stopped.stop()).isEqualTo(NINE.plusMinutes(60));
        assertThat(stopped.duration()).isEqualTo(3600);
    }

    @Test
    void ofTwoTimersStartedInOneSecondTheOneTogglNumberedLaterRunsInEitherOrder() {
        when(toggl.timeEntries(any(), any())).thenReturn(List.of(), List.of());
        mirror.read(session);
        TogglTimeEntry lower = entry(5, "Lower id", 60, 60, null);
        TogglTimeEntry higher = entry(6, "Higher id", 60, 60, null);

        mirror.apply(KEY_HASH, higher);
        mirror.apply(KEY_HASH, lower);

        assertThat(mirror.read(session).value().entries().values().stream().filter(TogglTimeEntry::running))
            .containsExactly(higher);
    }

    /**
     * Entry {@code id} started {@code startMinutes} after nine, last changed {@code atMinutes}
     * after nine, stopped {@code stopMinutes} after nine (running when null).
     */
    static TogglTimeEntry entry(long id, String description, int startMinutes, int atMinutes,
            @Nullable Integer stopMinutes) {
        OffsetDateTime start = NINE.plusMinutes(startMinutes);
        OffsetDateTime stop = stopMinutes == null ? null : NINE.plusMinutes(stopMinutes);
        long duration = stop == null ? -1 : Duration.between(start, stop).toSeconds();
        return new TogglTimeEntry(id, 100, null, null, 7L, description, false, start, stop, duration, List.of(),
                List.of(), NINE.plusMinutes(atMinutes), null);
    }

    /** Entry 1, started at nine, last changed then. */
    static TogglTimeEntry running() {
        return running(1, "Writing", 0);
    }

    /** A running entry started {@code minutesAfterNine} after nine, last changed then. */
    static TogglTimeEntry running(long id, String description, int minutesAfterNine) {
        OffsetDateTime start = NINE.plusMinutes(minutesAfterNine);
        return new TogglTimeEntry(id, 100, null, null, 7L, description, false, start, null, -1, List.of(), List.of(),
                start, null);
    }
}
