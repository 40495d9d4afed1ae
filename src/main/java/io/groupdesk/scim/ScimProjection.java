package io.groupdesk.scim;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code attributes} and {@code excludedAttributes} (RFC 7644 §3.4.2.5) applied to a rendered resource: names ignore
 * case, may carry their schema's URN and may name a sub-attribute ({@code name.givenName}). {@code id} and
 * {@code schemas} are always returned.
 */
public final class ScimProjection {
    private static final Set<String> ALWAYS = Set.of("id", "schemas");

    private ScimProjection() {}

    /** Parses a comma-separated list of attribute paths into lower-cased names without the core schema URN. */
    public static List<String> parse(String list) {
        List<String> names = new ArrayList<>();
        if (list == null) {
            return names;
        }
        for (String raw : list.split(",")) {
            String name = raw.strip();
            if (name.isEmpty()) {
                continue;
            }
            String lower = name.toLowerCase(Locale.ROOT);
            for (String urn : List.of(ScimColumns.USER_SCHEMA, ScimColumns.GROUP_SCHEMA)) {
                String prefix = urn.toLowerCase(Locale.ROOT) + ":";
                if (lower.startsWith(prefix)) {
                    lower = lower.substring(prefix.length());
                }
            }
            names.add(lower);
        }
        return names;
    }

    /** Whether the attribute (by lower-case name) survives the projection: {@code members} is read only if so. */
    public static boolean includes(String attribute, List<String> attributes, List<String> excluded) {
        String lower = attribute.toLowerCase(Locale.ROOT);
        if (!attributes.isEmpty()) {
            return attributes.stream()
                    .anyMatch(a -> a.equals(lower) || a.startsWith(lower + ".") || a.startsWith(lower + ":"));
        }
        return !excluded.contains(lower);
    }

    /** The resource with only what {@code attributes} names, or without what {@code excluded} names. */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> apply(
            Map<String, Object> resource, List<String> attributes, List<String> excluded) {
        Map<String, Object> projected = new LinkedHashMap<>();
        for (Map.Entry<String, Object> entry : resource.entrySet()) {
            String key = entry.getKey().toLowerCase(Locale.ROOT);
            if (ALWAYS.contains(key)) {
                projected.put(entry.getKey(), entry.getValue());
                continue;
            }
            if (!attributes.isEmpty()) {
                if (attributes.contains(key)) {
                    projected.put(entry.getKey(), entry.getValue());
                } else if (entry.getValue() instanceof Map<?, ?> complex) {
                    Map<String, Object> kept = subset((Map<String, Object>) complex, key, attributes);
                    if (!kept.isEmpty()) {
                        projected.put(entry.getKey(), kept);
                    }
                } else if (entry.getValue() instanceof List<?> values
                        && attributes.stream().anyMatch(a -> a.startsWith(key + "."))) {
                    List<Object> kept = new ArrayList<>();
                    for (Object value : values) {
                        kept.add(
                                value instanceof Map<?, ?> element
                                        ? subset((Map<String, Object>) element, key, attributes)
                                        : value);
                    }
                    projected.put(entry.getKey(), kept);
                }
                continue;
            }
            if (excluded.contains(key)) {
                continue;
            }
            if (entry.getValue() instanceof Map<?, ?> complex) {
                Map<String, Object> kept = new LinkedHashMap<>((Map<String, Object>) complex);
                kept.keySet()
                        .removeIf(sub -> excluded.contains(key + "." + sub.toLowerCase(Locale.ROOT))
                                || excluded.contains(key + ":" + sub.toLowerCase(Locale.ROOT)));
                projected.put(entry.getKey(), kept);
            } else {
                projected.put(entry.getKey(), entry.getValue());
            }
        }
        return projected;
    }

    private static Map<String, Object> subset(Map<String, Object> complex, String key, List<String> attributes) {
        Map<String, Object> kept = new LinkedHashMap<>();
        complex.forEach((sub, value) -> {
            String lower = sub.toLowerCase(Locale.ROOT);
            if (attributes.contains(key + "." + lower) || attributes.contains(key + ":" + lower)) {
                kept.put(sub, value);
            }
        });
        return kept;
    }
}
