-- Refresh tokens are stored only as SHA-256 hashes. Tokens issued from one sign-in share a
-- family: each refresh revokes the presented token and issues the next of the family, and a
-- revoked token presented again revokes the whole family.
CREATE TABLE refresh_tokens (
    token_hash  VARCHAR(64)  NOT NULL PRIMARY KEY,
    family_id   UUID         NOT NULL,
    user_id     UUID         NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    issued_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at  TIMESTAMP WITH TIME ZONE
);

CREATE INDEX ix_refresh_tokens_family ON refresh_tokens (family_id);
CREATE INDEX ix_refresh_tokens_user ON refresh_tokens (user_id);
