package io.groupdesk.events;

import static io.groupdesk.events.EventsTestSupport.mark;
import static io.groupdesk.events.EventsTestSupport.since;
import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.events.EventsTestSupport.Made;
import io.groupdesk.groups.Group;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * On a node told it sits behind a proxy ({@code GROUPDESK_TRUST_PROXY}), an event's client address is the one the
 * proxy forwards; whatever the forwarded header holds, the change itself goes through.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class EventsBehindAProxyTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension(Map.of("GROUPDESK_TRUST_PROXY", "true"));

    @Parameter
    TestDatabase database;

    @Test
    void recordsTheClientAddressTheProxyForwards() {
        TestAccount account = app.fixtures().account();
        Group group = app.fixtures().group(account.id(), "Forwarded");
        long mark = mark(jdbi(), account.id());

        Response renamed = rename(account, group, "Forwarded for IPv6", "for=\"[2001:db8:cafe::17]:4711\"");

        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(since(jdbi(), account.id(), mark))
                .extracting(Made::of)
                .containsExactly(
                        new Made(account.admin().agent().id().value(), "api", "proxied-1", "2001:db8:cafe::17"));
    }

    @Test
    void aForwardedAddressTooLongToBeOneStillLetsTheChangeThroughWithoutAnAddress() {
        TestAccount account = app.fixtures().account();
        Group group = app.fixtures().group(account.id(), "Obfuscated");
        long mark = mark(jdbi(), account.id());

        // RFC 7239 §6.3 lets a proxy forward an obfuscated identifier instead of an address; this one is long
        Response renamed = rename(account, group, "Renamed behind a proxy", "for=_" + "x".repeat(100));

        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(since(jdbi(), account.id(), mark))
                .extracting(Made::of)
                .containsExactly(new Made(account.admin().agent().id().value(), "api", "proxied-1", null));
    }

    private static Response rename(TestAccount account, Group group, String name, String forwarded) {
        return app.http()
                .put("/api/v2/groups/" + group.id().value() + ".json")
                .host(account.host())
                .as(account.admin())
                .header("X-Request-Id", "proxied-1")
                .header("Forwarded", forwarded)
                .json("{\"group\": {\"name\": \"" + name + "\"}}")
                .send();
    }

    private static Jdbi jdbi() {
        return app.groupdesk().database().jdbi();
    }
}
