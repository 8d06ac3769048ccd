package dev.togglbff.auth;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.convert.converter.Converter;
import org.springframework.security.authentication.AuthenticationManager;
import org.springframework.security.authentication.AuthenticationManagerResolver;
import org.springframework.security.core.Authentication;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtDecoders;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusJwtEncoder;
import org.springframework.security.oauth2.jwt.SupplierJwtDecoder;
import org.springframework.security.oauth2.server.resource.InvalidBearerTokenException;
import org.springframework.security.oauth2.server.resource.authentication.BearerTokenAuthenticationToken;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationProvider;
import org.springframework.security.oauth2.server.resource.authentication.JwtIssuerAuthenticationManagerResolver;
import org.springframework.util.StringUtils;
import org.springframework.util.function.SingletonSupplier;

import jakarta.servlet.http.HttpServletRequest;

/**
 * Token machinery: the signing key, the encoder for our access tokens, the decoder that checks
 * them, and (when {@code spring.security.oauth2.resourceserver.jwt.issuer-uri} or
 * {@code jwk-set-uri} is set) a second decoder for an external OIDC issuer. Bearer tokens are
 * routed to one or the other by their {@code iss}.
 */
@Configuration(proxyBeanMethods = false)
class TokenConfiguration {

    /** Verified access tokens remembered at most (one per active sign-in is plenty). */
    private static final long VERIFIED_TOKENS = 10_000;

    @Bean
    RSAKey jwtSigningKey(AuthProperties properties, @Value("${bff.data-dir}") Path dataDir) {
        return JwtKeyMaterial.load(properties.jwt(), dataDir);
    }

    @Bean
    JwtEncoder jwtEncoder(RSAKey jwtSigningKey) {
        return new NimbusJwtEncoder(new ImmutableJWKSet<>(new JWKSet(jwtSigningKey)));
    }

    /** Checks the access tokens this service signed: RS256 with our key, our issuer, not expired. */
    @Bean
    JwtDecoder jwtDecoder(RSAKey jwtSigningKey, AuthProperties properties, Clock clock) throws JOSEException {
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withPublicKey(jwtSigningKey.toRSAPublicKey())
            .signatureAlgorithm(SignatureAlgorithm.RS256)
            .build();
        JwtTimestampValidator timestamps = new JwtTimestampValidator();
        timestamps.setClock(clock);
        List<OAuth2TokenValidator<Jwt>> validators = List.of(timestamps,
                new JwtIssuerValidator(properties.jwt().issuer()),
                new JwtClaimValidator<@Nullable Object>("exp", exp -> exp != null),
                new JwtClaimValidator<@Nullable String>("sub", TokenConfiguration::isUuid));
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return decoder;
    }

    /**
     * Passwords are stored as {@code {bcrypt}} hashes, and only such a hash is checked: one of any
     * other scheme found in the database ({@code {noop}}, {@code {MD5}}, or none), which the service
     * never writes, matches no password, and neither does a bcrypt hash outside the costs the
     * service writes or one bcrypt cannot read; the sign-in answers {@code 401} as for a wrong
     * password. Each such refusal still costs one bcrypt check, as an unknown user's does, so the
     * answer's timing does not tell such an account apart.
     */
    @Bean
    PasswordEncoder passwordEncoder() {
        BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();
        StoredBcrypt stored = new StoredBcrypt(bcrypt);
        DelegatingPasswordEncoder encoder = new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", stored));
        encoder.setDefaultPasswordEncoderForMatches(new NoOtherScheme(stored));
        return encoder;
    }

    /**
     * Bcrypt for stored hashes: a hash whose cost is outside 4 to {@value #MAX_COST} (the service
     * writes 10), or that bcrypt refuses to read, matches nothing instead of failing the sign-in or
     * holding a thread for minutes.
     */
    static final class StoredBcrypt implements PasswordEncoder {

        static final int MAX_COST = 16;
        private static final Pattern HASH = Pattern.compile("\\$2[aby]?\\$(\\d\\d)\\$[./A-Za-z0-9]{53}");

        private final BCryptPasswordEncoder bcrypt;
        private final SingletonSupplier<String> decoy;

        StoredBcrypt(BCryptPasswordEncoder bcrypt) {
            this.bcrypt = bcrypt;
            this.decoy = SingletonSupplier.of(() -> bcrypt.encode(UUID.randomUUID().toString()));
        }

        @Override
        public @Nullable String encode(@Nullable CharSequence rawPassword) {
            return bcrypt.encode(rawPassword);
        }

        @Override
        public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
            if (rawPassword == null || encodedPassword == null || !readable(encodedPassword)) {
                refuse(rawPassword);
                return false;
            }
            try {
                return bcrypt.matches(rawPassword, encodedPassword);
            }
            catch (IllegalArgumentException ex) {
                return false;
            }
        }

        /** As long as a real check: a bcrypt check of the password against a hash nobody knows. */
        void refuse(@Nullable CharSequence rawPassword) {
            bcrypt.matches(rawPassword == null ? "" : rawPassword, decoy.obtain());
        }

        private static boolean readable(String hash) {
            Matcher matcher = HASH.matcher(hash);
            if (!matcher.matches()) {
                return false;
            }
            int cost = Integer.parseInt(matcher.group(1));
            return cost >= 4 && cost <= MAX_COST;
        }
    }

    /** What a stored hash of another scheme than bcrypt is checked with: it matches nothing. */
    private static final class NoOtherScheme implements PasswordEncoder {

        private final StoredBcrypt bcrypt;

        NoOtherScheme(StoredBcrypt bcrypt) {
            this.bcrypt = bcrypt;
        }

        @Override
        public String encode(@Nullable CharSequence rawPassword) {
            throw new UnsupportedOperationException("passwords are encoded with bcrypt only");
        }

        @Override
        public boolean matches(@Nullable CharSequence rawPassword, @Nullable String encodedPassword) {
            bcrypt.refuse(rawPassword);
            return false;
        }
    }

    /** Our access tokens once verified, remembered by their hash until they expire; see {@link VerifiedTokenCache}. */
    @Bean
    RememberedTokens rememberedTokens(JwtDecoder jwtDecoder, AuthProperties properties, LiveUsers liveUsers,
            Clock clock) {
        return new RememberedTokens(new VerifiedTokenCache(jwtDecoder, clock, VERIFIED_TOKENS,
                properties.jwt().accessTokenTtl()), liveUsers);
    }

    @Bean
    AuthenticationManagerResolver<HttpServletRequest> bearerTokenResolver(RememberedTokens rememberedTokens,
            AuthProperties properties, ExternalUsers externalUsers, LiveUsers liveUsers, Clock clock,
            @Value("${spring.security.oauth2.resourceserver.jwt.issuer-uri:}") String externalIssuer,
            @Value("${spring.security.oauth2.resourceserver.jwt.jwk-set-uri:}") String externalJwkSetUri,
            @Value("${spring.security.oauth2.resourceserver.jwt.audiences:}") List<String> externalAudiences) {
        String ourIssuer = properties.jwt().issuer();
        VerifiedTokenCache verified = rememberedTokens.verified();
        JwtAuthenticationProvider ours = new JwtAuthenticationProvider(verified);
        Converter<Jwt, BearerAuthentication> toUser = jwt -> new BearerAuthentication(
                new CurrentUser(UUID.fromString(jwt.getSubject()), usernameOf(jwt)), jwt);
        ours.setJwtAuthenticationConverter(toUser::convert);
        AuthenticationManager local = authentication -> live(ours.authenticate(authentication), liveUsers);

        AuthenticationManager external = externalManager(externalIssuer, externalJwkSetUri, externalAudiences,
                externalUsers, clock);
        String trustedExternal = StringUtils.hasText(externalIssuer) ? externalIssuer : null;
        JwtIssuerAuthenticationManagerResolver byIssuer = new JwtIssuerAuthenticationManagerResolver(issuer -> {
            if (ourIssuer.equals(issuer)) {
                return local;
            }
            if (external != null && (trustedExternal == null || trustedExternal.equals(issuer))) {
                return external;
            }
            return null;
        });
        // A token this service verified before (ours, still valid) skips reading its issuer and its
        // signature check; its user is still checked for existence.
        return request -> authentication -> {
            if (authentication instanceof BearerTokenAuthenticationToken bearer) {
                Jwt known = verified.remembered(bearer.getToken());
                if (known != null) {
                    BearerAuthentication authenticated = toUser.convert(known);
                    authenticated.setDetails(bearer.getDetails());
                    return live(authenticated, liveUsers);
                }
            }
            return byIssuer.resolve(request).authenticate(authentication);
        };
    }

    private static Authentication live(Authentication authenticated, LiveUsers liveUsers) {
        if (authenticated.getPrincipal() instanceof CurrentUser user && !liveUsers.exists(user.id())) {
            // Signed by us and unexpired, but its user has been deleted since.
            throw new InvalidBearerTokenException("The token's user no longer exists");
        }
        return authenticated;
    }

    private static @Nullable AuthenticationManager externalManager(String issuer, String jwkSetUri,
            List<String> audiences, ExternalUsers externalUsers, Clock clock) {
        if (!StringUtils.hasText(issuer) && !StringUtils.hasText(jwkSetUri)) {
            return null;
        }
        JwtDecoder decoder;
        if (StringUtils.hasText(jwkSetUri)) {
            NimbusJwtDecoder nimbus = NimbusJwtDecoder.withJwkSetUri(jwkSetUri).build();
            JwtTimestampValidator timestamps = new JwtTimestampValidator();
            timestamps.setClock(clock);
            List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>(List.of(timestamps));
            if (StringUtils.hasText(issuer)) {
                validators.add(new JwtIssuerValidator(issuer));
            }
            if (!audiences.isEmpty()) {
                validators.add(new JwtClaimValidator<@Nullable List<String>>("aud",
                        aud -> aud != null && aud.stream().anyMatch(audiences::contains)));
            }
            nimbus.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
            decoder = nimbus;
        }
        else {
            // Discovery happens on first use, so an unreachable issuer does not stop start-up.
            decoder = new SupplierJwtDecoder(() -> JwtDecoders.fromIssuerLocation(issuer));
        }
        JwtAuthenticationProvider provider = new JwtAuthenticationProvider(decoder);
        provider.setJwtAuthenticationConverter(jwt -> {
            String subject = jwt.getSubject();
            if (!StringUtils.hasText(subject) || jwt.getIssuer() == null) {
                throw new BadJwtException("The token has no subject or issuer");
            }
            String preferred = jwt.getClaimAsString(AccessTokens.USERNAME_CLAIM);
            String name = jwt.getClaimAsString("name");
            CurrentUser user = externalUsers.resolve(jwt.getIssuer().toString(), subject,
                    StringUtils.hasText(preferred) ? preferred : subject, name != null ? name : "");
            return new BearerAuthentication(user, jwt);
        });
        return provider::authenticate;
    }

    private static String usernameOf(Jwt jwt) {
        String username = jwt.getClaimAsString(AccessTokens.USERNAME_CLAIM);
        return username != null ? username : jwt.getSubject();
    }

    private static boolean isUuid(@Nullable String value) {
        if (value == null) {
            return false;
        }
        try {
            UUID.fromString(value);
            return true;
        }
        catch (IllegalArgumentException ex) {
            return false;
        }
    }
}
