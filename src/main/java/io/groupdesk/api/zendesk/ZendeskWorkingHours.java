package io.groupdesk.api.zendesk;

import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.ValidationException;
import io.groupdesk.shared.WeeklyHours;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * Groupdesk's {@code working_hours} extension field:
 * {@code {"monday": [{"start": "09:00", "end": "17:00"}], …}}, days without hours left out, {@code null} for none.
 */
final class ZendeskWorkingHours {
    private ZendeskWorkingHours() {}

    static Map<String, Object> json(WeeklyHours hours) {
        if (hours.isEmpty()) {
            return null;
        }
        Map<String, Object> days = new LinkedHashMap<>();
        hours.days()
                .forEach((day, ranges) -> days.put(
                        day.name().toLowerCase(Locale.ROOT),
                        ranges.stream()
                                .map(range -> ZendeskJson.object(
                                        "start", WeeklyHours.text(range.start()), "end", WeeklyHours.text(range.end())))
                                .toList()));
        return days;
    }

    /** The field in a request: absent is empty, {@code null} is {@link WeeklyHours#NONE}. */
    static Optional<WeeklyHours> read(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isNull()) {
            return Optional.of(WeeklyHours.NONE);
        }
        if (!value.isObject()) {
            throw invalid(field);
        }
        Map<DayOfWeek, List<String[]>> days = new EnumMap<>(DayOfWeek.class);
        for (Map.Entry<String, JsonNode> day : value.properties()) {
            DayOfWeek dayOfWeek = WeeklyHours.day(day.getKey()).orElseThrow(() -> invalid(field));
            if (!day.getValue().isArray()) {
                throw invalid(field);
            }
            List<String[]> ranges = new ArrayList<>();
            for (JsonNode range : day.getValue()) {
                JsonNode start = range.get("start");
                JsonNode end = range.get("end");
                if (!range.isObject() || start == null || end == null || !start.isString() || !end.isString()) {
                    throw invalid(field);
                }
                ranges.add(new String[] {start.asString(), end.asString()});
            }
            days.put(dayOfWeek, ranges);
        }
        return Optional.of(WeeklyHours.of(days, field));
    }

    private static ValidationException invalid(String field) {
        return ValidationException.of(
                field,
                Rule.INVALID,
                "must map days to ranges, e.g. {\"monday\": [{\"start\": \"09:00\", \"end\": \"17:00\"}]}");
    }
}
