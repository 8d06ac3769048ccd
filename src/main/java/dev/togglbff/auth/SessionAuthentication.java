package dev.togglbff.auth;

/**
 * A caller authenticated by a browser session cookie; the principal is the {@link CurrentUser}
 * and {@link #sessionHandle()} the public id of the session (never the cookie's value).
 */
final class SessionAuthentication extends UserAuthentication {

    private final String sessionHandle;

    SessionAuthentication(CurrentUser user, String sessionHandle) {
        super(user);
        this.sessionHandle = sessionHandle;
    }

    String sessionHandle() {
        return sessionHandle;
    }
}
