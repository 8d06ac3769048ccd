package dev.togglbff.tracking;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

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

    private final TimeEntries entries;
    private final TimeEntryMirror mirror;
    private final WorkspaceData workspaces;
    private final Clock clock;

    Dashboard(TimeEntries entries, TimeEntryMirror mirror, WorkspaceData workspaces, Clock clock) {
        this.entries = entries;
        this.mirror = mirror;
        this.workspaces = workspaces;
        this.clock = clock;
    }

    View of(TeamCall call) {
        TogglUser profile = entries.profile(call.session()).value();
        ZoneId zone = TimeEntries.zone(profile);
        Instant now = clock.instant();
        LocalDate today = now.atZone(zone).toLocalDate();
        LocalDate weekStart = TimeEntryMirror.weekStart(now, zone, profile.beginningOfWeek());
        LocalDate weekEnd = weekStart.plusDays(6);

        // One snapshot for the timer and the week (the mirror's window always holds the current week),
        // and the names from the lists this answer shows.
        Read<TimeEntryMirror.Snapshot> held = mirror.read(call.session());
        Read<List<TogglProject>> projects = workspaces.projectList(call);
        Read<List<TogglTag>> tags = workspaces.tagList(call);
        Names names = WorkspaceData.names(projects.value(), tags.value());

        List<TogglTimeEntry> week = TimeEntries.startingBetween(held.value(), weekStart.atStartOfDay(zone).toInstant(),
                weekEnd.plusDays(1).atStartOfDay(zone).toInstant())
            .stream()
            .filter(entry -> entry.workspaceId() == call.workspaceId())
            .toList();
        Instant todayStart = today.atStartOfDay(zone).toInstant();
        Instant tomorrow = today.plusDays(1).atStartOfDay(zone).toInstant();
        List<TimeEntryResponse> todays = week.stream()
            .filter(entry -> entry.start() != null && !entry.start().toInstant().isBefore(todayStart)
                    && entry.start().toInstant().isBefore(tomorrow))
            .sorted(TimeEntries.NEWEST_FIRST)
            .map(entry -> entries.response(entry, names))
            .toList();
        TimeEntryResponse timer = held.value()
            .running()
            .filter(entry -> entry.workspaceId() == call.workspaceId())
            .map(entry -> entries.response(entry, names))
            .orElse(null);
        SummaryResponse byDay = entries.summary(call, week, names, weekStart, weekEnd, GroupBy.DAY);
        SummaryResponse byProject = entries.summary(call, week, names, weekStart, weekEnd, GroupBy.PROJECT);

        Set<Long> referenced = new HashSet<>();
        week.forEach(entry -> {
            if (entry.projectId() != null) {
                referenced.add(entry.projectId());
            }
        });
        List<ProjectResponse> shownProjects = workspaces
            .projectResponses(call, projects.value()
                .stream()
                .filter(p -> !Boolean.FALSE.equals(p.active()) || referenced.contains(p.id()))
                .toList());
        List<TagResponse> shownTags = tags.value().stream().map(tag -> new TagResponse(tag.id(), tag.name())).toList();

        DashboardWeek weekTotals = new DashboardWeek(weekStart, weekEnd, byDay.totalSeconds(), byDay.groups(),
                byProject.groups());
        DashboardResponse unaged = new DashboardResponse(timer, todays, weekTotals, shownProjects, shownTags,
                new DashboardAges(0, 0, 0));
        DashboardResponse body = new DashboardResponse(timer, todays, weekTotals, shownProjects, shownTags,
                new DashboardAges(age(held.fetchedAt(), now), age(projects.fetchedAt(), now), age(tags.fetchedAt(), now)));
        Instant oldest = min(held.fetchedAt(), min(projects.fetchedAt(), tags.fetchedAt()));
        return new View(body, unaged, held, oldest);
    }

    private static long age(Instant fetchedAt, Instant now) {
        return Math.max(0, java.time.Duration.between(fetchedAt, now).toSeconds());
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
