package dev.togglbff.upstream;

import java.time.Duration;
import java.util.List;

import dev.togglbff.web.ApiException;
import dev.togglbff.web.ErrorCode;
import org.jspecify.annotations.Nullable;

import org.springframework.modulith.NamedInterface;

/**
 * A call to Maton or Toggl that did not succeed, already translated into the API's error codes.
 * {@link #upstreamStatus()} tells callers (such as a cache deciding to serve stale data) what
 * the upstream answered, if anything.
 */
@NamedInterface("connections")
public final class UpstreamException extends ApiException {

    private final int upstreamStatus;

    UpstreamException(ErrorCode code, int status, String detail, @Nullable Duration retryAfter, int upstreamStatus) {
        super(code, status, detail, retryAfter, List.of());
        this.upstreamStatus = upstreamStatus;
    }

    UpstreamException(ErrorCode code, String detail, int upstreamStatus) {
        this(code, code.status().value(), detail, null, upstreamStatus);
    }

    UpstreamException(ErrorCode code, String detail, Duration retryAfter, int upstreamStatus) {
        this(code, code.status().value(), detail, retryAfter, upstreamStatus);
    }

    /** The HTTP status the upstream answered with, or {@code 0} when no answer arrived. */
    public int upstreamStatus() {
        return upstreamStatus;
    }
}
