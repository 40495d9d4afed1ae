/**
 * Jobs: the record of a bulk change and the outcome of each of its items, kept in the database so that any node
 * can answer a poll for it; bulk membership changes are recorded in the change's own transaction
 * ({@link io.groupdesk.jobs.MembershipJobs}). Imports the core only; nothing from {@code io.groupdesk.api}.
 */
package io.groupdesk.jobs;
