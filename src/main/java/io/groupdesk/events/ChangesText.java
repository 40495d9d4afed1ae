package io.groupdesk.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Reads back the JSON objects {@link JsonText} writes ({@code {"field": {"from": x, "to": y}}}, values strings,
 * whole numbers, booleans and {@code null}), for the reads that need a value: membership as of a time, the audit
 * log's descriptions. The core holds no JSON library; anything else is refused.
 */
final class ChangesText {
    private final String text;
    private int at;

    private ChangesText(String text) {
        this.text = text;
    }

    /**
     * The changes of an event, in the order written.
     *
     * @throws IllegalArgumentException the text is not such an object
     */
    static Map<String, Change> read(String text) {
        ChangesText reader = new ChangesText(text);
        Map<String, Change> changes = new LinkedHashMap<>();
        reader.expect('{');
        if (!reader.consume('}')) {
            do {
                String field = reader.string();
                reader.expect(':');
                reader.expect('{');
                Object from = null;
                Object to = null;
                if (!reader.consume('}')) {
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
                }
                changes.put(field, new Change(from, to));
            } while (reader.consume(','));
            reader.expect('}');
        }
        reader.space();
        if (reader.at != text.length()) {
            throw reader.failure();
        }
        return Collections.unmodifiableMap(changes);
    }

    private Object value() {
        space();
        if (at >= text.length()) {
            throw failure();
        }
        char c = text.charAt(at);
        if (c == '"') {
            return string();
        }
        if (text.startsWith("null", at)) {
            at += 4;
            return null;
        }
        if (text.startsWith("true", at)) {
            at += 4;
            return Boolean.TRUE;
        }
        if (text.startsWith("false", at)) {
            at += 5;
            return Boolean.FALSE;
        }
        int start = at;
        if (c == '-') {
            at++;
        }
        while (at < text.length() && Character.isDigit(text.charAt(at))) {
            at++;
        }
        if (at == start || (at == start + 1 && c == '-')) {
            throw failure();
        }
        return Long.parseLong(text.substring(start, at));
    }

    private String string() {
        space();
        expectHere('"');
        StringBuilder out = new StringBuilder();
        while (true) {
            if (at >= text.length()) {
                throw failure();
            }
            char c = text.charAt(at++);
            if (c == '"') {
                return out.toString();
            }
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (at >= text.length()) {
                throw failure();
            }
            char escaped = text.charAt(at++);
            switch (escaped) {
                case '"', '\\', '/' -> out.append(escaped);
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    if (at + 4 > text.length()) {
                        throw failure();
                    }
                    out.append((char) Integer.parseInt(text.substring(at, at + 4), 16));
                    at += 4;
                }
                default -> throw failure();
            }
        }
    }

    private void expect(char c) {
        space();
        expectHere(c);
    }

    private void expectHere(char c) {
        if (at >= text.length() || text.charAt(at) != c) {
            throw failure();
        }
        at++;
    }

    private boolean consume(char c) {
        space();
        if (at < text.length() && text.charAt(at) == c) {
            at++;
            return true;
        }
        return false;
    }

    private void space() {
        while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
            at++;
        }
    }

    private IllegalArgumentException failure() {
        return new IllegalArgumentException("not an event's changes at character " + at);
    }
}
