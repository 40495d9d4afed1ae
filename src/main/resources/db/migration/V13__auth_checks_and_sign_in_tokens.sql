-- Failed-authentication throttle: the checks in flight of a bucket's current window beside its failures (hits), so
-- that a check is claimed before it runs and no more than the limit of checks ever run per window, on every node.
ALTER TABLE request_counts ADD COLUMN checking INTEGER NOT NULL DEFAULT 0;
