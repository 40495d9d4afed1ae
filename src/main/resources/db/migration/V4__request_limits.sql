-- Request counts for failed-authentication throttling and per-account rate limits, shared by every node.
-- One row per (account, bucket): the current fixed window's start (epoch milliseconds) and its hits; a new window
-- resets the row in place, so the table holds one row per bucket seen in the last day (older rows are pruned).
CREATE TABLE request_counts (
    account_id   BIGINT       NOT NULL REFERENCES accounts (id),
    bucket       VARCHAR(100) NOT NULL,
    window_start BIGINT       NOT NULL,
    hits         INTEGER      NOT NULL,
    CONSTRAINT request_counts_pk PRIMARY KEY (account_id, bucket)
);

CREATE INDEX request_counts_window_idx ON request_counts (account_id, window_start);
