/**
 * Change events: every change to an agent, a group or a membership, recorded by the core service that makes it, in
 * the same transaction ({@link io.groupdesk.events.EventRecorder}: a transactional outbox). The audit log, the change
 * feed, membership history and webhooks read them; nothing else writes them.
 */
package io.groupdesk.events;
