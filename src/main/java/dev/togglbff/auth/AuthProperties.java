package dev.togglbff.auth;

import java.time.Duration;
import java.util.List;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.core.io.Resource;
import org.springframework.util.StringUtils;
import org.springframework.validation.annotation.Validated;

/**
 * {@code bff.auth.*}: sign-in, tokens and login throttling.
 *
 * @param selfRegistration whether {@code POST /api/v1/auth/register} is open
 * @param jwt              access-token signing
 * @param refreshTokenTtl  lifetime of a refresh token (each refresh issues a new one)
 * @param throttle         failed-login limits
 * @param userCheckTtl     how long the fact that a token's user exists is reused before it is looked up again
 *                         (a deleted user's tokens are refused at most this long after the deletion)
 * @param session          browser (cookie) sessions
 * @param oidc             sign-in with an external OpenID Connect provider for a browser session (off unless
 *                         {@code issuer-uri} is set)
 */
@Validated
@ConfigurationProperties("bff.auth")
record AuthProperties(boolean selfRegistration, @Valid @NotNull Jwt jwt, @NotNull Duration refreshTokenTtl,
        @Valid @NotNull Throttle throttle, @NotNull Duration userCheckTtl, @Valid @NotNull Session session,
        @Valid @NotNull Oidc oidc) {

    /**
     * @param issuer             the {@code iss} of the access tokens this service signs
     * @param accessTokenTtl     lifetime of an access token
     * @param privateKeyLocation PKCS#8 PEM of the RSA signing key (required in {@code prod};
     *                           generated into the data folder by the embedded default)
     * @param publicKeyLocation  X.509 PEM of the matching public key
     */
    public record Jwt(@NotBlank String issuer, @NotNull Duration accessTokenTtl,
            @Nullable Resource privateKeyLocation, @Nullable Resource publicKeyLocation) {
    }

    /**
     * @param maxFailuresPerUsername failed logins for one username allowed within the window
     * @param maxFailuresPerAddress  failed logins from one client address allowed within the window
     * @param maxOidcStartsPerAddress OIDC sign-ins one client address may start within the window (each
     *                              keeps a pending server-side session until it finishes or times out)
     * @param window                 how long a failed login counts
     */
    public record Throttle(@Min(1) int maxFailuresPerUsername, @Min(1) int maxFailuresPerAddress,
            @Min(1) int maxOidcStartsPerAddress, @NotNull Duration window) {
    }

    /**
     * @param cookieName      name of the session cookie; must start with {@code __Host-}
     * @param sameSite        the cookie's SameSite attribute ({@code Lax} or {@code Strict})
     * @param idleTimeout     a session unused for this long ends
     * @param absoluteTimeout a session ends this long after its sign-in, however busy
     * @param csrfHeader      the header every cookie-authenticated API call must send (with the value {@code 1})
     */
    public record Session(@NotBlank @Pattern(regexp = "__Host-[A-Za-z0-9_-]+") String cookieName,
            @NotBlank @Pattern(regexp = "Lax|Strict") String sameSite, @NotNull Duration idleTimeout,
            @NotNull Duration absoluteTimeout, @NotBlank String csrfHeader) {
    }

    /**
     * @param issuerUri             the provider's issuer; its settings are read from
     *                              {@code <issuer>/.well-known/openid-configuration} on first use. Unset: the
     *                              OIDC endpoints answer {@code 404}
     * @param clientId              this service's client id at the provider (required with {@code issuerUri})
     * @param clientSecret          its secret; blank for a public client (PKCE alone)
     * @param scopes                scopes asked for ({@code openid} among them)
     * @param redirectUri           the callback registered at the provider; {@code {baseUrl}} is this service's
     *                              external base URL as the browser reached it
     * @param frontendUrl           where the browser goes after signing in (required with {@code issuerUri})
     * @param postLogoutRedirectUri where the provider sends the browser after signing out there (default:
     *                              {@code frontendUrl}); must be registered at the provider
     * @param loginTimeout          how long a started sign-in may take at the provider
     */
    public record Oidc(@Nullable String issuerUri, @Nullable String clientId, @Nullable String clientSecret,
            @NotEmpty List<String> scopes, @NotBlank String redirectUri, @Nullable String frontendUrl,
            @Nullable String postLogoutRedirectUri, @NotNull Duration loginTimeout) {

        /** Whether OIDC sign-in is configured. */
        public boolean configured() {
            return StringUtils.hasText(issuerUri);
        }
    }
}
