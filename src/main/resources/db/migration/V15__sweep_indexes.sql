-- The background sweep (housekeeping.Sweeper) deletes expired rows of every account at once, a batch at a time;
-- the indexes of V1 and V3 lead with the account, so without these each batch would read the whole table.
CREATE INDEX request_nonces_sweep_idx ON request_nonces (expires_at);
CREATE INDEX idempotency_keys_sweep_idx ON idempotency_keys (created_at);
