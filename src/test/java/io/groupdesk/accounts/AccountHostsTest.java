package io.groupdesk.accounts;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.Groupdesk;
import io.groupdesk.config.Config;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import java.io.OutputStream;
import java.io.PrintStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Which account a request's host names, on a node that has answered for that host before and one that has not. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class AccountHostsTest {
    @RegisterExtension
    static final AppExtension nodeA = new AppExtension();

    private static Groupdesk nodeB;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start() {
        nodeB = Groupdesk.start(Config.from(nodeA.environment()), new PrintStream(OutputStream.nullOutputStream()));
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        nodeB.close();
    }

    private static Response me(Http node, String host, String token) {
        return node.get("/api/v2/users/me.json")
                .host(host)
                .authorization("Bearer " + token)
                .send();
    }

    @Test
    void accountCreatedOnAnotherNodeIsFoundAtOnceOnAHostThatFellBackBefore() {
        TestAccount existing = nodeA.fixtures().account();
        String host = "later" + existing.account().subdomain() + ".groupdesk.test";
        Response before = me(nodeA.http(), host, TestApp.ADMIN_TOKEN);
        assertThat(before.status()).isEqualTo(200); // no such account yet: the bootstrap account answers
        assertThat(before.json().at("/user/email").asString()).isEqualTo(TestApp.ADMIN_EMAIL);

        TestAccount later = new Fixtures(nodeB.services())
                .account("later" + existing.account().subdomain());

        Response after = me(nodeA.http(), host, later.admin().token());
        Response bootstrapToken = me(nodeA.http(), host, TestApp.ADMIN_TOKEN);
        assertThat(after.status()).as(after.body()).isEqualTo(200);
        assertThat(after.json().at("/user/email").asString())
                .isEqualTo(later.admin().email());
        assertThat(bootstrapToken.status()).isEqualTo(401); // the host now names the new account
    }

    @Test
    void eachHostKeepsNamingItsOwnAccountOnRepeatedRequests() {
        TestAccount one = nodeA.fixtures().account();
        TestAccount two = nodeA.fixtures().account();

        for (int i = 0; i < 3; i++) {
            assertThat(me(nodeA.http(), one.host(), one.admin().token()).status())
                    .isEqualTo(200);
            assertThat(me(nodeA.http(), two.host(), two.admin().token()).status())
                    .isEqualTo(200);
            assertThat(me(nodeA.http(), one.host(), two.admin().token()).status())
                    .isEqualTo(401);
            assertThat(me(nodeA.http(), two.host(), one.admin().token()).status())
                    .isEqualTo(401);
        }
    }
}
