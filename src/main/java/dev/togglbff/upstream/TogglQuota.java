package dev.togglbff.upstream;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/**
 * One quota bucket as Toggl reports it ({@code GET /me/quota}).
 *
 * @param organizationId the organization, or {@code null} for the bucket of requests about the user
 */
@JsonIgnoreProperties(ignoreUnknown = true)
public record TogglQuota(@JsonProperty("organization_id") @Nullable Long organizationId, long remaining,
        @JsonProperty("resets_in_secs") long resetsInSecs, long total) {
}
