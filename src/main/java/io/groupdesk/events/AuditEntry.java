package io.groupdesk.events;

import java.util.Optional;

/**
 * An event as the audit log shows it.
 *
 * @param actorName the current name of the agent that made the change; empty for the system
 * @param sourceLabel what the event is about, in words: an agent's or a group's name as the event recorded it, and
 *     for a membership "agent in group" from their current names
 * @param description the change in a sentence, e.g. {@code Name changed from Tier 2 to Tier 2 (EU)}
 */
public record AuditEntry(Event event, Optional<String> actorName, String sourceLabel, String description) {}
