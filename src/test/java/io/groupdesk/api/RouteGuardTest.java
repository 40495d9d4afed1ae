package io.groupdesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.RawHttp;
import io.groupdesk.testing.RawHttp.Answer;
import io.groupdesk.testing.TestDatabase;
import io.groupdesk.testing.UdeskSigner;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The route guard refuses a request whose credentials travel outside its body (Zendesk's {@code Authorization}
 * header, Udesk's signed query, the console's session cookie) before it reads the body: a client that promises a body
 * and never sends it is answered at once, not when the read deadline (set to a minute here) runs out. Usedesk's
 * {@code api_token} travels in the body, so Usedesk reads it first, in one of the slots SlowBodyTest covers.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class RouteGuardTest {
    private static final Duration AT_ONCE = Duration.ofSeconds(10);

    @RegisterExtension
    static final AppExtension app = new AppExtension(Map.of("GROUPDESK_BODY_READ_SECONDS", "60"));

    private static TestAccount account;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        account = app.fixtures().account();
    }

    @Test
    void zendeskRefusesMissingCredentialsBeforeTheBody() throws IOException {
        // given a request without credentials whose body never comes, when it is sent
        Answer answer = promiseABody("POST /api/v2/groups.json", "");

        // then Zendesk's 401 comes without waiting for the body
        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).contains("Couldn't authenticate you");
    }

    @Test
    void zendeskRefusesWrongCredentialsBeforeTheBody() throws IOException {
        Answer answer = promiseABody("POST /api/v2/groups.json", "Authorization: Bearer not-a-token\r\n");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).contains("Couldn't authenticate you");
    }

    @Test
    void zendeskXmlRefusesMissingCredentialsBeforeTheBody() throws IOException {
        Answer answer = promiseABody("POST /groups.xml", "");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).contains("<error>Couldn't authenticate you</error>");
    }

    @Test
    void udeskRefusesABadSignatureBeforeTheBody() throws IOException {
        String query = UdeskSigner.v2(account.admin().email(), "not-the-token").query();

        Answer answer = promiseABody("POST /open_api_v1/user_groups?" + query, "");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("\"code\":2059");
    }

    @Test
    void consoleRefusesAFormWithoutASessionBeforeTheBody() throws IOException {
        Answer answer = promiseABody("POST /console/groups", "");

        assertThat(answer.status()).isEqualTo(401);
        assertThat(answer.body()).contains("Your session has ended. Sign in again.");
    }

    /** Sends {@code requestLine} with {@code headers}, promising 1,000 bytes of body and sending one. */
    private static Answer promiseABody(String requestLine, String headers) throws IOException {
        try (Socket socket = new Socket("localhost", app.http().port())) {
            socket.setSoTimeout((int) AT_ONCE.toMillis());
            socket.getOutputStream()
                    .write((requestLine + " HTTP/1.1\r\nHost: " + account.host() + "\r\n" + headers
                                    + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{")
                            .getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            return RawHttp.read(socket.getInputStream());
        }
    }
}
