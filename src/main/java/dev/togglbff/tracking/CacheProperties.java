package dev.togglbff.tracking;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bff.cache.*}: how long Toggl answers are kept per Maton key, and how long a stale one
 * may stand in when Toggl fails.
 *
 * @param maximumSize entries kept at most, across all keys
 * @param maxStale    how long after it stops being fresh an entry may still answer when Toggl fails
 * @param ttl         freshness per kind of data
 */
@Validated
@ConfigurationProperties("bff.cache")
public record CacheProperties(@Min(1) long maximumSize, @NotNull Duration maxStale, @Valid @NotNull Ttl ttl) {

    /** Freshness of each kind of cached data. */
    public record Ttl(@NotNull Duration profile, @NotNull Duration workspaces, @NotNull Duration workspaceUsers,
            @NotNull Duration projects, @NotNull Duration clients, @NotNull Duration tags,
            @NotNull Duration timeEntries, @NotNull Duration timer) {
    }
}
