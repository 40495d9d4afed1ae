package io.groupdesk.shared;

import io.groupdesk.shared.FieldViolation.Rule;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Working hours over a week: for each day, the times of day someone works, as non-overlapping ranges. An empty
 * schedule means "none of its own" (an account's hours apply). Stored as compact text, e.g.
 * {@code mon=09:00-12:00,13:00-17:00;tue=09:00-17:00}.
 */
public record WeeklyHours(Map<DayOfWeek, List<Range>> days) {

    /** The most ranges one day may have. */
    public static final int MAX_RANGES_PER_DAY = 12;

    /** No hours of its own. */
    public static final WeeklyHours NONE = new WeeklyHours(Map.of());

    /** A range of the day, {@code end} after {@code start}; {@code 24:00} is written as end {@link LocalTime#MAX}. */
    public record Range(LocalTime start, LocalTime end) {}

    public WeeklyHours {
        Map<DayOfWeek, List<Range>> copy = new EnumMap<>(DayOfWeek.class);
        days.forEach((day, ranges) -> {
            if (!ranges.isEmpty()) {
                List<Range> sorted = new ArrayList<>(ranges);
                sorted.sort(Comparator.comparing(Range::start));
                copy.put(day, List.copyOf(sorted));
            }
        });
        days = Collections.unmodifiableMap(copy);
    }

    public boolean isEmpty() {
        return days.isEmpty();
    }

    /**
     * Builds a schedule from text times ({@code "09:00"}, {@code "24:00"} as an end), checking every range.
     *
     * @param field the field name to report problems under
     * @throws ValidationException a time is malformed, a range ends before it starts, or two ranges overlap
     */
    public static WeeklyHours of(Map<DayOfWeek, List<String[]>> days, String field) {
        Map<DayOfWeek, List<Range>> parsed = new EnumMap<>(DayOfWeek.class);
        for (Map.Entry<DayOfWeek, List<String[]>> day : days.entrySet()) {
            if (day.getValue().size() > MAX_RANGES_PER_DAY) {
                throw ValidationException.of(
                        field,
                        Rule.INVALID,
                        "has more than " + MAX_RANGES_PER_DAY + " ranges on " + name(day.getKey()));
            }
            List<Range> ranges = new ArrayList<>();
            for (String[] range : day.getValue()) {
                LocalTime start = time(range[0], false, field);
                LocalTime end = time(range[1], true, field);
                if (!end.isAfter(start)) {
                    throw ValidationException.of(
                            field,
                            Rule.INVALID,
                            "has a range on " + name(day.getKey()) + " that ends before it starts");
                }
                ranges.add(new Range(start, end));
            }
            ranges.sort(Comparator.comparing(Range::start));
            for (int i = 1; i < ranges.size(); i++) {
                if (ranges.get(i).start().isBefore(ranges.get(i - 1).end())) {
                    throw ValidationException.of(
                            field, Rule.INVALID, "has overlapping ranges on " + name(day.getKey()));
                }
            }
            parsed.put(day.getKey(), ranges);
        }
        return new WeeklyHours(parsed);
    }

    /** The compact stored form; empty text for {@link #NONE}. */
    public String format() {
        StringBuilder out = new StringBuilder();
        days.forEach((day, ranges) -> {
            if (out.length() > 0) {
                out.append(';');
            }
            out.append(name(day)).append('=');
            for (int i = 0; i < ranges.size(); i++) {
                out.append(i == 0 ? "" : ",")
                        .append(text(ranges.get(i).start()))
                        .append('-')
                        .append(text(ranges.get(i).end()));
            }
        });
        return out.toString();
    }

    /** Reads the stored form written by {@link #format()}; null or empty text is {@link #NONE}. */
    public static WeeklyHours parse(String stored) {
        if (stored == null || stored.isBlank()) {
            return NONE;
        }
        Map<DayOfWeek, List<String[]>> days = new EnumMap<>(DayOfWeek.class);
        for (String day : stored.split(";")) {
            String[] parts = day.split("=", 2);
            List<String[]> ranges = new ArrayList<>();
            for (String range : parts[1].split(",")) {
                ranges.add(range.split("-", 2));
            }
            days.put(day(parts[0]).orElseThrow(), ranges);
        }
        return of(days, "working_hours");
    }

    /** A day from its three-letter or full English name, in any case. */
    public static java.util.Optional<DayOfWeek> day(String name) {
        String key = name.strip().toLowerCase(Locale.ROOT);
        for (DayOfWeek day : DayOfWeek.values()) {
            String full = day.name().toLowerCase(Locale.ROOT);
            if (key.equals(full) || key.equals(full.substring(0, 3))) {
                return java.util.Optional.of(day);
            }
        }
        return java.util.Optional.empty();
    }

    /** {@code HH:mm}, with the end of the day as {@code 24:00}. */
    public static String text(LocalTime time) {
        return time.equals(LocalTime.MAX)
                ? "24:00"
                : String.format(Locale.ROOT, "%02d:%02d", time.getHour(), time.getMinute());
    }

    private static String name(DayOfWeek day) {
        return day.name().substring(0, 3).toLowerCase(Locale.ROOT);
    }

    private static LocalTime time(String text, boolean end, String field) {
        String value = text == null ? "" : text.strip();
        if (end && value.equals("24:00")) {
            return LocalTime.MAX;
        }
        if (!value.matches("\\d{2}:\\d{2}")) {
            throw ValidationException.of(
                    field, Rule.INVALID, "times must be written HH:MM, not '" + shorten(value) + "'");
        }
        try {
            return LocalTime.parse(value);
        } catch (DateTimeParseException e) {
            throw ValidationException.of(
                    field, Rule.INVALID, "times must be written HH:MM, not '" + shorten(value) + "'");
        }
    }

    private static String shorten(String text) {
        return text.length() > 10 ? text.substring(0, 10) + "…" : text;
    }
}
