package dev.togglbff.auth;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import dev.togglbff.web.ApiException;
import dev.togglbff.web.ErrorCode;
import dev.togglbff.web.FieldError;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.http.converter.FormHttpMessageConverter;
import org.springframework.security.oauth2.client.authentication.OAuth2LoginAuthenticationToken;
import org.springframework.security.oauth2.client.endpoint.RestClientAuthorizationCodeTokenResponseClient;
import org.springframework.security.oauth2.client.http.OAuth2ErrorResponseErrorHandler;
import org.springframework.security.oauth2.client.oidc.authentication.OidcAuthorizationCodeAuthenticationProvider;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.client.registration.InMemoryClientRegistrationRepository;
import org.springframework.security.oauth2.client.userinfo.DefaultOAuth2UserService;
import org.springframework.security.oauth2.client.web.DefaultOAuth2AuthorizationRequestResolver;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizationRequestRepository;
import org.springframework.security.oauth2.core.ClientAuthenticationMethod;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationExchange;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationRequest;
import org.springframework.security.oauth2.core.endpoint.OAuth2AuthorizationResponse;
import org.springframework.security.oauth2.core.endpoint.OAuth2ParameterNames;
import org.springframework.security.oauth2.core.http.converter.OAuth2AccessTokenResponseHttpMessageConverter;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestTemplate;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * Sign-in with an external OpenID Connect provider (authorization code flow with PKCE S256, state
 * and nonce), built from Spring Security's OAuth2 client parts. The provider's settings are read
 * from its discovery document on first use, so an unreachable provider does not stop start-up.
 * The pending authorization request (state, nonce, PKCE verifier) waits in the browser's
 * server-side session for at most {@code bff.auth.oidc.login-timeout}. None of the provider's
 * tokens is kept once the ID token has been checked: the browser session holds only the
 * provider's issuer, subject and session id ({@code sid}).
 */
@Component
class OidcLogin {

    private static final Logger log = LoggerFactory.getLogger(OidcLogin.class);

    static final String BASE_PATH = "/api/v1/auth/oidc";
    static final String REGISTRATION_ID = "oidc";
    private static final Pattern ERROR_CODE = Pattern.compile("[a-z_]{1,64}");
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    /** Who signed in at the provider. */
    record Identity(String issuer, String subject, @Nullable String sid, String preferredUsername,
            String displayName) {
    }

    private final AuthProperties.Oidc settings;
    private final HttpSessionOAuth2AuthorizationRequestRepository pending = new HttpSessionOAuth2AuthorizationRequestRepository();
    private final SingletonSupplier<OidcAuthorizationCodeAuthenticationProvider> codeExchange =
            SingletonSupplier.of(OidcLogin::newCodeExchange);
    private volatile @Nullable ClientRegistration registration;

    OidcLogin(AuthProperties properties) {
        this.settings = properties.oidc();
        if (settings.configured()) {
            if (!StringUtils.hasText(settings.clientId())) {
                throw new IllegalStateException("bff.auth.oidc.client-id is required when bff.auth.oidc.issuer-uri is set");
            }
            if (!absoluteUrl(settings.frontendUrl())) {
                throw new IllegalStateException(
                        "bff.auth.oidc.frontend-url (an absolute http(s) URL) is required when bff.auth.oidc.issuer-uri is set");
            }
            if (StringUtils.hasText(settings.postLogoutRedirectUri()) && !absoluteUrl(settings.postLogoutRedirectUri())) {
                throw new IllegalStateException("bff.auth.oidc.post-logout-redirect-uri must be an absolute http(s) URL");
            }
            if (!settings.scopes().contains("openid")) {
                throw new IllegalStateException("bff.auth.oidc.scopes must contain openid");
            }
        }
    }

    /**
     * The code exchange and ID token check, built on first use: its HTTP clients (and the TLS
     * context they load) are needed only when a sign-in comes back from the provider, and never
     * while OIDC is off.
     */
    private OidcAuthorizationCodeAuthenticationProvider codeExchange() {
        return codeExchange.obtain();
    }

    private static OidcAuthorizationCodeAuthenticationProvider newCodeExchange() {
        SimpleClientHttpRequestFactory http = new SimpleClientHttpRequestFactory();
        http.setConnectTimeout(CONNECT_TIMEOUT);
        http.setReadTimeout(READ_TIMEOUT);
        RestClientAuthorizationCodeTokenResponseClient tokens = new RestClientAuthorizationCodeTokenResponseClient();
        tokens.setRestClient(RestClient.builder()
            .requestFactory(http)
            .configureMessageConverters(converters -> {
                converters.addCustomConverter(new FormHttpMessageConverter());
                converters.addCustomConverter(new OAuth2AccessTokenResponseHttpMessageConverter());
            })
            .defaultStatusHandler(new OAuth2ErrorResponseErrorHandler())
            .build());
        RestTemplate userInfoHttp = new RestTemplate(http);
        userInfoHttp.setErrorHandler(new OAuth2ErrorResponseErrorHandler());
        DefaultOAuth2UserService userInfo = new DefaultOAuth2UserService();
        userInfo.setRestOperations(userInfoHttp);
        OidcUserService users = new OidcUserService();
        users.setOauth2UserService(userInfo);
        return new OidcAuthorizationCodeAuthenticationProvider(tokens, users);
    }

    private static boolean absoluteUrl(@Nullable String value) {
        if (!StringUtils.hasText(value)) {
            return false;
        }
        try {
            URI uri = URI.create(value);
            return ("https".equals(uri.getScheme()) || "http".equals(uri.getScheme())) && uri.getHost() != null;
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
    }

    boolean configured() {
        return settings.configured();
    }

    /** The provider's issuer as configured (the {@code iss} of its tokens). */
    String issuer() {
        return registration().getProviderDetails().getIssuerUri();
    }

    String clientId() {
        return registration().getClientId();
    }

    /** The client registration, discovered from the provider on first use (again after a failure). */
    ClientRegistration registration() {
        ClientRegistration known = registration;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (registration == null) {
                registration = discover();
            }
            return registration;
        }
    }

    private ClientRegistration discover() {
        String issuer = settings.issuerUri();
        try {
            ClientRegistration.Builder builder = ClientRegistrations.fromOidcIssuerLocation(issuer)
                .registrationId(REGISTRATION_ID)
                .clientId(settings.clientId())
                .scope(settings.scopes())
                .redirectUri(settings.redirectUri())
                .clientSettings(ClientRegistration.ClientSettings.builder().requireProofKey(true).build());
            if (StringUtils.hasText(settings.clientSecret())) {
                builder.clientSecret(settings.clientSecret());
            }
            else {
                builder.clientAuthenticationMethod(ClientAuthenticationMethod.NONE);
            }
            ClientRegistration discovered = builder.build();
            log.info("OIDC provider {} discovered", issuer);
            return discovered;
        }
        catch (RuntimeException ex) {
            log.warn("OIDC provider {} could not be discovered: {}", issuer, ex.getClass().getSimpleName());
            throw ApiException.withStatus(ErrorCode.UPSTREAM_UNAVAILABLE, 503,
                    "The identity provider cannot be reached; try again later.");
        }
    }

    /**
     * Starts a sign-in: keeps the authorization request (state, nonce, PKCE verifier) in the
     * browser's session and returns the provider's authorization URL to send the browser to.
     */
    URI start(HttpServletRequest request, HttpServletResponse response) {
        ClientRegistration client = registration();
        DefaultOAuth2AuthorizationRequestResolver resolver = new DefaultOAuth2AuthorizationRequestResolver(
                new InMemoryClientRegistrationRepository(client), BASE_PATH + "/login");
        OAuth2AuthorizationRequest authorization = resolver.resolve(request, REGISTRATION_ID);
        if (authorization == null) {
            throw new IllegalStateException("No authorization request for the OIDC registration");
        }
        pending.saveAuthorizationRequest(authorization, request, response);
        HttpSession session = request.getSession(false);
        if (session != null && session.getAttribute(BrowserSessions.USER_ID) == null) {
            // Not signed in yet: this session only carries the pending sign-in, briefly.
            session.setMaxInactiveInterval((int) settings.loginTimeout().toSeconds());
        }
        return URI.create(authorization.getAuthorizationRequestUri());
    }

    /**
     * Finishes a sign-in at the redirect back from the provider: the state must name the sign-in
     * this browser started; the code is exchanged (with the PKCE verifier) and the ID token checked
     * (signature against the provider's keys, issuer, audience, expiry, nonce).
     */
    Identity finish(HttpServletRequest request, HttpServletResponse response) {
        String state = request.getParameter(OAuth2ParameterNames.STATE);
        OAuth2AuthorizationRequest authorization = StringUtils.hasText(state)
                ? pending.removeAuthorizationRequest(request, response) : null;
        if (authorization == null) {
            log.info("OIDC callback refused: no sign-in with its state is under way in this browser");
            throw ApiException.validation("No sign-in with this state is under way in this browser; start again.",
                    List.of(new FieldError("state", "unknown")));
        }
        String redirectUri = authorization.getRedirectUri();
        String error = request.getParameter(OAuth2ParameterNames.ERROR);
        String code = request.getParameter(OAuth2ParameterNames.CODE);
        OAuth2AuthorizationResponse answer;
        if (StringUtils.hasText(error)) {
            answer = OAuth2AuthorizationResponse.error(error).redirectUri(redirectUri).state(state).build();
        }
        else if (StringUtils.hasText(code)) {
            answer = OAuth2AuthorizationResponse.success(code).redirectUri(redirectUri).state(state).build();
        }
        else {
            throw ApiException.validation("The callback carries neither a code nor an error.",
                    List.of(new FieldError("code", "missing")));
        }
        ClientRegistration client = registration();
        OAuth2LoginAuthenticationToken result;
        try {
            result = (OAuth2LoginAuthenticationToken) codeExchange().authenticate(new OAuth2LoginAuthenticationToken(
                    client, new OAuth2AuthorizationExchange(authorization, answer)));
        }
        catch (OAuth2AuthenticationException ex) {
            String reason = ex.getError().getErrorCode();
            String shown = reason != null && ERROR_CODE.matcher(reason).matches() ? reason : "invalid_response";
            log.info("OIDC sign-in refused: {}", shown);
            throw new ApiException(ErrorCode.UNAUTHENTICATED,
                    "The sign-in with the identity provider did not succeed (" + shown + ").");
        }
        catch (RuntimeException ex) {
            log.warn("OIDC sign-in failed: {}", ex.getClass().getSimpleName());
            throw ApiException.withStatus(ErrorCode.UPSTREAM_UNAVAILABLE, 502,
                    "The identity provider could not be asked; try again later.");
        }
        if (result == null || !(result.getPrincipal() instanceof OidcUser user)) {
            throw new ApiException(ErrorCode.UNAUTHENTICATED, "The identity provider did not sign the user in.");
        }
        String issuer = user.getIdToken().getIssuer().toString();
        String preferred = user.getPreferredUsername();
        String name = user.getFullName();
        return new Identity(issuer, user.getSubject(), user.getIdToken().getClaimAsString("sid"),
                StringUtils.hasText(preferred) ? preferred : user.getSubject(), name != null ? name : "");
    }

    /** Where the frontend lives: the browser goes there after signing in. */
    URI frontendUrl() {
        return URI.create(settings.frontendUrl());
    }

    /**
     * The provider's end-session URL for RP-initiated logout (with {@code client_id} and
     * {@code post_logout_redirect_uri}), when the provider has one. The ID token is not sent as
     * {@code id_token_hint}: the URL is handed to the page, and no token ever is.
     */
    Optional<URI> endSessionUrl() {
        Map<String, Object> metadata = registration().getProviderDetails().getConfigurationMetadata();
        if (!(metadata.get("end_session_endpoint") instanceof String endpoint) || !absoluteUrl(endpoint)) {
            return Optional.empty();
        }
        String after = StringUtils.hasText(settings.postLogoutRedirectUri()) ? settings.postLogoutRedirectUri()
                : settings.frontendUrl();
        return Optional.of(UriComponentsBuilder.fromUriString(endpoint)
            .queryParam("client_id", registration().getClientId())
            .queryParam("post_logout_redirect_uri", after)
            .encode()
            .build()
            .toUri());
    }
}
