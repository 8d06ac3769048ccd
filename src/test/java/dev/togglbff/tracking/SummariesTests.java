package dev.togglbff.tracking;

import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import dev.togglbff.tracking.TimeEntries.GroupBy;
import dev.togglbff.tracking.TimeEntries.Names;
import dev.togglbff.tracking.TrackingApi.SummaryGroup;
import dev.togglbff.tracking.TrackingApi.SummaryResponse;
import dev.togglbff.upstream.TogglProject;
import dev.togglbff.upstream.TogglTag;
import dev.togglbff.upstream.TogglTimeEntry;
import dev.togglbff.upstream.TogglUser;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The summary and range arithmetic as plain functions: clipping to the days asked for in the
 * user's time zone, running entries, days split at midnight (and across a daylight-saving change),
 * the groups' labels and order; the week a dashboard shows, Toggl's end date of a day range and
 * the fallback time zone.
 */
class SummariesTests {

    private static final long WORKSPACE = 7;
    private static final ZoneId BERLIN = ZoneId.of("Europe/Berlin");
    private static final Names NAMES = new Names(
            Map.of(1L, new TogglProject(1, WORKSPACE, null, "Website", false, true, "#fff", true, null, null, null)),
            Map.of(5L, new TogglTag(5, WORKSPACE, "review", null, null, null)));
    private static final LocalDate MONDAY = LocalDate.of(2026, 3, 23);

    @Test
    void entriesAreClippedToTheRangeInTheUsersTimeZone() {
        // 23:00-01:00 Berlin time on the Sunday before: only the hour after midnight is Monday's.
        TogglTimeEntry acrossMidnight = entry(1, 1L, List.of(), "2026-03-22T22:00:00Z", "2026-03-23T00:00:00Z");
        TogglTimeEntry inside = entry(2, null, List.of(), "2026-03-23T08:00:00Z", "2026-03-23T08:30:00Z");

        SummaryResponse summary = summary(List.of(acrossMidnight, inside), MONDAY, MONDAY, GroupBy.PROJECT,
                Instant.parse("2026-03-24T12:00:00Z"));

        assertThat(summary.totalSeconds()).isEqualTo(3600 + 1800);
        assertThat(summary.groups()).containsExactly(new SummaryGroup("1", "Website", 3600),
                new SummaryGroup("none", "(no project)", 1800));
    }

    @Test
    void aRunningEntryCountsUntilNowAndOtherWorkspacesAndDeletedEntriesNotAtAll() {
        TogglTimeEntry running = new TogglTimeEntry(1, WORKSPACE, 9L, null, null, "running", false,
                at("2026-03-23T09:00:00Z"), null, -1, null, null, null, null);
        TogglTimeEntry elsewhere = new TogglTimeEntry(2, 99, null, null, null, null, false, at("2026-03-23T08:00:00Z"),
                at("2026-03-23T09:00:00Z"), 3600, null, null, null, null);
        TogglTimeEntry deleted = new TogglTimeEntry(3, WORKSPACE, null, null, null, null, false,
                at("2026-03-23T08:00:00Z"), at("2026-03-23T09:00:00Z"), 3600, null, null, null,
                at("2026-03-23T10:00:00Z"));

        SummaryResponse summary = summary(List.of(running, elsewhere, deleted), MONDAY, MONDAY, GroupBy.PROJECT,
                Instant.parse("2026-03-23T09:45:00Z"));

        assertThat(summary.totalSeconds()).isEqualTo(45 * 60);
        assertThat(summary.groups()).containsExactly(new SummaryGroup("9", "Project 9", 45 * 60));
    }

    @Test
    void anEntryWithoutAStopTimeRunsWhateverItsDuration() {
        TogglTimeEntry entry = new TogglTimeEntry(1, WORKSPACE, null, null, null, null, false,
                at("2026-03-23T08:00:00Z"), null, 600, null, null, null, null);
        Instant now = Instant.parse("2026-03-23T09:00:00Z");

        assertThat(Summaries.end(entry, now)).isEqualTo(now);
        assertThat(Summaries.end(entry.stoppedAt(at("2026-03-23T08:20:00Z")), now))
            .isEqualTo(Instant.parse("2026-03-23T08:20:00Z"));
    }

    @Test
    void byDayAnEntryIsSplitAtLocalMidnightIncludingTheShortDayOfASummerTimeChange() {
        // Berlin moves to summer time on Sunday 29 March 2026: that day has 23 hours.
        TogglTimeEntry saturdayToMonday = entry(1, null, List.of(), "2026-03-28T22:00:00Z", "2026-03-29T23:00:00Z");

        SummaryResponse summary = summary(List.of(saturdayToMonday), LocalDate.of(2026, 3, 28),
                LocalDate.of(2026, 3, 30), GroupBy.DAY, Instant.parse("2026-04-01T00:00:00Z"));

        assertThat(summary.groups()).containsExactly(new SummaryGroup("2026-03-28", "2026-03-28", 3600),
                new SummaryGroup("2026-03-29", "2026-03-29", 23 * 3600),
                new SummaryGroup("2026-03-30", "2026-03-30", 3600));
        assertThat(summary.totalSeconds()).isEqualTo(25 * 3600);
    }

    @Test
    void byTagEachTagCountsTheWholeEntryAndUntaggedEntriesHaveTheirOwnGroup() {
        TogglTimeEntry twoTags = entry(1, null, List.of(5L, 6L), "2026-03-23T08:00:00Z", "2026-03-23T09:00:00Z");
        TogglTimeEntry untagged = entry(2, null, List.of(), "2026-03-23T10:00:00Z", "2026-03-23T12:00:00Z");

        SummaryResponse summary = summary(List.of(twoTags, untagged), MONDAY, MONDAY, GroupBy.TAG,
                Instant.parse("2026-03-24T00:00:00Z"));

        assertThat(summary.groups()).containsExactly(new SummaryGroup("none", "(no tag)", 7200),
                new SummaryGroup("5", "review", 3600), new SummaryGroup("6", "Tag 6", 3600));
        assertThat(summary.totalSeconds()).as("the total counts time once, not per tag").isEqualTo(3 * 3600);
    }

    @Test
    void theDashboardWeekStartsOnTheUsersFirstDayOfTheWeek() {
        Instant wednesday = Instant.parse("2026-03-25T12:00:00Z");

        assertThat(TimeEntryMirror.weekStart(wednesday, BERLIN, 1)).isEqualTo(MONDAY);
        assertThat(TimeEntryMirror.weekStart(wednesday, BERLIN, 0)).isEqualTo(LocalDate.of(2026, 3, 22));
        assertThat(TimeEntryMirror.weekStart(wednesday, BERLIN, null)).as("Toggl's default: Monday")
            .isEqualTo(MONDAY);
        // Sunday 23:30 UTC is already Monday in Berlin.
        assertThat(TimeEntryMirror.weekStart(Instant.parse("2026-03-22T23:30:00Z"), BERLIN, 1)).isEqualTo(MONDAY);
    }

    @Test
    void aDayRangeAsksTogglUpToTheDayAfterItsLastDay() {
        TimeEntries.Range week = new TimeEntries.Range(MONDAY, MONDAY.plusDays(6), null, null);

        assertThat(week.query().startDate()).isEqualTo(MONDAY);
        assertThat(week.query().endDate()).isEqualTo(MONDAY.plusDays(7));
        assertThat(new TimeEntries.Range(null, null, 1_700_000_000L, null).query().since()).isEqualTo(1_700_000_000L);
    }

    @Test
    void anUnknownOrMissingTimeZoneIsUtc() {
        assertThat(TimeEntries.zone(user("Europe/Berlin"))).isEqualTo(BERLIN);
        assertThat(TimeEntries.zone(user("Mars/Olympus_Mons"))).isEqualTo(ZoneOffset.UTC);
        assertThat(TimeEntries.zone(user(null))).isEqualTo(ZoneOffset.UTC);
    }

    private static SummaryResponse summary(List<TogglTimeEntry> entries, LocalDate from, LocalDate to,
            GroupBy groupBy, Instant now) {
        return Summaries.of(entries, WORKSPACE, NAMES, from, to, groupBy, BERLIN, now);
    }

    private static TogglTimeEntry entry(long id, Long projectId, List<Long> tagIds, String start, String stop) {
        OffsetDateTime begin = at(start);
        OffsetDateTime end = at(stop);
        return new TogglTimeEntry(id, WORKSPACE, projectId, null, null, null, false, begin, end,
                java.time.Duration.between(begin, end).toSeconds(), null, tagIds, null, null);
    }

    private static OffsetDateTime at(String instant) {
        return OffsetDateTime.parse(instant);
    }

    private static TogglUser user(String timezone) {
        return new TogglUser(1, null, null, timezone, null, null, null);
    }
}
