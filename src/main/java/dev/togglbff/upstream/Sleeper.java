package dev.togglbff.upstream;

import java.time.Duration;

import dev.togglbff.web.ErrorCode;

/** Blocking waits of the upstream client (callers run on virtual threads). */
final class Sleeper {

    private Sleeper() {
    }

    static void sleep(Duration wait) {
        try {
            Thread.sleep(wait.toMillis(), (int) (wait.toNanos() % 1_000_000));
        }
        catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
            throw new UpstreamException(ErrorCode.UPSTREAM_UNAVAILABLE, 503,
                    "The call to Toggl was interrupted.", null, 0);
        }
    }
}
