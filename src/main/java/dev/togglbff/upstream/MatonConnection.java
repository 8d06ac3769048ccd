package dev.togglbff.upstream;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * A Maton connection to a Toggl Track account. A new one is {@code PENDING} until its owner
 * opens {@link #url()} and authorizes Toggl.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record MatonConnection(@JsonProperty("connection_id") String connectionId, @Nullable String status,
        @Nullable String app, @Nullable String url, @JsonProperty("creation_time") @Nullable OffsetDateTime createdAt,
        @JsonProperty("last_updated_time") @Nullable OffsetDateTime updatedAt) {
}
