package io.groupdesk.config;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** {@code GROUPDESK_TRUST_PROXY}, off unless said, and its older name {@code GROUPDESK_TRUST_FORWARDED_FOR}. */
class TrustProxySettingTest {

    @Test
    void trustsNoProxyUnlessTold() {
        assertThat(Config.from(Map.of()).trustProxy()).isFalse();
    }

    @Test
    void trustsAProxyWhenTold() {
        assertThat(Config.from(Map.of("GROUPDESK_TRUST_PROXY", "true")).trustProxy())
                .isTrue();
    }

    @Test
    void theOlderNameMeansTheSame() {
        assertThat(Config.from(Map.of("GROUPDESK_TRUST_FORWARDED_FOR", "true")).trustProxy())
                .isTrue();
    }

    @Test
    void theOlderNameIsWarnedAboutOnceNamingTheNewOne() {
        // given the log of the configuration
        Logger logger = (Logger) LoggerFactory.getLogger(Config.class);
        ListAppender<ILoggingEvent> lines = new ListAppender<>();
        lines.start();
        logger.addAppender(lines);
        try {
            // when the configuration is read with the older name
            Config.from(Map.of("GROUPDESK_TRUST_FORWARDED_FOR", "true"));
        } finally {
            logger.detachAppender(lines);
        }

        // then one WARN line names the setting to use instead
        assertThat(lines.list).singleElement().satisfies(line -> {
            assertThat(line.getLevel()).isEqualTo(Level.WARN);
            assertThat(line.getFormattedMessage())
                    .startsWith("GROUPDESK_TRUST_FORWARDED_FOR is deprecated: set GROUPDESK_TRUST_PROXY instead");
        });
    }

    @Test
    void theNewNameWinsOverTheOlderOne() {
        Config config = Config.from(Map.of("GROUPDESK_TRUST_PROXY", "false", "GROUPDESK_TRUST_FORWARDED_FOR", "true"));

        assertThat(config.trustProxy()).isFalse();
    }
}
