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

    /**
     * Reads back an object {@link #of} wrote: each field's {@code from} and {@code to}, strings, whole numbers (as
     * {@code Long}), booleans and {@code null}.
     *
     * @throws IllegalArgumentException {@code text} is not such an object
     */
    static Map<String, Change> parse(String text) {
        Reader reader = new Reader(text);
        Map<String, Change> changes = new java.util.LinkedHashMap<>();
        reader.expect('{');
        if (!reader.consume('}')) {
            do {
                String field = reader.string();
                reader.expect(':');
                reader.expect('{');
                Object from = null;
                Object to = null;
                do {
                    String key = reader.string();
                    reader.expect(':');
                    Object value = reader.value();
                    if (key.equals("from")) {
                        from = value;
                    } else if (key.equals("to")) {
                        to = value;
                    }
                } while (reader.consume(','));
                reader.expect('}');
                changes.put(field, new Change(from, to));
            } while (reader.consume(','));
            reader.expect('}');
        }
        return changes;
    }

    private static final class Reader {
        private final String text;
        private int at;

        Reader(String text) {
            this.text = text;
        }

        boolean consume(char c) {
            if (at < text.length() && text.charAt(at) == c) {
                at++;
                return true;
            }
            return false;
        }

        void expect(char c) {
            if (!consume(c)) {
                throw new IllegalArgumentException("expected '" + c + "' at " + at);
            }
        }

        Object value() {
            if (at >= text.length()) {
                throw new IllegalArgumentException("a value expected at " + at);
            }
            char c = text.charAt(at);
            if (c == '"') {
                return string();
            }
            for (String word : new String[] {"null", "true", "false"}) {
                if (text.startsWith(word, at)) {
                    at += word.length();
                    return word.equals("null") ? null : Boolean.valueOf(word);
                }
            }
            int start = at;
            while (at < text.length() && (text.charAt(at) == '-' || Character.isDigit(text.charAt(at)))) {
                at++;
            }
            if (start == at) {
                throw new IllegalArgumentException("a value expected at " + at);
            }
            return Long.valueOf(text.substring(start, at));
        }

        String string() {
            expect('"');
            StringBuilder out = new StringBuilder();
            while (at < text.length()) {
                char c = text.charAt(at++);
                if (c == '"') {
                    return out.toString();
                }
                if (c != '\\') {
                    out.append(c);
                    continue;
                }
                char escaped = text.charAt(at++);
                switch (escaped) {
                    case 'n' -> out.append('\n');
                    case 'r' -> out.append('\r');
                    case 't' -> out.append('\t');
                    case 'u' -> {
                        out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                        at += 4;
                    }
                    default -> out.append(escaped);
                }
            }
            throw new IllegalArgumentException("an unterminated string");
        }
    }
}
