package dev.togglbff.auth;

import org.springframework.security.oauth2.jwt.Jwt;

/** An authenticated bearer token; the principal is the {@link CurrentUser}. */
final class BearerAuthentication extends UserAuthentication {

    private final transient Jwt jwt;

    BearerAuthentication(CurrentUser user, Jwt jwt) {
        super(user);
        this.jwt = jwt;
    }

    Jwt jwt() {
        return jwt;
    }
}
