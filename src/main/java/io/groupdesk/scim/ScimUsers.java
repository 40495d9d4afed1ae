package io.groupdesk.scim;

import io.groupdesk.scim.ScimColumns.Column;
import io.groupdesk.scim.ScimColumns.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The mapping of SCIM's User (with the enterprise extension) onto an agent: {@code displayName} and
 * {@code name.formatted} are the name, the primary email the email, the primary phone number the phone,
 * {@code active} false a suspension, {@code title} the position, {@code timezone} the time zone, the enterprise
 * {@code employeeNumber} the work id; {@code userName} (when it is not the email), {@code externalId},
 * {@code name.givenName}, {@code name.familyName} and the enterprise {@code department} are kept beside the agent.
 */
final class ScimUsers {
    static final ScimPatch.Schema SCHEMA = new ScimPatch.Schema(
            Set.of(
                    "userName",
                    "externalId",
                    "displayName",
                    "active",
                    "locale",
                    "timezone",
                    "title",
                    "password",
                    "nickName",
                    "profileUrl",
                    "userType",
                    "preferredLanguage"),
            Set.of("name", ScimColumns.ENTERPRISE_SCHEMA),
            Set.of("emails", "phoneNumbers", "addresses", "ims", "photos", "entitlements", "roles", "x509Certificates"),
            Set.of("id", "meta", "groups"));

    static final ScimColumns COLUMNS = new ScimColumns(ScimColumns.USER_SCHEMA)
            .column("id", "a.id", Type.ID)
            .column("userName", "COALESCE(s.user_name, a.email)", Type.TEXT)
            .column("externalId", "s.external_id", Type.EXACT_TEXT)
            .column("displayName", "a.name", Type.TEXT)
            .column("name.formatted", "a.name", Type.TEXT)
            .column("name.givenName", "s.given_name", Type.TEXT)
            .column("name.familyName", "s.family_name", Type.TEXT)
            .column("title", "a.position", Type.TEXT)
            .column("locale", "a.locale", Type.TEXT)
            .column("timezone", "a.time_zone", Type.TEXT)
            .column("active", "NOT a.suspended", Type.BOOLEAN)
            .column("meta.created", "a.created_at", Type.DATETIME)
            .column("meta.lastModified", "a.updated_at", Type.DATETIME)
            .column(ScimColumns.ENTERPRISE_SCHEMA + ":employeeNumber", "a.work_id", Type.TEXT)
            .column(ScimColumns.ENTERPRISE_SCHEMA + ":department", "s.department", Type.TEXT)
            .multiValued(
                    "emails",
                    Optional.empty(),
                    Map.of(
                            "value", new Column("a.email", Type.TEXT),
                            "type", new Column("'work'", Type.TEXT),
                            "primary", new Column("TRUE", Type.BOOLEAN)))
            .multiValued(
                    "phoneNumbers",
                    Optional.empty(),
                    Map.of(
                            "value", new Column("a.phone", Type.TEXT),
                            "type", new Column("CASE WHEN a.phone IS NULL THEN NULL ELSE 'work' END", Type.TEXT),
                            "primary", new Column("a.phone IS NOT NULL", Type.BOOLEAN)))
            .multiValued(
                    "groups",
                    Optional.of("FROM memberships gm JOIN agent_groups gg ON gg.account_id = gm.account_id"
                            + " AND gg.id = gm.group_id AND NOT gg.deleted"
                            + " WHERE gm.account_id = a.account_id AND gm.agent_id = a.id"),
                    Map.of("value", new Column("gm.group_id", Type.ID), "display", new Column("gg.name", Type.TEXT)));

    private ScimUsers() {}

    /** The values a create, a replace or a patched resource sets. */
    record Values(
            String userName,
            String email,
            String name,
            String externalId,
            String givenName,
            String familyName,
            String phone,
            String locale,
            String timeZone,
            String title,
            String employeeNumber,
            String department,
            Optional<Boolean> active,
            Optional<String> password) {

        ScimRepository.UserExtras extras() {
            boolean nameIsEmail = userName.equalsIgnoreCase(email);
            return new ScimRepository.UserExtras(
                    nameIsEmail ? null : userName, externalId, givenName, familyName, department);
        }
    }

    /** The user as a SCIM resource, without {@code meta}, which the door adds. */
    static Map<String, Object> document(ScimUser user) {
        Map<String, Object> resource = new LinkedHashMap<>();
        boolean enterprise = user.employeeNumber() != null || user.department() != null;
        resource.put(
                "schemas",
                enterprise
                        ? List.of(ScimColumns.USER_SCHEMA, ScimColumns.ENTERPRISE_SCHEMA)
                        : List.of(ScimColumns.USER_SCHEMA));
        resource.put("id", Long.toString(user.id().value()));
        putIfPresent(resource, "externalId", user.externalId());
        resource.put("userName", user.userName());
        Map<String, Object> name = new LinkedHashMap<>();
        name.put("formatted", user.name());
        putIfPresent(name, "givenName", user.givenName());
        putIfPresent(name, "familyName", user.familyName());
        resource.put("name", name);
        resource.put("displayName", user.name());
        resource.put("emails", List.of(element(user.email())));
        if (user.phone() != null) {
            resource.put("phoneNumbers", List.of(element(user.phone())));
        }
        resource.put("active", user.active());
        putIfPresent(resource, "locale", user.locale());
        putIfPresent(resource, "timezone", user.timeZone());
        putIfPresent(resource, "title", user.title());
        List<Map<String, Object>> groups = new ArrayList<>();
        for (ScimUser.GroupRef group : user.groups()) {
            Map<String, Object> ref = new LinkedHashMap<>();
            ref.put("value", Long.toString(group.id().value()));
            ref.put("display", group.name());
            ref.put("type", "direct");
            groups.add(ref);
        }
        resource.put("groups", groups);
        if (enterprise) {
            Map<String, Object> extension = new LinkedHashMap<>();
            putIfPresent(extension, "employeeNumber", user.employeeNumber());
            putIfPresent(extension, "department", user.department());
            resource.put(ScimColumns.ENTERPRISE_SCHEMA, extension);
        }
        return resource;
    }

    private static Map<String, Object> element(String value) {
        Map<String, Object> element = new LinkedHashMap<>();
        element.put("value", value);
        element.put("type", "work");
        element.put("primary", true);
        return element;
    }

    private static void putIfPresent(Map<String, Object> map, String name, Object value) {
        if (value != null) {
            map.put(name, value);
        }
    }

    /**
     * What a resource sets. The email is the primary (or first) of {@code emails}, else the user name when it is an
     * address, else the current email; the name is {@code displayName}, else {@code name.formatted}, else the given
     * and family names, else the user name.
     *
     * @throws io.groupdesk.shared.ValidationException no user name, no email to be had, or a value of the wrong type
     */
    static Values values(Map<String, Object> resource, Optional<ScimUser> current) {
        String userName = ScimDocuments.blankToNull(ScimDocuments.text(resource, "userName"));
        if (userName == null) {
            throw ScimErrors.value("userName", "'userName' is required");
        }
        String email = ScimDocuments.blankToNull(ScimDocuments.primaryValue(resource, "emails"));
        if (email == null) {
            if (userName.contains("@")) {
                email = userName;
            } else if (current.isPresent()) {
                email = current.get().email();
            } else {
                throw ScimErrors.value("emails", "An email is required when 'userName' is not an email address");
            }
        }
        Map<String, Object> name = ScimDocuments.object(resource, "name");
        String givenName = name == null ? null : ScimDocuments.blankToNull(ScimDocuments.text(name, "givenName"));
        String familyName = name == null ? null : ScimDocuments.blankToNull(ScimDocuments.text(name, "familyName"));
        String formatted = name == null ? null : ScimDocuments.blankToNull(ScimDocuments.text(name, "formatted"));
        String displayName = ScimDocuments.blankToNull(ScimDocuments.text(resource, "displayName"));
        String joined = ScimDocuments.blankToNull(
                ((givenName == null ? "" : givenName) + " " + (familyName == null ? "" : familyName)).strip());
        String agentName = displayName != null ? displayName : formatted != null ? formatted : joined;
        Map<String, Object> enterprise = ScimDocuments.object(resource, ScimColumns.ENTERPRISE_SCHEMA);
        return new Values(
                userName,
                email,
                agentName != null ? agentName : userName,
                ScimDocuments.blankToNull(ScimDocuments.text(resource, "externalId")),
                givenName,
                familyName,
                ScimDocuments.blankToNull(ScimDocuments.primaryValue(resource, "phoneNumbers")),
                ScimDocuments.blankToNull(ScimDocuments.text(resource, "locale")),
                ScimDocuments.blankToNull(ScimDocuments.text(resource, "timezone")),
                ScimDocuments.blankToNull(ScimDocuments.text(resource, "title")),
                enterprise == null ? null : ScimDocuments.blankToNull(ScimDocuments.text(enterprise, "employeeNumber")),
                enterprise == null ? null : ScimDocuments.blankToNull(ScimDocuments.text(enterprise, "department")),
                ScimDocuments.bool(resource, "active"),
                Optional.ofNullable(ScimDocuments.text(resource, "password")));
    }

    /** The ORDER BY of a list sorted by {@code sortBy}, ties broken by id. */
    static String orderBy(Optional<String> sortBy, boolean descending) {
        return ScimSorting.orderBy(COLUMNS, sortBy, descending, "a.id");
    }
}
