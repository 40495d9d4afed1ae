package io.groupdesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.RawHttp;
import io.groupdesk.testing.RawHttp.Answer;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Bodies that dribble in before anyone is authenticated (Usedesk's {@code api_token} is in the body, Udesk's
 * {@code log_in} takes a password) cannot take the node from signed-in callers: they hold one of a few slots each, a
 * request beyond them is refused at once with the dialect's 429, and no body may take longer than the read deadline.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class SlowBodyTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static TestAccount account;
    private static TestAgent admin;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        account = app.fixtures().account();
        admin = account.admin();
    }

    @Test
    void answersSignedInCallersWhileThreeHundredUploadsDribble() throws Exception {
        // given each signed-in request served once, so that what is timed below is the flood and not a cold start
        zendeskGroups();
        usedeskGroups();

        // and 300 unauthenticated uploads to Usedesk /groups and Udesk log_in, each sending a byte now and then
        List<Socket> uploads = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                uploads.add(slowUpload(app.get(), i % 2 == 0 ? "/groups" : "/open_api_v1/log_in"));
            }
            Thread dribbler = dribble(uploads);
            // the node's 32 slots (the default) take 32 of them; the other 268 are refused at once
            assertThat(answered(uploads, 268)).isEqualTo(268);

            // when signed-in callers ask, three times each through Zendesk and through Usedesk
            long zendesk = 0;
            long usedesk = 0;
            for (int i = 0; i < 3; i++) {
                zendesk = Math.max(zendesk, millis(SlowBodyTest::zendeskGroups));
                usedesk = Math.max(usedesk, millis(SlowBodyTest::usedeskGroups));
            }
            dribbler.interrupt();
            System.out.printf(
                    "slowest signed-in answer during 300 slow uploads: Zendesk %d ms, Usedesk %d ms%n",
                    zendesk, usedesk);

            // then both answer well under a second (generous: on an idle machine they take milliseconds, and before
            // the slots every worker was held until the idle timeout)
            assertThat(zendesk).isLessThan(1_000);
            assertThat(usedesk).isLessThan(1_000);
        } finally {
            for (Socket upload : uploads) {
                upload.close();
            }
        }
    }

    @Test
    void refusesAnUnauthenticatedBodyBeyondTheSlotsWithTheDialectsTooManyRequests() throws Exception {
        try (TestApp node = TestApp.start(
                        database,
                        Map.of("GROUPDESK_UNAUTHENTICATED_BODY_READS", "2", "GROUPDESK_BODY_READ_SECONDS", "5"));
                Socket first = slowUpload(node, "/groups");
                Socket second = slowUpload(node, "/open_api_v1/log_in")) {
            // given both slots taken by bodies still arriving
            Thread.sleep(500);
            TestAccount nodeAccount = node.fixtures().account();
            TestAgent nodeAdmin = nodeAccount.admin();
            Http http = node.http();

            // when
            Response usedesk = http.post("/groups")
                    .host(nodeAccount.host())
                    .json("{\"api_token\": \"" + nodeAdmin.token() + "\"}")
                    .send();
            Response udesk = http.post("/open_api_v1/log_in")
                    .host(nodeAccount.host())
                    .json("{\"email\": \"" + nodeAdmin.email() + "\", \"password\": \"" + nodeAdmin.password() + "\"}")
                    .send();
            Response console = http.post("/console/sign-in")
                    .host(nodeAccount.host())
                    .body(
                            "application/x-www-form-urlencoded",
                            ("email=" + nodeAdmin.email() + "&password=" + nodeAdmin.password())
                                    .getBytes(StandardCharsets.UTF_8))
                    .send();
            Response withoutBody = http.get("/groups?api_token=" + nodeAdmin.token())
                    .host(nodeAccount.host())
                    .send();

            // then bodies wait for no slot: each dialect's 429 with Retry-After, the read deadline; no body, no slot
            assertThat(usedesk.status()).isEqualTo(429);
            assertThat(usedesk.header("Retry-After")).contains("5");
            assertThat(usedesk.body()).isEqualTo("{\"error\":\"Too many requests, retry in 5 seconds\"}");
            assertThat(udesk.status()).isEqualTo(429);
            assertThat(udesk.header("Retry-After")).contains("5");
            assertThat(udesk.json().path("code").asInt()).isEqualTo(20429);
            assertThat(console.status()).isEqualTo(429);
            assertThat(console.header("Retry-After")).contains("5");
            assertThat(console.body()).contains("The server is busy. Try again in 5 seconds.");
            assertThat(withoutBody.status()).isEqualTo(200);
        }
    }

    @Test
    void cutsOffABodyThatDoesNotArriveWithinTheDeadline() throws Exception {
        try (TestApp node = TestApp.start(database, Map.of("GROUPDESK_BODY_READ_SECONDS", "1"));
                Socket dribbling = slowUpload(node, "/groups");
                Socket silent = slowUpload(node, "/groups")) {
            // given one body that keeps sending a byte now and then, and one that stopped after its first byte
            dribbling.setSoTimeout(10_000);
            silent.setSoTimeout(10_000);
            Thread dribbler = dribble(List.of(dribbling));

            // when
            long started = System.nanoTime();
            Answer dribbled = RawHttp.read(dribbling.getInputStream());
            Answer stalled = RawHttp.read(silent.getInputStream());
            long waited = Duration.ofNanos(System.nanoTime() - started).toMillis();
            dribbler.interrupt();

            // then both are answered once the second is up (the bound is generous for a loaded machine; without the
            // deadline the dribbling one was never answered and the silent one only after the 30 s idle timeout)
            for (Answer answer : List.of(dribbled, stalled)) {
                assertThat(answer.status()).isEqualTo(408);
                assertThat(answer.body()).isEqualTo("{\"error\":\"The request body did not arrive in time\"}");
            }
            assertThat(waited).isLessThan(5_000);
        }
    }

    /** How many of {@code uploads} have an answer waiting, once {@code expected} have or 10 s have passed. */
    private static int answered(List<Socket> uploads, int expected) throws Exception {
        long until = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        int answered = 0;
        while (System.nanoTime() < until) {
            answered = 0;
            for (Socket upload : uploads) {
                if (upload.getInputStream().available() > 0) {
                    answered++;
                }
            }
            if (answered >= expected) {
                break;
            }
            Thread.sleep(50);
        }
        return answered;
    }

    /** A connection that has sent a request's head, promising 1,000 bytes of JSON, and the first of them. */
    private static Socket slowUpload(TestApp node, String path) throws IOException {
        Socket socket = new Socket("localhost", node.http().port());
        socket.getOutputStream()
                .write(("POST " + path + " HTTP/1.1\r\nHost: localhost\r\nContent-Type: application/json\r\n"
                                + "Content-Length: 1000\r\n\r\n{")
                        .getBytes(StandardCharsets.US_ASCII));
        socket.getOutputStream().flush();
        return socket;
    }

    /** Sends a space down every connection every 200 ms until interrupted; a closed one is left alone. */
    private static Thread dribble(List<Socket> uploads) {
        Thread dribbler = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                for (Socket upload : uploads) {
                    try {
                        OutputStream out = upload.getOutputStream();
                        out.write(' ');
                        out.flush();
                    } catch (IOException closed) {
                        // refused or cut off: the server has closed it
                    }
                }
                try {
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        dribbler.setDaemon(true);
        dribbler.start();
        return dribbler;
    }

    private static Response zendeskGroups() {
        return app.http()
                .get("/api/v2/groups.json")
                .host(account.host())
                .as(admin)
                .send();
    }

    private static Response usedeskGroups() {
        return app.http()
                .get("/groups?api_token=" + admin.token())
                .host(account.host())
                .send();
    }

    private static long millis(Supplier<Response> request) {
        long started = System.nanoTime();
        Response response = request.get();
        long took = Duration.ofNanos(System.nanoTime() - started).toMillis();
        assertThat(response.status()).isEqualTo(200);
        return took;
    }
}
