package dev.togglbff.auth;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.togglbff.web.ApiException;
import dev.togglbff.web.ErrorCode;
import dev.togglbff.web.FieldError;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Sign-in with an external OpenID Connect provider for a browser session, and the provider's
 * back-channel logout. Answers {@code 404} while {@code bff.auth.oidc.issuer-uri} is not set.
 */
@RestController
@RequestMapping(OidcLogin.BASE_PATH)
@Tag(name = "Browser sessions", description = "Cookie sessions for web frontends: no token ever reaches the page")
class OidcController {

    static final int MAX_LOGOUT_TOKEN = 16_384;

    private final OidcLogin oidc;
    private final ExternalUsers externalUsers;
    private final BrowserSessions sessions;
    private final BackChannelLogout backChannel;
    private final LoginThrottle throttle;

    OidcController(OidcLogin oidc, ExternalUsers externalUsers, BrowserSessions sessions, BackChannelLogout backChannel,
            LoginThrottle throttle) {
        this.oidc = oidc;
        this.externalUsers = externalUsers;
        this.sessions = sessions;
        this.backChannel = backChannel;
        this.throttle = throttle;
    }

    @Schema(description = "The back-channel logout request of OpenID Connect Back-Channel Logout 1.0")
    record BackChannelLogoutForm(@JsonProperty("logout_token") @Schema(requiredMode = Schema.RequiredMode.REQUIRED,
            maxLength = MAX_LOGOUT_TOKEN, description = "the provider's signed logout token (a JWT)") String logoutToken) {
    }

    @Schema(description = "The outcome of a back-channel logout")
    record BackChannelLogoutResponse(@Schema(description = "browser sessions ended (0 when none was live)")
            int sessionsEnded) {
    }

    @GetMapping("/login")
    @SecurityRequirements
    @Operation(operationId = "startOidcSignIn",
            summary = "Sign in with the identity provider (a browser navigation, not a fetch)",
            description = """
                    Sends the browser to the OpenID Connect provider's authorization endpoint (authorization code \
                    flow with PKCE S256, state and nonce). The pending sign-in is kept server-side, named by the \
                    session cookie this answer sets. Navigate the page here (location.assign); the provider \
                    sends the browser back to /api/v1/auth/oidc/callback.""",
            responses = {
                    @ApiResponse(responseCode = "302", description = "To the identity provider",
                            headers = @Header(name = "Location", description = "the provider's authorization URL",
                                    schema = @Schema(type = "string", format = "uri"))),
                    @ApiResponse(responseCode = "404", description = "NOT_FOUND: sign-in with an identity provider is not configured",
                            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
                    @ApiResponse(responseCode = "429", description = "TOO_MANY_REQUESTS: too many sign-ins started from this address; see Retry-After",
                            headers = @Header(name = "Retry-After", description = "seconds to wait",
                                    schema = @Schema(type = "integer")),
                            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
                    @ApiResponse(responseCode = "503", description = "UPSTREAM_UNAVAILABLE: the identity provider cannot be reached",
                            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))) })
    ResponseEntity<Void> login(HttpServletRequest request, HttpServletResponse response) {
        requireConfigured();
        Optional<Duration> blocked = throttle.oidcStart(request.getRemoteAddr());
        if (blocked.isPresent()) {
            throw ApiException.retryable(ErrorCode.TOO_MANY_REQUESTS,
                    "Too many sign-ins started from this address; try again later.", blocked.get());
        }
        URI authorization = oidc.start(request, response);
        return ResponseEntity.status(HttpStatus.FOUND).location(authorization).build();
    }

    @GetMapping("/callback")
    @SecurityRequirements
    @Operation(operationId = "finishOidcSignIn",
            summary = "Where the identity provider sends the browser back (register this URL at the provider)",
            description = """
                    Finishes the sign-in the same browser started: the state must match, the code is exchanged \
                    with the PKCE verifier and the ID token checked (signature, issuer, audience, expiry, nonce). \
                    The provider's user is mapped to a local user (provisioned on first sign-in, as for the \
                    provider's bearer tokens), a new browser session starts (a new cookie value; any session \
                    the browser had is ended) and the browser goes to bff.auth.oidc.frontend-url. No token of \
                    the provider ever reaches the browser.""",
            responses = {
                    @ApiResponse(responseCode = "302", description = "Signed in; Set-Cookie carries the session cookie",
                            headers = @Header(name = "Location", description = "the frontend (bff.auth.oidc.frontend-url)",
                                    schema = @Schema(type = "string", format = "uri"))),
                    @ApiResponse(responseCode = "400", description = "VALIDATION_FAILED: no sign-in with this state is under way in this browser, or neither code nor error is given",
                            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
                    @ApiResponse(responseCode = "401", description = "UNAUTHENTICATED: the provider refused the sign-in or its answer did not check out",
                            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
                    @ApiResponse(responseCode = "404", description = "NOT_FOUND: sign-in with an identity provider is not configured",
                            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
                    @ApiResponse(responseCode = "502", description = "UPSTREAM_UNAVAILABLE: the identity provider could not be asked (also 503)",
                            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))) })
    ResponseEntity<Void> callback(
            @Parameter(description = "the authorization code") @RequestParam(required = false) @Size(max = 4096) @Nullable String code,
            @Parameter(description = "the state of the sign-in") @RequestParam(required = false) @Size(max = 1024) @Nullable String state,
            @Parameter(description = "the provider's error code, instead of a code") @RequestParam(required = false) @Size(max = 256) @Nullable String error,
            @Parameter(description = "the provider's description of the error") @RequestParam(name = "error_description", required = false) @Size(max = 1024) @Nullable String errorDescription,
            HttpServletRequest request, HttpServletResponse response) {
        requireConfigured();
        OidcLogin.Identity identity = oidc.finish(request, response);
        CurrentUser user = externalUsers.resolve(identity.issuer(), identity.subject(), identity.preferredUsername(),
                identity.displayName());
        sessions.start(request, user,
                new BrowserSessions.OidcIdentity(identity.issuer(), identity.subject(), identity.sid()));
        return ResponseEntity.status(HttpStatus.FOUND).location(oidc.frontendUrl()).build();
    }

    @PostMapping(path = "/backchannel-logout", consumes = MediaType.APPLICATION_FORM_URLENCODED_VALUE)
    @SecurityRequirements
    @Operation(operationId = "oidcBackChannelLogout",
            summary = "OpenID Connect back-channel logout (called by the identity provider; register this URL there)",
            description = """
                    The provider posts a signed logout token; when it checks out (signature against the provider's \
                    keys, issuer, audience = this service's client id, iat, exp and jti, the back-channel logout \
                    event, sid or sub, no nonce) every browser session of that provider session (sid), or else of \
                    that user (sub), ends. An invalid token ends nothing; a token received before (a retried \
                    delivery, a replay) ends nothing more and answers sessionsEnded 0.""",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(required = true,
                    content = @Content(mediaType = MediaType.APPLICATION_FORM_URLENCODED_VALUE,
                            schema = @Schema(implementation = BackChannelLogoutForm.class))),
            responses = {
                    @ApiResponse(responseCode = "200", description = "The sessions are ended"),
                    @ApiResponse(responseCode = "400", description = "VALIDATION_FAILED: the logout token is missing or does not check out",
                            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
                    @ApiResponse(responseCode = "404", description = "NOT_FOUND: sign-in with an identity provider is not configured",
                            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
                    @ApiResponse(responseCode = "409", description = "CONFLICT: the same token is being acted upon now (its first delivery); deliver it again after Retry-After",
                            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
                    @ApiResponse(responseCode = "503", description = "UPSTREAM_UNAVAILABLE: the provider's keys cannot be read",
                            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))) })
    BackChannelLogoutResponse backChannelLogout(HttpServletRequest request) {
        requireConfigured();
        String[] values;
        try {
            values = request.getParameterValues("logout_token");
        }
        catch (IllegalStateException ex) {
            // The servlet container refuses a form whose bytes do not decode (a bad escape, not UTF-8).
            throw invalid("The form body is malformed (a bad percent-escape or bytes that are not UTF-8).",
                    "does not decode");
        }
        if (values == null || values.length != 1 || values[0].isBlank()) {
            throw invalid("A single logout_token is required.", "missing");
        }
        String token = values[0];
        if (token.length() > MAX_LOGOUT_TOKEN) {
            throw invalid("The logout_token is too long.", "too long");
        }
        try {
            return new BackChannelLogoutResponse(backChannel.logout(token));
        }
        catch (BackChannelLogout.InvalidLogoutToken ex) {
            throw invalid(ex.getMessage(), "invalid");
        }
        catch (BackChannelLogout.UnderWay ex) {
            throw ApiException.retryable(ErrorCode.CONFLICT,
                    "This logout token is being acted upon now; deliver it again in a moment.", Duration.ofSeconds(1));
        }
        catch (BackChannelLogout.KeysUnavailable ex) {
            throw ApiException.withStatus(ErrorCode.UPSTREAM_UNAVAILABLE, 503,
                    "The identity provider's keys cannot be read; the logout token cannot be checked now.");
        }
    }

    private static ApiException invalid(String detail, String why) {
        return ApiException.validation(detail, List.of(new FieldError("logout_token", why)));
    }

    private void requireConfigured() {
        if (!oidc.configured()) {
            throw new ApiException(ErrorCode.NOT_FOUND, "Sign-in with an identity provider is not configured.");
        }
    }
}
