package dev.togglbff.web;

import org.springframework.http.HttpStatus;

/**
 * The stable machine-readable error codes of the public API, each with the HTTP status it is
 * normally sent with. Frontends branch on {@link #name()}, never on the {@code detail} text.
 */
public enum ErrorCode {
    VALIDATION_FAILED(HttpStatus.BAD_REQUEST),
    UNAUTHENTICATED(HttpStatus.UNAUTHORIZED),
    FORBIDDEN(HttpStatus.FORBIDDEN),
    NOT_FOUND(HttpStatus.NOT_FOUND),
    CONFLICT(HttpStatus.CONFLICT),
    MATON_KEY_MISSING(HttpStatus.CONFLICT),
    MATON_KEY_INVALID(HttpStatus.CONFLICT),
    MATON_KEY_REJECTED(HttpStatus.UNPROCESSABLE_CONTENT),
    WORKSPACE_NOT_ACCESSIBLE(HttpStatus.UNPROCESSABLE_CONTENT),
    NO_RUNNING_TIMER(HttpStatus.CONFLICT),
    IDEMPOTENCY_KEY_REUSED(HttpStatus.UNPROCESSABLE_CONTENT),
    PAYLOAD_TOO_LARGE(HttpStatus.CONTENT_TOO_LARGE),
    TOO_MANY_REQUESTS(HttpStatus.TOO_MANY_REQUESTS),
    UPSTREAM_RATE_LIMITED(HttpStatus.TOO_MANY_REQUESTS),
    TOGGL_QUOTA_EXHAUSTED(HttpStatus.TOO_MANY_REQUESTS),
    FEATURE_UNAVAILABLE(HttpStatus.PAYMENT_REQUIRED),
    UPSTREAM_BAD_REQUEST(HttpStatus.BAD_REQUEST),
    UPSTREAM_FORBIDDEN(HttpStatus.FORBIDDEN),
    UPSTREAM_UNAVAILABLE(HttpStatus.BAD_GATEWAY),
    UPSTREAM_TIMEOUT(HttpStatus.GATEWAY_TIMEOUT),
    /** An unexpected failure inside the service; the body never says more than that. */
    INTERNAL_ERROR(HttpStatus.INTERNAL_SERVER_ERROR);

    private final HttpStatus status;

    ErrorCode(HttpStatus status) {
        this.status = status;
    }

    public HttpStatus status() {
        return status;
    }

    /**
     * The code for an error that only has an HTTP status (Spring's own 404/405/415, the servlet
     * container's error page). Client errors without a more specific code are
     * {@link #VALIDATION_FAILED}: the request cannot be taken as sent.
     */
    static ErrorCode forStatus(int status) {
        return switch (status) {
            case 401 -> UNAUTHENTICATED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 409 -> CONFLICT;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 429 -> TOO_MANY_REQUESTS;
            default -> status >= 500 ? INTERNAL_ERROR : VALIDATION_FAILED;
        };
    }
}
