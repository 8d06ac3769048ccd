package dev.togglbff.web;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * An error the API reports to the caller with a stable {@link ErrorCode}. The message becomes
 * the problem's {@code detail}, so it must never contain a secret or upstream internals.
 */
public class ApiException extends RuntimeException {

    private final ErrorCode code;
    private final int status;
    private final @Nullable Duration retryAfter;
    private final List<FieldError> fieldErrors;

    public ApiException(ErrorCode code, String detail) {
        this(code, code.status().value(), detail, null, List.of());
    }

    protected ApiException(ErrorCode code, int status, String detail, @Nullable Duration retryAfter,
            List<FieldError> fieldErrors) {
        super(detail, null, false, false);
        this.code = code;
        this.status = status;
        this.retryAfter = retryAfter;
        this.fieldErrors = List.copyOf(fieldErrors);
    }

    /** A {@code VALIDATION_FAILED} error naming the rejected fields. */
    public static ApiException validation(String detail, List<FieldError> fieldErrors) {
        return new ApiException(ErrorCode.VALIDATION_FAILED, 400, detail, null, fieldErrors);
    }

    /** An error the caller may retry after the given wait; sent with {@code Retry-After}. */
    public static ApiException retryable(ErrorCode code, String detail, Duration retryAfter) {
        return new ApiException(code, code.status().value(), detail, retryAfter, List.of());
    }

    /** The same code with a status other than its usual one (such as 503 for {@code UPSTREAM_UNAVAILABLE}). */
    public static ApiException withStatus(ErrorCode code, int status, String detail) {
        return new ApiException(code, status, detail, null, List.of());
    }

    public ErrorCode code() {
        return code;
    }

    public int status() {
        return status;
    }

    public @Nullable Duration retryAfter() {
        return retryAfter;
    }

    List<FieldError> fieldErrors() {
        return fieldErrors;
    }
}
