package dev.togglbff.auth;

import java.util.List;

import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.oauth2.jwt.Jwt;

/** An authenticated bearer token; the principal is the {@link CurrentUser}. */
final class BearerAuthentication extends AbstractAuthenticationToken {

    private final CurrentUser user;
    private final transient Jwt jwt;

    BearerAuthentication(CurrentUser user, Jwt jwt) {
        super(List.of());
        this.user = user;
        this.jwt = jwt;
        setAuthenticated(true);
    }

    @Override
    public CurrentUser getPrincipal() {
        return user;
    }

    /** The token is never exposed as credentials once authenticated. */
    @Override
    public Object getCredentials() {
        return "";
    }

    Jwt jwt() {
        return jwt;
    }

    @Override
    public String getName() {
        return user.username();
    }
}
