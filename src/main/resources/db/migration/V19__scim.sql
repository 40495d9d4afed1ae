-- SCIM's own attributes of agents and groups (the scim package's tables): what an identity provider sends that
-- the core's records have no field for. A row exists only for an agent or group that has one of them.
--   * user_name is kept only when it is not the agent's email; user_name_key is its lower-cased form while it is
--     claimed, so UNIQUE (account_id, user_name_key) keeps user names unique in an account ignoring case (the
--     service also checks them against the emails that stand as user names);
--   * a group's external_id is its identity provider's id of it.
CREATE TABLE scim_users (
    account_id    BIGINT NOT NULL,
    agent_id      BIGINT NOT NULL,
    user_name     VARCHAR(508),
    user_name_key VARCHAR(508),
    external_id   VARCHAR(510),
    given_name    VARCHAR(510),
    family_name   VARCHAR(510),
    department    VARCHAR(510),
    CONSTRAINT scim_users_pk PRIMARY KEY (account_id, agent_id),
    CONSTRAINT scim_users_user_name_uq UNIQUE (account_id, user_name_key),
    CONSTRAINT scim_users_agent_fk FOREIGN KEY (account_id, agent_id) REFERENCES agents (account_id, id)
);

CREATE TABLE scim_groups (
    account_id  BIGINT NOT NULL,
    group_id    BIGINT NOT NULL,
    external_id VARCHAR(510),
    CONSTRAINT scim_groups_pk PRIMARY KEY (account_id, group_id),
    CONSTRAINT scim_groups_group_fk FOREIGN KEY (account_id, group_id) REFERENCES agent_groups (account_id, id)
);
