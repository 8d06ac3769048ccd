package dev.togglbff.auth;

import dev.togglbff.auth.AuthApi.RefreshRequest;
import dev.togglbff.auth.AuthApi.RegisterRequest;
import dev.togglbff.auth.AuthApi.TokenRequest;
import dev.togglbff.auth.AuthApi.TokenResponse;
import dev.togglbff.auth.AuthApi.UserResponse;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.security.SecurityRequirements;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;

import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/auth")
@Tag(name = "Auth", description = "Accounts, access tokens and refresh tokens")
@SecurityRequirements
class AuthController {

    private final AuthService auth;

    AuthController(AuthService auth) {
        this.auth = auth;
    }

    @PostMapping("/register")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(operationId = "register", summary = "Create an account", responses = {
            @ApiResponse(responseCode = "201", description = "Created"),
            @ApiResponse(responseCode = "400", description = "VALIDATION_FAILED: bad username or password shape",
                    content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
            @ApiResponse(responseCode = "403", description = "FORBIDDEN: self-registration is switched off",
                    content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
            @ApiResponse(responseCode = "409", description = "CONFLICT: the username is taken (in any case)",
                    content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))) })
    UserResponse register(@Valid @RequestBody RegisterRequest request) {
        return auth.register(request);
    }

    @PostMapping("/token")
    @Operation(operationId = "signIn", summary = "Sign in with username and password", responses = {
            @ApiResponse(responseCode = "200", description = "Signed in"),
            @ApiResponse(responseCode = "401", description = "UNAUTHENTICATED: wrong username or password",
                    content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))),
            @ApiResponse(responseCode = "429", description = "TOO_MANY_REQUESTS: too many failed logins; see Retry-After",
                    content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))) })
    TokenResponse token(@Valid @RequestBody TokenRequest request, HttpServletRequest http) {
        return auth.signIn(request.username(), request.password(), http.getRemoteAddr());
    }

    @PostMapping("/refresh")
    @Operation(operationId = "refreshTokens",
            summary = "Trade a refresh token for a new token pair (the old refresh token is revoked)",
            responses = {
                    @ApiResponse(responseCode = "200", description = "New tokens"),
                    @ApiResponse(responseCode = "401",
                            description = "UNAUTHENTICATED: unknown, expired or revoked refresh token; reuse of a revoked one signs the whole session out",
                            content = @Content(mediaType = "application/problem+json", schema = @Schema(implementation = ProblemDetail.class))) })
    TokenResponse refresh(@Valid @RequestBody RefreshRequest request) {
        return auth.refresh(request.refreshToken());
    }

    @PostMapping("/logout")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @Operation(operationId = "signOut",
            summary = "Sign out: revoke the refresh token and every token rotated from the same sign-in",
            responses = @ApiResponse(responseCode = "204", description = "Signed out"))
    void logout(@Valid @RequestBody RefreshRequest request) {
        auth.signOut(request.refreshToken());
    }
}
