-- H2 only (db/h2 is read for H2 databases alone). H2 writes an identity column's sequence to the file every time
-- the values it has handed out reach its cache, 32 by default, and with WRITE_DELAY=0 each such write stores every
-- changed page: loading 1,000,000 memberships stored the file 31,250 times for ids alone, 46% of the load's time.
-- With 1,000 the ids are still handed out in order, one database-wide counter, so id order is still creation order;
-- a process that dies without closing the database skips at most 1,000 ids, and no id is used twice.
-- PostgreSQL keeps its cache of 1: there a cache is per connection, and ids would no longer follow creation order.
ALTER TABLE agent_groups ALTER COLUMN id SET CACHE 1000;
ALTER TABLE agents ALTER COLUMN id SET CACHE 1000;
ALTER TABLE memberships ALTER COLUMN id SET CACHE 1000;
