package io.groupdesk.events;

import java.time.Instant;
import java.util.Map;

/**
 * Writes the small JSON objects events hold (a change's fields with their values before and after): strings,
 * numbers, booleans, {@code null}, instants (as ISO 8601 strings) and maps of these. The core holds no JSON library;
 * the doors read these objects back with theirs.
 */
final class JsonText {
    private JsonText() {}

    static String of(Map<String, Change> changes) {
        StringBuilder out = new StringBuilder(32 + changes.size() * 32).append('{');
        boolean first = true;
        for (Map.Entry<String, Change> entry : changes.entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            string(out, entry.getKey());
            out.append(":{\"from\":");
            value(out, entry.getValue().from());
            out.append(",\"to\":");
            value(out, entry.getValue().to());
            out.append('}');
        }
        return out.append('}').toString();
    }

    private static void value(StringBuilder out, Object value) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean || value instanceof Integer || value instanceof Long) {
            out.append(value);
        } else if (value instanceof Instant instant) {
            string(out, instant.toString());
        } else {
            string(out, value.toString());
        }
    }

    private static void string(StringBuilder out, String value) {
        out.append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
