package io.groupdesk.api.zendesk;

import io.groupdesk.access.Caller;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentService;
import io.groupdesk.events.Event;
import io.groupdesk.events.EventType;
import io.groupdesk.events.SourceType;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupService;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.webhooks.EventPayloads;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Zendesk's event envelope (reference §1, {@code zendesk_event_version} 2022-06-20), the body of every webhook
 * delivery: {@code type}, {@code account_id}, {@code id}, {@code time}, {@code zendesk_event_version},
 * {@code subject}, {@code detail} and {@code event}. {@code detail} is the subject as it is when the event is delivered
 * (Zendesk's is as it was when the event happened); {@code event} is what changed, from the event itself.
 */
public final class ZendeskWebhooksEnvelope implements EventPayloads {
    static final String VERSION = "2022-06-20";

    private final AgentService agents;
    private final GroupService groups;
    private final JsonMapper mapper;

    public ZendeskWebhooksEnvelope(AgentService agents, GroupService groups, JsonMapper mapper) {
        this.agents = agents;
        this.groups = groups;
        this.mapper = mapper;
    }

    @Override
    public byte[] render(Event event) {
        return mapper.writeValueAsBytes(envelope(event));
    }

    Map<String, Object> envelope(Event event) {
        Caller system = Caller.system(event.account());
        boolean groupDomain = event.sourceType() == SourceType.GROUP;
        Map<String, Object> envelope = new LinkedHashMap<>();
        envelope.put("type", event.type().key());
        envelope.put("account_id", event.account().value());
        envelope.put("id", Long.toString(event.id()));
        envelope.put("time", event.time().toString());
        envelope.put("zendesk_event_version", VERSION);
        if (groupDomain) {
            long group = event.group().map(GroupId::value).orElse(event.sourceId());
            envelope.put("subject", "groupdesk:group:" + group);
            envelope.put("detail", group(system, new GroupId(group)));
        } else {
            long agent = event.agent().map(AgentId::value).orElse(event.sourceId());
            envelope.put("subject", "zen:user:" + agent);
            envelope.put("detail", user(system, new AgentId(agent)));
        }
        envelope.put("event", change(event));
        return envelope;
    }

    private Map<String, Object> user(Caller system, AgentId id) {
        Agent agent;
        try {
            agent = agents.get(system, id);
        } catch (NotFoundException e) {
            return ZendeskJson.object("id", Long.toString(id.value()));
        }
        Optional<GroupId> defaultGroup =
                Optional.ofNullable(agents.defaultGroups(system, List.of(id)).get(id));
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("id", Long.toString(agent.id().value()));
        detail.put("email", agent.email());
        detail.put("name", agent.name());
        detail.put("role", agent.role().key());
        detail.put(
                "default_group_id",
                defaultGroup.map(g -> Long.toString(g.value())).orElse(null));
        detail.put("created_at", ZendeskJson.timestamp(agent.createdAt()));
        detail.put("updated_at", ZendeskJson.timestamp(agent.updatedAt()));
        detail.put("external_id", null);
        detail.put("organization_id", null);
        detail.put("active", agent.active());
        detail.put("suspended", agent.suspended());
        return detail;
    }

    private Map<String, Object> group(Caller system, GroupId id) {
        Group group;
        try {
            group = groups.get(system, id);
        } catch (NotFoundException e) {
            return ZendeskJson.object("id", Long.toString(id.value()));
        }
        Map<String, Object> detail = new LinkedHashMap<>();
        detail.put("id", Long.toString(group.id().value()));
        detail.put("name", group.name());
        detail.put("description", group.description());
        detail.put("is_public", group.isPublic());
        detail.put("default", group.isDefault());
        detail.put("deleted", group.deleted());
        detail.put("created_at", ZendeskJson.timestamp(group.createdAt()));
        detail.put("updated_at", ZendeskJson.timestamp(group.updatedAt()));
        return detail;
    }

    /** What changed, in the shape Zendesk gives each type's {@code event}. */
    private Object change(Event event) {
        JsonNode changes = mapper.readTree(event.changes());
        EventType type = event.type();
        return switch (type) {
            case USER_NAME_CHANGED -> previousCurrent(changes, "name");
            case USER_EMAIL_CHANGED -> previousCurrent(changes, "email");
            case USER_ROLE_CHANGED -> previousCurrent(changes, "role");
            case USER_ACTIVE_CHANGED -> previousCurrent(changes, "active");
            case USER_SUSPENDED_CHANGED -> previousCurrent(changes, "suspended");
            case USER_GROUP_MEMBERSHIP_CREATED, USER_GROUP_MEMBERSHIP_DELETED -> ZendeskJson.object(
                    "group",
                    ZendeskJson.object(
                            "id",
                            event.group().map(g -> Long.toString(g.value())).orElse(null)));
            case USER_DEFAULT_GROUP_CHANGED -> {
                JsonNode change = changes.get("default_group_id");
                yield ZendeskJson.object(
                        "previous", groupRef(change == null ? null : change.get("from")),
                        "current", groupRef(change == null ? null : change.get("to")));
            }
            case USER_CREATED, USER_DELETED, USER_PASSWORD_CHANGED -> Map.of();
            case USER_PROFILE_CHANGED, GROUP_CREATED, GROUP_UPDATED, GROUP_DELETED -> ZendeskJson.object(
                    "changes", changes);
        };
    }

    private static Map<String, Object> previousCurrent(JsonNode changes, String field) {
        JsonNode change = changes.get(field);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("previous", change == null ? null : change.get("from"));
        json.put("current", change == null ? null : change.get("to"));
        return json;
    }

    private static Map<String, Object> groupRef(JsonNode id) {
        if (id == null || id.isNull()) {
            return null;
        }
        return ZendeskJson.object("id", id.asString());
    }
}
