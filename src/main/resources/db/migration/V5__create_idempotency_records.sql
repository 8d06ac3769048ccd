-- What a create request sent with Idempotency-Key answered, per caller and key, so that a retry gets
-- the first answer instead of creating again. request_fingerprint is the SHA-256 (hex) of method,
-- path and body: the same key with another request is refused. A record is IN_PROGRESS while the
-- first request runs (the primary key lets exactly one concurrent request claim it) and COMPLETED
-- with the answer afterwards; it is ignored, and deleted, after expires_at.
CREATE TABLE idempotency_records (
    caller               VARCHAR(255)  NOT NULL,
    idem_key             VARCHAR(255)  NOT NULL,
    request_fingerprint  VARCHAR(64)   NOT NULL,
    state                VARCHAR(16)   NOT NULL,
    status               INTEGER,
    content_type         VARCHAR(255),
    location             VARCHAR(2048),
    response_body        BYTEA,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT pk_idempotency_records PRIMARY KEY (caller, idem_key),
    CONSTRAINT ck_idempotency_records_state CHECK (state IN ('IN_PROGRESS', 'COMPLETED'))
);

CREATE INDEX ix_idempotency_records_expires_at ON idempotency_records (expires_at);
