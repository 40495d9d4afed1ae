-- A job's item outcomes are stored with the job, as lines of text in jobs.items (JobItemsText), instead of one
-- job_items row each: a create_many of 100 memberships wrote 100 job_items rows, each with its primary key entry
-- and its foreign key check, a fifth of the database's time for the request. Jobs stored before this migration
-- keep items NULL and their rows in job_items, where they are still read.
ALTER TABLE jobs ADD COLUMN items VARCHAR;
