package io.groupdesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.groups.Group;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import io.groupdesk.testing.UdeskSigner;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Names of groups and agents, and aliases, refuse C0 and C1 control characters and the characters that reorder text
 * (a right-to-left override makes {@code "Admins\u202Enimda"} show as something else), in every dialect, with the
 * dialect's validation error. A description keeps its tabs and line breaks.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class NameCharactersTest {
    /** As JSON string escapes: tab, line feed, BEL, DEL, NEL (C1), RLO, LRI, RLM. */
    private static final List<String> REFUSED =
            List.of("\\t", "\\n", "\\u0007", "\\u007f", "\\u0085", "\\u202e", "\\u2066", "\\u200f");

    private static final String MESSAGE = "cannot contain control characters or bidirectional formatting characters";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;
    private static TestAccount account;
    private static TestAgent admin;
    private static Group group;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
        account = app.fixtures().account();
        admin = account.admin();
        group = app.fixtures().group(account.id(), "Usedesk group");
    }

    private static String name(String character) {
        return "Admins" + character + "nimda" + SEQUENCE.incrementAndGet();
    }

    @Test
    void zendeskRefusesControlAndBidiCharactersInGroupAndUserNamesAndAliases() {
        for (String character : REFUSED) {
            Response group = http.post("/api/v2/groups.json")
                    .host(account.host())
                    .as(admin)
                    .json("{\"group\": {\"name\": \"" + name(character) + "\"}}")
                    .send();
            Response user = http.post("/api/v2/users.json")
                    .host(account.host())
                    .as(admin)
                    .json("{\"user\": {\"name\": \"" + name(character) + "\", \"email\": \"z"
                            + SEQUENCE.incrementAndGet() + "@example.test\"}}")
                    .send();
            Response alias = http.put("/api/v2/users/" + admin.agent().id().value() + ".json")
                    .host(account.host())
                    .as(admin)
                    .json("{\"user\": {\"alias\": \"" + name(character) + "\"}}")
                    .send();

            assertThat(group.status()).as(character).isEqualTo(422);
            assertThat(group.json()
                            .get("details")
                            .get("name")
                            .get(0)
                            .get("description")
                            .asString())
                    .as(group.body())
                    .contains(MESSAGE);
            assertThat(user.status()).as(character).isEqualTo(422);
            assertThat(user.json().get("details").has("name")).as(user.body()).isTrue();
            assertThat(alias.status()).as(character).isEqualTo(422);
            assertThat(alias.json().get("details").has("alias"))
                    .as(alias.body())
                    .isTrue();
        }
    }

    @Test
    void zendeskKeepsTabsAndLineBreaksInADescription() {
        Response group = http.post("/api/v2/groups.json")
                .host(account.host())
                .as(admin)
                .json("{\"group\": {\"name\": \"" + name("") + "\", \"description\": \"first\\tline\\nsecond\"}}")
                .send();

        assertThat(group.status()).as(group.body()).isEqualTo(201);
        assertThat(group.json().get("group").get("description").asString()).isEqualTo("first\tline\nsecond");
    }

    @Test
    void zendeskClassicXmlRefusesControlAndBidiCharactersInAGroupName() {
        // XML 1.0 has no way to write most C0 characters, so only those it can carry
        for (String character : List.of("\t", "\n", "\u0085", "\u202e", "\u2066", "\u200f")) {
            Response response = http.post("/groups.xml")
                    .host(account.host())
                    .as(admin)
                    .body(
                            "application/xml",
                            ("<group><name>" + "Admins" + character + "nimda</name></group>")
                                    .getBytes(StandardCharsets.UTF_8))
                    .send();

            assertThat(response.status()).as(response.body()).isEqualTo(422);
            assertThat(response.body()).as(character).contains(MESSAGE);
        }
    }

    @Test
    void udeskRefusesControlAndBidiCharactersInGroupAndAgentNames() {
        for (String character : REFUSED) {
            Response group = http.post("/open_api_v1/user_groups?"
                            + UdeskSigner.v2(admin.email(), admin.token()).query())
                    .host(account.host())
                    .json("{\"name\": \"" + name(character) + "\"}")
                    .send();
            Response agent = http.post("/open_api_v1/agents?"
                            + UdeskSigner.v2(admin.email(), admin.token()).query())
                    .host(account.host())
                    .json("{\"agent\": {\"email\": \"u" + SEQUENCE.incrementAndGet()
                            + "@example.test\", \"nick_name\": \"" + name(character) + "\"}}")
                    .send();

            assertThat(group.json().get("code").asInt()).as(group.body()).isEqualTo(2000);
            assertThat(group.body()).as(character).contains(MESSAGE);
            assertThat(agent.json().get("code").asInt()).as(agent.body()).isEqualTo(2000);
            assertThat(agent.body()).as(character).contains(MESSAGE);
        }
    }

    @Test
    void usedeskRefusesControlAndBidiCharactersInAUserName() {
        for (String character : REFUSED) {
            Response response = http.post("/create/user")
                    .host(account.host())
                    .json("{\"api_token\": \"" + admin.token() + "\", \"name\": \"" + name(character)
                            + "\", \"email\": \"s" + SEQUENCE.incrementAndGet()
                            + "@example.test\", \"password\": \"secret-123\", \"group\": \""
                            + group.id().value()
                            + "\"}")
                    .send();

            assertThat(response.status()).as(response.body()).isEqualTo(400);
            assertThat(response.json().get("error").asString()).as(character).contains(MESSAGE);
        }
    }
}
