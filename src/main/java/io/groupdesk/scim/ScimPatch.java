package io.groupdesk.scim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * A PATCH request (RFC 7644 §3.5.2) and its application to a resource given as a map. Operation names ignore case
 * (Entra sends {@code "Add"} and {@code "Replace"}); an {@code add} or {@code replace} without a path takes an object
 * whose members are each applied as if named by a path (Okta replaces a whole user that way, and Entra names
 * sub-attributes and extension attributes in such members); a complex attribute is merged, a multi-valued one is
 * appended to by {@code add} and replaced by {@code replace}; a value filter in a path picks the elements to change,
 * and a filter made of {@code eq} comparisons that matches none adds the element it describes.
 */
public final class ScimPatch {
    public static final String SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";

    /** The operations. */
    public enum Op {
        ADD,
        REMOVE,
        REPLACE
    }

    /** One operation; {@code value} is a plain value, map or list. */
    public record Operation(Op op, Optional<String> path, Object value) {}

    /** Which attributes of a resource type a PATCH may name, and their kinds. Names are canonical. */
    record Schema(Set<String> simple, Set<String> complex, Set<String> multiValued, Set<String> readOnly) {
        Optional<String> canonical(String name) {
            for (Set<String> names : List.of(simple, complex, multiValued, readOnly)) {
                for (String known : names) {
                    if (known.equalsIgnoreCase(name)) {
                        return Optional.of(known);
                    }
                }
            }
            return Optional.empty();
        }
    }

    /** A parsed path: an attribute, an optional value filter, an optional sub-attribute. */
    record Path(String attribute, Optional<ScimFilter> filter, Optional<String> sub) {}

    private ScimPatch() {}

    /**
     * Reads a PATCH body's {@code Operations}.
     *
     * @throws io.groupdesk.shared.ValidationException the body is not a PATCH request
     */
    public static List<Operation> operations(Map<String, Object> body) {
        Object operations = ScimDocuments.get(body, "Operations").orElse(null);
        if (!(operations instanceof List<?> list) || list.isEmpty()) {
            throw ScimErrors.syntax("A PATCH request needs a non-empty 'Operations' array");
        }
        List<Operation> parsed = new ArrayList<>();
        for (Object element : list) {
            if (!(element instanceof Map<?, ?>)) {
                throw ScimErrors.syntax("Each operation must be an object");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> operation = (Map<String, Object>) element;
            String name = ScimDocuments.text(operation, "op");
            Op op;
            try {
                op = Op.valueOf(name == null ? "" : name.strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw ScimErrors.syntax("'op' must be add, remove or replace, was " + name);
            }
            String path = ScimDocuments.blankToNull(ScimDocuments.text(operation, "path"));
            Object value = ScimDocuments.get(operation, "value").orElse(null);
            if (op != Op.REMOVE && value == null) {
                throw ScimErrors.syntax("An " + op.name().toLowerCase(Locale.ROOT) + " operation needs a 'value'");
            }
            if (op == Op.REMOVE && path == null) {
                throw ScimErrors.noTarget("A remove operation needs a 'path'");
            }
            parsed.add(new Operation(op, Optional.ofNullable(path), value));
        }
        return parsed;
    }

    /** Parses a PATCH path: {@code attr}, {@code attr.sub}, {@code attr[filter]}, {@code attr[filter].sub}. */
    static Path path(String text, Schema schema) {
        String rest = text.strip();
        for (String urn : List.of(ScimColumns.USER_SCHEMA, ScimColumns.GROUP_SCHEMA)) {
            if (rest.regionMatches(true, 0, urn + ":", 0, urn.length() + 1)) {
                rest = rest.substring(urn.length() + 1);
            }
        }
        String enterprise = ScimColumns.ENTERPRISE_SCHEMA;
        if (rest.equalsIgnoreCase(enterprise)) {
            return known(new Path(enterprise, Optional.empty(), Optional.empty()), schema, text);
        }
        if (rest.regionMatches(true, 0, enterprise + ":", 0, enterprise.length() + 1)) {
            String sub = rest.substring(enterprise.length() + 1);
            if (!sub.matches("[A-Za-z][A-Za-z0-9_$-]*")) {
                throw ScimErrors.invalidPath("'" + text + "' is not a path");
            }
            return known(new Path(enterprise, Optional.empty(), Optional.of(sub)), schema, text);
        }
        int bracket = rest.indexOf('[');
        if (bracket >= 0) {
            int close = rest.lastIndexOf(']');
            if (close < bracket) {
                throw ScimErrors.invalidPath("'" + text + "' opens a value filter it does not close");
            }
            String attribute = rest.substring(0, bracket);
            ScimFilter filter;
            try {
                filter = ScimFilter.parse(rest.substring(bracket + 1, close));
            } catch (io.groupdesk.shared.ValidationException e) {
                throw ScimErrors.invalidPath("The value filter of '" + text + "' is invalid: "
                        + e.violations().get(0).message());
            }
            String after = rest.substring(close + 1);
            Optional<String> sub = Optional.empty();
            if (!after.isEmpty()) {
                if (!after.matches("\\.[A-Za-z][A-Za-z0-9_$-]*")) {
                    throw ScimErrors.invalidPath("'" + text + "' is not a path");
                }
                sub = Optional.of(after.substring(1));
            }
            return known(new Path(attribute, Optional.of(filter), sub), schema, text);
        }
        if (!rest.matches("[A-Za-z][A-Za-z0-9_$-]*(\\.[A-Za-z][A-Za-z0-9_$-]*)?")) {
            throw ScimErrors.invalidPath("'" + text + "' is not a path");
        }
        int dot = rest.indexOf('.');
        return dot < 0
                ? known(new Path(rest, Optional.empty(), Optional.empty()), schema, text)
                : known(
                        new Path(rest.substring(0, dot), Optional.empty(), Optional.of(rest.substring(dot + 1))),
                        schema,
                        text);
    }

    private static Path known(Path path, Schema schema, String text) {
        String attribute = schema.canonical(path.attribute())
                .orElseThrow(() -> ScimErrors.invalidPath("'" + text + "' names no attribute this resource has"));
        if (schema.readOnly().contains(attribute)) {
            throw ScimErrors.mutability(attribute, "'" + attribute + "' is read-only");
        }
        if (path.filter().isPresent() && !schema.multiValued().contains(attribute)) {
            throw ScimErrors.invalidPath("'" + attribute + "' is not multi-valued: it takes no value filter");
        }
        if (path.sub().isPresent() && schema.simple().contains(attribute)) {
            throw ScimErrors.invalidPath("'" + attribute + "' has no sub-attributes");
        }
        return new Path(attribute, path.filter(), path.sub());
    }

    /**
     * Applies {@code operations} to {@code resource} in order, changing it in place.
     *
     * @throws io.groupdesk.shared.ValidationException a path names nothing this resource has, a read-only attribute,
     *     or a value of the wrong shape
     */
    static void apply(Map<String, Object> resource, List<Operation> operations, Schema schema) {
        for (Operation operation : operations) {
            if (operation.path().isPresent()) {
                apply(resource, operation.op(), path(operation.path().get(), schema), operation.value(), schema);
                continue;
            }
            if (!(operation.value() instanceof Map<?, ?> members)) {
                throw ScimErrors.syntax("An operation without a 'path' takes an object as its 'value'");
            }
            for (Map.Entry<?, ?> member : members.entrySet()) {
                String name = String.valueOf(member.getKey());
                Optional<String> canonical = schema.canonical(name);
                if (canonical.isPresent() && schema.readOnly().contains(canonical.get())
                        || name.equalsIgnoreCase("schemas")) {
                    continue; // Okta sends the whole resource back, id and all
                }
                apply(resource, operation.op(), path(name, schema), member.getValue(), schema);
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void apply(Map<String, Object> resource, Op op, Path path, Object value, Schema schema) {
        String attribute = path.attribute();
        if (path.filter().isPresent()) {
            filtered(resource, op, path, value);
            return;
        }
        if (path.sub().isPresent()) {
            Map<String, Object> container = ScimDocuments.object(resource, attribute);
            if (schema.multiValued().contains(attribute)) {
                List<Map<String, Object>> elements = new ArrayList<>(ScimDocuments.list(resource, attribute));
                if (elements.isEmpty() && op != Op.REMOVE) {
                    elements.add(new LinkedHashMap<>());
                }
                for (Map<String, Object> element : elements) {
                    set(element, op, path.sub().get(), value);
                }
                ScimDocuments.put(resource, attribute, elements);
                return;
            }
            if (container == null) {
                if (op == Op.REMOVE) {
                    return;
                }
                container = new LinkedHashMap<>();
                ScimDocuments.put(resource, attribute, container);
            }
            set(container, op, path.sub().get(), value);
            return;
        }
        if (op == Op.REMOVE) {
            if (schema.multiValued().contains(attribute) && value != null) {
                // remove the listed values only (Entra's form of removing members)
                List<Object> listed = value instanceof List<?> list ? (List<Object>) list : List.of(value);
                List<Map<String, Object>> kept = new ArrayList<>(ScimDocuments.list(resource, attribute));
                for (Object gone : listed) {
                    if (gone instanceof Map<?, ?> element) {
                        Object goneValue = ScimDocuments.get((Map<String, Object>) element, "value")
                                .orElse(null);
                        kept.removeIf(existing -> sameValue(existing, goneValue));
                    }
                }
                ScimDocuments.put(resource, attribute, kept);
                return;
            }
            ScimDocuments.remove(resource, attribute);
            return;
        }
        if (schema.multiValued().contains(attribute)) {
            List<Object> values = value instanceof List<?> list ? new ArrayList<>(list) : List.of(value);
            List<Map<String, Object>> elements = new ArrayList<>();
            if (op == Op.ADD) {
                elements.addAll(ScimDocuments.list(resource, attribute));
            }
            for (Object element : values) {
                if (!(element instanceof Map<?, ?> object)) {
                    throw ScimErrors.value(attribute, "Each value of '" + attribute + "' must be an object");
                }
                Map<String, Object> added = ScimDocuments.copy((Map<String, Object>) object);
                Object addedValue = ScimDocuments.get(added, "value").orElse(null);
                elements.removeIf(existing -> addedValue != null && sameValue(existing, addedValue));
                if (ScimDocuments.bool(added, "primary").orElse(false)) {
                    elements.forEach(existing -> ScimDocuments.remove(existing, "primary"));
                }
                elements.add(added);
            }
            ScimDocuments.put(resource, attribute, elements);
            return;
        }
        if (schema.complex().contains(attribute)) {
            if (!(value instanceof Map<?, ?> members)) {
                throw ScimErrors.value(attribute, "'" + attribute + "' takes an object");
            }
            Map<String, Object> container = ScimDocuments.object(resource, attribute);
            container = container == null ? new LinkedHashMap<>() : container;
            for (Map.Entry<?, ?> member : members.entrySet()) {
                ScimDocuments.put(container, String.valueOf(member.getKey()), member.getValue());
            }
            ScimDocuments.put(resource, attribute, container);
            return;
        }
        ScimDocuments.put(resource, attribute, value);
    }

    private static void set(Map<String, Object> container, Op op, String sub, Object value) {
        if (op == Op.REMOVE) {
            ScimDocuments.remove(container, sub);
        } else {
            ScimDocuments.put(container, sub, value);
        }
    }

    @SuppressWarnings("unchecked")
    private static void filtered(Map<String, Object> resource, Op op, Path path, Object value) {
        String attribute = path.attribute();
        ScimFilter filter = path.filter().orElseThrow();
        List<Map<String, Object>> elements = new ArrayList<>(ScimDocuments.list(resource, attribute));
        List<Map<String, Object>> matching = elements.stream()
                .filter(element -> ScimFilterMatch.matches(element, filter))
                .toList();
        if (op == Op.REMOVE) {
            if (path.sub().isPresent()) {
                matching.forEach(
                        element -> ScimDocuments.remove(element, path.sub().get()));
            } else {
                elements.removeAll(matching);
            }
            ScimDocuments.put(resource, attribute, elements);
            return;
        }
        if (matching.isEmpty()) {
            Map<String, Object> described = new LinkedHashMap<>();
            if (!equalities(filter, described)) {
                throw ScimErrors.noTarget("No value of '" + attribute + "' matches the path's filter");
            }
            elements.add(described);
            matching = List.of(described);
        }
        for (Map<String, Object> element : matching) {
            if (path.sub().isPresent()) {
                ScimDocuments.put(element, path.sub().get(), value);
            } else if (value instanceof Map<?, ?> members) {
                members.forEach((k, v) -> ScimDocuments.put(element, String.valueOf(k), v));
            } else {
                throw ScimErrors.value(attribute, "A value of '" + attribute + "' is an object");
            }
        }
        ScimDocuments.put(resource, attribute, elements);
    }

    /** Collects the {@code attr eq value} comparisons of a filter made only of them (and {@code and}). */
    private static boolean equalities(ScimFilter filter, Map<String, Object> into) {
        if (filter instanceof ScimFilter.And and) {
            return equalities(and.left(), into) && equalities(and.right(), into);
        }
        if (filter instanceof ScimFilter.Compare compare
                && compare.operator() == ScimFilter.Operator.EQ
                && compare.value() != ScimFilter.Null.NULL) {
            into.put(compare.path(), compare.value());
            return true;
        }
        return false;
    }

    private static boolean sameValue(Map<String, Object> element, Object value) {
        Object existing = ScimDocuments.get(element, "value").orElse(null);
        return existing != null && value != null && existing.toString().equalsIgnoreCase(value.toString());
    }
}
