package io.groupdesk.api.zendeskxml;

import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.Ids;
import io.groupdesk.shared.ValidationException;
import java.util.LinkedHashSet;
import java.util.Optional;
import java.util.Set;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Reads a classic group request sent as JSON: {@code {"group": {"name": …, "agents": [43, 67]}}}. */
final class ZendeskGroupJsonReader {
    private ZendeskGroupJsonReader() {}

    static ZendeskGroupXmlReader.GroupXml read(JsonMapper json, byte[] body) {
        JsonNode root;
        try {
            root = json.readTree(body);
        } catch (JacksonException e) {
            throw new ZendeskXmlRequestException("The request body is not valid JSON");
        }
        JsonNode group = root == null ? null : root.get("group");
        if (group == null || !group.isObject()) {
            throw new ZendeskXmlRequestException("The request body must be {\"group\": {...}}");
        }
        return new ZendeskGroupXmlReader.GroupXml(text(group, "name"), text(group, "description"), agents(group));
    }

    private static Optional<String> text(JsonNode group, String field) {
        JsonNode value = group.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isNull()) {
            return Optional.of("");
        }
        if (value.isString() || value.isNumber()) {
            return Optional.of(value.asString());
        }
        throw ValidationException.of(field, Rule.INVALID, "must be text");
    }

    private static Optional<Set<AgentId>> agents(JsonNode group) {
        JsonNode value = group.get("agents");
        if (value == null) {
            return Optional.empty();
        }
        Set<AgentId> agents = new LinkedHashSet<>();
        if (value.isNull()) {
            return Optional.of(agents);
        }
        if (!value.isArray()) {
            throw ValidationException.of("agents", Rule.INVALID, "must be a list of agent ids");
        }
        for (JsonNode id : value) {
            long agent = id.isIntegralNumber() && id.canConvertToLong()
                    ? id.asLong()
                    : id.isString() ? Ids.parse(id.asString()).orElse(0) : 0;
            if (agent <= 0) {
                throw ValidationException.of("agents", Rule.INVALID, "must be a list of agent ids");
            }
            agents.add(new AgentId(agent));
        }
        return Optional.of(agents);
    }
}
