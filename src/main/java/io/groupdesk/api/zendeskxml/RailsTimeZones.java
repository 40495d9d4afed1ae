package io.groupdesk.api.zendeskxml;

import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Rails' time-zone names, which the classic API shows where Groupdesk keeps an IANA name (seed 002's user element
 * has {@code <time-zone>} in Rails' form). The table is Rails' own {@code ActiveSupport::TimeZone::MAPPING}
 * (ActiveSupport 7.0): 151 Rails names of 135 zones.
 *
 * <p>An IANA zone with several Rails names gets the first in the table, as Rails' {@code MAPPING.key(zone)} answers
 * ({@code Europe/London} is "Edinburgh"). A zone the table does not name, but that is another name of one it does
 * (a link such as {@code UTC}, {@code US/Eastern} or {@code Europe/Kyiv}, which keep the same rules in the
 * JDK's time-zone data), gets that zone's Rails name. Any other zone is shown by its IANA name, which Rails'
 * {@code ActiveSupport::TimeZone[]} resolves as well.
 */
final class RailsTimeZones {
    /** Rails name, IANA zone, in Rails' order. */
    private static final String[] MAPPING = {
        "International Date Line West", "Etc/GMT+12",
        "Midway Island", "Pacific/Midway",
        "American Samoa", "Pacific/Pago_Pago",
        "Hawaii", "Pacific/Honolulu",
        "Alaska", "America/Juneau",
        "Pacific Time (US & Canada)", "America/Los_Angeles",
        "Tijuana", "America/Tijuana",
        "Mountain Time (US & Canada)", "America/Denver",
        "Arizona", "America/Phoenix",
        "Chihuahua", "America/Chihuahua",
        "Mazatlan", "America/Mazatlan",
        "Central Time (US & Canada)", "America/Chicago",
        "Saskatchewan", "America/Regina",
        "Guadalajara", "America/Mexico_City",
        "Mexico City", "America/Mexico_City",
        "Monterrey", "America/Monterrey",
        "Central America", "America/Guatemala",
        "Eastern Time (US & Canada)", "America/New_York",
        "Indiana (East)", "America/Indiana/Indianapolis",
        "Bogota", "America/Bogota",
        "Lima", "America/Lima",
        "Quito", "America/Lima",
        "Atlantic Time (Canada)", "America/Halifax",
        "Caracas", "America/Caracas",
        "La Paz", "America/La_Paz",
        "Santiago", "America/Santiago",
        "Newfoundland", "America/St_Johns",
        "Brasilia", "America/Sao_Paulo",
        "Buenos Aires", "America/Argentina/Buenos_Aires",
        "Montevideo", "America/Montevideo",
        "Georgetown", "America/Guyana",
        "Puerto Rico", "America/Puerto_Rico",
        "Greenland", "America/Godthab",
        "Mid-Atlantic", "Atlantic/South_Georgia",
        "Azores", "Atlantic/Azores",
        "Cape Verde Is.", "Atlantic/Cape_Verde",
        "Dublin", "Europe/Dublin",
        "Edinburgh", "Europe/London",
        "Lisbon", "Europe/Lisbon",
        "London", "Europe/London",
        "Casablanca", "Africa/Casablanca",
        "Monrovia", "Africa/Monrovia",
        "UTC", "Etc/UTC",
        "Belgrade", "Europe/Belgrade",
        "Bratislava", "Europe/Bratislava",
        "Budapest", "Europe/Budapest",
        "Ljubljana", "Europe/Ljubljana",
        "Prague", "Europe/Prague",
        "Sarajevo", "Europe/Sarajevo",
        "Skopje", "Europe/Skopje",
        "Warsaw", "Europe/Warsaw",
        "Zagreb", "Europe/Zagreb",
        "Brussels", "Europe/Brussels",
        "Copenhagen", "Europe/Copenhagen",
        "Madrid", "Europe/Madrid",
        "Paris", "Europe/Paris",
        "Amsterdam", "Europe/Amsterdam",
        "Berlin", "Europe/Berlin",
        "Bern", "Europe/Zurich",
        "Zurich", "Europe/Zurich",
        "Rome", "Europe/Rome",
        "Stockholm", "Europe/Stockholm",
        "Vienna", "Europe/Vienna",
        "West Central Africa", "Africa/Algiers",
        "Bucharest", "Europe/Bucharest",
        "Cairo", "Africa/Cairo",
        "Helsinki", "Europe/Helsinki",
        "Kyiv", "Europe/Kiev",
        "Riga", "Europe/Riga",
        "Sofia", "Europe/Sofia",
        "Tallinn", "Europe/Tallinn",
        "Vilnius", "Europe/Vilnius",
        "Athens", "Europe/Athens",
        "Istanbul", "Europe/Istanbul",
        "Minsk", "Europe/Minsk",
        "Jerusalem", "Asia/Jerusalem",
        "Harare", "Africa/Harare",
        "Pretoria", "Africa/Johannesburg",
        "Kaliningrad", "Europe/Kaliningrad",
        "Moscow", "Europe/Moscow",
        "St. Petersburg", "Europe/Moscow",
        "Volgograd", "Europe/Volgograd",
        "Samara", "Europe/Samara",
        "Kuwait", "Asia/Kuwait",
        "Riyadh", "Asia/Riyadh",
        "Nairobi", "Africa/Nairobi",
        "Baghdad", "Asia/Baghdad",
        "Tehran", "Asia/Tehran",
        "Abu Dhabi", "Asia/Muscat",
        "Muscat", "Asia/Muscat",
        "Baku", "Asia/Baku",
        "Tbilisi", "Asia/Tbilisi",
        "Yerevan", "Asia/Yerevan",
        "Kabul", "Asia/Kabul",
        "Ekaterinburg", "Asia/Yekaterinburg",
        "Islamabad", "Asia/Karachi",
        "Karachi", "Asia/Karachi",
        "Tashkent", "Asia/Tashkent",
        "Chennai", "Asia/Kolkata",
        "Kolkata", "Asia/Kolkata",
        "Mumbai", "Asia/Kolkata",
        "New Delhi", "Asia/Kolkata",
        "Kathmandu", "Asia/Kathmandu",
        "Astana", "Asia/Dhaka",
        "Dhaka", "Asia/Dhaka",
        "Sri Jayawardenepura", "Asia/Colombo",
        "Almaty", "Asia/Almaty",
        "Novosibirsk", "Asia/Novosibirsk",
        "Rangoon", "Asia/Rangoon",
        "Bangkok", "Asia/Bangkok",
        "Hanoi", "Asia/Bangkok",
        "Jakarta", "Asia/Jakarta",
        "Krasnoyarsk", "Asia/Krasnoyarsk",
        "Beijing", "Asia/Shanghai",
        "Chongqing", "Asia/Chongqing",
        "Hong Kong", "Asia/Hong_Kong",
        "Urumqi", "Asia/Urumqi",
        "Kuala Lumpur", "Asia/Kuala_Lumpur",
        "Singapore", "Asia/Singapore",
        "Taipei", "Asia/Taipei",
        "Perth", "Australia/Perth",
        "Irkutsk", "Asia/Irkutsk",
        "Ulaanbaatar", "Asia/Ulaanbaatar",
        "Seoul", "Asia/Seoul",
        "Osaka", "Asia/Tokyo",
        "Sapporo", "Asia/Tokyo",
        "Tokyo", "Asia/Tokyo",
        "Yakutsk", "Asia/Yakutsk",
        "Darwin", "Australia/Darwin",
        "Adelaide", "Australia/Adelaide",
        "Canberra", "Australia/Melbourne",
        "Melbourne", "Australia/Melbourne",
        "Sydney", "Australia/Sydney",
        "Brisbane", "Australia/Brisbane",
        "Hobart", "Australia/Hobart",
        "Vladivostok", "Asia/Vladivostok",
        "Guam", "Pacific/Guam",
        "Port Moresby", "Pacific/Port_Moresby",
        "Magadan", "Asia/Magadan",
        "Srednekolymsk", "Asia/Srednekolymsk",
        "Solomon Is.", "Pacific/Guadalcanal",
        "New Caledonia", "Pacific/Noumea",
        "Fiji", "Pacific/Fiji",
        "Kamchatka", "Asia/Kamchatka",
        "Marshall Is.", "Pacific/Majuro",
        "Auckland", "Pacific/Auckland",
        "Wellington", "Pacific/Auckland",
        "Nuku'alofa", "Pacific/Tongatapu",
        "Tokelau Is.", "Pacific/Fakaofo",
        "Chatham Is.", "Pacific/Chatham",
        "Samoa", "Pacific/Apia"
    };

    private static final Map<String, String> BY_ZONE = byZone();
    private static final Map<String, String> RESOLVED = new ConcurrentHashMap<>();

    private RailsTimeZones() {}

    /** The Rails name of an IANA zone, or the zone's own name when Rails has none. */
    static String name(String zone) {
        String direct = BY_ZONE.get(zone);
        return direct != null ? direct : RESOLVED.computeIfAbsent(zone, RailsTimeZones::sameRules);
    }

    /** The number of Rails names in the table. */
    static int size() {
        return MAPPING.length / 2;
    }

    private static String sameRules(String zone) {
        ZoneRules rules;
        try {
            rules = ZoneId.of(zone).getRules();
        } catch (DateTimeException e) {
            return zone; // not a zone this JDK knows: shown as kept
        }
        for (int i = 0; i < MAPPING.length; i += 2) {
            if (rules.equals(rules(MAPPING[i + 1]))) {
                return MAPPING[i];
            }
        }
        return zone;
    }

    private static ZoneRules rules(String zone) {
        try {
            return ZoneId.of(zone).getRules();
        } catch (DateTimeException e) {
            return null; // a zone of Rails' table this JDK lacks matches nothing
        }
    }

    private static Map<String, String> byZone() {
        Map<String, String> byZone = new java.util.HashMap<>();
        for (int i = 0; i < MAPPING.length; i += 2) {
            byZone.putIfAbsent(MAPPING[i + 1], MAPPING[i]);
        }
        return Map.copyOf(byZone);
    }
}
