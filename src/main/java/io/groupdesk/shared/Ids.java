package io.groupdesk.shared;

import java.util.OptionalLong;

/**
 * Record ids as text, the one form every dialect and the console accept: ASCII digits without a sign or a leading
 * zero, naming a positive {@code long}. {@link Long#parseLong} also reads {@code +1}, {@code 01} and Arabic-Indic
 * {@code ١}, which would let one record answer to many spellings.
 */
public final class Ids {
    private static final int MAX_DIGITS = String.valueOf(Long.MAX_VALUE).length();

    private Ids() {}

    /** The id {@code text} spells in its one canonical form, or empty for any other text (null included). */
    public static OptionalLong parse(String text) {
        if (text == null || text.isEmpty() || text.length() > MAX_DIGITS || text.charAt(0) == '0') {
            return OptionalLong.empty();
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
        }
        try {
            return OptionalLong.of(Long.parseLong(text));
        } catch (NumberFormatException e) {
            return OptionalLong.empty(); // 19 digits over Long.MAX_VALUE
        }
    }
}
