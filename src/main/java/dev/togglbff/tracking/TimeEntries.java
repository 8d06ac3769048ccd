package dev.togglbff.tracking;

import java.time.Clock;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.togglbff.teams.TeamAccess;
import dev.togglbff.tracking.TogglCache.Kind;
import dev.togglbff.tracking.TogglCache.Read;
import dev.togglbff.tracking.TrackingApi.CreateTimeEntryRequest;
import dev.togglbff.tracking.TrackingApi.ProjectRef;
import dev.togglbff.tracking.TrackingApi.StartTimerRequest;
import dev.togglbff.tracking.TrackingApi.SummaryGroup;
import dev.togglbff.tracking.TrackingApi.SummaryResponse;
import dev.togglbff.tracking.TrackingApi.TimeEntryResponse;
import dev.togglbff.tracking.TrackingApi.UpdateTimeEntryRequest;
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
 * keeps time entries per user, so they are cached per key (not per workspace) and filtered to
 * the team's workspace; every write through the service evicts the key's entries and timer.
 */
@Service
class TimeEntries {

    private final TogglClient toggl;
    private final TogglCache cache;
    private final WorkspaceData workspaces;
    private final Clock clock;

    TimeEntries(TogglClient toggl, TogglCache cache, WorkspaceData workspaces, Clock clock) {
        this.toggl = toggl;
        this.cache = cache;
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

        String variant() {
            return "from=" + from + ";to=" + to + ";since=" + since + ";before=" + before;
        }
    }

    Read<List<TimeEntryResponse>> list(Session session, TeamAccess team, Range range) {
        Read<List<TogglTimeEntry>> entries = fetch(session, range);
        Names names = names(session, team);
        // Only since= lists (changes since a time) carry deletions; they are marked, never shown as live.
        boolean withDeletions = range.since() != null;
        List<TimeEntryResponse> mine = entries.value()
            .stream()
            .filter(entry -> entry.workspaceId() == team.workspaceId() && (withDeletions || !entry.deleted()))
            .sorted(Comparator.comparing(TogglTimeEntry::start, Comparator.nullsLast(Comparator.reverseOrder())))
            .map(entry -> response(entry, names))
            .toList();
        return new Read<>(mine, entries.status());
    }

    TimeEntryResponse get(Session session, TeamAccess team, long entryId) {
        TogglTimeEntry entry = toggl.timeEntry(session.credentials(), entryId);
        if (entry.workspaceId() != team.workspaceId()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "No such time entry in this team's workspace.");
        }
        return response(entry, names(session, team));
    }

    TimeEntryResponse create(Session session, TeamAccess team, CreateTimeEntryRequest request) {
        if (request.stop() != null && request.durationSeconds() != null) {
            throw invalid("stop", "give stop or durationSeconds, not both");
        }
        if (request.stop() != null && !request.stop().isAfter(request.start())) {
            throw invalid("stop", "must be after start");
        }
        TogglTimeEntryDraft draft = new TogglTimeEntryDraft(request.description(), utc(request.start()),
                request.stop() != null ? utc(request.stop()) : null, request.durationSeconds(), request.projectId(), null,
                request.billable(), null, request.tagIds());
        TogglTimeEntry created = toggl.createTimeEntry(session.credentials(), team.workspaceId(), draft);
        evictMine(session);
        return response(created, names(session, team));
    }

    TimeEntryResponse update(Session session, TeamAccess team, long entryId, UpdateTimeEntryRequest request) {
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
        TogglTimeEntry updated = toggl.updateTimeEntry(session.credentials(), team.workspaceId(), entryId, changes,
                removals);
        evictMine(session);
        return response(updated, names(session, team));
    }

    void delete(Session session, TeamAccess team, long entryId) {
        toggl.deleteTimeEntry(session.credentials(), team.workspaceId(), entryId);
        evictMine(session);
    }

    // --- timer ---

    Read<Optional<TimeEntryResponse>> current(Session session, TeamAccess team) {
        Read<Optional<TogglTimeEntry>> current = cache.get(TogglCache.Key.ofUser(session.keyHash(), Kind.TIMER, ""),
                () -> toggl.currentTimeEntry(session.credentials()));
        Optional<TimeEntryResponse> inTeam = current.value()
            .filter(entry -> entry.workspaceId() == team.workspaceId())
            .map(entry -> response(entry, names(session, team)));
        return new Read<>(inTeam, current.status());
    }

    TimeEntryResponse start(Session session, TeamAccess team, StartTimerRequest request) {
        TogglTimeEntryDraft draft = new TogglTimeEntryDraft(request.description(), utc(clock.instant()), null, null,
                request.projectId(), null, request.billable(), null, request.tagIds());
        TogglTimeEntry started = toggl.createTimeEntry(session.credentials(), team.workspaceId(), draft);
        evictMine(session);
        return response(started, names(session, team));
    }

    TimeEntryResponse stop(Session session, TeamAccess team) {
        // Asked fresh: stopping must not act on a cached, possibly outdated answer.
        TogglTimeEntry running = toggl.currentTimeEntry(session.credentials())
            .filter(entry -> entry.workspaceId() == team.workspaceId())
            .orElseThrow(() -> {
                evictMine(session);
                return new ApiException(ErrorCode.NO_RUNNING_TIMER, "No timer is running in this team's workspace.");
            });
        TogglTimeEntry stopped = toggl.stopTimeEntry(session.credentials(), team.workspaceId(), running.id());
        evictMine(session);
        return response(stopped, names(session, team));
    }

    // --- summary ---

    /** What a summary groups by. */
    enum GroupBy {
        PROJECT, DAY, TAG
    }

    Read<SummaryResponse> summary(Session session, TeamAccess team, LocalDate from, LocalDate to, GroupBy groupBy) {
        ZoneId zone = zone(session);
        Instant rangeStart = from.atStartOfDay(zone).toInstant();
        Instant rangeEnd = to.plusDays(1).atStartOfDay(zone).toInstant();
        Read<List<TogglTimeEntry>> entries = fetch(session, new Range(from, to, null, null));
        Instant now = clock.instant();
        Names names = names(session, team);
        Map<String, SummaryGroup> groups = new LinkedHashMap<>();
        long total = 0;
        for (TogglTimeEntry entry : entries.value()) {
            if (entry.workspaceId() != team.workspaceId() || entry.start() == null || entry.deleted()) {
                continue;
            }
            Instant start = max(entry.start().toInstant(), rangeStart);
            Instant end = min(end(entry, now), rangeEnd);
            if (!end.isAfter(start)) {
                continue;
            }
            long seconds = Duration.between(start, end).toSeconds();
            total += seconds;
            switch (groupBy) {
                case PROJECT -> {
                    TogglProject project = entry.projectId() != null ? names.projects().get(entry.projectId()) : null;
                    String key = entry.projectId() != null ? entry.projectId().toString() : "none";
                    String label = project != null && project.name() != null ? project.name()
                            : entry.projectId() != null ? "Project " + entry.projectId() : "(no project)";
                    add(groups, key, label, seconds);
                }
                case TAG -> {
                    if (entry.tagIds().isEmpty()) {
                        add(groups, "none", "(no tag)", seconds);
                    }
                    for (Long tagId : entry.tagIds()) {
                        TogglTag tag = names.tags().get(tagId);
                        add(groups, tagId.toString(), tag != null && tag.name() != null ? tag.name() : "Tag " + tagId,
                                seconds);
                    }
                }
                case DAY -> splitByDay(groups, start, end, zone);
            }
        }
        List<SummaryGroup> ordered = new ArrayList<>(groups.values());
        if (groupBy == GroupBy.DAY) {
            ordered.sort(Comparator.comparing(SummaryGroup::key));
        }
        else {
            ordered.sort(Comparator.comparingLong(SummaryGroup::seconds).reversed().thenComparing(SummaryGroup::key));
        }
        return new Read<>(new SummaryResponse(from, to, total, ordered), entries.status());
    }

    private static void splitByDay(Map<String, SummaryGroup> groups, Instant start, Instant end, ZoneId zone) {
        Instant cursor = start;
        while (cursor.isBefore(end)) {
            LocalDate day = cursor.atZone(zone).toLocalDate();
            Instant nextDay = day.plusDays(1).atStartOfDay(zone).toInstant();
            Instant sliceEnd = min(end, nextDay);
            add(groups, day.toString(), day.toString(), Duration.between(cursor, sliceEnd).toSeconds());
            cursor = sliceEnd;
        }
    }

    private static void add(Map<String, SummaryGroup> groups, String key, String label, long seconds) {
        groups.merge(key, new SummaryGroup(key, label, seconds),
                (a, b) -> new SummaryGroup(a.key(), a.label(), a.seconds() + b.seconds()));
    }

    /** The caller's Toggl profile (cached). */
    Read<TogglUser> profile(Session session) {
        return cache.get(TogglCache.Key.ofUser(session.keyHash(), Kind.PROFILE, ""), () -> toggl.me(session.credentials()));
    }

    /** The caller's entries of a range (cached per key, all workspaces). */
    private Read<List<TogglTimeEntry>> fetch(Session session, Range range) {
        return cache.get(TogglCache.Key.ofUser(session.keyHash(), Kind.TIME_ENTRIES, range.variant()),
                () -> toggl.timeEntries(session.credentials(), range.query()));
    }

    /** The caller's Toggl time zone (from the cached profile), UTC when Toggl names none or an unknown one. */
    private ZoneId zone(Session session) {
        TogglUser profile = profile(session).value();
        try {
            return profile.timezone() != null ? ZoneId.of(profile.timezone()) : ZoneOffset.UTC;
        }
        catch (DateTimeException ex) {
            return ZoneOffset.UTC;
        }
    }

    // --- mapping ---

    private record Names(Map<Long, TogglProject> projects, Map<Long, TogglTag> tags) {
    }

    private Names names(Session session, TeamAccess team) {
        return new Names(workspaces.projectsById(session, team), workspaces.tagsById(session, team));
    }

    private TimeEntryResponse response(TogglTimeEntry entry, Names names) {
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

    private static Instant end(TogglTimeEntry entry, Instant now) {
        if (entry.running()) {
            return now;
        }
        if (entry.stop() != null) {
            return entry.stop().toInstant();
        }
        return entry.start().toInstant().plusSeconds(Math.max(0, entry.duration()));
    }

    private void evictMine(Session session) {
        cache.evictKey(session.keyHash(), Kind.TIME_ENTRIES, Kind.TIMER);
    }

    private static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    private static ApiException invalid(String field, String message) {
        return ApiException.validation("The request has invalid fields.",
                List.of(new dev.togglbff.web.FieldError(field, message)));
    }
}
