package io.groupdesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.groups.Group;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import io.groupdesk.testing.UdeskSigner;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A body that is not well-formed UTF-8 is the dialect's bad request, and nothing is stored: the overlong {@code C0 BC}
 * (which a lenient decoder reads as {@code <}), a lone continuation byte, a surrogate encoded in UTF-8 and a truncated
 * sequence, in JSON, XML and urlencoded bodies (raw and percent-encoded).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class MalformedUtf8Test {
    /** Overlong '<', lone continuation byte, UTF-16 surrogate D800 in UTF-8, a three-byte sequence cut short. */
    private static final List<String> MALFORMED = List.of("c0bc", "80", "eda080", "e282");

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;
    private static TestAccount account;
    private static TestAgent admin;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
        account = app.fixtures().account();
        admin = account.admin();
    }

    /** {@code head}, the malformed bytes written as hex, then {@code "script>" + tail}. */
    private static byte[] body(String head, String hex, String tail) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(head.getBytes(StandardCharsets.UTF_8));
        out.writeBytes(HexFormat.of().parseHex(hex));
        out.writeBytes(("script>" + tail).getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }

    private static boolean anyGroupNamedLikeAScript() {
        return app
                .services()
                .groups()
                .list(
                        Caller.system(account.id()),
                        io.groupdesk.groups.GroupService.Scope.ALL,
                        true,
                        PageRequest.first(100))
                .items()
                .stream()
                .map(Group::name)
                .anyMatch(name -> name.contains("script>"));
    }

    @Test
    void zendeskAnswersMalformedUtf8InAJsonBodyWithBadRequest() {
        for (String hex : MALFORMED) {
            Response response = http.post("/api/v2/groups.json")
                    .host(account.host())
                    .as(admin)
                    .body("application/json", body("{\"group\": {\"name\": \"", hex, "\"}}"))
                    .send();

            assertThat(response.status()).as(hex).isEqualTo(400);
            assertThat(response.json().get("error").asString()).isEqualTo("InvalidJSON");
            assertThat(response.json().get("description").asString())
                    .isEqualTo("The request body is not well-formed UTF-8");
        }
        assertThat(anyGroupNamedLikeAScript()).isFalse();
    }

    @Test
    void zendeskClassicAnswersMalformedUtf8InAnXmlBodyWithBadRequest() {
        for (String hex : MALFORMED) {
            Response response = http.post("/groups.xml")
                    .host(account.host())
                    .as(admin)
                    .body("application/xml", body("<group><name>", hex, "</name></group>"))
                    .send();

            assertThat(response.status()).as(hex).isEqualTo(400);
            assertThat(response.body()).as(hex).contains("The request body is not well-formed UTF-8");
        }
        assertThat(anyGroupNamedLikeAScript()).isFalse();
    }

    @Test
    void udeskAnswersMalformedUtf8WithItsFailureEnvelope() {
        for (String hex : MALFORMED) {
            Response response = http.post("/open_api_v1/user_groups?"
                            + UdeskSigner.v2(admin.email(), admin.token()).query())
                    .host(account.host())
                    .body("application/json", body("{\"name\": \"", hex, "\"}"))
                    .send();

            // Udesk answers every refused request with HTTP 200 and a failure code, as for a body that is not JSON
            assertThat(response.status()).as(hex).isEqualTo(200);
            assertThat(response.json().get("code").asInt()).as(hex).isEqualTo(2000);
            assertThat(response.json().get("exception").get("message").asString())
                    .isEqualTo("the body is not well-formed UTF-8");
        }
        assertThat(anyGroupNamedLikeAScript()).isFalse();
    }

    @Test
    void usedeskAnswersMalformedUtf8InJsonAndFormBodiesWithItsError() {
        for (String hex : MALFORMED) {
            Response json = http.post("/create/user")
                    .host(account.host())
                    .body(
                            "application/json",
                            body(
                                    "{\"api_token\": \"" + admin.token() + "\", \"email\": \"u" + hex
                                            + "@example.test\", \"name\": \"",
                                    hex,
                                    "\"}"))
                    .send();
            Response form = http.post("/create/user")
                    .host(account.host())
                    .body(
                            "application/x-www-form-urlencoded",
                            body("api_token=" + admin.token() + "&email=f" + hex + "@example.test&name=", hex, ""))
                    .send();
            Response escaped = http.post("/create/user")
                    .host(account.host())
                    .body(
                            "application/x-www-form-urlencoded",
                            ("api_token=" + admin.token() + "&email=e" + hex + "@example.test&name="
                                            + hex.replaceAll("(..)", "%$1") + "script%3E")
                                    .getBytes(StandardCharsets.UTF_8))
                    .send();

            assertThat(json.status()).as(hex).isEqualTo(400);
            assertThat(json.json().get("error").asString()).isEqualTo("The request body is not well-formed UTF-8");
            assertThat(form.status()).as(hex).isEqualTo(400);
            assertThat(form.json().get("error").asString()).isEqualTo("The request body is not a readable form");
            assertThat(escaped.status()).as(hex).isEqualTo(400);
            assertThat(escaped.json().get("error").asString()).isEqualTo("The request body is not a readable form");
        }
    }
}
