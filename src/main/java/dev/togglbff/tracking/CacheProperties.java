package dev.togglbff.tracking;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bff.cache.*}: how long Toggl answers are kept per Maton key, how long a stale one may
 * stand in when Toggl fails, and the per-key time-entry mirror.
 *
 * @param maximumSize entries kept at most, across all keys
 * @param maxStale    how long after it stops being fresh an entry may still answer when Toggl fails
 * @param staleWhileRevalidate how long after it stops being fresh a copy still answers at once while a
 *                    background refresh runs (RFC 5861); older copies are refreshed before answering
 * @param ttl         freshness per kind of data
 * @param mirror      the time-entry mirror
 */
@Validated
@ConfigurationProperties("bff.cache")
record CacheProperties(@Min(1) long maximumSize, @NotNull Duration maxStale,
        @NotNull Duration staleWhileRevalidate, @Valid @NotNull Ttl ttl, @Valid @NotNull Mirror mirror) {

    /**
     * Freshness of each kind of cached data.
     *
     * @param timeEntries lists of ranges the mirror does not hold (and {@code since}/{@code before} lists)
     */
    public record Ttl(@NotNull Duration profile, @NotNull Duration workspaces, @NotNull Duration workspaceUsers,
            @NotNull Duration projects, @NotNull Duration clients, @NotNull Duration tags,
            @NotNull Duration timeEntries) {
    }

    /**
     * One mirror of the user's time entries per Maton key.
     *
     * @param previousWeeks how many weeks before the current one it holds (weeks as the user's Toggl profile starts them)
     * @param freshness     how old the mirror may be before a read refreshes it, when the quota budget allows;
     *                      short of budget, refreshes are spread evenly over the window instead
     * @param sinceOverlap  how far before the last refresh a refresh asks for changes (clock differences)
     * @param maximumKeys   mirrors kept at most
     * @param idleExpiry    a mirror not read for this long is dropped
     */
    public record Mirror(@Min(0) @Max(52) int previousWeeks, @NotNull @DurationMin(seconds = 1) Duration freshness,
            @NotNull Duration sinceOverlap, @Min(1) long maximumKeys, @NotNull @DurationMin(seconds = 1) Duration idleExpiry) {
    }
}
