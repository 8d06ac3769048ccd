package dev.togglbff.auth;

import java.util.List;
import java.util.UUID;

import dev.togglbff.auth.AuthApi.TokenRequest;
import dev.togglbff.auth.AuthApi.UserResponse;
import dev.togglbff.auth.BrowserSessionApi.CurrentSessionResponse;
import dev.togglbff.auth.BrowserSessionApi.SessionResponse;
import dev.togglbff.web.ApiException;
import dev.togglbff.web.ErrorCode;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.enums.ParameterIn;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.Valid;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/**
 * The cookie mode for web frontends: sign in with a password for a session cookie, see the
 * current session, sign out, and list and end one's browser sessions.
 */
@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "Browser sessions", description = "Cookie sessions for web frontends: no token ever reaches the page")
class BrowserSessionController {

    private static final Logger log = LoggerFactory.getLogger(BrowserSessionController.class);

    private final AuthService auth;
    private final BrowserSessions sessions;
    private final OidcLogin oidc;

    BrowserSessionController(AuthService auth, BrowserSessions sessions, OidcLogin oidc) {
        this.auth = auth;
        this.sessions = sessions;
        this.oidc = oidc;
    }

    @PostMapping("/session")
    @SecurityRequirements
    @Operation(operationId = "startBrowserSession",
            summary = "Sign in with username and password for a session cookie (cookie mode)",
            description = """
                    Sets the HttpOnly, Secure, SameSite session cookie and answers with the user and session; no \
                    token is ever returned. Any session the request already named is ended (the cookie's value \
                    always changes). Requires the CSRF header.""",
            parameters = @Parameter(name = "X-CSRF", in = ParameterIn.HEADER, required = true,
                    description = "must be 1", schema = @Schema(type = "string", allowableValues = "1")),
            responses = {
                    @ApiResponse(responseCode = "200", description = "Signed in; Set-Cookie carries the session cookie"),
                    @ApiResponse(responseCode = "401", description = "UNAUTHENTICATED: wrong username or password",
                            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
                    @ApiResponse(responseCode = "403", description = "FORBIDDEN: the X-CSRF header is missing",
                            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
                    @ApiResponse(responseCode = "429", description = "TOO_MANY_REQUESTS: too many failed logins; see Retry-After",
                            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))) })
    CurrentSessionResponse signIn(@Valid @RequestBody TokenRequest request, HttpServletRequest http) {
        User user = auth.checkPassword(request.username(), request.password(), http.getRemoteAddr());
        BrowserSessions.Details session = sessions.start(http, new CurrentUser(user.id(), user.username()));
        return new CurrentSessionResponse(new UserResponse(user.id(), user.username(), user.displayName()),
                response(session, session.handle()));
    }

    @GetMapping("/session")
    @SecurityRequirement(name = "browserSession")
    @Operation(operationId = "currentBrowserSession", summary = "The signed-in user and the current browser session",
            responses = {
                    @ApiResponse(responseCode = "200", description = "Signed in"),
                    @ApiResponse(responseCode = "401", description = "UNAUTHENTICATED: no live browser session",
                            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))) })
    CurrentSessionResponse current(Authentication authentication, HttpServletRequest http) {
        SessionAuthentication session = sessionOf(authentication);
        User user = auth.user(session.getPrincipal().id()).orElseThrow(BrowserSessionController::noSession);
        if (!(http.getAttribute(BrowserSessionFilter.CURRENT) instanceof BrowserSessions.Details details)) {
            throw noSession();
        }
        return new CurrentSessionResponse(new UserResponse(user.id(), user.username(), user.displayName()),
                response(details, session.sessionHandle()));
    }

    @DeleteMapping("/session")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @SecurityRequirement(name = "browserSession")
    @Operation(operationId = "endBrowserSession", summary = "Sign out: end the current browser session and clear its cookie",
            description = """
                    Ends the session and clears the cookie. A session signed in through the identity provider \
                    (GET /api/v1/auth/oidc/login) is also signed out there only when the browser visits the \
                    provider's end-session URL, which this answer gives in Location (with client_id and \
                    post_logout_redirect_uri; never a token): the page then navigates there \
                    (location.assign). Without Location there is nothing more to do.""",
            responses = @ApiResponse(responseCode = "204", description = "Signed out",
                    headers = @Header(name = "Location", description = "only for a session signed in through the "
                            + "identity provider: its end-session URL, for the page to navigate to",
                            schema = @Schema(type = "string", format = "uri"))))
    void signOut(Authentication authentication, HttpServletRequest http, HttpServletResponse response) {
        sessionOf(authentication);
        boolean throughProvider = sessions.oidcIdentity(http).isPresent();
        sessions.end(http);
        if (throughProvider && oidc.configured()) {
            try {
                oidc.endSessionUrl().ifPresent(url -> response.setHeader(HttpHeaders.LOCATION, url.toString()));
            }
            catch (ApiException ex) {
                // Signed out here; the provider cannot be asked for its end-session URL just now.
                log.info("Signed out without the provider's end-session URL: {}", ex.getMessage());
            }
        }
    }

    @GetMapping("/sessions")
    @Operation(operationId = "listBrowserSessions", summary = "The caller's browser sessions, most recently used first",
            responses = @ApiResponse(responseCode = "200", description = "The sessions"))
    List<SessionResponse> list(@AuthenticationPrincipal CurrentUser caller, Authentication authentication) {
        String current = authentication instanceof SessionAuthentication session ? session.sessionHandle() : null;
        return sessions.of(caller.id()).stream().map(details -> response(details, current)).toList();
    }

    @DeleteMapping("/sessions/{sessionId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "revokeBrowserSession", summary = "End one of the caller's browser sessions",
            responses = {
                    @ApiResponse(responseCode = "204", description = "Ended"),
                    @ApiResponse(responseCode = "404", description = "NOT_FOUND: the caller has no such session",
                            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))) })
    void revoke(@AuthenticationPrincipal CurrentUser caller, @PathVariable UUID sessionId) {
        if (!sessions.revoke(caller.id(), sessionId.toString())) {
            throw new ApiException(ErrorCode.NOT_FOUND, "There is no such session.");
        }
    }

    @DeleteMapping("/sessions")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "revokeAllBrowserSessions",
            summary = "End every browser session of the caller, the current one included",
            responses = @ApiResponse(responseCode = "204", description = "Ended"))
    void revokeAll(@AuthenticationPrincipal CurrentUser caller) {
        sessions.revokeAll(caller.id());
    }

    private static SessionAuthentication sessionOf(Authentication authentication) {
        if (authentication instanceof SessionAuthentication session) {
            return session;
        }
        throw noSession();
    }

    private static ApiException noSession() {
        return new ApiException(ErrorCode.UNAUTHENTICATED, "There is no browser session.");
    }

    private static SessionResponse response(BrowserSessions.Details details, @Nullable String currentHandle) {
        return new SessionResponse(UUID.fromString(details.handle()), details.userAgent(), details.createdAt(),
                details.lastSeenAt(), details.expiresAt(), details.handle().equals(currentHandle));
    }
}
