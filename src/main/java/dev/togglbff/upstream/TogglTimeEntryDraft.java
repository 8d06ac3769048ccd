package dev.togglbff.upstream;

import java.time.OffsetDateTime;
import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * The fields of a time entry to create or change; {@code null} fields are not sent. On create,
 * an entry with neither {@code stop} nor {@code duration} starts running ({@code duration: -1});
 * the client adds {@code workspace_id} and {@code created_with}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TogglTimeEntryDraft(@Nullable String description, @Nullable OffsetDateTime start,
        @Nullable OffsetDateTime stop, @Nullable Long duration, @JsonProperty("project_id") @Nullable Long projectId,
        @JsonProperty("task_id") @Nullable Long taskId, @Nullable Boolean billable, @Nullable List<String> tags,
        @JsonProperty("tag_ids") @Nullable List<Long> tagIds) {

    /** A field an update removes from the entry (sent as {@code null} or empty, not left out). */
    public enum Removal {
        /** {@code project_id: null}. */
        PROJECT,
        /** {@code tag_ids: []} and {@code tags: []}. */
        TAGS,
        /** {@code description: ""}. */
        DESCRIPTION
    }

    /** A running entry started at {@code start}. */
    public static TogglTimeEntryDraft running(@Nullable String description, OffsetDateTime start,
            @Nullable Long projectId, @Nullable List<Long> tagIds) {
        return new TogglTimeEntryDraft(description, start, null, null, projectId, null, null, null, tagIds);
    }
}
