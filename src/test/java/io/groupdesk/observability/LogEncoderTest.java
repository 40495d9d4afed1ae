package io.groupdesk.observability;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class LogEncoderTest {
    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    @Test
    void jsonLineCarriesTheExceptionAndEscapesWhatWouldBreakTheLine() {
        // given
        LogEncoder encoder = encoder("JSON");
        LoggingEvent event = event("quote \" and\nnew line", new IllegalStateException("boom \"x\""));
        event.setMDCPropertyMap(Map.of(RequestIds.MDC_KEY, "req-1"));

        // when
        String line = new String(encoder.encode(event), StandardCharsets.UTF_8);

        // then
        assertThat(line).endsWith("\n");
        assertThat(line.substring(0, line.length() - 1)).doesNotContain("\n");
        JsonNode node = JsonMapper.builder().build().readTree(line);
        assertThat(node.get("message").asString()).isEqualTo("quote \" and\nnew line");
        assertThat(node.get("level").asString()).isEqualTo("ERROR");
        assertThat(node.get("logger").asString()).isEqualTo("io.groupdesk.Example");
        assertThat(node.get("request_id").asString()).isEqualTo("req-1");
        assertThat(node.get("exception").asString())
                .startsWith("java.lang.IllegalStateException: boom \"x\"")
                .contains("at io.groupdesk.observability.LogEncoderTest");
    }

    @Test
    void textIsTheDefaultAndAnUnknownFormatFallsBackToIt() {
        for (String format : new String[] {"text", "", "yaml"}) {
            String line = new String(encoder(format).encode(event("hello", null)), StandardCharsets.UTF_8);

            assertThat(line)
                    .as(format)
                    .contains("ERROR")
                    .contains("io.groupdesk.Example")
                    .endsWith("- hello\n");
        }
    }

    private LogEncoder encoder(String format) {
        LogEncoder encoder = new LogEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.start();
        return encoder;
    }

    private LoggingEvent event(String message, Throwable failure) {
        return new LoggingEvent(
                "io.groupdesk.Example", context.getLogger("io.groupdesk.Example"), Level.ERROR, message, failure, null);
    }
}
