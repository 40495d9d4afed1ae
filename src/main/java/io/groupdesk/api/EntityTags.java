package io.groupdesk.api;

import io.groupdesk.shared.ExpectedVersion;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;

/**
 * Entity tags of single records, and {@code If-Match}. A tag is strong, {@code "<id>.<updated_at in epoch
 * microseconds>"}: the record's id and version, which every change moves on (the core makes each change at least a
 * microsecond later than the last). {@code If-Match} lists tags (a {@code W/} prefix, which compressing proxies add,
 * is ignored); {@code *} matches any existing record; no header means no check. The check itself is the core's,
 * under the record's row lock. The Zendesk API and SCIM ({@code meta.version}) give the same tags.
 */
public final class EntityTags {
    private EntityTags() {}

    public static String of(long id, Instant updatedAt) {
        return "\"" + id + "." + ChronoUnit.MICROS.between(Instant.EPOCH, updatedAt) + "\"";
    }

    /** The versions of record {@code id} that the request's {@code If-Match} accepts. */
    public static ExpectedVersion ifMatch(Context ctx, long id) {
        String header = ctx.header("If-Match");
        if (header == null) {
            return ExpectedVersion.ANY;
        }
        Set<Instant> versions = new HashSet<>();
        for (String raw : header.split(",")) {
            String tag = raw.strip();
            if (tag.equals("*")) {
                return ExpectedVersion.ANY;
            }
            if (tag.startsWith("W/")) {
                tag = tag.substring(2);
            }
            if (tag.length() < 2 || !tag.startsWith("\"") || !tag.endsWith("\"")) {
                continue;
            }
            String[] parts = tag.substring(1, tag.length() - 1).split("\\.", -1);
            if (parts.length != 2 || !parts[0].equals(Long.toString(id))) {
                continue; // another record's tag, or not one of ours: it matches nothing
            }
            try {
                versions.add(Instant.EPOCH.plus(Long.parseLong(parts[1]), ChronoUnit.MICROS));
            } catch (NumberFormatException | ArithmeticException | java.time.DateTimeException e) {
                // not one of ours: it matches nothing
            }
        }
        return ExpectedVersion.oneOf(versions);
    }
}
