package dev.togglbff.tracking;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.togglbff.shared.SharedState;
import dev.togglbff.shared.SharedStates;
import dev.togglbff.support.MutableClock;
import dev.togglbff.tracking.TogglCache.Read;
import dev.togglbff.tracking.TogglCache.Status;
import dev.togglbff.upstream.MatonCredentials;
import dev.togglbff.upstream.TogglClient;
import dev.togglbff.upstream.TogglTimeEntry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static dev.togglbff.tracking.TimeEntryMirrorRulesTests.KEY_HASH;
import static dev.togglbff.tracking.TimeEntryMirrorRulesTests.TEN;
import static dev.togglbff.tracking.TimeEntryMirrorRulesTests.running;
import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.spy;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

/**
 * Two instances' time-entry mirrors of one key over the tests' Redis (shared-state mode, without
 * an application around them): a first load that runs on one instance while the other writes or
 * reads. The interleaving is put in order by hand from inside the load, so it happens on every run.
 */
class TimeEntryMirrorAcrossInstancesTests {

    final String prefix = SharedStates.newPrefix();
    final SharedStates.Connected redisOfA = SharedStates.connect(prefix);
    final SharedStates.Connected redisOfB = SharedStates.connect(prefix);
    final MutableClock clock = new MutableClock(TEN);
    final Session session = new Session(UUID.randomUUID(), KEY_HASH, () -> MatonCredentials.of("key_1", null));
    final Instance a = new Instance(redisOfA.state());
    final Instance b = new Instance(redisOfB.state());

    @AfterEach
    void close() {
        redisOfA.deleteAll();
        redisOfA.close();
        redisOfB.close();
    }

    @Test
    void aTimerStartedOnTheOtherInstanceWhileTheFirstLoadRunsIsInTheLoadedMirror() {
        TogglTimeEntry started = running(2, "Started on B", 60);
        // Toggl answered A's load before B's start reached it; B applies the start's answer while A's
        // load is still under way, when no instance has a copy of the mirror yet.
        when(a.toggl.timeEntries(any(), any())).thenAnswer(call -> {
            b.mirror.apply(KEY_HASH, started);
            return List.of();
        });

        Read<TimeEntryMirror.Snapshot> loaded = a.mirror.read(session);
        Read<TimeEntryMirror.Snapshot> onB = b.mirror.read(session);

        assertThat(loaded.status()).isEqualTo(Status.MISS);
        assertThat(loaded.value().running()).as("A's first answer").contains(started);
        assertThat(onB.status()).as("B answers A's copy").isEqualTo(Status.HIT);
        assertThat(onB.value().running()).as("B's answer").contains(started);
        assertThat(a.mirror.read(session).value().running()).as("A's next answer").contains(started);
        verify(b.toggl, never()).timeEntries(any(), any());
        assertThat(redisOfA.keys()).as("nothing held once the load stored its copy")
            .noneMatch(key -> key.endsWith(":held"));
    }

    @Test
    void aFirstReadOnTheOtherInstanceWhileTheFirstLoadRunsWaitsForItsCopy() throws Exception {
        CountDownLatch bWaits = b.enteringTheSharedLoad();
        CompletableFuture<Read<TimeEntryMirror.Snapshot>>[] onB = new CompletableFuture[1];
        when(a.toggl.timeEntries(any(), any())).thenAnswer(call -> {
            // B's frontend asks a second later, while A's request to Toggl is under way.
            clock.advance(Duration.ofSeconds(1));
            onB[0] = CompletableFuture.supplyAsync(() -> b.mirror.read(session));
            assertThat(bWaits.await(10, TimeUnit.SECONDS)).as("B reached the shared load").isTrue();
            return List.of(running());
        });

        Read<TimeEntryMirror.Snapshot> loaded = a.mirror.read(session);
        Read<TimeEntryMirror.Snapshot> second = onB[0].get(10, TimeUnit.SECONDS);

        assertThat(loaded.status()).isEqualTo(Status.MISS);
        assertThat(second.value().running()).as("B answers what A loaded").contains(running());
        verify(b.toggl, never()).timeEntries(any(), any());
    }

    @Test
    void aStopOnTheOtherInstanceWhileARefreshRunsIsNotUndoneByTheRefresh() {
        when(a.toggl.timeEntries(any(), any())).thenReturn(List.of(running()));
        assertThat(a.mirror.read(session).value().running()).isPresent();
        assertThat(b.mirror.read(session).value().running()).as("B took A's copy").isPresent();
        TogglTimeEntry stopped = running().stoppedAt(TimeEntryMirrorRulesTests.NINE.plusMinutes(61));
        TogglTimeEntry stoppedLater = new TogglTimeEntry(stopped.id(), stopped.workspaceId(), null, null, null,
                stopped.description(), false, stopped.start(), stopped.stop(), stopped.duration(), List.of(), List.of(),
                TimeEntryMirrorRulesTests.NINE.plusMinutes(61), null);
        clock.advance(Duration.ofMinutes(2));
        // Toggl listed A's changes before B's stop reached it: nothing changed.
        when(a.toggl.timeEntries(any(), any())).thenAnswer(call -> {
            b.mirror.apply(KEY_HASH, stoppedLater);
            return List.of();
        });

        Read<TimeEntryMirror.Snapshot> refreshed = a.mirror.read(session);

        assertThat(refreshed.status()).isEqualTo(Status.REFRESHED);
        assertThat(b.mirror.read(session).value().running()).as("on B, which stopped it").isEmpty();
        assertThat(a.mirror.read(session).value().running()).as("on A").isEmpty();
    }

    @Test
    void aTimerStartedOnEachInstanceWhileTheFirstLoadRunsLeavesTheLaterOneRunning() {
        TogglTimeEntry first = running(2, "Started on A", 60);
        TogglTimeEntry second = running(3, "Started on B", 70);
        when(a.toggl.timeEntries(any(), any())).thenAnswer(call -> {
            a.mirror.apply(KEY_HASH, first);
            b.mirror.apply(KEY_HASH, second);
            return List.of();
        });

        Read<TimeEntryMirror.Snapshot> loaded = a.mirror.read(session);

        assertThat(loaded.value().entries().values().stream().filter(TogglTimeEntry::running))
            .as("A's first answer").containsExactly(second);
        assertThat(b.mirror.read(session).value().entries().values().stream().filter(TogglTimeEntry::running))
            .as("B's").containsExactly(second);
    }

    @Test
    void aTimerStartedOnAnInstanceWaitingForTheLoadThenOneOnTheLoaderLeavesTheLaterOneRunning() throws Exception {
        TogglTimeEntry onB = running(2, "Started on B", 60);
        TogglTimeEntry onA = running(3, "Started on A", 70);
        CountDownLatch bWaits = b.enteringTheSharedLoad();
        CompletableFuture<Read<TimeEntryMirror.Snapshot>>[] firstOnB = new CompletableFuture[1];
        when(a.toggl.timeEntries(any(), any())).thenAnswer(call -> {
            firstOnB[0] = CompletableFuture.supplyAsync(() -> b.mirror.read(session));
            assertThat(bWaits.await(10, TimeUnit.SECONDS)).as("B reached the shared load").isTrue();
            b.mirror.apply(KEY_HASH, onB);
            a.mirror.apply(KEY_HASH, onA);
            return List.of();
        });

        a.mirror.read(session);
        firstOnB[0].get(10, TimeUnit.SECONDS);

        Instance c = new Instance(redisOfA.state());
        assertThat(c.mirror.read(session).value().entries().values().stream().filter(TogglTimeEntry::running))
            .as("the shared copy, as a third instance takes it").containsExactly(onA);
        assertThat(b.mirror.read(session).value().entries().values().stream().filter(TogglTimeEntry::running))
            .as("B's").containsExactly(onA);
        verify(c.toggl, never()).timeEntries(any(), any());
    }

    @Test
    void aTimerStartedOnTheOtherInstanceWhileARefreshListsTheOldTimerLeavesOnlyTheNewOneRunning() {
        when(a.toggl.timeEntries(any(), any())).thenReturn(List.of());
        a.mirror.read(session);
        b.mirror.read(session);
        TogglTimeEntry started = running(1, "Started on A", 0);
        a.mirror.apply(KEY_HASH, started);
        TogglTimeEntry next = running(2, "Started on B", 60);
        clock.advance(Duration.ofMinutes(2));
        // Toggl lists A's timer as started (running); B starts another while that answer is under way.
        when(a.toggl.timeEntries(any(), any())).thenAnswer(call -> {
            b.mirror.apply(KEY_HASH, next);
            return List.of(started);
        });

        a.mirror.read(session);

        assertThat(b.mirror.read(session).value().entries().values().stream().filter(TogglTimeEntry::running))
            .as("B's answer").containsExactly(next);
        assertThat(a.mirror.read(session).value().entries().values().stream().filter(TogglTimeEntry::running))
            .as("A's answer").containsExactly(next);
    }

    @Test
    void aWriteWhileNoInstanceLoadsIsNotKeptForALaterLoad() {
        // Started through B while no instance held or loaded the mirror, then deleted in Toggl itself.
        b.mirror.apply(KEY_HASH, running(2, "Deleted in Toggl", 60));
        when(a.toggl.timeEntries(any(), any())).thenReturn(List.of());

        Read<TimeEntryMirror.Snapshot> loaded = a.mirror.read(session);

        assertThat(loaded.value().entries()).as("Toggl's answer, asked after the write").isEmpty();
        assertThat(b.mirror.read(session).value().entries()).isEmpty();
    }

    /** One instance: its mirror, its own Toggl client (a mock) and its view of the shared Redis. */
    final class Instance {

        final TogglClient toggl = mock(TogglClient.class);
        final SharedCopies shared;
        final TimeEntryMirror mirror;

        Instance(SharedState state) {
            shared = spy(SharedCopiesHeldChangesTests.copies(state));
            mirror = TimeEntryMirrorRulesTests.mirror(toggl, shared, clock);
        }

        /** Counts down once this instance's mirror enters the shared load (to wait for the marker's holder). */
        CountDownLatch enteringTheSharedLoad() {
            CountDownLatch entered = new CountDownLatch(1);
            doAnswer(call -> {
                entered.countDown();
                return call.callRealMethod();
            }).when(shared).fetchOnce(anyString(), any(), any());
            return entered;
        }
    }
}
