package dev.togglbff.tracking;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dev.togglbff.tracking.TimeEntries.GroupBy;
import dev.togglbff.tracking.TimeEntries.Names;
import dev.togglbff.tracking.TrackingApi.SummaryGroup;
import dev.togglbff.tracking.TrackingApi.SummaryResponse;
import dev.togglbff.upstream.TogglProject;
import dev.togglbff.upstream.TogglTag;
import dev.togglbff.upstream.TogglTimeEntry;

/**
 * The summary arithmetic, without a clock or any I/O: the time of a workspace's entries that falls
 * on the days {@code from}..{@code to} in the user's time zone (an entry is clipped to the range, a
 * running one counts until now), in total and grouped by project, tag or day. Projects and tags
 * come largest first; days in order, an entry across midnight split between them.
 */
final class Summaries {

    private Summaries() {
    }

    static SummaryResponse of(List<TogglTimeEntry> entries, long workspaceId, Names names, LocalDate from,
            LocalDate to, GroupBy groupBy, ZoneId zone, Instant now) {
        Instant rangeStart = from.atStartOfDay(zone).toInstant();
        Instant rangeEnd = to.plusDays(1).atStartOfDay(zone).toInstant();
        Map<String, SummaryGroup> groups = new LinkedHashMap<>();
        long total = 0;
        for (TogglTimeEntry entry : entries) {
            if (entry.workspaceId() != workspaceId || entry.start() == null || entry.deleted()) {
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
        return new SummaryResponse(from, to, total, ordered);
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

    /** When an entry ends: now while it runs (as every entry without a stop time does), else at its stop. */
    static Instant end(TogglTimeEntry entry, Instant now) {
        OffsetDateTime stop = entry.stop();
        return entry.running() || stop == null ? now : stop.toInstant();
    }

    private static Instant max(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }

    private static Instant min(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
