package dev.togglbff.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.http.client.SimpleClientHttpRequestFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.stereotype.Component;
import org.springframework.util.StringUtils;
import org.springframework.web.client.RestTemplate;

/**
 * OpenID Connect Back-Channel Logout 1.0: checks a provider's logout token and ends the browser
 * sessions it names. The token must be signed with one of the provider's keys (its JWK set, as
 * for ID tokens), come from its issuer, name this service's client id in {@code aud}, carry
 * {@code iat}, an unexpired {@code exp} and a {@code jti}, the back-channel logout event in
 * {@code events}, a {@code sid} or {@code sub}, and no {@code nonce}. An invalid token ends
 * nothing; nor does a valid one acted upon before ({@link ReceivedLogoutTokens}).
 */
@Component
class BackChannelLogout {

    private static final Logger log = LoggerFactory.getLogger(BackChannelLogout.class);

    static final String EVENT = "http://schemas.openid.net/event/backchannel-logout";
    private static final Duration CLOCK_SKEW = Duration.ofSeconds(60);
    private static final Duration MAX_AGE = Duration.ofMinutes(10);
    /** How long a token can pass the checks at most: its {@code iat} up to the skew ahead, until {@link #MAX_AGE} old. */
    static final Duration ACCEPTED_FOR = MAX_AGE.plus(CLOCK_SKEW);

    /** A logout token that failed a check; the message names the check, never the token. */
    static final class InvalidLogoutToken extends RuntimeException {

        InvalidLogoutToken(String message) {
            super(message, null, false, false);
        }
    }

    private final OidcLogin oidc;
    private final BrowserSessions sessions;
    private final ReceivedLogoutTokens received;
    private final Clock clock;
    private volatile @Nullable JwtDecoder decoder;

    BackChannelLogout(OidcLogin oidc, BrowserSessions sessions, ReceivedLogoutTokens received, Clock clock) {
        this.oidc = oidc;
        this.sessions = sessions;
        this.received = received;
        this.clock = clock;
    }

    /** Checks the token and ends the sessions it names; returns how many were ended. */
    int logout(String logoutToken) {
        Jwt token;
        try {
            token = decoder().decode(logoutToken);
        }
        catch (JwtException ex) {
            if (keysUnavailable(ex)) {
                log.warn("Back-channel logout: the provider's keys cannot be read");
                throw new KeysUnavailable();
            }
            log.info("Back-channel logout refused: {}", reason(ex));
            throw new InvalidLogoutToken("The logout token is not valid: " + reason(ex));
        }
        String sid = token.getClaimAsString("sid");
        String subject = token.getSubject();
        String issuer = oidc.issuer();
        String jti = token.getId();
        switch (received.receive(issuer, jti)) {
            case DONE -> {
                // The provider delivered it again, or someone replays it: the sessions it named have
                // ended already, and the ones begun since are not its to end.
                log.info("Back-channel logout token received before; nothing more is ended");
                return 0;
            }
            case UNDER_WAY -> throw new UnderWay();
            case FIRST -> {
            }
        }
        try {
            int ended = sessions.endOidc(issuer, StringUtils.hasText(sid) ? sid : null,
                    StringUtils.hasText(subject) ? subject : null);
            received.done(issuer, jti);
            return ended;
        }
        catch (RuntimeException ex) {
            received.forget(issuer, jti);
            throw ex;
        }
    }

    /** The same token is being acted upon now (its first delivery): the provider is to try again. */
    static final class UnderWay extends RuntimeException {

        UnderWay() {
            super("The logout token is being acted upon", null, false, false);
        }
    }

    /** The provider's JWK set could not be read: nothing can be checked now. */
    static final class KeysUnavailable extends RuntimeException {

        KeysUnavailable() {
            super("The provider's keys cannot be read", null, false, false);
        }
    }

    private static boolean keysUnavailable(Throwable ex) {
        for (Throwable cause = ex; cause != null; cause = cause.getCause()) {
            if (cause instanceof com.nimbusds.jose.RemoteKeySourceException) {
                return true;
            }
        }
        return false;
    }

    private static String reason(JwtException ex) {
        String message = ex.getMessage();
        if (message == null) {
            return "it cannot be read";
        }
        // Spring's messages name the failed check (and never the token); keep them short.
        return message.length() > 200 ? message.substring(0, 200) : message;
    }

    private JwtDecoder decoder() {
        JwtDecoder known = decoder;
        if (known != null) {
            return known;
        }
        synchronized (this) {
            if (decoder == null) {
                decoder = build(oidc.registration());
            }
            return decoder;
        }
    }

    private JwtDecoder build(ClientRegistration registration) {
        SimpleClientHttpRequestFactory http = new SimpleClientHttpRequestFactory();
        http.setConnectTimeout(Duration.ofSeconds(2));
        http.setReadTimeout(Duration.ofSeconds(10));
        NimbusJwtDecoder nimbus = NimbusJwtDecoder.withJwkSetUri(registration.getProviderDetails().getJwkSetUri())
            .jwsAlgorithms(algorithms -> algorithms.addAll(List.of(SignatureAlgorithm.RS256, SignatureAlgorithm.RS384,
                    SignatureAlgorithm.RS512, SignatureAlgorithm.PS256, SignatureAlgorithm.PS384,
                    SignatureAlgorithm.PS512, SignatureAlgorithm.ES256, SignatureAlgorithm.ES384,
                    SignatureAlgorithm.ES512)))
            .restOperations(new RestTemplate(http))
            .build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator(CLOCK_SKEW);
        timestamps.setClock(clock);
        String clientId = registration.getClientId();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(timestamps,
                new JwtIssuerValidator(registration.getProviderDetails().getIssuerUri()),
                check(jwt -> jwt.getAudience() != null && jwt.getAudience().contains(clientId),
                        "its audience is not this service's client id"),
                check(jwt -> jwt.getExpiresAt() != null, "it has no exp"),
                check(jwt -> StringUtils.hasText(jwt.getId()), "it has no jti"),
                check(this::issuedRecently, "its iat is missing, in the future or too old"),
                check(BackChannelLogout::hasLogoutEvent, "its events claim has no back-channel logout event"),
                check(jwt -> StringUtils.hasText(jwt.getClaimAsString("sid")) || StringUtils.hasText(jwt.getSubject()),
                        "it has neither sid nor sub"),
                check(jwt -> !jwt.hasClaim("nonce"), "it carries a nonce")));
        nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return nimbus;
    }

    private boolean issuedRecently(Jwt jwt) {
        Instant issued = jwt.getIssuedAt();
        Instant now = clock.instant();
        return issued != null && !issued.isAfter(now.plus(CLOCK_SKEW)) && !issued.isBefore(now.minus(MAX_AGE));
    }

    private static boolean hasLogoutEvent(Jwt jwt) {
        return jwt.getClaims().get("events") instanceof Map<?, ?> events && events.get(EVENT) instanceof Map<?, ?>;
    }

    private interface Check {

        boolean passes(Jwt jwt);
    }

    private static OAuth2TokenValidator<Jwt> check(Check check, String failure) {
        return jwt -> check.passes(jwt) ? OAuth2TokenValidatorResult.success()
                : OAuth2TokenValidatorResult.failure(new OAuth2Error("invalid_token", failure, null));
    }
}
