package dev.togglbff.upstream;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;

/** The fields of a project to create or change; {@code null} fields are not sent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TogglProjectDraft(@Nullable String name, @Nullable Boolean active,
        @JsonProperty("is_private") @Nullable Boolean isPrivate, @JsonProperty("client_id") @Nullable Long clientId,
        @Nullable String color, @Nullable Boolean billable) {
}
