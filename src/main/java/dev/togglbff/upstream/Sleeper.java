package dev.togglbff.upstream;

import java.time.Duration;

import dev.togglbff.web.ErrorCode;

/** Blocking waits of the upstream client (callers run on virtual threads); tests pass one that does not sleep. */
@FunctionalInterface
interface Sleeper {

    /** {@link Thread#sleep}: an interrupted wait fails the call with {@code 503 UPSTREAM_UNAVAILABLE}. */
    Sleeper THREAD = wait -> {
        try {
            Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new UpstreamException(ErrorCode.UPSTREAM_UNAVAILABLE, 503, "The call to Toggl was interrupted.", null,
                    0);
        }
    };

    void sleep(Duration wait);

    /** {@link #THREAD}'s wait, for callers that need no other. */
    static void pause(Duration wait) {
        THREAD.sleep(wait);
    }
}
