package io.groupdesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.Groupdesk;
import io.groupdesk.config.Config;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
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
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Credentials sent all at once from one address. Wrong ones, half to each of two nodes on one database: no more than
 * the failed-authentication limit of them are ever answered as failures (and no more than that of passwords ever
 * checked), however they interleave. Right tokens, to a third node with a limit of {@value #STRICT_LIMIT}: none is held
 * back by the others in flight. Each test uses an account of its own, and the window is a day long so that no test
 * straddles one.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class AuthThrottleRaceApiTest {
    private static final int LIMIT = 10;
    private static final int GUESSES = 60;
    private static final int STRICT_LIMIT = 3;
    /** Far more than the limit, and more than checks claimed three at a time could clear within a couple of seconds. */
    private static final int RIGHT_AT_ONCE = 256;

    @RegisterExtension
    static final AppExtension app = new AppExtension(Map.of(
            "GROUPDESK_AUTH_FAILURE_LIMIT", Integer.toString(LIMIT), "GROUPDESK_AUTH_FAILURE_WINDOW_SECONDS", "86400"));

    private static Groupdesk nodeB;
    private static Http httpB;
    private static Groupdesk strictNode;
    private static Http strict;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start() {
        nodeB = Groupdesk.start(Config.from(app.environment()), new PrintStream(OutputStream.nullOutputStream()));
        httpB = new Http(nodeB.port());
        Map<String, String> strictEnv = new HashMap<>(app.environment());
        strictEnv.put("GROUPDESK_AUTH_FAILURE_LIMIT", Integer.toString(STRICT_LIMIT));
        strictNode = Groupdesk.start(Config.from(strictEnv), new PrintStream(OutputStream.nullOutputStream()));
        strict = new Http(strictNode.port());
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        try {
            strictNode.close();
        } finally {
            nodeB.close();
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

        // then exactly the limit were checked (and refused as wrong), and every other one was throttled unchecked: a
        // password answers 429 only when its check could not be claimed, so each 401 is one password hash run
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
    void parallelWrongUsedeskTokensAreAnsweredAsWrongNoMoreThanTheLimit() throws Exception {
        // given an account, and 60 wrong api_tokens released at once on both nodes
        TestAccount account = app.fixtures().account();

        // when they arrive
        List<Response> responses = all(node -> node.get("/groups?api_token="
                        + URLEncoder.encode("wrong-token-" + System.nanoTime(), StandardCharsets.UTF_8))
                .host(account.host())
                .send());

        // then exactly the limit were counted and answered as wrong, and every other one was throttled
        assertThat(responses.stream().filter(r -> r.status() == 401)).hasSize(LIMIT);
        assertThat(responses.stream().filter(r -> r.status() == 429)).hasSize(GUESSES - LIMIT);
    }

    @Test
    void parallelBadUdeskSignaturesAreAnsweredAsBadNoMoreThanTheLimit() throws Exception {
        // given an account, and 60 requests signed with a wrong token released at once on both nodes
        TestAccount account = app.fixtures().account();

        // when they arrive
        List<Response> responses = all(node -> node.get("/open_api_v1/user_groups?"
                        + UdeskSigner.v2(account.admin().email(), "not-the-token")
                                .query())
                .host(account.host())
                .send());

        // then exactly the limit were counted and answered as bad signatures (Udesk's code 2059, on HTTP 200 as Udesk
        // answers its failures), and every other one was throttled
        assertThat(responses.stream()
                        .filter(r -> r.status() == 200 && r.json().path("code").asInt() == 2059))
                .hasSize(LIMIT);
        assertThat(responses.stream().filter(r -> r.status() == 429)).hasSize(GUESSES - LIMIT);
    }

    @Test
    void manyParallelRequestsWithTheRightTokenAreAllLetInAndLeaveNoFailureCounted() throws Exception {
        // given an account, and 256 requests with its admin's right token from one address released at once, against
        // a limit of 3 failures
        TestAccount account = app.fixtures().account();

        // when they arrive
        List<Response> responses = all(List.of(strict), RIGHT_AT_ONCE, node -> node.get("/api/v2/groups.json")
                .host(account.host())
                .authorization(Http.token(account.admin()))
                .send());

        // then every one is let in, none held back by the others in flight
        assertThat(responses).extracting(Response::status).containsOnly(200).hasSize(RIGHT_AT_ONCE);

        // and no failure was counted: the address still has its three wrong tokens, the fourth is throttled, and then
        // the right token too
        for (int i = 0; i < STRICT_LIMIT; i++) {
            assertThat(strict.get("/api/v2/groups.json")
                            .host(account.host())
                            .authorization(Http.basic(account.admin().email() + "/token", "wrong-token-" + i))
                            .send()
                            .status())
                    .isEqualTo(401);
        }
        assertThat(strict.get("/api/v2/groups.json")
                        .host(account.host())
                        .authorization(Http.basic(account.admin().email() + "/token", "wrong-token-last"))
                        .send()
                        .status())
                .isEqualTo(429);
        assertThat(strict.get("/api/v2/groups.json")
                        .host(account.host())
                        .authorization(Http.token(account.admin()))
                        .send()
                        .status())
                .isEqualTo(429);
    }

    /** Sends {@link #GUESSES} requests, even ones to node A and odd ones to node B, all released by one barrier. */
    private static List<Response> all(Function<Http, Response> request) throws Exception {
        return all(List.of(app.http(), httpB), GUESSES, request);
    }

    /** Sends {@code count} requests, to each of {@code nodes} in turn, all released by one barrier. */
    private static List<Response> all(List<Http> nodes, int count, Function<Http, Response> request) throws Exception {
        CyclicBarrier gate = new CyclicBarrier(count);
        ExecutorService pool = Executors.newFixedThreadPool(count);
        try {
            List<Future<Response>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Http node = nodes.get(i % nodes.size());
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
