package dev.togglbff.teams;

/**
 * A member's role in a team, highest first. MEMBER reads team data and manages its own time
 * entries; ADMIN also writes projects, clients and tags and manages members; OWNER also renames
 * or deletes the team and hands out ownership.
 */
public enum TeamRole {
    OWNER, ADMIN, MEMBER;

    /** Whether this role is at least {@code required}. */
    boolean atLeast(TeamRole required) {
        return ordinal() <= required.ordinal();
    }
}
