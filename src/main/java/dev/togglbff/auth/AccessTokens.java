package dev.togglbff.auth;

import java.time.Clock;
import java.time.Instant;
import java.util.UUID;

import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.JwsHeader;
import org.springframework.security.oauth2.jwt.JwtClaimsSet;
import org.springframework.security.oauth2.jwt.JwtEncoder;
import org.springframework.security.oauth2.jwt.JwtEncoderParameters;
import org.springframework.stereotype.Component;

/** Signs the access tokens of this service (RS256 JWTs). */
@Component
class AccessTokens {

    static final String USERNAME_CLAIM = "preferred_username";

    private final JwtEncoder encoder;
    private final AuthProperties.Jwt settings;
    private final Clock clock;

    AccessTokens(JwtEncoder encoder, AuthProperties properties, Clock clock) {
        this.encoder = encoder;
        this.settings = properties.jwt();
        this.clock = clock;
    }

    String issue(UUID userId, String username) {
        Instant now = clock.instant();
        JwtClaimsSet claims = JwtClaimsSet.builder()
            .issuer(settings.issuer())
            .subject(userId.toString())
            .claim(USERNAME_CLAIM, username)
            .issuedAt(now)
            .expiresAt(now.plus(settings.accessTokenTtl()))
            .id(UUID.randomUUID().toString())
            .build();
        JwsHeader header = JwsHeader.with(SignatureAlgorithm.RS256).type("JWT").build();
        return encoder.encode(JwtEncoderParameters.from(header, claims)).getTokenValue();
    }

    long lifetimeSeconds() {
        return settings.accessTokenTtl().toSeconds();
    }
}
