package dev.togglbff.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import org.jspecify.annotations.Nullable;

import dev.togglbff.web.Sha256;

import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

/**
 * Remembers access tokens this service has already verified, so that a frontend's repeated
 * calls do not pay for an RSA signature check each time. Entries are keyed by the SHA-256 of the
 * token (the token itself is not kept as a key), only successfully verified tokens are kept, and
 * a remembered token is still refused once its {@code exp} has passed.
 */
final class VerifiedTokenCache implements JwtDecoder {

    private final JwtDecoder delegate;
    private final Clock clock;
    private final Cache<String, Jwt> verified;

    VerifiedTokenCache(JwtDecoder delegate, Clock clock, long maximumSize, Duration remember) {
        this.delegate = delegate;
        this.clock = clock;
        this.verified = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(remember).build();
    }

    @Override
    public Jwt decode(String token) throws JwtException {
        String key = Sha256.hex(token);
        Jwt known = usable(verified.getIfPresent(key));
        if (known != null) {
            return known;
        }
        Jwt jwt = delegate.decode(token);
        verified.put(key, jwt);
        return jwt;
    }

    /** The token as verified before, while it is within its validity; nothing when it was not or is no longer. */
    @Nullable Jwt remembered(String token) {
        return usable(verified.getIfPresent(Sha256.hex(token)));
    }

    private @Nullable Jwt usable(@Nullable Jwt known) {
        if (known == null) {
            return null;
        }
        Instant now = clock.instant();
        return known.getExpiresAt() != null && now.isBefore(known.getExpiresAt())
                && (known.getNotBefore() == null || !now.isBefore(known.getNotBefore())) ? known : null;
    }
}
