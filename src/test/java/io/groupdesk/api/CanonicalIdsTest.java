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
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An id is ASCII digits without a sign or a leading zero: {@code +1}, {@code 01}, Arabic-Indic {@code ١},
 * {@code 1.0}, {@code " 1"} and a number over {@code Long.MAX_VALUE} address no record in any dialect. In a path they
 * are the dialect's not found, in a body field the dialect's validation error.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class CanonicalIdsTest {
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
        group = app.fixtures().group(account.id(), "Canonical");
    }

    /** The spellings of {@code id} that are not its canonical form, and a number no id can be. */
    private static List<String> otherSpellings(long id) {
        String digits = Long.toString(id);
        StringBuilder arabicIndic = new StringBuilder();
        digits.chars().forEach(c -> arabicIndic.append((char) ('\u0660' + (c - '0'))));
        return List.of(
                "+" + digits, "0" + digits, arabicIndic.toString(), digits + ".0", " " + digits, "9223372036854775808");
    }

    private static String inPath(String spelling) {
        return URLEncoder.encode(spelling, StandardCharsets.UTF_8).replace("+", "%20");
    }

    @Test
    void zendeskAnswersAGroupInAnotherSpellingOfItsIdWithNotFound() {
        assertThat(http.get("/api/v2/groups/" + group.id().value() + ".json")
                        .host(account.host())
                        .as(admin)
                        .send()
                        .status())
                .isEqualTo(200);
        for (String spelling : otherSpellings(group.id().value())) {
            Response response = http.get("/api/v2/groups/" + inPath(spelling) + ".json")
                    .host(account.host())
                    .as(admin)
                    .send();

            assertThat(response.status()).as(spelling).isEqualTo(404);
            assertThat(response.json().get("error").asString()).as(spelling).isEqualTo("RecordNotFound");
        }
    }

    @Test
    void zendeskRefusesAnotherSpellingOfAnIdInABodyAsThatFieldsValidationError() {
        long user = admin.agent().id().value();
        for (String spelling : otherSpellings(group.id().value())) {
            Response response = http.post("/api/v2/group_memberships.json")
                    .host(account.host())
                    .as(admin)
                    .json("{\"group_membership\": {\"user_id\": " + user + ", \"group_id\": \"" + spelling + "\"}}")
                    .send();

            assertThat(response.status()).as(spelling).isEqualTo(422);
            assertThat(response.json().get("details").has("group_id"))
                    .as(response.body())
                    .isTrue();
        }
    }

    @Test
    void zendeskClassicXmlAnswersAGroupInAnotherSpellingOfItsIdWithNotFound() {
        assertThat(http.get("/groups/" + group.id().value() + ".xml")
                        .host(account.host())
                        .as(admin)
                        .send()
                        .status())
                .isEqualTo(200);
        for (String spelling : otherSpellings(group.id().value())) {
            Response response = http.get("/groups/" + inPath(spelling) + ".xml")
                    .host(account.host())
                    .as(admin)
                    .send();

            assertThat(response.status()).as(spelling).isEqualTo(404);
        }
    }

    @Test
    void zendeskClassicXmlRefusesAnotherSpellingOfAnAgentIdAsTheAgentsValidationError() {
        long agent = admin.agent().id().value();
        for (String spelling : otherSpellings(agent)) {
            Response response = http.put("/groups/" + group.id().value() + ".xml")
                    .host(account.host())
                    .as(admin)
                    .body(
                            "application/xml",
                            ("<group><agents>" + spelling.replace(" ", "\u00a0") + "</agents></group>")
                                    .getBytes(StandardCharsets.UTF_8))
                    .send();

            assertThat(response.status()).as(spelling).isEqualTo(422);
            assertThat(response.body()).as(spelling).contains("Agents");
        }
    }

    @Test
    void udeskAnswersAGroupInAnotherSpellingOfItsIdWithItsNotFoundCode() {
        for (String spelling : otherSpellings(group.id().value())) {
            Response response = http.get("/open_api_v1/user_groups/" + inPath(spelling) + "/agents?"
                            + UdeskSigner.v2(admin.email(), admin.token()).query())
                    .host(account.host())
                    .send();

            assertThat(response.status()).as(spelling).isEqualTo(200);
            assertThat(response.json().get("code").asInt()).as(response.body()).isEqualTo(2005);
        }
    }

    @Test
    void udeskRefusesAnotherSpellingOfAGroupIdInABodyWithItsValidationCode() {
        for (String spelling : otherSpellings(group.id().value())) {
            Response response = http.put("/open_api_v1/agents/"
                            + admin.agent().id().value() + "?"
                            + UdeskSigner.v2(admin.email(), admin.token()).query())
                    .host(account.host())
                    .json("{\"agent\": {\"user_group_ids\": [\"" + spelling + "\"]}}")
                    .send();

            assertThat(response.status()).as(spelling).isEqualTo(200);
            assertThat(response.json().get("code").asInt()).as(response.body()).isEqualTo(2000);
            assertThat(response.body()).as(spelling).contains("user_group_ids");
        }
    }

    @Test
    void usedeskRefusesAnotherSpellingOfAnIdWithItsError() {
        for (String spelling : otherSpellings(group.id().value())) {
            Response response = http.post("/users")
                    .host(account.host())
                    .json("{\"api_token\": \"" + admin.token() + "\", \"group_id\": \"" + spelling + "\"}")
                    .send();

            assertThat(response.status()).as(spelling).isEqualTo(400);
            assertThat(response.json().get("error").asString())
                    .as(spelling)
                    .isEqualTo("The group_id must be a positive integer.");
        }
    }
}
