package dev.togglbff.upstream;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/** A Toggl workspace as {@code GET /me/workspaces} and {@code GET /workspaces/{id}} describe it. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TogglWorkspace(long id, @JsonProperty("organization_id") @Nullable Long organizationId,
        @Nullable String name, @Nullable Boolean premium, @Nullable Boolean admin, @Nullable String role,
        @JsonProperty("default_currency") @Nullable String defaultCurrency, @Nullable OffsetDateTime at) {
}
