package io.groupdesk.webhooks;

import io.groupdesk.events.Event;

/**
 * Renders the body a webhook is sent for an event. The door that owns the wire format implements it (Zendesk's
 * event envelope); the core holds no JSON library.
 */
@FunctionalInterface
public interface EventPayloads {
    /** The body for {@code event}, as UTF-8 JSON. */
    byte[] render(Event event);
}
