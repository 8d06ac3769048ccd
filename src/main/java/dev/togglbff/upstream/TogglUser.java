package dev.togglbff.upstream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/** The Toggl profile of the connected account ({@code GET /me}); the API token is never read. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TogglUser(long id, @Nullable String email, @Nullable String fullname, @Nullable String timezone,
        @JsonProperty("default_workspace_id") @Nullable Long defaultWorkspaceId,
        @JsonProperty("beginning_of_week") @Nullable Integer beginningOfWeek,
        @JsonProperty("image_url") @Nullable String imageUrl) {
}
