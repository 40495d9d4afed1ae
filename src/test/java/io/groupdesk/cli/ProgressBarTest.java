package io.groupdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressBarTest {

    @Test
    void drawsCountsAndRateOnOneLine() {
        String line = ProgressBar.line("memberships", 812_345, 1_000_000, 8_356_604_259L);

        assertThat(line).isEqualTo("memberships ████████████████░░░░ 812,345/1,000,000  97,210/s");
    }

    @Test
    void redrawsInPlaceOnATerminalAndPrintsPlainLinesElsewhere() {
        StringWriter terminal = new StringWriter();
        StringWriter log = new StringWriter();
        ProgressBar onTerminal = new ProgressBar(new PrintWriter(terminal), true);
        ProgressBar toLog = new ProgressBar(new PrintWriter(log), false);

        for (long done = 0; done <= 10_000; done += 1_000) {
            onTerminal.advanced("groups", done, 10_000);
            toLog.advanced("groups", done, 10_000);
        }

        assertThat(terminal.toString()).startsWith("\r").endsWith(System.lineSeparator());
        assertThat(terminal.toString().chars().filter(c -> c == '\n').count())
                .as("one line, redrawn")
                .isEqualTo(1);
        assertThat(log.toString()).doesNotContain("\r");
        assertThat(log.toString().lines()).singleElement().asString().contains("10,000/10,000");
    }
}
