-- Change events (the transactional outbox): every change to an agent, a group or a membership writes its events in
-- the change's own transaction (events.EventRecorder).
--
-- Ids are per account and gap-free in commit order: a writing transaction takes its ids from its account's
-- event_counters row as the last thing before it commits, and holds that row's lock until it does, so no
-- transaction can take a later id and commit first. A consumer that has read up to id N has seen every event up to
-- N, for good. The retention sweep deletes from the oldest end only.
CREATE TABLE event_counters (
    account_id BIGINT NOT NULL REFERENCES accounts (id),
    last_id    BIGINT NOT NULL,
    CONSTRAINT event_counters_pk PRIMARY KEY (account_id)
);

INSERT INTO event_counters (account_id, last_id) SELECT id, 0 FROM accounts;

-- source_type is what the event is about (user, group, group_membership) and source_id its id; agent_id and
-- group_id name the agent and the group it concerns (a membership event names both), which is what a group's or an
-- agent's history and membership as of a time read. actor_id is the agent behind the credential, NULL for the
-- system; via is the door it came through. changes holds each changed field's value before and after, as JSON.
CREATE TABLE events (
    account_id   BIGINT      NOT NULL REFERENCES accounts (id),
    id           BIGINT      NOT NULL,
    type         VARCHAR(80) NOT NULL,
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    source_type  VARCHAR(20) NOT NULL,
    source_id    BIGINT      NOT NULL,
    source_label VARCHAR(600),
    agent_id     BIGINT,
    group_id     BIGINT,
    actor_id     BIGINT,
    via          VARCHAR(16) NOT NULL,
    request_id   VARCHAR(128),
    ip_address   VARCHAR(64),
    changes      VARCHAR     NOT NULL,
    CONSTRAINT events_pk PRIMARY KEY (account_id, id)
);

-- A group's or an agent's history, membership as of a time, and the audit log filtered by a user or a group as its
-- source (whose source_id is its agent_id or group_id) each read one of these. There is no index by source_id alone:
-- it would cost every write, and the import of a million memberships, for the rare look-up of one membership's events.
CREATE INDEX events_group_idx ON events (account_id, group_id, id);
CREATE INDEX events_agent_idx ON events (account_id, agent_id, id);
-- the retention sweep deletes every account's old events at once
CREATE INDEX events_sweep_idx ON events (occurred_at);

-- When history begins: membership as of an earlier time is not known.
CREATE TABLE event_history (
    started_at TIMESTAMP WITH TIME ZONE NOT NULL
);

INSERT INTO event_history (started_at) VALUES (CURRENT_TIMESTAMP);
