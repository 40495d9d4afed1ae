/**
 * Jobs: the record of a bulk change and the outcome of each of its items, kept in the database so that any node
 * can answer a poll for it. Imports the core only; nothing from {@code io.groupdesk.api}.
 */
package io.groupdesk.jobs;
