package io.groupdesk.api.zendesk;

import io.groupdesk.events.Action;
import io.groupdesk.events.AuditEntry;
import io.groupdesk.events.Event;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * An audit log entry as Zendesk's {@code /api/v2/audit_logs} shows one, plus Groupdesk's {@code changes} (each
 * changed field's value before and after) and {@code via} (the door the change came through).
 */
final class ZendeskAuditLogJson {
    /** Zendesk's id for changes the system made (bootstrap, import). */
    static final long SYSTEM_ACTOR_ID = -1;

    static final String SYSTEM_ACTOR_NAME = "Groupdesk";

    private ZendeskAuditLogJson() {}

    static Map<String, Object> of(AuditEntry entry, JsonNode changes, String baseUrl) {
        Event event = entry.event();
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("url", url(baseUrl, event.id()));
        json.put("id", event.id());
        json.put("action", event.type().action().key());
        json.put("action_label", actionLabel(event.type().action()));
        json.put("actor_id", event.actor().map(a -> a.value()).orElse(SYSTEM_ACTOR_ID));
        json.put("actor_name", event.actor().isPresent() ? entry.actorName().orElse(null) : SYSTEM_ACTOR_NAME);
        json.put("change_description", entry.description());
        json.put("created_at", ZendeskJson.timestamp(event.time()));
        json.put("ip_address", event.clientAddress().orElse(null));
        json.put("source_id", event.sourceId());
        json.put("source_label", entry.sourceLabel());
        json.put("source_type", event.sourceType().key());
        json.put("changes", changes);
        json.put("via", event.via().key());
        return json;
    }

    static String url(String baseUrl, long id) {
        return baseUrl + "/api/v2/audit_logs/" + id + ".json";
    }

    private static String actionLabel(Action action) {
        return switch (action) {
            case CREATE -> "Created";
            case UPDATE -> "Updated";
            case DESTROY -> "Deleted";
        };
    }
}
