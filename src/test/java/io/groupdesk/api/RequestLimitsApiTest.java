package io.groupdesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.Groupdesk;
import io.groupdesk.access.Caller;
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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Failed-authentication throttling and per-account rate limits in every dialect, over HTTP, with two nodes on one
 * database: node A trusts a proxy's forwarded headers (so tests can speak from other addresses), node B does not.
 * Windows are a day long so that no test straddles one; each test uses accounts of its own.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class RequestLimitsApiTest {
    private static final int FAILURES = 3;
    private static final int RATE = 4;
    private static final long DAY = 86_400;

    @RegisterExtension
    static final AppExtension app = new AppExtension(limits());

    private static Groupdesk nodeB;
    private static Http http;
    private static Http httpB;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start() {
        http = app.http();
        Map<String, String> second = new HashMap<>(app.environment());
        second.put("GROUPDESK_TRUST_PROXY", "false");
        nodeB = Groupdesk.start(Config.from(second), new PrintStream(OutputStream.nullOutputStream()));
        httpB = new Http(nodeB.port());
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        nodeB.close();
    }

    private static Map<String, String> limits() {
        Map<String, String> env = new HashMap<>();
        env.put("GROUPDESK_AUTH_FAILURE_LIMIT", Integer.toString(FAILURES));
        env.put("GROUPDESK_AUTH_FAILURE_WINDOW_SECONDS", Long.toString(DAY));
        env.put("GROUPDESK_TRUST_PROXY", "true");
        for (String dialect : List.of("ZENDESK", "ZENDESK_XML", "UDESK", "USEDESK")) {
            env.put("GROUPDESK_RATE_LIMIT_" + dialect, Integer.toString(RATE));
        }
        env.put("GROUPDESK_RATE_LIMIT_WINDOW_SECONDS", Long.toString(DAY));
        return env;
    }

    // ---- Zendesk v2 -----------------------------------------------------------------------------------------------

    @Test
    void zendeskRefusesAnAddressAfterWrongPasswordsEvenWithTheRightOne() {
        // given an address that got the password wrong FAILURES times
        TestAccount account = app.fixtures().account();
        for (int i = 0; i < FAILURES; i++) {
            assertThat(zendeskCreate(http, account, "wrong", "198.51.100.1").status())
                    .isEqualTo(401);
        }

        // when it tries again, wrong and then right
        Response wrong = zendeskCreate(http, account, "wrong", "198.51.100.1");
        Response right = zendeskCreate(http, account, account.admin().password(), "198.51.100.1");

        // then both are refused with Zendesk's 429 and nothing was created
        for (Response response : List.of(wrong, right)) {
            assertThat(response.status()).as(response.body()).isEqualTo(429);
            assertRetryAfterWithinADay(response);
            assertThat(response.json().get("error").asString()).isEqualTo("TooManyRequests");
        }
        assertThat(app.services().groups().count(Caller.system(account.id()))).isEqualTo(1);

        // and another address, and the same address in another account, are let in
        TestAccount other = app.fixtures().account();
        assertThat(zendeskCreate(http, account, account.admin().password(), "198.51.100.2")
                        .status())
                .isEqualTo(201);
        assertThat(zendeskCreate(http, other, other.admin().password(), "198.51.100.1")
                        .status())
                .isEqualTo(201);
        assertThat(app.services().groups().count(Caller.system(account.id()))).isEqualTo(2);
    }

    @Test
    void zendeskDoesNotCountRequestsWithoutCredentials() {
        // given requests that carry no credentials, as challenge-response clients first send
        TestAccount account = app.fixtures().account();
        for (int i = 0; i < FAILURES + 1; i++) {
            Response anonymous =
                    http.get("/api/v2/groups.json").host(account.host()).send();
            assertThat(anonymous.status()).isEqualTo(401);
        }

        // when the client then sends its password, then it is let in
        assertThat(zendeskCreate(http, account, account.admin().password(), null)
                        .status())
                .isEqualTo(201);
    }

    @Test
    void zendeskRateLimitCountsDownInHeadersThenRefuses() {
        // given an account with a limit of RATE requests
        TestAccount account = app.fixtures().account();

        // when it makes RATE requests and one more
        List<Response> responses = new ArrayList<>();
        for (int i = 0; i <= RATE; i++) {
            responses.add(http.get("/api/v2/groups.json")
                    .host(account.host())
                    .as(account.admin())
                    .send());
        }

        // then the headers count down, Retry-After comes only with the 429
        for (int i = 0; i < RATE; i++) {
            Response ok = responses.get(i);
            assertThat(ok.status()).isEqualTo(200);
            assertThat(ok.header("X-Rate-Limit")).contains(Integer.toString(RATE));
            assertThat(ok.header("X-Rate-Limit-Remaining")).contains(Integer.toString(RATE - 1 - i));
            assertThat(ok.header("ratelimit-remaining")).contains(Integer.toString(RATE - 1 - i));
            assertThat(ok.header("Retry-After")).isEmpty();
        }
        Response over = responses.get(RATE);
        assertThat(over.status()).as(over.body()).isEqualTo(429);
        assertThat(over.header("X-Rate-Limit-Remaining")).contains("0");
        assertRetryAfterWithinADay(over);
        assertThat(over.json().get("error").asString()).isEqualTo("TooManyRequests");
    }

    // ---- Zendesk classic XML ----------------------------------------------------------------------------------------

    @Test
    void zendeskXmlAnswersBothLimitsWithRailsErrors() {
        // given an address that got the password wrong FAILURES times
        TestAccount account = app.fixtures().account();
        for (int i = 0; i < FAILURES; i++) {
            assertThat(xmlGroups(account, "wrong", "198.51.100.3").status()).isEqualTo(401);
        }

        // when it tries the right password, then it gets an <errors> 429
        Response throttled = xmlGroups(account, account.admin().password(), "198.51.100.3");
        assertThat(throttled.status()).isEqualTo(429);
        assertRetryAfterWithinADay(throttled);
        assertThat(throttled.body()).contains("<errors>").contains("<error>Rate limit exceeded");

        // and from another address the account's rate limit runs out the same way
        for (int i = 0; i < RATE; i++) {
            assertThat(xmlGroups(account, account.admin().password(), "198.51.100.4")
                            .status())
                    .isEqualTo(200);
        }
        Response over = xmlGroups(account, account.admin().password(), "198.51.100.4");
        assertThat(over.status()).isEqualTo(429);
        assertRetryAfterWithinADay(over);
        assertThat(over.body()).contains("<errors>");
    }

    // ---- Udesk ------------------------------------------------------------------------------------------------------

    @Test
    void udeskThrottlesBadSignaturesAndWrongPasswordsWithItsEnvelope() {
        // given an address whose signatures failed FAILURES times
        TestAccount account = app.fixtures().account();
        for (int i = 0; i < FAILURES; i++) {
            Response bad = udeskGroups(account, "not-the-token", "198.51.100.5");
            assertThat(bad.json().get("code").asInt()).isEqualTo(2059);
        }

        // when it signs right, and when it logs in with the right password
        Response signed = udeskGroups(account, account.admin().token(), "198.51.100.5");
        Response logIn = udeskLogIn(account, account.admin().password(), "198.51.100.5");

        // then both get HTTP 429 with Retry-After and Groupdesk's code 20429 in Udesk's envelope
        for (Response response : List.of(signed, logIn)) {
            assertThat(response.status()).as(response.body()).isEqualTo(429);
            assertRetryAfterWithinADay(response);
            assertThat(response.json().get("code").asInt()).isEqualTo(20429);
        }

        // and wrong passwords on log_in count the same way, from another address
        for (int i = 0; i < FAILURES; i++) {
            assertThat(udeskLogIn(account, "wrong", "198.51.100.6")
                            .json()
                            .get("code")
                            .asInt())
                    .isEqualTo(2005);
        }
        assertThat(udeskLogIn(account, account.admin().password(), "198.51.100.6")
                        .status())
                .isEqualTo(429);
    }

    @Test
    void udeskRateLimitAnswers429InItsEnvelope() {
        TestAccount account = app.fixtures().account();
        for (int i = 0; i < RATE; i++) {
            Response ok = udeskGroups(account, account.admin().token(), null);
            assertThat(ok.json().get("code").asInt()).as(ok.body()).isEqualTo(1000);
            assertThat(ok.header("Retry-After")).isEmpty();
        }

        Response over = udeskGroups(account, account.admin().token(), null);

        assertThat(over.status()).isEqualTo(429);
        assertRetryAfterWithinADay(over);
        assertThat(over.json().get("code").asInt()).isEqualTo(20429);
        assertThat(over.json().get("message").asString()).isEqualTo("请求过于频繁");
    }

    // ---- Usedesk ----------------------------------------------------------------------------------------------------

    @Test
    void usedeskAnswersBothLimitsWithItsErrorObject() {
        // given an address that sent wrong tokens FAILURES times
        TestAccount account = app.fixtures().account();
        for (int i = 0; i < FAILURES; i++) {
            assertThat(usedeskGroups(account, "wrong-token", "198.51.100.7").status())
                    .isEqualTo(401);
        }

        // when it sends the right one, then it is refused with {"error"}
        Response throttled = usedeskGroups(account, account.admin().token(), "198.51.100.7");
        assertThat(throttled.status()).isEqualTo(429);
        assertRetryAfterWithinADay(throttled);
        assertThat(throttled.json().get("error").asString()).startsWith("Too many requests");

        // and the account's rate limit runs out the same way from another address
        for (int i = 0; i < RATE; i++) {
            assertThat(usedeskGroups(account, account.admin().token(), "198.51.100.8")
                            .status())
                    .isEqualTo(200);
        }
        Response over = usedeskGroups(account, account.admin().token(), "198.51.100.8");
        assertThat(over.status()).isEqualTo(429);
        assertRetryAfterWithinADay(over);
        assertThat(over.json().get("error").asString()).startsWith("Too many requests");
    }

    // ---- across nodes -----------------------------------------------------------------------------------------------

    @Test
    void twoNodesOnOneDatabaseShareTheCounts() {
        // given failures and requests split between node A and node B, all from 127.0.0.1
        TestAccount account = app.fixtures().account();
        for (int i = 0; i < FAILURES - 1; i++) {
            assertThat(zendeskCreate(http, account, "wrong", null).status()).isEqualTo(401);
        }
        assertThat(zendeskCreate(httpB, account, "wrong", null).status()).isEqualTo(401);

        // when the right password comes to either node, then both refuse it
        assertThat(zendeskCreate(http, account, account.admin().password(), null)
                        .status())
                .isEqualTo(429);
        assertThat(zendeskCreate(httpB, account, account.admin().password(), null)
                        .status())
                .isEqualTo(429);

        // and the rate limit counts requests of both nodes together
        TestAccount busy = app.fixtures().account();
        List<Response> responses = new ArrayList<>();
        for (int i = 0; i <= RATE; i++) {
            Http node = i % 2 == 0 ? http : httpB;
            responses.add(node.get("/api/v2/groups.json")
                    .host(busy.host())
                    .as(busy.admin())
                    .send());
        }
        assertThat(responses)
                .extracting(r -> r.header("X-Rate-Limit-Remaining").orElse("-"))
                .containsExactly("3", "2", "1", "0", "0");
        assertThat(responses).extracting(Response::status).containsExactly(200, 200, 200, 200, 429);
    }

    @Test
    void forwardedForIsIgnoredUnlessAProxyIsTrusted() {
        // given node B, which trusts no proxy, and failures claiming ever new addresses
        TestAccount account = app.fixtures().account();
        for (int i = 0; i < FAILURES; i++) {
            assertThat(zendeskCreate(httpB, account, "wrong", "203.0.113." + i).status())
                    .isEqualTo(401);
        }

        // when one more claims yet another address, then it is the connection's address that is throttled
        assertThat(zendeskCreate(httpB, account, account.admin().password(), "203.0.113.99")
                        .status())
                .isEqualTo(429);
    }

    @Test
    void forwardedForOfAForwardedHeaderIsTheClientBehindATrustedProxy() {
        // given an address, named by RFC 7239's for= with a port, that got the password wrong FAILURES times
        TestAccount account = app.fixtures().account();
        for (int i = 0; i < FAILURES; i++) {
            assertThat(zendeskCreateForwarded(account, "wrong", "for=\"198.51.100.7:4711\"", null)
                            .status())
                    .isEqualTo(401);
        }

        // when it tries the right password, once alone and once with an X-Forwarded-For naming another address
        Response alone = zendeskCreateForwarded(account, account.admin().password(), "for=198.51.100.7", null);
        Response both = zendeskCreateForwarded(account, account.admin().password(), "for=198.51.100.7", "198.51.100.8");

        // then Forwarded's for= names the client both times, and another address in it is let in
        assertThat(alone.status()).isEqualTo(429);
        assertThat(both.status()).isEqualTo(429);
        assertThat(zendeskCreateForwarded(account, account.admin().password(), "for=198.51.100.8", null)
                        .status())
                .isEqualTo(201);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static void assertRetryAfterWithinADay(Response response) {
        long seconds = Long.parseLong(response.header("Retry-After").orElseThrow());
        assertThat(seconds).isBetween(1L, DAY);
    }

    private static Response zendeskCreate(Http node, TestAccount account, String password, String forwardedFor) {
        Http.Request request = node.post("/api/v2/groups.json")
                .host(account.host())
                .authorization(Http.basic(account.admin().email(), password))
                .json("{\"group\": {\"name\": \"Limits " + System.nanoTime() + "\"}}");
        return withForwardedFor(request, forwardedFor).send();
    }

    private static Response zendeskCreateForwarded(
            TestAccount account, String password, String forwarded, String forwardedFor) {
        Http.Request request = http.post("/api/v2/groups.json")
                .host(account.host())
                .authorization(Http.basic(account.admin().email(), password))
                .header("Forwarded", "for=10.0.0.1, " + forwarded)
                .json("{\"group\": {\"name\": \"Limits " + System.nanoTime() + "\"}}");
        return withForwardedFor(request, forwardedFor).send();
    }

    private static Response xmlGroups(TestAccount account, String password, String forwardedFor) {
        Http.Request request = http.get("/groups.xml")
                .host(account.host())
                .authorization(Http.basic(account.admin().email(), password));
        return withForwardedFor(request, forwardedFor).send();
    }

    private static Response udeskGroups(TestAccount account, String token, String forwardedFor) {
        String query = UdeskSigner.v2(account.admin().email(), token).query();
        Http.Request request = http.get("/open_api_v1/user_groups?" + query).host(account.host());
        return withForwardedFor(request, forwardedFor).send();
    }

    private static Response udeskLogIn(TestAccount account, String password, String forwardedFor) {
        Http.Request request = http.post("/open_api_v1/log_in")
                .host(account.host())
                .json("{\"email\": \"" + account.admin().email() + "\", \"password\": \"" + password + "\"}");
        return withForwardedFor(request, forwardedFor).send();
    }

    private static Response usedeskGroups(TestAccount account, String token, String forwardedFor) {
        Http.Request request = http.get("/groups?api_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))
                .host(account.host());
        return withForwardedFor(request, forwardedFor).send();
    }

    private static Http.Request withForwardedFor(Http.Request request, String address) {
        return address == null ? request : request.header("X-Forwarded-For", "10.0.0.1, " + address);
    }
}
