-- The reads of the change events (events.EventLog) and the incremental user export.
--
-- The audit log's filters each read from an index that leads with the account and the filtered column and ends
-- with the id, the order pages are read in; V16's indexes serve a user's or a group's events (by agent or group).
CREATE INDEX events_actor_idx ON events (account_id, actor_id, id);
CREATE INDEX events_ip_idx ON events (account_id, ip_address, id);
CREATE INDEX events_type_idx ON events (account_id, type, id);
-- filter[created_at][], a feed's start_time and a membership as of a time find their first event by time
CREATE INDEX events_time_idx ON events (account_id, occurred_at, id);

-- The incremental user export reads an account's agents in (updated_at, id) order, deleted ones too.
CREATE INDEX agents_changed_idx ON agents (account_id, updated_at, id);
