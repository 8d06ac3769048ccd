package dev.togglbff.tracking;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;

import dev.togglbff.tracking.TimeEntries.GroupBy;
import dev.togglbff.tracking.TimeEntries.Names;
import dev.togglbff.tracking.TogglCache.Read;
import dev.togglbff.tracking.TrackingApi.DashboardAges;
import dev.togglbff.tracking.TrackingApi.DashboardResponse;
import dev.togglbff.tracking.TrackingApi.DashboardWeek;
import dev.togglbff.tracking.TrackingApi.ProjectResponse;
import dev.togglbff.tracking.TrackingApi.SummaryResponse;
import dev.togglbff.tracking.TrackingApi.TagResponse;
import dev.togglbff.tracking.TrackingApi.TimeEntryResponse;
import dev.togglbff.upstream.TogglClientRecord;
import dev.togglbff.upstream.TogglProject;
import dev.togglbff.upstream.TogglTag;
import dev.togglbff.upstream.TogglTimeEntry;
import dev.togglbff.upstream.TogglUser;

import org.springframework.stereotype.Service;

/**
 * The dashboard screen in one answer: the running timer, today's entries, this week's totals by
 * day and by project, the projects and tags. Time entries come from the mirror and the lists
 * from the cache, so a dashboard costs no more upstream requests than its parts would, usually
 * none.
 */
@Service
class Dashboard {

    /**
     * A dashboard, and the same without its ages (whose JSON gives the weak entity tag: the same
     * whenever the data is, however old it has grown meanwhile).
     */
    record View(DashboardResponse body, DashboardResponse unaged, Read<?> timeEntries, Instant oldest) {
    }

    /**
     * What a dashboard is made of: the copies it is computed from (compared by identity: a cached
     * copy is replaced, never changed in place) and the second it is computed for (the running
     * timer's duration and the ages count in seconds).
     */
    private record Parts(TogglUser profile, Read<TimeEntryMirror.Snapshot> entries, Read<List<TogglProject>> projects,
            Read<List<TogglTag>> tags, List<TogglClientRecord> clients, long second) {

        boolean sameAs(Parts other) {
            return profile == other.profile && entries.value() == other.entries.value()
                    && entries.fetchedAt().equals(other.entries.fetchedAt()) && projects.value() == other.projects.value()
                    && projects.fetchedAt().equals(other.projects.fetchedAt()) && tags.value() == other.tags.value()
                    && tags.fetchedAt().equals(other.tags.fetchedAt()) && clients == other.clients
                    && second == other.second;
        }
    }

    /** A caller's dashboard in a team's workspace. */
    private record Whose(String keyHash, long workspaceId) {
    }

    /** The last dashboard made for a caller and workspace, and what it was made of. */
    private record Made(Parts parts, DashboardResponse body, DashboardResponse unaged, Instant oldest) {
    }

    private final TimeEntries entries;
    private final TimeEntryMirror mirror;
    private final WorkspaceData workspaces;
    private final Clock clock;
    /**
     * A dashboard read again in the same second from the same copies (a screen opened on several
     * devices, a frontend that polls, a burst of retries) is the one already made, not computed
     * again. The reads of its parts still run, so freshness, refreshes and quota are as without it.
     * A dashboard serves only its own second, so none is kept much longer than that.
     */
    private final Cache<Whose, Made> made = Caffeine.newBuilder()
        .maximumSize(1_000)
        .expireAfterWrite(Duration.ofSeconds(2))
        .build();

    Dashboard(TimeEntries entries, TimeEntryMirror mirror, WorkspaceData workspaces, Clock clock) {
        this.entries = entries;
        this.mirror = mirror;
        this.workspaces = workspaces;
        this.clock = clock;
    }

    View of(TeamCall call) {
        TogglUser profile = entries.profile(call.session()).value();
        Instant now = clock.instant();
        // One snapshot for the timer and the week (the mirror's window always holds the current week),
        // and the names from the lists this answer shows.
        Read<TimeEntryMirror.Snapshot> held = mirror.read(call.session());
        Parts parts = new Parts(profile, held, workspaces.projectList(call), workspaces.tagList(call),
                workspaces.clientsOrNone(call), now.getEpochSecond());
        Whose whose = new Whose(call.keyHash(), call.workspaceId());
        Made last = made.getIfPresent(whose);
        if (last == null || !last.parts().sameAs(parts)) {
            last = make(parts, call.workspaceId(), now);
            made.put(whose, last);
        }
        return new View(last.body(), last.unaged(), held, last.oldest());
    }

    private Made make(Parts parts, long workspaceId, Instant now) {
        ZoneId zone = TimeEntries.zone(parts.profile());
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate weekStart = TimeEntryMirror.weekStart(now, zone, parts.profile().beginningOfWeek());
        LocalDate weekEnd = weekStart.plusDays(6);
        TimeEntryMirror.Snapshot snapshot = parts.entries().value();
        List<TogglProject> projects = parts.projects().value();
        List<TogglTag> tags = parts.tags().value();
        Names names = WorkspaceData.names(projects, tags);

        List<TogglTimeEntry> week = TimeEntries.startingBetween(snapshot, weekStart.atStartOfDay(zone).toInstant(),
                weekEnd.plusDays(1).atStartOfDay(zone).toInstant())
            .stream()
            .filter(entry -> entry.workspaceId() == workspaceId)
            .toList();
        Instant todayStart = today.atStartOfDay(zone).toInstant();
        Instant tomorrow = today.plusDays(1).atStartOfDay(zone).toInstant();
        List<TimeEntryResponse> todays = week.stream()
            .filter(entry -> entry.start() != null && !entry.start().toInstant().isBefore(todayStart)
                    && entry.start().toInstant().isBefore(tomorrow))
            .sorted(TimeEntries.NEWEST_FIRST)
            .map(entry -> entries.response(entry, names))
            .toList();
        TimeEntryResponse timer = snapshot.running()
            .filter(entry -> entry.workspaceId() == workspaceId)
            .map(entry -> entries.response(entry, names))
            .orElse(null);
        SummaryResponse byDay = Summaries.of(week, workspaceId, names, weekStart, weekEnd, GroupBy.DAY, zone, now);
        SummaryResponse byProject = Summaries.of(week, workspaceId, names, weekStart, weekEnd, GroupBy.PROJECT, zone,
                now);

        Set<Long> referenced = new HashSet<>();
        week.forEach(entry -> {
            if (entry.projectId() != null) {
                referenced.add(entry.projectId());
            }
        });
        List<ProjectResponse> shownProjects = workspaces.projectResponses(projects.stream()
            .filter(p -> !Boolean.FALSE.equals(p.active()) || referenced.contains(p.id()))
            .toList(), parts.clients());
        List<TagResponse> shownTags = tags.stream().map(tag -> new TagResponse(tag.id(), tag.name())).toList();

        DashboardWeek weekTotals = new DashboardWeek(weekStart, weekEnd, byDay.totalSeconds(), byDay.groups(),
                byProject.groups());
        DashboardResponse unaged = new DashboardResponse(timer, todays, weekTotals, shownProjects, shownTags,
                new DashboardAges(0, 0, 0));
        Instant entriesFetched = parts.entries().fetchedAt();
        Instant projectsFetched = parts.projects().fetchedAt();
        Instant tagsFetched = parts.tags().fetchedAt();
        DashboardResponse body = new DashboardResponse(timer, todays, weekTotals, shownProjects, shownTags,
                new DashboardAges(age(entriesFetched, now), age(projectsFetched, now), age(tagsFetched, now)));
        return new Made(parts, body, unaged, min(entriesFetched, min(projectsFetched, tagsFetched)));
    }

    private static long age(Instant fetchedAt, Instant now) {
        return Math.max(0, Duration.between(fetchedAt, now).toSeconds());
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
