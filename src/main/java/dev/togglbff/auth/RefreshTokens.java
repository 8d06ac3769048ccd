package dev.togglbff.auth;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import java.util.UUID;

import dev.togglbff.web.Sha256;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Opaque refresh tokens: 256 random bits, stored only as a SHA-256 hash, grouped in families.
 * Presenting a token rotates it; presenting a revoked token revokes its whole family.
 */
@Component
class RefreshTokens {

    private static final int TOKEN_BYTES = 32;

    private final JdbcClient jdbc;
    private final Clock clock;
    private final AuthProperties properties;
    private final SecureRandom random = new SecureRandom();

    RefreshTokens(JdbcClient jdbc, Clock clock, AuthProperties properties) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.properties = properties;
    }

    /** Starts a new family for a fresh sign-in and returns its first token. */
    String issueNewFamily(UUID userId) {
        return issue(userId, UUID.randomUUID());
    }

    /**
     * Revokes the presented token and returns the user it belonged to together with the next token of its
     * family; empty when the token is unknown, expired or already used (then its family is revoked).
     */
    @Transactional
    Optional<Rotation> rotate(String token) {
        Instant now = clock.instant();
        Optional<Row> found = find(token);
        if (found.isEmpty()) {
            return Optional.empty();
        }
        Row row = found.get();
        if (row.revokedAt() != null) {
            revokeFamily(row.familyId(), now);
            return Optional.empty();
        }
        if (!row.expiresAt().isAfter(now)) {
            return Optional.empty();
        }
        int revoked = jdbc.sql("UPDATE refresh_tokens SET revoked_at = :now WHERE token_hash = :hash AND revoked_at IS NULL")
            .param("now", Timestamp.from(now))
            .param("hash", Sha256.hex(token))
            .update();
        if (revoked == 0) {
            // Someone else presented the same token at the same moment: treat it as reuse.
            revokeFamily(row.familyId(), now);
            return Optional.empty();
        }
        return Optional.of(new Rotation(row.userId(), issue(row.userId(), row.familyId())));
    }

    /** Revokes the family of the presented token (sign-out); unknown tokens are ignored. */
    @Transactional
    void revokeFamilyOf(String token) {
        find(token).ifPresent(row -> revokeFamily(row.familyId(), clock.instant()));
    }

    private String issue(UUID userId, UUID familyId) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Instant now = clock.instant();
        jdbc.sql("INSERT INTO refresh_tokens (token_hash, family_id, user_id, issued_at, expires_at) "
                + "VALUES (:hash, :family, :user, :issuedAt, :expiresAt)")
            .param("hash", Sha256.hex(token))
            .param("family", familyId)
            .param("user", userId)
            .param("issuedAt", Timestamp.from(now))
            .param("expiresAt", Timestamp.from(now.plus(properties.refreshTokenTtl())))
            .update();
        return token;
    }

    private void revokeFamily(UUID familyId, Instant now) {
        jdbc.sql("UPDATE refresh_tokens SET revoked_at = :now WHERE family_id = :family AND revoked_at IS NULL")
            .param("now", Timestamp.from(now))
            .param("family", familyId)
            .update();
    }

    private Optional<Row> find(String token) {
        return jdbc.sql("SELECT family_id, user_id, expires_at, revoked_at FROM refresh_tokens WHERE token_hash = :hash")
            .param("hash", Sha256.hex(token))
            .query((rs, n) -> new Row(rs.getObject("family_id", UUID.class), rs.getObject("user_id", UUID.class),
                    rs.getTimestamp("expires_at").toInstant(),
                    rs.getTimestamp("revoked_at") != null ? rs.getTimestamp("revoked_at").toInstant() : null))
            .optional();
    }

    /** The user a rotated token belonged to, and the token that replaces it. */
    record Rotation(UUID userId, String nextToken) {

        @Override
        public String toString() {
            return "Rotation[userId=" + userId + "]";
        }
    }

    private record Row(UUID familyId, UUID userId, Instant expiresAt, @org.jspecify.annotations.Nullable Instant revokedAt) {
    }
}
