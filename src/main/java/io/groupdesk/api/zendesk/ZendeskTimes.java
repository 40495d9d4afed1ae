package io.groupdesk.api.zendesk;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/** Times in query parameters: epoch seconds, or ISO 8601 (a date and time with an offset, or a date in UTC). */
final class ZendeskTimes {
    private static final long MAX_EPOCH_SECONDS = 253_402_300_799L; // 9999-12-31T23:59:59Z

    private ZendeskTimes() {}

    /** @throws ZendeskRequestException (400) the value is neither */
    static Instant parse(String raw, String parameter) {
        String value = raw.strip();
        if (!value.isEmpty() && value.chars().allMatch(Character::isDigit)) {
            try {
                long seconds = Long.parseLong(value);
                if (seconds <= MAX_EPOCH_SECONDS) {
                    return Instant.ofEpochSecond(seconds);
                }
            } catch (NumberFormatException e) {
                // too long: refused below
            }
            throw invalid(parameter);
        }
        try {
            return OffsetDateTime.parse(value).toInstant();
        } catch (DateTimeParseException e) {
            // maybe a date alone
        }
        try {
            return LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
        } catch (DateTimeException e) {
            throw invalid(parameter);
        }
    }

    static ZendeskRequestException invalid(String parameter) {
        return ZendeskRequestException.badRequest(
                "InvalidValue",
                parameter + " must be a time: epoch seconds (1700000000) or ISO 8601 (2026-01-31T09:30:00Z)");
    }
}
