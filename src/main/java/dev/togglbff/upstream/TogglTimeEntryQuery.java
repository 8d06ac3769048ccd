package dev.togglbff.upstream;

import java.time.LocalDate;

import org.jspecify.annotations.Nullable;

/**
 * Filters of {@code GET /me/time_entries} (at most 1000 entries, no paging). {@code since}
 * (UNIX seconds; entries modified since, deleted ones included) cannot go with {@code before},
 * and {@code startDate} and {@code endDate} go together.
 */
public record TogglTimeEntryQuery(@Nullable Long since, @Nullable LocalDate before, @Nullable LocalDate startDate,
        @Nullable LocalDate endDate) {

    public TogglTimeEntryQuery {
        if (since != null && before != null) {
            throw new IllegalArgumentException("since cannot be combined with before");
        }
        if ((startDate == null) != (endDate == null)) {
            throw new IllegalArgumentException("startDate and endDate go together");
        }
    }

    public static TogglTimeEntryQuery between(LocalDate startDate, LocalDate endDate) {
        return new TogglTimeEntryQuery(null, null, startDate, endDate);
    }

    public static TogglTimeEntryQuery modifiedSince(long since) {
        return new TogglTimeEntryQuery(since, null, null, null);
    }
}
