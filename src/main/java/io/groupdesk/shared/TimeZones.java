package io.groupdesk.shared;

import io.groupdesk.shared.FieldViolation.Rule;
import java.time.ZoneId;

/** IANA time zone names, as groups and accounts keep them. */
public final class TimeZones {
    private TimeZones() {}

    /**
     * The canonical IANA name of {@code name} ({@code Europe/Berlin}, {@code UTC}).
     *
     * @throws ValidationException not an IANA time zone name
     */
    public static String valid(String name, String field) {
        String value = name == null ? "" : name.strip();
        if (!ZoneId.getAvailableZoneIds().contains(value)) {
            throw ValidationException.of(
                    field,
                    Rule.INVALID,
                    "must be an IANA time zone name such as Europe/Berlin, not '" + shorten(value) + "'");
        }
        return value;
    }

    private static String shorten(String text) {
        return text.length() > 40 ? text.substring(0, 40) + "…" : text;
    }
}
