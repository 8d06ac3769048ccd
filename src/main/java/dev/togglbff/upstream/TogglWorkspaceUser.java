package dev.togglbff.upstream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/** A member of a Toggl workspace ({@code GET /workspaces/{id}/users}). */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TogglWorkspaceUser(long id, @Nullable String email, @Nullable String fullname,
        @JsonProperty("is_active") @Nullable Boolean active, @JsonProperty("is_admin") @Nullable Boolean admin,
        @Nullable Boolean inactive, @Nullable String role) {
}
