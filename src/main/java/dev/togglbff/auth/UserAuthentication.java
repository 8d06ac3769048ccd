package dev.togglbff.auth;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;

/**
 * An authenticated caller of the API, however it proved who it is; the principal is the
 * {@link CurrentUser} and no credential is ever exposed once authenticated.
 */
abstract class UserAuthentication extends AbstractAuthenticationToken {

    private final CurrentUser user;

    UserAuthentication(CurrentUser user) {
        super(List.of());
        this.user = user;
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

    @Override
    public String getName() {
        return user.username();
    }
}
