-- Idempotency keys of create requests, shared by every node: the first request with a key inserts a pending row
-- (the primary key decides which of two concurrent requests does the work), then stores its answer for replay.
-- A row older than a day is expired: it is ignored, replaced when its key comes again, and may be deleted.
CREATE TABLE idempotency_keys (
    account_id       BIGINT        NOT NULL REFERENCES accounts (id),
    caller_key       VARCHAR(64)   NOT NULL,
    request_path     VARCHAR(255)  NOT NULL,
    idempotency_key  VARCHAR(255)  NOT NULL,
    request_sha256   CHAR(64)      NOT NULL,
    response_status  INTEGER,
    response_headers VARCHAR(4000),
    response_body    VARCHAR(1000000),
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT idempotency_keys_pk PRIMARY KEY (account_id, caller_key, request_path, idempotency_key)
);

CREATE INDEX idempotency_keys_expiry_idx ON idempotency_keys (account_id, created_at);
