package io.groupdesk.api.scim;

import io.groupdesk.shared.ExpectedVersion;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Set;

/**
 * {@code meta.version}, the {@code ETag} header and {@code If-Match} (RFC 7644 §3.14). A version is the entity tag
 * the Zendesk API gives the same record, {@code "<id>.<updated_at in epoch microseconds>"}, so a tag read through
 * one door is good in the other. {@code If-Match} lists tags ({@code W/} is ignored); {@code *} matches any existing
 * record; no header means no check, which the core makes under the record's row lock.
 */
final class ScimVersions {
    private ScimVersions() {}

    static String of(long id, Instant updatedAt) {
        return "\"" + id + "." + ChronoUnit.MICROS.between(Instant.EPOCH, updatedAt) + "\"";
    }

    static ExpectedVersion ifMatch(Context ctx, long id) {
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
