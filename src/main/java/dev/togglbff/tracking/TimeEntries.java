package dev.togglbff.tracking;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.togglbff.tracking.TogglCache.Read;
import dev.togglbff.tracking.TogglCache.Status;
import dev.togglbff.tracking.TrackingApi.CreateTimeEntryRequest;
import dev.togglbff.tracking.TrackingApi.ProjectRef;
import dev.togglbff.tracking.TrackingApi.StartTimerRequest;
import dev.togglbff.tracking.TrackingApi.SummaryResponse;
import dev.togglbff.tracking.TrackingApi.TimeEntryResponse;
import dev.togglbff.tracking.TrackingApi.UpdateTimeEntryRequest;
import dev.togglbff.upstream.QuotaScope;
import dev.togglbff.upstream.TogglClient;
import dev.togglbff.upstream.TogglProject;
import dev.togglbff.upstream.TogglTag;
import dev.togglbff.upstream.TogglTimeEntry;
import dev.togglbff.upstream.TogglTimeEntryDraft;
import dev.togglbff.upstream.TogglTimeEntryDraft.Removal;
import dev.togglbff.upstream.TogglTimeEntryQuery;
import dev.togglbff.upstream.TogglUser;
import dev.togglbff.web.ApiException;
import dev.togglbff.web.ErrorCode;
import org.jspecify.annotations.Nullable;

import org.springframework.stereotype.Service;

/**
 * The caller's own time entries in a team's workspace, the running timer and summaries. Toggl
 * keeps time entries per user, so they are held per key (not per workspace) in the
 * {@link TimeEntryMirror} and filtered to the team's workspace; ranges the mirror does not hold
 * go to Toggl through the cache. Every write through the service applies Toggl's answer to the
 * mirror, and fills in names only from what is cached (a write never loads whole lists).
 */
@Service
class TimeEntries {

    private final TogglClient toggl;
    private final TogglCache cache;
    private final TimeEntryMirror mirror;
    private final WorkspaceData workspaces;
    private final Clock clock;

    TimeEntries(TogglClient toggl, TogglCache cache, TimeEntryMirror mirror, WorkspaceData workspaces, Clock clock) {
        this.toggl = toggl;
        this.cache = cache;
        this.mirror = mirror;
        this.workspaces = workspaces;
        this.clock = clock;
    }

    /** Which entries a list asks for. */
    record Range(@Nullable LocalDate from, @Nullable LocalDate to, @Nullable Long since, @Nullable LocalDate before) {

        TogglTimeEntryQuery query() {
            if (from != null && to != null) {
                // Toggl's end_date is the end of the range: the day after the last one asked for.
                return TogglTimeEntryQuery.between(from, to.plusDays(1));
            }
            return new TogglTimeEntryQuery(since, before, null, null);
        }
    }

    Read<List<TimeEntryResponse>> list(TeamCall call, Range range) {
        Read<List<TogglTimeEntry>> entries = range.from() != null && range.to() != null
                ? between(call.session(), range.from(), range.to()) : fetch(call.session(), range);
        Names names = workspaces.names(call);
        // Only since= lists (changes since a time) carry deletions; they are marked, never shown as live.
        boolean withDeletions = range.since() != null;
        return entries.map(list -> list.stream()
            .filter(entry -> entry.workspaceId() == call.workspaceId() && (withDeletions || !entry.deleted()))
            .sorted(NEWEST_FIRST)
            .map(entry -> response(entry, names))
            .toList());
    }

    Read<TimeEntryResponse> get(TeamCall call, long entryId) {
        Read<TimeEntryMirror.Snapshot> held = mirror.read(call.session());
        TogglTimeEntry mirrored = held.value().entries().get(entryId);
        if (mirrored != null) {
            return held.map(snapshot -> inTeam(call, mirrored, workspaces.names(call)));
        }
        TogglTimeEntry entry = toggl.timeEntry(call.session().credentials(), entryId);
        Instant now = clock.instant();
        return new Read<>(inTeam(call, entry, workspaces.names(call)), Status.MISS, now, now);
    }

    TimeEntryResponse create(TeamCall call, CreateTimeEntryRequest request) {
        if (request.stop() != null && request.durationSeconds() != null) {
            throw invalid("stop", "give stop or durationSeconds, not both");
        }
        if (request.stop() != null && !request.stop().isAfter(request.start())) {
            throw invalid("stop", "must be after start");
        }
        TogglTimeEntryDraft draft = new TogglTimeEntryDraft(request.description(), utc(request.start()),
                request.stop() != null ? utc(request.stop()) : null, request.durationSeconds(), request.projectId(), null,
                request.billable(), null, request.tagIds());
        TogglTimeEntry created = toggl.createTimeEntry(call.session().credentials(), call.workspaceId(), draft);
        return written(call, created);
    }

    TimeEntryResponse update(TeamCall call, long entryId, UpdateTimeEntryRequest request) {
        if (request.stop() != null && request.durationSeconds() != null) {
            throw invalid("stop", "give stop or durationSeconds, not both");
        }
        if (request.start() != null && request.stop() != null && !request.stop().isAfter(request.start())) {
            throw invalid("stop", "must be after start");
        }
        TogglTimeEntryDraft changes = new TogglTimeEntryDraft(request.description().value(),
                request.start() != null ? utc(request.start()) : null,
                request.stop() != null ? utc(request.stop()) : null, request.durationSeconds(),
                request.projectId().value(), null, request.billable(), null, request.tagIds().value());
        EnumSet<Removal> removals = EnumSet.noneOf(Removal.class);
        if (request.projectId().removes()) {
            removals.add(Removal.PROJECT);
        }
        if (request.tagIds().removes()) {
            removals.add(Removal.TAGS);
        }
        if (request.description().removes()) {
            removals.add(Removal.DESCRIPTION);
        }
        TogglTimeEntry updated = toggl.updateTimeEntry(call.session().credentials(), call.workspaceId(), entryId,
                changes, removals);
        return written(call, updated);
    }

    void delete(TeamCall call, long entryId) {
        toggl.deleteTimeEntry(call.session().credentials(), call.workspaceId(), entryId);
        mirror.remove(call.keyHash(), entryId);
    }

    // --- timer ---

    Read<Optional<TimeEntryResponse>> current(TeamCall call) {
        Read<TimeEntryMirror.Snapshot> held = mirror.read(call.session());
        return held.map(snapshot -> running(call, snapshot).map(entry -> response(entry, workspaces.names(call))));
    }

    TimeEntryResponse start(TeamCall call, StartTimerRequest request) {
        TogglTimeEntryDraft draft = new TogglTimeEntryDraft(request.description(), utc(clock.instant()), null, null,
                request.projectId(), null, request.billable(), null, request.tagIds());
        TogglTimeEntry started = toggl.createTimeEntry(call.session().credentials(), call.workspaceId(), draft);
        return written(call, started);
    }

    /**
     * Stops the running entry the mirror knows of. When the mirror knows none, or Toggl no longer
     * has the one it knows (stopped or deleted elsewhere), the mirror is refreshed first: stopping
     * must not act on an outdated copy.
     */
    TimeEntryResponse stop(TeamCall call) {
        Optional<TogglTimeEntry> running = running(call, mirror.read(call.session()).value());
        if (running.isEmpty()) {
            running = running(call, mirror.refreshNow(call.session()).value());
        }
        TogglTimeEntry entry = running.orElseThrow(TimeEntries::noRunningTimer);
        TogglTimeEntry stopped;
        try {
            stopped = toggl.stopTimeEntry(call.session().credentials(), call.workspaceId(), entry.id());
        }
        catch (ApiException ex) {
            if (ex.code() != ErrorCode.NOT_FOUND && ex.code() != ErrorCode.UPSTREAM_BAD_REQUEST) {
                throw ex;
            }
            TogglTimeEntry now = running(call, mirror.refreshNow(call.session()).value())
                .orElseThrow(TimeEntries::noRunningTimer);
            stopped = toggl.stopTimeEntry(call.session().credentials(), call.workspaceId(), now.id());
        }
        return written(call, stopped);
    }

    private Optional<TogglTimeEntry> running(TeamCall call, TimeEntryMirror.Snapshot snapshot) {
        return snapshot.running().filter(entry -> entry.workspaceId() == call.workspaceId());
    }

    private static ApiException noRunningTimer() {
        return new ApiException(ErrorCode.NO_RUNNING_TIMER, "No timer is running in this team's workspace.");
    }

    /** Applies a written entry to the mirror and answers it with the names already cached. */
    private TimeEntryResponse written(TeamCall call, TogglTimeEntry entry) {
        mirror.apply(call.keyHash(), entry);
        return response(entry, workspaces.cachedNames(call));
    }

    private TimeEntryResponse inTeam(TeamCall call, TogglTimeEntry entry, Names names) {
        if (entry.workspaceId() != call.workspaceId()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "No such time entry in this team's workspace.");
        }
        return response(entry, names);
    }

    // --- summary ---

    /** What a summary groups by. */
    enum GroupBy {
        PROJECT, DAY, TAG
    }

    Read<SummaryResponse> summary(TeamCall call, LocalDate from, LocalDate to, GroupBy groupBy) {
        Read<List<TogglTimeEntry>> entries = between(call.session(), from, to);
        Names names = workspaces.names(call);
        return entries.map(list -> summary(call, list, names, from, to, groupBy));
    }

    /** The summary of already fetched entries, in the caller's time zone. */
    SummaryResponse summary(TeamCall call, List<TogglTimeEntry> entries, Names names, LocalDate from, LocalDate to,
            GroupBy groupBy) {
        return Summaries.of(entries, call.workspaceId(), names, from, to, groupBy, zone(profile(call.session()).value()),
                clock.instant());
    }

    /** The caller's Toggl profile (cached). */
    Read<TogglUser> profile(Session session) {
        return cache.get(TogglCache.Key.profile(session.keyHash()), QuotaScope.user(),
                () -> toggl.me(session.credentials()));
    }

    /**
     * The caller's entries starting on the days {@code from}..{@code to} in their time zone, every
     * workspace: from the mirror when its window holds them, else from Toggl through the cache.
     */
    Read<List<TogglTimeEntry>> between(Session session, LocalDate from, LocalDate to) {
        ZoneId zone = zone(profile(session).value());
        Instant start = from.atStartOfDay(zone).toInstant();
        Instant end = to.plusDays(1).atStartOfDay(zone).toInstant();
        if (start.isBefore(mirror.windowStart(session))) {
            return fetch(session, new Range(from, to, null, null));
        }
        return mirror.read(session).map(snapshot -> startingBetween(snapshot, start, end));
    }

    /** The mirrored entries starting in {@code [start, end)}, every workspace. */
    static List<TogglTimeEntry> startingBetween(TimeEntryMirror.Snapshot snapshot, Instant start, Instant end) {
        return snapshot.entries()
            .values()
            .stream()
            .filter(entry -> entry.start() != null && !entry.start().toInstant().isBefore(start)
                    && entry.start().toInstant().isBefore(end))
            .toList();
    }

    /** The caller's entries of a range the mirror does not answer (cached per key, all workspaces). */
    private Read<List<TogglTimeEntry>> fetch(Session session, Range range) {
        return cache.get(TogglCache.Key.timeEntries(session.keyHash(), range), QuotaScope.user(),
                () -> toggl.timeEntries(session.credentials(), range.query()));
    }

    /** A Toggl profile's time zone, UTC when it names none or an unknown one. */
    static ZoneId zone(TogglUser profile) {
        try {
            return profile.timezone() != null ? ZoneId.of(profile.timezone()) : ZoneOffset.UTC;
        }
        catch (DateTimeException ex) {
            return ZoneOffset.UTC;
        }
    }

    // --- mapping ---

    static final Comparator<TogglTimeEntry> NEWEST_FIRST = Comparator.comparing(TogglTimeEntry::start,
            Comparator.nullsLast(Comparator.reverseOrder()));

    /** Projects and tags by id, to fill in names. */
    record Names(Map<Long, TogglProject> projects, Map<Long, TogglTag> tags) {
    }

    TimeEntryResponse response(TogglTimeEntry entry, Names names) {
        Instant now = clock.instant();
        boolean running = entry.running();
        Instant start = entry.start() != null ? entry.start().toInstant() : null;
        long seconds = running ? (start != null ? Math.max(0, Duration.between(start, now).toSeconds()) : 0)
                : Math.max(0, entry.duration());
        TogglProject project = entry.projectId() != null ? names.projects().get(entry.projectId()) : null;
        ProjectRef projectRef = entry.projectId() == null ? null
                : new ProjectRef(entry.projectId(), project != null ? project.name() : null,
                        project != null ? project.color() : null);
        List<String> tagNames = entry.tagIds().isEmpty() ? entry.tags()
                : entry.tagIds().stream().map(id -> {
                    TogglTag tag = names.tags().get(id);
                    return tag != null && tag.name() != null ? tag.name() : "";
                }).filter(name -> !name.isEmpty()).toList();
        return new TimeEntryResponse(entry.id(), entry.description(), start,
                running || entry.stop() == null ? null : entry.stop().toInstant(), seconds, running,
                Boolean.TRUE.equals(entry.billable()), entry.projectId(), projectRef, entry.tagIds(), tagNames,
                entry.deleted(), entry.deleted() ? entry.serverDeletedAt().toInstant() : null);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static ApiException invalid(String field, String message) {
        return ApiException.validation("The request has invalid fields.",
                List.of(new dev.togglbff.web.FieldError(field, message)));
    }
}
