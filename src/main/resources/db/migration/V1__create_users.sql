-- Users of the service: local accounts (password_hash) and users provisioned from an external
-- OIDC issuer (external_issuer + external_subject). Usernames are stored lower-case, which makes
-- the unique constraint case-insensitive on every database.
CREATE TABLE users (
    id               UUID          NOT NULL PRIMARY KEY,
    username         VARCHAR(64)   NOT NULL,
    display_name     VARCHAR(128)  NOT NULL,
    password_hash    VARCHAR(255),
    external_issuer  VARCHAR(512),
    external_subject VARCHAR(255),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_users_username UNIQUE (username),
    CONSTRAINT uq_users_external_identity UNIQUE (external_issuer, external_subject),
    CONSTRAINT ck_users_username_lower_case CHECK (username = LOWER(username))
);
