package io.groupdesk.scim;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Reading SCIM resources given as plain maps and lists (JSON objects and arrays): attribute names match ignoring case,
 * as RFC 7643 §2.1 says, and booleans may come as the strings {@code "True"} and {@code "False"}, as Entra sends them.
 */
final class ScimDocuments {
    private ScimDocuments() {}

    /** The key of {@code map} that equals {@code name} ignoring case. */
    static Optional<String> key(Map<String, Object> map, String name) {
        if (map.containsKey(name)) {
            return Optional.of(name);
        }
        return map.keySet().stream().filter(k -> k.equalsIgnoreCase(name)).findFirst();
    }

    static Optional<Object> get(Map<String, Object> map, String name) {
        return key(map, name).map(map::get);
    }

    static void put(Map<String, Object> map, String name, Object value) {
        key(map, name).ifPresent(map::remove);
        map.put(name, value);
    }

    static void remove(Map<String, Object> map, String name) {
        key(map, name).ifPresent(map::remove);
    }

    /** A text attribute; null when absent or null. */
    static String text(Map<String, Object> map, String name) {
        Object value = get(map, name).orElse(null);
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            return text;
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        throw ScimErrors.value(name, "'" + name + "' must be a string");
    }

    static Optional<Boolean> bool(Map<String, Object> map, String name) {
        Object value = get(map, name).orElse(null);
        if (value == null) {
            return Optional.empty();
        }
        return Optional.of(toBoolean(name, value));
    }

    static boolean toBoolean(String name, Object value) {
        if (value instanceof Boolean flag) {
            return flag;
        }
        if (value instanceof String text) {
            String lower = text.strip().toLowerCase(Locale.ROOT);
            if (lower.equals("true") || lower.equals("false")) {
                return lower.equals("true");
            }
        }
        throw ScimErrors.value(name, "'" + name + "' must be true or false");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Map<String, Object> map, String name) {
        Object value = get(map, name).orElse(null);
        if (value == null) {
            return null;
        }
        if (value instanceof Map<?, ?> object) {
            return (Map<String, Object>) object;
        }
        throw ScimErrors.value(name, "'" + name + "' must be an object");
    }

    /** A multi-valued attribute's values; a single object counts as a list of one. */
    @SuppressWarnings("unchecked")
    static List<Map<String, Object>> list(Map<String, Object> map, String name) {
        Object value = get(map, name).orElse(null);
        if (value == null) {
            return List.of();
        }
        if (value instanceof Map<?, ?> one) {
            return List.of((Map<String, Object>) one);
        }
        if (value instanceof List<?> values) {
            for (Object element : values) {
                if (!(element instanceof Map<?, ?>)) {
                    throw ScimErrors.value(name, "Each of '" + name + "' must be an object");
                }
            }
            return (List<Map<String, Object>>) values;
        }
        throw ScimErrors.value(name, "'" + name + "' must be an array");
    }

    /**
     * The value of the multi-valued attribute's primary element, or of its first when none is primary; null when it
     * has none.
     */
    static String primaryValue(Map<String, Object> map, String name) {
        List<Map<String, Object>> values = list(map, name);
        Map<String, Object> chosen = values.stream()
                .filter(element -> bool(element, "primary").orElse(false))
                .findFirst()
                .orElse(values.isEmpty() ? null : values.get(0));
        return chosen == null ? null : text(chosen, "value");
    }

    /** A deep, mutable copy of a resource. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> copy(Map<String, Object> map) {
        Map<String, Object> copy = new LinkedHashMap<>();
        map.forEach((key, value) -> copy.put(key, copyValue(value)));
        return copy;
    }

    @SuppressWarnings("unchecked")
    static Object copyValue(Object value) {
        if (value instanceof Map<?, ?> map) {
            return copy((Map<String, Object>) map);
        }
        if (value instanceof List<?> list) {
            List<Object> copy = new java.util.ArrayList<>();
            list.forEach(element -> copy.add(copyValue(element)));
            return copy;
        }
        return value;
    }

    /** A blank string is no value. */
    static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
