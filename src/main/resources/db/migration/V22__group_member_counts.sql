-- Each group's number of members, kept on its row so that the console can list an account's groups by size, and
-- show each listed group's member count, without counting memberships: ordering 100,000 groups by a COUNT(*) over
-- 1,000,000 memberships reads every membership of the account for each page. Every statement that inserts or
-- deletes memberships changes the count of their groups in the same transaction (JdbcMembershipRepository).
ALTER TABLE agent_groups ADD COLUMN member_count BIGINT NOT NULL DEFAULT 0;

UPDATE agent_groups SET member_count = (
    SELECT COUNT(*) FROM memberships m WHERE m.account_id = agent_groups.account_id AND m.group_id = agent_groups.id);

-- The groups list ordered by size, largest first, then by id: one index range per page.
CREATE INDEX agent_groups_size_idx ON agent_groups (account_id, member_count DESC, id);
