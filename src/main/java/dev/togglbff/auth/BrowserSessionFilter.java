package dev.togglbff.auth;

import java.io.IOException;
import java.util.Optional;

import dev.togglbff.web.ErrorCode;
import dev.togglbff.web.Problems;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.http.HttpHeaders;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * The cookie mode of the API. A call without an {@code Authorization} header that brings the
 * session cookie (or signs in with a password for one) must carry the CSRF header
 * ({@code X-CSRF: 1}), which a cross-site form or an uncredentialed cross-origin page cannot
 * send; without it the call is refused with {@code 403} before anything runs. A live session
 * then authenticates the call as its user. Bearer calls pass through untouched.
 */
final class BrowserSessionFilter extends OncePerRequestFilter {

    static final String SIGN_IN_PATH = "/api/v1/auth/session";
    /** Request attribute holding the {@link BrowserSessions.Details} of a cookie-authenticated call. */
    static final String CURRENT = BrowserSessions.Details.class.getName();

    private final BrowserSessions sessions;
    private final LiveUsers liveUsers;
    private final Problems problems;
    private final String cookieName;
    private final String csrfHeader;

    BrowserSessionFilter(BrowserSessions sessions, LiveUsers liveUsers, Problems problems,
            AuthProperties.Session settings) {
        this.sessions = sessions;
        this.liveUsers = liveUsers;
        this.problems = problems;
        this.cookieName = settings.cookieName();
        this.csrfHeader = settings.csrfHeader();
    }

    /**
     * Not the API, preflights, bearer calls, and the OIDC endpoints: the sign-in and its callback
     * are top-level browser navigations (no custom header possible; the state parameter and the
     * pending sign-in in the session guard them), and the back-channel logout is the provider's
     * own call, authenticated by its signed token.
     */
    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !request.getRequestURI().startsWith("/api/") || "OPTIONS".equals(request.getMethod())
                || request.getHeader(HttpHeaders.AUTHORIZATION) != null
                || request.getRequestURI().startsWith(OidcLogin.BASE_PATH + "/");
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean signIn = "POST".equals(request.getMethod()) && SIGN_IN_PATH.equals(request.getRequestURI());
        if (!signIn && !hasCookie(request)) {
            chain.doFilter(request, response);
            return;
        }
        if (!"1".equals(request.getHeader(csrfHeader))) {
            problems.write(request, response, ErrorCode.FORBIDDEN, 403, "Calls with the session cookie must send the header "
                    + csrfHeader + ": 1.", null);
            return;
        }
        if (!signIn) {
            Optional<BrowserSessions.Details> session = sessions.touch(request);
            if (session.isPresent() && liveUsers.exists(session.get().userId())) {
                BrowserSessions.Details details = session.get();
                request.setAttribute(CURRENT, details);
                SecurityContextHolder.getContext().setAuthentication(new SessionAuthentication(
                        new CurrentUser(details.userId(), details.username()), details.handle()));
            }
            else if (session.isPresent()) {
                sessions.end(request);
            }
        }
        chain.doFilter(request, response);
    }

    /** Whether the request brings a cookie of that name. */
    static boolean hasCookie(HttpServletRequest request, String cookieName) {
        Cookie[] cookies = request.getCookies();
        if (cookies == null) {
            return false;
        }
        for (Cookie cookie : cookies) {
            if (cookieName.equals(cookie.getName())) {
                return true;
            }
        }
        return false;
    }

    private boolean hasCookie(HttpServletRequest request) {
        return hasCookie(request, cookieName);
    }
}
