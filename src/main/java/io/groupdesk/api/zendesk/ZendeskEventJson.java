package io.groupdesk.api.zendesk;

import io.groupdesk.events.Event;
import java.util.LinkedHashMap;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/** An event of Groupdesk's change feed ({@code /api/v2/groupdesk/events}); ids are numbers, as in the rest of v2. */
final class ZendeskEventJson {
    private ZendeskEventJson() {}

    static Map<String, Object> of(Event event, JsonNode changes) {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("id", event.id());
        json.put("type", event.type().key());
        json.put("time", ZendeskJson.timestamp(event.time()));
        json.put("source_type", event.sourceType().key());
        json.put("source_id", event.sourceId());
        json.put("agent_id", event.agent().map(a -> a.value()).orElse(null));
        json.put("group_id", event.group().map(g -> g.value()).orElse(null));
        json.put("actor_id", event.actor().map(a -> a.value()).orElse(null));
        json.put("via", event.via().key());
        json.put("request_id", event.requestId().orElse(null));
        json.put("ip_address", event.clientAddress().orElse(null));
        json.put("changes", changes);
        return json;
    }
}
