-- Failed-authentication throttle: the password checks in flight of a bucket's current window beside its failures
-- (hits), so that a password check is claimed before it runs and no more than the limit of passwords are ever checked
-- per window, on every node. Tokens and signatures claim nothing: their failures are counted in hits only while hits
-- and checking stay below the limit, and a right one only reads hits.
ALTER TABLE request_counts ADD COLUMN checking INTEGER NOT NULL DEFAULT 0;

-- Udesk log_in's own sign-in token, one live per agent: sign_in_agent is the agent while the token is live and null
-- once revoked (nulls are distinct, so the unique key holds one live sign-in token per agent, on H2 and PostgreSQL).
ALTER TABLE api_tokens ADD COLUMN purpose VARCHAR(16) NOT NULL DEFAULT 'api';
ALTER TABLE api_tokens ADD COLUMN sign_in_agent BIGINT;
ALTER TABLE api_tokens ADD CONSTRAINT api_tokens_sign_in_uq UNIQUE (account_id, sign_in_agent);
