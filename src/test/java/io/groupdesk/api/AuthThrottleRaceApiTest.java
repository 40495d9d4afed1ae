package io.groupdesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.Groupdesk;
import io.groupdesk.config.Config;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import io.groupdesk.testing.UdeskSigner;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Wrong credentials sent all at once, from one address, half to each of two nodes on one database: no more than the
 * failed-authentication limit of them are ever checked, however they interleave. Each test uses an account of its
 * own, and the window is a day long so that no test straddles one.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class AuthThrottleRaceApiTest {
    private static final int LIMIT = 10;
    private static final int GUESSES = 60;

    private static TestApp app;
    private static Groupdesk nodeB;
    private static Http httpB;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start(TestDatabase database) {
        Map<String, String> env = new HashMap<>();
        env.put("GROUPDESK_AUTH_FAILURE_LIMIT", Integer.toString(LIMIT));
        env.put("GROUPDESK_AUTH_FAILURE_WINDOW_SECONDS", "86400");
        app = TestApp.start(database, env);
        nodeB = Groupdesk.start(Config.from(app.environment()), new PrintStream(OutputStream.nullOutputStream()));
        httpB = new Http(nodeB.port());
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        try {
            nodeB.close();
        } finally {
            app.close();
        }
    }

    @Test
    void parallelWrongPasswordsOverZendeskBasicAuthAreCheckedNoMoreThanTheLimit() throws Exception {
        // given an account, and 60 wrong passwords for its admin released at once on both nodes
        TestAccount account = app.fixtures().account();

        // when they arrive
        List<Response> responses = all(node -> node.get("/api/v2/groups.json")
                .host(account.host())
                .authorization(Http.basic(account.admin().email(), "wrong-password"))
                .send());

        // then exactly the limit were checked (and refused as wrong), and every other one was throttled unchecked
        assertThat(responses.stream().filter(r -> r.status() == 401)).hasSize(LIMIT);
        assertThat(responses.stream().filter(r -> r.status() == 429)).hasSize(GUESSES - LIMIT);

        // and the right password from that address is refused too
        assertThat(app.http()
                        .get("/api/v2/groups.json")
                        .host(account.host())
                        .as(account.admin())
                        .send()
                        .status())
                .isEqualTo(429);
    }

    @Test
    void parallelWrongUsedeskTokensAreCheckedNoMoreThanTheLimit() throws Exception {
        // given an account, and 60 wrong api_tokens released at once on both nodes
        TestAccount account = app.fixtures().account();

        // when they arrive
        List<Response> responses = all(node -> node.get("/groups?api_token="
                        + URLEncoder.encode("wrong-token-" + System.nanoTime(), StandardCharsets.UTF_8))
                .host(account.host())
                .send());

        // then exactly the limit were checked, and every other one was throttled
        assertThat(responses.stream().filter(r -> r.status() == 401)).hasSize(LIMIT);
        assertThat(responses.stream().filter(r -> r.status() == 429)).hasSize(GUESSES - LIMIT);
    }

    @Test
    void parallelBadUdeskSignaturesAreCheckedNoMoreThanTheLimit() throws Exception {
        // given an account, and 60 requests signed with a wrong token released at once on both nodes
        TestAccount account = app.fixtures().account();

        // when they arrive
        List<Response> responses = all(node -> node.get("/open_api_v1/user_groups?"
                        + UdeskSigner.v2(account.admin().email(), "not-the-token")
                                .query())
                .host(account.host())
                .send());

        // then exactly the limit were checked (Udesk's bad-signature code), and every other one was throttled
        assertThat(responses.stream().filter(r -> r.json().path("code").asInt() == 2059))
                .hasSize(LIMIT);
        assertThat(responses.stream().filter(r -> r.status() == 429)).hasSize(GUESSES - LIMIT);
    }

    /** Sends {@link #GUESSES} requests, even ones to node A and odd ones to node B, all released by one barrier. */
    private static List<Response> all(Function<Http, Response> request) throws Exception {
        CyclicBarrier gate = new CyclicBarrier(GUESSES);
        ExecutorService pool = Executors.newFixedThreadPool(GUESSES);
        try {
            List<Future<Response>> sent = new ArrayList<>();
            for (int i = 0; i < GUESSES; i++) {
                Http node = i % 2 == 0 ? app.http() : httpB;
                sent.add(pool.submit(() -> {
                    gate.await();
                    return request.apply(node);
                }));
            }
            List<Response> responses = new ArrayList<>();
            for (Future<Response> response : sent) {
                responses.add(response.get());
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
