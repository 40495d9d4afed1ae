-- One agent's memberships are found through the pair key (account_id, agent_id, group_id), whose first two columns
-- are the ones memberships_agent_idx led with; an agent has few memberships, so sorting them by creation costs
-- nothing. The fifth index cost every membership insert one more B-tree update.
DROP INDEX memberships_agent_idx;
