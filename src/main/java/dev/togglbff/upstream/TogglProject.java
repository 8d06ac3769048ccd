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

    /** The same project with another client (or none), as Toggl shows it after the client changed. */
    public TogglProject withClient(@Nullable Long client) {
        return new TogglProject(id, workspaceId, client, name, isPrivate, active, color, billable, actualSeconds,
                createdAt, at);
    }

    /** The same project archived or restored. */
    public TogglProject withActive(boolean isActive) {
        return new TogglProject(id, workspaceId, clientId, name, isPrivate, isActive, color, billable, actualSeconds,
                createdAt, at);
    }
}
