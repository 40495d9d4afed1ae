package io.groupdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class IdsTest {

    @Test
    void anIdIsAsciiDigitsWithoutSignOrLeadingZero() {
        assertThat(Ids.parse("1")).isEqualTo(OptionalLong.of(1));
        assertThat(Ids.parse("9223372036854775807")).isEqualTo(OptionalLong.of(Long.MAX_VALUE));
    }

    @Test
    void everyOtherSpellingIsNoId() {
        for (String text : new String[] {
            null,
            "",
            "0",
            "+1",
            "-1",
            "01",
            "\u0661",
            "1.0",
            " 1",
            "1 ",
            "1e3",
            "0x1",
            "9223372036854775808",
            "99999999999999999999"
        }) {
            assertThat(Ids.parse(text)).as(String.valueOf(text)).isEmpty();
        }
    }
}
