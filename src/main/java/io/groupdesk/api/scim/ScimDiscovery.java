package io.groupdesk.api.scim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The discovery resources (RFC 7644 §4, RFC 7643 §5-7), describing exactly what this server supports: PATCH, filters
 * (at most {@link io.groupdesk.scim.ScimQuery#MAX_COUNT} results a page), sorting and entity tags; no bulk and no
 * password change endpoint; Bearer API tokens. The schemas list the attributes that are stored; others are ignored.
 */
final class ScimDiscovery {
    static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    static final String LIST = "urn:ietf:params:scim:api:messages:2.0:ListResponse";
    private static final String SPC = "urn:ietf:params:scim:schemas:core:2.0:ServiceProviderConfig";
    private static final String RESOURCE_TYPE = "urn:ietf:params:scim:schemas:core:2.0:ResourceType";
    private static final String SCHEMA = "urn:ietf:params:scim:schemas:core:2.0:Schema";

    private ScimDiscovery() {}

    static Map<String, Object> serviceProviderConfig(String base) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("schemas", List.of(SPC));
        config.put("patch", Map.of("supported", true));
        config.put("bulk", object("supported", false, "maxOperations", 0, "maxPayloadSize", 0));
        config.put("filter", object("supported", true, "maxResults", io.groupdesk.scim.ScimQuery.MAX_COUNT));
        config.put("changePassword", Map.of("supported", false));
        config.put("sort", Map.of("supported", true));
        config.put("etag", Map.of("supported", true));
        config.put(
                "authenticationSchemes",
                List.of(object(
                        "type",
                        "oauthbearertoken",
                        "name",
                        "API token",
                        "description",
                        "An API token of an administrator of the account, as 'Authorization: Bearer <token>'",
                        "primary",
                        true)));
        config.put("meta", meta("ServiceProviderConfig", base + "/ServiceProviderConfig"));
        return config;
    }

    static List<Map<String, Object>> resourceTypes(String base) {
        Map<String, Object> user = new LinkedHashMap<>();
        user.put("schemas", List.of(RESOURCE_TYPE));
        user.put("id", "User");
        user.put("name", "User");
        user.put("endpoint", "/Users");
        user.put("description", "An agent of the account");
        user.put("schema", USER);
        user.put("schemaExtensions", List.of(object("schema", ENTERPRISE, "required", false)));
        user.put("meta", meta("ResourceType", base + "/ResourceTypes/User"));
        Map<String, Object> group = new LinkedHashMap<>();
        group.put("schemas", List.of(RESOURCE_TYPE));
        group.put("id", "Group");
        group.put("name", "Group");
        group.put("endpoint", "/Groups");
        group.put("description", "A group of agents");
        group.put("schema", GROUP);
        group.put("schemaExtensions", List.of());
        group.put("meta", meta("ResourceType", base + "/ResourceTypes/Group"));
        return List.of(user, group);
    }

    static List<Map<String, Object>> schemas(String base) {
        List<Map<String, Object>> schemas = new ArrayList<>();
        schemas.add(schema(
                base,
                USER,
                "User",
                "An agent",
                List.of(
                        attribute(
                                "userName",
                                "string",
                                false,
                                true,
                                "readWrite",
                                "server",
                                "The user's unique name;"
                                        + " the email unless the identity provider names the user otherwise"),
                        attribute(
                                        "externalId",
                                        "string",
                                        false,
                                        false,
                                        "readWrite",
                                        "none",
                                        "The identity provider's id of the user")
                                .caseExact(),
                        complex(
                                "name",
                                false,
                                "The user's name",
                                List.of(
                                        attribute(
                                                "formatted",
                                                "string",
                                                false,
                                                false,
                                                "readWrite",
                                                "none",
                                                "The full name, the agent's name"),
                                        attribute(
                                                "givenName",
                                                "string",
                                                false,
                                                false,
                                                "readWrite",
                                                "none",
                                                "The given name"),
                                        attribute(
                                                "familyName",
                                                "string",
                                                false,
                                                false,
                                                "readWrite",
                                                "none",
                                                "The family name"))),
                        attribute("displayName", "string", false, false, "readWrite", "none", "The agent's name"),
                        complex(
                                "emails",
                                true,
                                "The agent's email: the primary one is kept",
                                List.of(
                                        attribute("value", "string", false, false, "readWrite", "none", "The address"),
                                        attribute("type", "string", false, false, "readWrite", "none", "Always work"),
                                        attribute(
                                                "primary",
                                                "boolean",
                                                false,
                                                false,
                                                "readWrite",
                                                "none",
                                                "Whether it is the primary address"))),
                        complex(
                                "phoneNumbers",
                                true,
                                "The agent's phone: the primary one is kept",
                                List.of(
                                        attribute("value", "string", false, false, "readWrite", "none", "The number"),
                                        attribute("type", "string", false, false, "readWrite", "none", "Always work"),
                                        attribute(
                                                "primary",
                                                "boolean",
                                                false,
                                                false,
                                                "readWrite",
                                                "none",
                                                "Whether it is the primary number"))),
                        attribute(
                                "active",
                                "boolean",
                                false,
                                false,
                                "readWrite",
                                "none",
                                "False when the agent is suspended"),
                        attribute("locale", "string", false, false, "readWrite", "none", "The agent's locale"),
                        attribute("timezone", "string", false, false, "readWrite", "none", "The agent's time zone"),
                        attribute("title", "string", false, false, "readWrite", "none", "The agent's position"),
                        attribute(
                                        "password",
                                        "string",
                                        false,
                                        false,
                                        "writeOnly",
                                        "none",
                                        "A password for signing in to Groupdesk")
                                .returned("never"),
                        complex(
                                        "groups",
                                        true,
                                        "The groups the agent is in",
                                        List.of(
                                                attribute(
                                                        "value",
                                                        "string",
                                                        false,
                                                        false,
                                                        "readOnly",
                                                        "none",
                                                        "The group's id"),
                                                attribute(
                                                        "display",
                                                        "string",
                                                        false,
                                                        false,
                                                        "readOnly",
                                                        "none",
                                                        "The group's name"),
                                                attribute(
                                                        "type",
                                                        "string",
                                                        false,
                                                        false,
                                                        "readOnly",
                                                        "none",
                                                        "Always direct")))
                                .mutability("readOnly"))));
        schemas.add(schema(
                base,
                ENTERPRISE,
                "EnterpriseUser",
                "Enterprise User",
                List.of(
                        attribute("employeeNumber", "string", false, false, "readWrite", "none", "The agent's work id"),
                        attribute(
                                "department", "string", false, false, "readWrite", "none", "The agent's department"))));
        schemas.add(schema(
                base,
                GROUP,
                "Group",
                "A group of agents",
                List.of(
                        attribute(
                                "displayName",
                                "string",
                                false,
                                true,
                                "readWrite",
                                "server",
                                "The group's name, unique in the account ignoring case"),
                        attribute(
                                        "externalId",
                                        "string",
                                        false,
                                        false,
                                        "readWrite",
                                        "none",
                                        "The identity provider's id of the group")
                                .caseExact(),
                        complex(
                                "members",
                                true,
                                "The agents in the group",
                                List.of(
                                        attribute(
                                                "value", "string", false, false, "immutable", "none", "The agent's id"),
                                        attribute(
                                                "display",
                                                "string",
                                                false,
                                                false,
                                                "readOnly",
                                                "none",
                                                "The agent's name"),
                                        attribute(
                                                "type",
                                                "string",
                                                false,
                                                false,
                                                "immutable",
                                                "none",
                                                "Always User"))))));
        return schemas;
    }

    /** An attribute definition, built up fluently. */
    static final class Attribute {
        private final Map<String, Object> definition = new LinkedHashMap<>();

        Attribute caseExact() {
            definition.put("caseExact", true);
            return this;
        }

        Attribute returned(String returned) {
            definition.put("returned", returned);
            return this;
        }

        Attribute mutability(String mutability) {
            definition.put("mutability", mutability);
            return this;
        }

        Map<String, Object> map() {
            return definition;
        }
    }

    private static Attribute attribute(
            String name,
            String type,
            boolean multiValued,
            boolean required,
            String mutability,
            String uniqueness,
            String description) {
        Attribute attribute = new Attribute();
        attribute.definition.put("name", name);
        attribute.definition.put("type", type);
        attribute.definition.put("multiValued", multiValued);
        attribute.definition.put("description", description);
        attribute.definition.put("required", required);
        if (type.equals("string")) {
            attribute.definition.put("caseExact", false);
        }
        attribute.definition.put("mutability", mutability);
        attribute.definition.put("returned", "default");
        attribute.definition.put("uniqueness", uniqueness);
        return attribute;
    }

    private static Attribute complex(String name, boolean multiValued, String description, List<Attribute> subs) {
        Attribute attribute = new Attribute();
        attribute.definition.put("name", name);
        attribute.definition.put("type", "complex");
        attribute.definition.put("multiValued", multiValued);
        attribute.definition.put("description", description);
        attribute.definition.put("required", false);
        attribute.definition.put(
                "subAttributes", subs.stream().map(Attribute::map).toList());
        attribute.definition.put("mutability", "readWrite");
        attribute.definition.put("returned", "default");
        attribute.definition.put("uniqueness", "none");
        return attribute;
    }

    private static Map<String, Object> schema(
            String base, String id, String name, String description, List<Attribute> attributes) {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("schemas", List.of(SCHEMA));
        schema.put("id", id);
        schema.put("name", name);
        schema.put("description", description);
        schema.put("attributes", attributes.stream().map(Attribute::map).toList());
        schema.put("meta", meta("Schema", base + "/Schemas/" + id));
        return schema;
    }

    static Map<String, Object> list(List<?> resources, long total, long startIndex) {
        Map<String, Object> list = new LinkedHashMap<>();
        list.put("schemas", List.of(LIST));
        list.put("totalResults", total);
        list.put("itemsPerPage", resources.size());
        list.put("startIndex", startIndex);
        list.put("Resources", resources);
        return list;
    }

    private static Map<String, Object> meta(String resourceType, String location) {
        return object("resourceType", resourceType, "location", location);
    }

    static Map<String, Object> object(Object... keysAndValues) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            object.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return object;
    }
}
