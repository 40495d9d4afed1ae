package io.groupdesk.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BufferedConsoleAppenderTest {
    private final LoggerContext context = new LoggerContext();
    private final ByteArrayOutputStream console = new ByteArrayOutputStream();
    private BufferedConsoleAppender appender;

    @AfterEach
    void stop() {
        if (appender != null) {
            appender.stop();
        }
    }

    @Test
    void anAccessLineReachesTheConsoleWithinTheFlushInterval() throws InterruptedException {
        // given
        appender = appender(200);

        // when
        appender.doAppend(event(HttpObservation.ACCESS_LOGGER, Level.INFO, "GET /api/v2/groups.json 200"));

        // then
        assertThat(console()).isEmpty();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (console().isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(console()).containsExactly("INFO io.groupdesk.access GET /api/v2/groups.json 200");
    }

    @Test
    void anyOtherLineIsWrittenAtOnceAfterTheAccessLinesBeforeIt() {
        // given
        appender = appender(60_000);
        appender.doAppend(event(HttpObservation.ACCESS_LOGGER, Level.INFO, "first request"));
        appender.doAppend(event(HttpObservation.ACCESS_LOGGER, Level.DEBUG, "a probe"));

        // when
        appender.doAppend(event("io.groupdesk.Groupdesk", Level.INFO, "started"));
        appender.doAppend(event(HttpObservation.ACCESS_LOGGER, Level.INFO, "second request"));
        appender.doAppend(event(HttpObservation.ACCESS_LOGGER, Level.WARN, "an access warning"));

        // then
        assertThat(console())
                .containsExactly(
                        "INFO io.groupdesk.access first request",
                        "DEBUG io.groupdesk.access a probe",
                        "INFO io.groupdesk.Groupdesk started",
                        "INFO io.groupdesk.access second request",
                        "WARN io.groupdesk.access an access warning");
    }

    @Test
    void stoppingWritesWhatTheBufferHolds() {
        // given
        appender = appender(60_000);
        appender.doAppend(event(HttpObservation.ACCESS_LOGGER, Level.INFO, "the last request"));
        assertThat(console()).isEmpty();

        // when
        appender.stop();

        // then
        assertThat(console()).containsExactly("INFO io.groupdesk.access the last request");
    }

    @Test
    void aFullBufferIsWrittenAndNoLineIsLostOrReordered() {
        // given
        appender = appender(60_000);
        List<String> expected = new ArrayList<>();
        String padding = "x".repeat(300);

        // when: about three buffers' worth, and one line longer than a whole buffer
        for (int i = 0; i < 600; i++) {
            String message = "request " + i + " " + padding;
            appender.doAppend(event(HttpObservation.ACCESS_LOGGER, Level.INFO, message));
            expected.add("INFO io.groupdesk.access " + message);
        }
        String huge = "y".repeat(BufferedConsoleAppender.BUFFER_BYTES + 10);
        appender.doAppend(event(HttpObservation.ACCESS_LOGGER, Level.INFO, huge));
        expected.add("INFO io.groupdesk.access " + huge);
        int writtenBeforeStop = console().size();
        appender.stop();

        // then
        assertThat(writtenBeforeStop).isGreaterThan(0);
        assertThat(console()).containsExactlyElementsOf(expected);
    }

    @Test
    void aZeroIntervalWritesEveryLineAtOnce() {
        // given
        appender = appender(0);

        // when
        appender.doAppend(event(HttpObservation.ACCESS_LOGGER, Level.INFO, "unbuffered"));

        // then
        assertThat(console()).containsExactly("INFO io.groupdesk.access unbuffered");
    }

    @Test
    void aFlushIntervalThatIsNoNumberKeepsHalfASecondWithAWarning() {
        for (String given : new String[] {"soon", "-5", "1.5", "600000", ""}) {
            // given
            BufferedConsoleAppender appender = new BufferedConsoleAppender();
            appender.setContext(context);
            int warnings = context.getStatusManager().getCount();

            // when
            appender.setFlushMillis(given);

            // then
            assertThat(context.getStatusManager().getCount()).as(given).isEqualTo(warnings + 1);
            assertThat(context.getStatusManager()
                            .getCopyOfStatusList()
                            .get(warnings)
                            .getMessage())
                    .contains("GROUPDESK_ACCESS_LOG_FLUSH_MS", "using 500");
        }
    }

    private BufferedConsoleAppender appender(long flushMillis) {
        LogEncoder encoder = new LogEncoder();
        encoder.setContext(context);
        encoder.setPattern("%level %logger %msg%n");
        encoder.start();
        BufferedConsoleAppender appender = new BufferedConsoleAppender();
        appender.setContext(context);
        appender.setEncoder(encoder);
        appender.setFlushMillis(Long.toString(flushMillis));
        appender.setTarget(console);
        appender.start();
        return appender;
    }

    private List<String> console() {
        String text;
        synchronized (console) {
            text = console.toString(StandardCharsets.UTF_8);
        }
        return text.isEmpty() ? List.of() : List.of(text.split("\n"));
    }

    private LoggingEvent event(String logger, Level level, String message) {
        LoggingEvent event = new LoggingEvent(logger, context.getLogger(logger), level, message, null, null);
        event.setMDCPropertyMap(Map.of());
        return event;
    }
}
