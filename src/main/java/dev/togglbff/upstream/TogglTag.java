package dev.togglbff.upstream;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/** A Toggl tag. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TogglTag(long id, @JsonProperty("workspace_id") long workspaceId, @Nullable String name,
        @JsonProperty("creator_id") @Nullable Long creatorId, @Nullable OffsetDateTime at,
        @JsonProperty("deleted_at") @Nullable OffsetDateTime deletedAt) {
}
