-- The core counts every text maximum in code points (shared.Text); H2 counts a VARCHAR's length in UTF-16 units, so
-- 255 emoji (510 units) did not fit H2's VARCHAR(255) and failed the insert after validation had passed. Each text
-- column gets twice its maximum, so a value of n code points always fits: n code points are at most 2n UTF-16 units
-- on H2, and a lower-cased key (name_key, email_key) at most 2n code points on both databases ('İ' lower-cases to
-- two). The core stays the one place the maximum is enforced, the same on H2 and PostgreSQL.
ALTER TABLE accounts ALTER COLUMN name SET DATA TYPE VARCHAR(510);
ALTER TABLE account_settings ALTER COLUMN setting_value SET DATA TYPE VARCHAR(510);
ALTER TABLE agents ALTER COLUMN name SET DATA TYPE VARCHAR(510);
ALTER TABLE agents ALTER COLUMN email SET DATA TYPE VARCHAR(508);
ALTER TABLE agents ALTER COLUMN email_key SET DATA TYPE VARCHAR(508);
ALTER TABLE agents ALTER COLUMN phone SET DATA TYPE VARCHAR(128);
ALTER TABLE agents ALTER COLUMN position SET DATA TYPE VARCHAR(510);
ALTER TABLE agents ALTER COLUMN work_id SET DATA TYPE VARCHAR(128);
ALTER TABLE agents ALTER COLUMN alias SET DATA TYPE VARCHAR(510);
ALTER TABLE agents ALTER COLUMN avatar_url SET DATA TYPE VARCHAR(4096);
ALTER TABLE agents ALTER COLUMN locale SET DATA TYPE VARCHAR(64);
ALTER TABLE agents ALTER COLUMN time_zone SET DATA TYPE VARCHAR(128);
ALTER TABLE api_tokens ALTER COLUMN description SET DATA TYPE VARCHAR(510);
ALTER TABLE agent_groups ALTER COLUMN name SET DATA TYPE VARCHAR(510);
ALTER TABLE agent_groups ALTER COLUMN name_key SET DATA TYPE VARCHAR(510);
ALTER TABLE agent_groups ALTER COLUMN description SET DATA TYPE VARCHAR(8000);
