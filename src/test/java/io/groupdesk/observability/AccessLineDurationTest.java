package io.groupdesk.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/** The access line's duration reads as it did when {@code String.format("%.1f")} wrote it. */
class AccessLineDurationTest {
    @Test
    void writesMillisecondsWithOneDecimalRoundedHalfUp() {
        assertThat(HttpObservation.millis(0)).isEqualTo("0.0");
        assertThat(HttpObservation.millis(49_999)).isEqualTo("0.0");
        assertThat(HttpObservation.millis(50_000)).isEqualTo("0.1");
        assertThat(HttpObservation.millis(2_650_000)).isEqualTo("2.7");
        assertThat(HttpObservation.millis(9_960_000)).isEqualTo("10.0");
        assertThat(HttpObservation.millis(12_345_678_900L)).isEqualTo("12345.7");
    }

    @Test
    void agreesWithTheFormatterItReplaced() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (int i = 0; i < 10_000; i++) {
            // whole microseconds, so that no value sits on a rounding boundary the double cannot hold exactly
            long nanos = random.nextLong(0, 60_000_000) * 1_000 + 1;
            assertThat(HttpObservation.millis(nanos))
                    .as("%d ns", nanos)
                    .isEqualTo(String.format(Locale.ROOT, "%.1f", nanos / 1e6));
        }
    }
}
