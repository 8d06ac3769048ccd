package dev.togglbff.sandbox;

import org.jspecify.annotations.Nullable;

/**
 * A fault queued for the next Toggl calls of one sandbox key.
 *
 * @param type              what the calls answer
 * @param retryAfterSeconds {@code Retry-After} of a {@link Type#RATE_LIMIT}, or {@code null} to send none
 * @param status            the status of a {@link Type#SERVER_ERROR} (5xx)
 */
record Fault(Type type, @Nullable Integer retryAfterSeconds, int status) {

    /** The kinds of faults a developer can provoke. */
    enum Type {
        /** {@code 429}, with {@code Retry-After} when asked for. */
        RATE_LIMIT,
        /** A 5xx answer. */
        SERVER_ERROR,
        /** The normal answer, held back longer than the client waits. */
        STALL,
        /** {@code 402} because the workspace's plan lacks the feature (no quota headers). */
        PLAN_LIMIT
    }
}
