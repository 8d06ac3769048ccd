package dev.togglbff.auth;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * A caller authenticated by a browser session cookie; the principal is the {@link CurrentUser}
 * and {@link #sessionHandle()} the public id of the session (never the cookie's value).
 */
final class SessionAuthentication extends AbstractAuthenticationToken {

    private final CurrentUser user;
    private final String sessionHandle;

    SessionAuthentication(CurrentUser user, String sessionHandle) {
        super(List.of());
        this.user = user;
        this.sessionHandle = sessionHandle;
        setAuthenticated(true);
    }

    @Override
    public CurrentUser getPrincipal() {
        return user;
    }

    @Override
    public Object getCredentials() {
        return "";
    }

    String sessionHandle() {
        return sessionHandle;
    }

    @Override
    public String getName() {
        return user.username();
    }
}
