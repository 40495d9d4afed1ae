package io.groupdesk.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.Groupdesk;
import io.groupdesk.config.Config;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Two nodes on one database with the same secret key, as behind a load balancer: a session started on one is good
 * on the other, and failed sign-ins are counted for both.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ConsoleNodesTest {
    private static final int FAILURES = 2;

    @RegisterExtension
    static final AppExtension nodeA = new AppExtension(Map.of(
            "GROUPDESK_AUTH_FAILURE_LIMIT",
            Integer.toString(FAILURES),
            "GROUPDESK_AUTH_FAILURE_WINDOW_SECONDS",
            "86400"));

    private static Groupdesk nodeB;
    private static Http httpB;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start() {
        nodeB = Groupdesk.start(Config.from(nodeA.environment()), new PrintStream(OutputStream.nullOutputStream()));
        httpB = new Http(nodeB.port());
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        nodeB.close();
    }

    @Test
    void sessionStartedOnOneNodeIsGoodOnTheOther() {
        TestAccount account = nodeA.fixtures().account();
        ConsoleClient onA = new ConsoleClient(nodeA.http(), account.host());
        assertThat(onA.signIn(account.admin().email(), account.admin().password())
                        .status())
                .isEqualTo(303);
        ConsoleClient onB = new ConsoleClient(httpB, account.host());
        onB.setCookie(
                ConsoleApi.SESSION_COOKIE, onA.cookie(ConsoleApi.SESSION_COOKIE).orElseThrow());

        Response created = onB.submit("/console/groups", "/console/groups", Map.of("name", "Made on B"));

        assertThat(created.status()).isEqualTo(303);
        assertThat(onA.get(created.header("Location").orElseThrow()).body()).contains("Made on B");
    }

    @Test
    void failedSignInsOnOneNodeThrottleTheOther() {
        TestAccount account = nodeA.fixtures().account();
        TestAgent admin = account.admin();
        ConsoleClient onA = new ConsoleClient(nodeA.http(), account.host());
        for (int i = 0; i < FAILURES; i++) {
            assertThat(onA.signIn(admin.email(), "wrong").status()).isEqualTo(401);
        }

        Response refused = new ConsoleClient(httpB, account.host()).signIn(admin.email(), admin.password());

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.body()).contains("Too many failed sign-ins");
        assertThat(refused.header("Retry-After")).isPresent();
        assertThat(ConsoleClient.setCookies(refused)).noneMatch(c -> c.startsWith(ConsoleApi.SESSION_COOKIE + "="));
    }
}
