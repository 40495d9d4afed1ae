package io.groupdesk.jobs;

import java.util.ArrayList;
import java.util.List;

/**
 * The stored form of a job's items (the {@code jobs.items} column), in PostgreSQL's {@code COPY} text format: one
 * line per item, in item order, with the former {@code job_items} columns separated by tabs ({@code index},
 * {@code record_id}, {@code action}, {@code success} as {@code t} or {@code f}, {@code error}, {@code details}),
 * {@code \N} for a null, and a backslash, tab, newline or carriage return inside a value written as {@code \\},
 * {@code \t}, {@code \n} or {@code \r}. {@code SELECT items FROM jobs} is readable as it stands.
 */
final class JobItemsText {
    private static final String NULL = "\\N";

    private JobItemsText() {}

    static String write(List<JobItem> items) {
        StringBuilder text = new StringBuilder(32 * items.size());
        for (JobItem item : items) {
            text.append(item.index()).append('\t');
            text.append(item.recordId() == null ? NULL : item.recordId().toString())
                    .append('\t');
            appendValue(text, item.action()).append('\t');
            text.append(item.success() ? 't' : 'f').append('\t');
            appendValue(text, item.error()).append('\t');
            appendValue(text, item.details()).append('\n');
        }
        return text.toString();
    }

    static List<JobItem> read(String stored) {
        List<JobItem> items = new ArrayList<>();
        for (String line : stored.split("\n")) {
            if (line.isEmpty()) {
                continue;
            }
            String[] fields = line.split("\t", -1);
            if (fields.length != 6) {
                throw new IllegalStateException("a stored job item has " + fields.length + " fields, not 6: " + line);
            }
            String recordId = value(fields[1]);
            items.add(new JobItem(
                    Integer.parseInt(fields[0]),
                    recordId == null ? null : Long.valueOf(recordId),
                    value(fields[2]),
                    fields[3].equals("t"),
                    value(fields[4]),
                    value(fields[5])));
        }
        return List.copyOf(items);
    }

    private static StringBuilder appendValue(StringBuilder text, String value) {
        if (value == null) {
            return text.append(NULL);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> text.append("\\\\");
                case '\t' -> text.append("\\t");
                case '\n' -> text.append("\\n");
                case '\r' -> text.append("\\r");
                default -> text.append(c);
            }
        }
        return text;
    }

    private static String value(String field) {
        if (field.equals(NULL)) {
            return null;
        }
        if (field.indexOf('\\') < 0) {
            return field;
        }
        StringBuilder value = new StringBuilder(field.length());
        for (int i = 0; i < field.length(); i++) {
            char c = field.charAt(i);
            if (c != '\\' || i + 1 == field.length()) {
                value.append(c);
                continue;
            }
            char escaped = field.charAt(++i);
            value.append(
                    switch (escaped) {
                        case 't' -> '\t';
                        case 'n' -> '\n';
                        case 'r' -> '\r';
                        default -> escaped;
                    });
        }
        return value.toString();
    }
}
