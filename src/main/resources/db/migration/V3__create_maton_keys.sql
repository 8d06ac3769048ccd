-- Each user's Maton API key, envelope-encrypted (AES-256-GCM): the key is encrypted with a
-- random data key (ciphertext + nonce), the data key is wrapped by the master key identified by
-- master_key_id (wrapped_data_key + data_key_nonce). Both layers bind the user id as associated
-- data, so a row copied onto another user does not decrypt. Only the fingerprint (last four
-- characters) is readable without the master key.
CREATE TABLE maton_keys (
    user_id          UUID          NOT NULL PRIMARY KEY,
    ciphertext       BYTEA         NOT NULL,
    nonce            BYTEA         NOT NULL,
    wrapped_data_key BYTEA         NOT NULL,
    data_key_nonce   BYTEA         NOT NULL,
    master_key_id    VARCHAR(64)   NOT NULL,
    fingerprint      VARCHAR(16)   NOT NULL,
    connection_id    VARCHAR(255),
    verified_at      TIMESTAMP WITH TIME ZONE NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT fk_maton_keys_user FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);

CREATE INDEX ix_maton_keys_master_key_id ON maton_keys (master_key_id);
