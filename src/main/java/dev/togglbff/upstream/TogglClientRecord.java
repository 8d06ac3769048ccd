package dev.togglbff.upstream;

import java.time.OffsetDateTime;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/** A Toggl client (the customer a project is for). Toggl names its workspace field {@code wid}. */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TogglClientRecord(long id, @JsonProperty("wid") long workspaceId, @Nullable String name,
        @Nullable String notes, @Nullable Boolean archived, @JsonProperty("creator_id") @Nullable Long creatorId,
        @Nullable OffsetDateTime at) {

    /** The same client archived or restored. */
    public TogglClientRecord withArchived(boolean isArchived) {
        return new TogglClientRecord(id, workspaceId, name, notes, isArchived, creatorId, at);
    }
}
