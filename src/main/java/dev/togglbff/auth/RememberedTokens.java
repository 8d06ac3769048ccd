package dev.togglbff.auth;

import java.util.UUID;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * The signed-in user of a request whose bearer token this service verified before: the same
 * check the security chain makes for such a token (within its validity, its user still exists),
 * for answers that repeat an earlier one without running the chain. Anything else (no or another
 * kind of {@code Authorization} header, a token not remembered, an external issuer's token) gets no
 * user, and the request goes the whole way.
 */
public final class RememberedTokens {

    /** {@code Bearer} and its one space, in any case. */
    private static final String SCHEME = "bearer ";

    private final VerifiedTokenCache verified;
    private final LiveUsers liveUsers;

    RememberedTokens(VerifiedTokenCache verified, LiveUsers liveUsers) {
        this.verified = verified;
        this.liveUsers = liveUsers;
    }

    /** The user of the request's remembered, still valid bearer token whose user exists; otherwise nothing. */
    public @Nullable UUID liveUser(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || header.length() <= SCHEME.length()
                || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        // Only a token the chain verified (a well-formed one) is remembered, by its hash: whatever
        // else follows the scheme is not found, and goes the whole way.
        Jwt known = verified.remembered(header.substring(SCHEME.length()));
        if (known == null) {
            return null;
        }
        UUID user = UUID.fromString(known.getSubject());
        return liveUsers.exists(user) ? user : null;
    }

    VerifiedTokenCache verified() {
        return verified;
    }
}
