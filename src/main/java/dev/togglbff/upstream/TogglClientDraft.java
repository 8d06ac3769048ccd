package dev.togglbff.upstream;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.jspecify.annotations.Nullable;

/** The fields of a Toggl client to create or change; {@code null} fields are not sent. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TogglClientDraft(@Nullable String name, @Nullable String notes) {
}
