package dev.togglbff.auth;

import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpHeaders;
import org.springframework.security.oauth2.server.resource.BearerTokenErrors;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.server.resource.web.BearerTokenResolver;

/**
 * The bearer token of the {@code Authorization} header, by the rule of Spring Security's default
 * resolver ({@code Bearer} in any case, one space, the RFC 6750 {@code b64token} characters, then
 * {@code =} padding only; a header that starts with {@code bearer} but breaks the rule is
 * {@code 401 invalid_token}), checked by a loop instead of a regular expression over the whole
 * token on every request. Tokens are taken from the header only (never from a query or form
 * parameter), as with the default resolver's defaults.
 */
final class HeaderBearerTokenResolver implements BearerTokenResolver {

    private static final String SCHEME = "bearer";

    @Override
    public @Nullable String resolve(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, SCHEME, 0, SCHEME.length())) {
            return null;
        }
        if (!wellFormed(header)) {
            throw new OAuth2AuthenticationException(BearerTokenErrors.invalidToken("Bearer token is malformed"));
        }
        return header.substring(SCHEME.length() + 1);
    }

    /** {@code Bearer <token>}: {@code [a-zA-Z0-9-._~+/]+=*} after exactly one space. */
    static boolean wellFormed(String header) {
        int start = SCHEME.length() + 1;
        if (header.length() <= start || header.charAt(SCHEME.length()) != ' ') {
            return false;
        }
        int i = start;
        while (i < header.length() && tokenChar(header.charAt(i))) {
            i++;
        }
        if (i == start) {
            return false;
        }
        while (i < header.length() && header.charAt(i) == '=') {
            i++;
        }
        return i == header.length();
    }

    private static boolean tokenChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.'
                || c == '_' || c == '~' || c == '+' || c == '/';
    }
}
