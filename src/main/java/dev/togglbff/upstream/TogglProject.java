package dev.togglbff.upstream;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/** A Toggl project. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TogglProject(long id, @JsonProperty("workspace_id") long workspaceId,
        @JsonProperty("client_id") @Nullable Long clientId, @Nullable String name,
        @JsonProperty("is_private") @Nullable Boolean isPrivate, @Nullable Boolean active, @Nullable String color,
        @Nullable Boolean billable, @JsonProperty("actual_seconds") @Nullable Long actualSeconds,
        @JsonProperty("created_at") @Nullable OffsetDateTime createdAt, @Nullable OffsetDateTime at) {
}
