package dev.togglbff.web;

/**
 * Toggl's quota headers: read from every Toggl answer, sent by the sandbox as Toggl does, and
 * echoed to the API's callers under the same names.
 */
public final class QuotaHeaders {

    /** Requests left in the bucket the call spent. */
    public static final String REMAINING = "X-Toggl-Quota-Remaining";

    /** Seconds until that bucket starts over. */
    public static final String RESETS_IN = "X-Toggl-Quota-Resets-In";

    private QuotaHeaders() {
    }
}
