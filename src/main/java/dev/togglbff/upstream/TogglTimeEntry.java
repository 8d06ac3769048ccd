package dev.togglbff.upstream;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A Toggl time entry. Toggl sends {@code null} for empty tag lists (read as empty lists here), a
 * {@code null} {@code stop} and a negative {@code duration} while the entry runs. Answers to
 * {@code since} also list deleted entries, with {@code server_deleted_at} set.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TogglTimeEntry(long id, @JsonProperty("workspace_id") long workspaceId,
        @JsonProperty("project_id") @Nullable Long projectId, @JsonProperty("task_id") @Nullable Long taskId,
        @JsonProperty("user_id") @Nullable Long userId, @Nullable String description, @Nullable Boolean billable,
        @Nullable OffsetDateTime start, @Nullable OffsetDateTime stop, long duration, @Nullable List<String> tags,
        @JsonProperty("tag_ids") @Nullable List<Long> tagIds, @Nullable OffsetDateTime at,
        @JsonProperty("server_deleted_at") @Nullable OffsetDateTime serverDeletedAt) {

    public TogglTimeEntry {
        tags = tags == null ? List.of() : List.copyOf(tags);
        tagIds = tagIds == null ? List.of() : List.copyOf(tagIds);
    }

    @Override
    public List<String> tags() {
        return tags == null ? List.of() : tags;
    }

    @Override
    public List<Long> tagIds() {
        return tagIds == null ? List.of() : tagIds;
    }

    /** Whether Toggl reports the entry as deleted (only answers to {@code since} do). */
    public boolean deleted() {
        return serverDeletedAt != null;
    }

    /** The same entry stopped at {@code stop} (how Toggl stops a running entry when another starts). */
    public TogglTimeEntry stoppedAt(OffsetDateTime stop) {
        long seconds = start == null ? 0 : Math.max(0, java.time.Duration.between(start, stop).toSeconds());
        return new TogglTimeEntry(id, workspaceId, projectId, taskId, userId, description, billable, start, stop,
                seconds, tags, tagIds, at, serverDeletedAt);
    }

    /** Whether the entry is still running: a negative duration or no stop time. */
    public boolean running() {
        return duration < 0 || stop == null;
    }
}
