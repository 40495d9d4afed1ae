package io.groupdesk.api.zendeskxml;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Writes typed Rails XML: {@code <id type="integer">2</id>}, {@code nil="true"} for nulls. */
final class RailsXml {
    private static final DateTimeFormatter DATETIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    private final StringBuilder out = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    private int depth;

    RailsXml open(String name, String... attributes) {
        indent();
        out.append('<').append(name);
        for (int i = 0; i + 1 < attributes.length; i += 2) {
            out.append(' ')
                    .append(attributes[i])
                    .append("=\"")
                    .append(escape(attributes[i + 1]))
                    .append('"');
        }
        out.append(">\n");
        depth++;
        return this;
    }

    RailsXml close(String name) {
        depth--;
        indent();
        out.append("</").append(name).append(">\n");
        return this;
    }

    RailsXml text(String name, String value) {
        return value == null ? nil(name, null) : element(name, null, value);
    }

    RailsXml integer(String name, Long value) {
        return value == null ? nil(name, "integer") : element(name, "integer", Long.toString(value));
    }

    RailsXml bool(String name, boolean value) {
        return element(name, "boolean", Boolean.toString(value));
    }

    RailsXml datetime(String name, Instant value) {
        return value == null ? nil(name, "datetime") : element(name, "datetime", DATETIME.format(value));
    }

    private RailsXml element(String name, String type, String value) {
        indent();
        out.append('<').append(name);
        if (type != null) {
            out.append(" type=\"").append(type).append('"');
        }
        out.append('>').append(escape(value)).append("</").append(name).append(">\n");
        return this;
    }

    private RailsXml nil(String name, String type) {
        indent();
        out.append('<').append(name);
        if (type != null) {
            out.append(" type=\"").append(type).append('"');
        }
        out.append(" nil=\"true\"></").append(name).append(">\n");
        return this;
    }

    private void indent() {
        out.append("  ".repeat(Math.max(0, depth)));
    }

    /** Escapes text content and replaces characters XML 1.0 cannot carry. */
    static String escape(String text) {
        return escape(text, false);
    }

    private static String escapeAttribute(String text) {
        return escape(text, true);
    }

    private static String escape(String text, boolean attribute) {
        StringBuilder escaped = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            switch (c) {
                case '&' -> escaped.append("&amp;");
                case '<' -> escaped.append("&lt;");
                case '>' -> escaped.append("&gt;");
                case '"' -> escaped.append(attribute ? "&quot;" : "\"");
                default -> {
                    boolean allowed = c == 0x9
                            || c == 0xA
                            || c == 0xD
                            || (c >= 0x20 && c <= 0xD7FF)
                            || (c >= 0xE000 && c <= 0xFFFD)
                            || (c >= 0x10000 && c <= 0x10FFFF);
                    escaped.appendCodePoint(allowed ? c : 0xFFFD);
                }
            }
        });
        return escaped.toString();
    }

    @Override
    public String toString() {
        return out.toString();
    }
}
