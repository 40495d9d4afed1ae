/**
 * Webhooks: subscriptions of an account's admins to its change events, and their delivery, at least once, from the
 * events table (the outbox) by any node ({@link io.groupdesk.webhooks.WebhookWorker}). The body of a delivery is
 * rendered by the door that owns the wire format ({@link io.groupdesk.webhooks.EventPayloads}); this package imports
 * nothing of {@code api} and no web or JSON library.
 */
package io.groupdesk.webhooks;
