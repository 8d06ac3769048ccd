package dev.togglbff.sandbox;

/** Toggl plans and the hourly requests each allows per user and organization (the workspace bucket). */
enum Plan {
    FREE(30), STARTER(240), PREMIUM(600);

    private final int workspaceRequestsPerHour;

    Plan(int workspaceRequestsPerHour) {
        this.workspaceRequestsPerHour = workspaceRequestsPerHour;
    }

    int workspaceRequestsPerHour() {
        return workspaceRequestsPerHour;
    }
}
