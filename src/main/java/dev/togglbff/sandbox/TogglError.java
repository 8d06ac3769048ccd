package dev.togglbff.sandbox;

/** A request the sandbox's Toggl refuses, answered as Toggl does: the status and a JSON string. */
final class TogglError extends RuntimeException {

    private final int status;

    TogglError(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
