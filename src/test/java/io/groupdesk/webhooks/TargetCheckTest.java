package io.groupdesk.webhooks;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.testing.WebhookReceiver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Which endpoints a webhook may reach, and the check again at delivery. */
class TargetCheckTest {
    private static final TargetCheck CHECK = new TargetCheck(false);

    @ParameterizedTest
    @ValueSource(
            strings = {
                "http://127.0.0.1/hook",
                "http://127.8.9.10:8080/hook",
                "http://localhost/hook",
                "http://10.0.0.7/hook",
                "http://172.16.5.4/hook",
                "http://172.31.255.255/hook",
                "http://192.168.1.1/hook",
                "http://169.254.169.254/latest/meta-data/",
                "http://100.64.0.1/hook",
                "http://0.0.0.0/hook",
                "http://224.0.0.1/hook",
                "http://255.255.255.255/hook",
                "http://[::1]/hook",
                "http://[::]/hook",
                "http://[fe80::1]/hook",
                "http://[fc00::1]/hook",
                "http://[fd12:3456::1]/hook",
                "http://[ff02::1]/hook",
                "http://[::ffff:127.0.0.1]/hook",
                "http://[::ffff:10.0.0.1]/hook",
                "http://[::ffff:a9fe:a9fe]/hook",
                "http://[64:ff9b::7f00:1]/hook",
                "http://[2002:7f00:1::]/hook",
                "http://2130706433/hook",
                "http://0x7f.1/hook"
            })
    void refusesInternalTargets(String endpoint) {
        assertThat(CHECK.refusal(endpoint)).as(endpoint).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://example.com/", "not a url", "http:///path", "http://user:pw@example.com/"})
    void refusesWhatIsNotAnHttpUrlWithAHost(String endpoint) {
        assertThat(TargetCheck.malformed(endpoint)).as(endpoint).isPresent();
    }

    @Test
    void allowsPublicAddresses() throws UnknownHostException {
        TargetCheck check = new TargetCheck(false, host -> new InetAddress[] {InetAddress.getByName("93.184.216.34")});
        assertThat(check.refusal("https://hooks.example.com/zendesk")).isEmpty();
        assertThat(TargetCheck.isInternal(InetAddress.getByName("2606:4700::1111")))
                .isFalse();
        assertThat(TargetCheck.isInternal(InetAddress.getByName("172.32.0.1"))).isFalse();
        assertThat(TargetCheck.isInternal(InetAddress.getByName("100.128.0.1"))).isFalse();
    }

    @Test
    void refusesANameWithAnyInternalAddress() throws UnknownHostException {
        TargetCheck check = new TargetCheck(false, host ->
                new InetAddress[] {InetAddress.getByName("93.184.216.34"), InetAddress.getByName("10.1.1.1")});
        assertThat(check.refusal("https://rebinding.example.com/")).isPresent();
    }

    @Test
    void allowsEverythingWellFormedWhenPrivateTargetsAreAllowed() {
        TargetCheck check = new TargetCheck(true);
        assertThat(check.refusal("http://127.0.0.1:9/hook")).isEmpty();
        assertThat(check.refusal("gopher://127.0.0.1/")).isPresent();
    }

    @Test
    void aDeliveryToANameThatNowResolvesInternallyFailsWithoutARequest() throws UnknownHostException {
        // given: a name that resolved to a public address when saved and resolves to the receiver's now
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            String endpoint = receiver.url("/rebound").replace("127.0.0.1", "rebound.example.com");
            TargetCheck check = new TargetCheck(false, host -> new InetAddress[] {InetAddress.getByName("127.0.0.1")});
            WebhookClient client = new WebhookClient(check, Clock.systemUTC());

            // when
            WebhookClient.Result result = client.send(
                    new Target("1", endpoint, "POST", Optional.empty(), Map.of(), "secret"),
                    Optional.of("1"),
                    "{}".getBytes());

            // then
            assertThat(result.outcome()).isEqualTo(Attempt.Outcome.REFUSED_TARGET);
            assertThat(result.error()).hasValueSatisfying(e -> assertThat(e).contains("may not reach"));
            assertThat(receiver.deliveries()).isEmpty();
        }
    }
}
