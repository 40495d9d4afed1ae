package io.groupdesk.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

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
    void theNewNameWinsOverTheOlderOne() {
        Config config = Config.from(Map.of("GROUPDESK_TRUST_PROXY", "false", "GROUPDESK_TRUST_FORWARDED_FOR", "true"));

        assertThat(config.trustProxy()).isFalse();
    }
}
