-- For profiling only: fills a Groupdesk PostgreSQL database with the benchmark's data shape in plain SQL, straight
-- into the tables the Flyway migrations created. It is NOT how bench/run loads data (that goes through
-- `groupdesk.jar import`, which applies the core's rules); it exists so EXPLAIN ANALYZE and wrk can be pointed at a
-- million memberships in seconds. It writes rows that satisfy the schema's rules (one default group per account, one
-- default membership per agent, names unique among live groups) but nothing checks them but the constraints.
--
--   psql -v sub=bench -f bench/dev-fill.sql 'postgresql://postgres@127.0.0.1/DB'
--
-- :sub is an existing account (the bootstrap one) that gets 100,000 groups, 50,000 agents and 1,000,000
-- memberships (20 per agent, about 10 per group); 1,000 small accounts (5 groups, 10 agents, 20 memberships each)
-- are created around it.
\set ON_ERROR_STOP on
BEGIN;
SELECT id AS big FROM accounts WHERE subdomain = :'sub' \gset

INSERT INTO agent_groups (account_id, name, name_key, description, is_public, created_at, updated_at)
SELECT :big, 'Group ' || n, 'group ' || n, 'Bench group ' || n, n % 10 <> 0,
       now() - (100000 - n) * interval '1 second', now() - (100000 - n) * interval '1 second'
FROM generate_series(1, 100000) n;

INSERT INTO agents (account_id, name, email, email_key, role, created_at, updated_at)
SELECT :big, 'Agent ' || n, 'agent' || n || '@bench.example', 'agent' || n || '@bench.example',
       CASE WHEN n % 100 = 0 THEN 'admin' ELSE 'agent' END, now(), now()
FROM generate_series(1, 50000) n;

CREATE TEMP TABLE bench_groups AS
SELECT id, row_number() OVER (ORDER BY id) - 1 AS rn FROM agent_groups
WHERE account_id = :big AND name LIKE 'Group %';
CREATE UNIQUE INDEX ON bench_groups (rn);
CREATE TEMP TABLE bench_agents AS
SELECT id, row_number() OVER (ORDER BY id) AS rn FROM agents
WHERE account_id = :big AND email LIKE 'agent%@bench.example';

-- agent i joins groups (7i + 5003k) mod 100000 for k = 0..19: twenty distinct groups; k = 0 is its default
INSERT INTO memberships (account_id, agent_id, group_id, default_marker, created_at, updated_at)
SELECT :big, a.id, g.id, CASE WHEN k = 0 THEN TRUE END,
       now() - (20 - k) * interval '1 minute', now() - (20 - k) * interval '1 minute'
FROM bench_agents a
CROSS JOIN generate_series(0, 19) k
JOIN bench_groups g ON g.rn = (7 * a.rn + 5003 * k) % 100000;

-- 1,000 small accounts: 5 groups (the first is the default), 10 agents, 2 memberships each
INSERT INTO accounts (subdomain, name, created_at, updated_at)
SELECT 'small' || n, 'Small ' || n, now(), now() FROM generate_series(1, 1000) n;

INSERT INTO agent_groups (account_id, name, name_key, description, default_marker, created_at, updated_at)
SELECT a.id, 'Team ' || n, 'team ' || n, '', CASE WHEN n = 1 THEN TRUE END, now(), now()
FROM accounts a CROSS JOIN generate_series(1, 5) n WHERE a.subdomain LIKE 'small%';

INSERT INTO agents (account_id, name, email, email_key, role, created_at, updated_at)
SELECT a.id, 'Person ' || n, 'person' || n || '@' || a.subdomain || '.example',
       'person' || n || '@' || a.subdomain || '.example', CASE WHEN n = 1 THEN 'admin' ELSE 'agent' END, now(), now()
FROM accounts a CROSS JOIN generate_series(1, 10) n WHERE a.subdomain LIKE 'small%';

INSERT INTO memberships (account_id, agent_id, group_id, default_marker, created_at, updated_at)
SELECT ag.account_id, ag.id, g.id, CASE WHEN k = 0 THEN TRUE END, now(), now()
FROM agents ag
JOIN accounts a ON a.id = ag.account_id AND a.subdomain LIKE 'small%'
CROSS JOIN generate_series(0, 1) k
JOIN agent_groups g ON g.account_id = ag.account_id
    AND g.name = 'Team ' || (1 + (split_part(split_part(ag.email, '@', 1), 'person', 2)::int + k) % 5);

-- the live-group tallies the application keeps as it creates and deletes groups (V6__group_tallies.sql)
DELETE FROM group_tallies;
INSERT INTO group_tallies (account_id, slot, live_groups)
SELECT account_id, 0, COUNT(*) FROM agent_groups WHERE NOT deleted GROUP BY account_id;
COMMIT;
ANALYZE;
