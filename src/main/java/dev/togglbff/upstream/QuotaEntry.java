package dev.togglbff.upstream;

import java.time.Instant;

import org.jspecify.annotations.Nullable;

import org.springframework.modulith.NamedInterface;

/**
 * The last quota reading for one key and scope, from Toggl's {@code X-Toggl-Quota-Remaining} and
 * {@code X-Toggl-Quota-Resets-In} headers.
 *
 * @param scope      the bucket ({@link QuotaScope#value()})
 * @param remaining  requests left in the window when observed ({@code 0} once Toggl answered 402)
 * @param resetsAt   when the window resets, if Toggl said
 * @param observedAt when the reading was taken
 */
@NamedInterface("quota")
public record QuotaEntry(String scope, long remaining, @Nullable Instant resetsAt, Instant observedAt) {
}
