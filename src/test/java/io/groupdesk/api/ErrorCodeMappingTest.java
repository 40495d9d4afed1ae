package io.groupdesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.shared.ErrorCode;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import io.groupdesk.testing.UdeskSigner;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * STYLE's error table, code by code: each dialect answers each core {@link ErrorCode} with its own status and body.
 * Each test provokes the code through the dialect's own routes (switching over every code, so a new code without a
 * case here does not compile) and asserts the answer. A code no route of a dialect can raise is reported as skipped,
 * with the reason. Every case runs in an account of its own, whose rate limit ({@link #RATE} requests a day per dialect)
 * only the {@code TOO_MANY_REQUESTS} case spends.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ErrorCodeMappingTest {
    private static final int RATE = 2;
    private static final String UNKNOWN_ID = "999999999";

    @RegisterExtension
    static final AppExtension app = new AppExtension(limits());

    private static Http http;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
    }

    /** A rate limit of {@link #RATE} a day for every dialect, so the test can spend it and see each one's 429. */
    private static Map<String, String> limits() {
        Map<String, String> env = new HashMap<>();
        for (String dialect : new String[] {"ZENDESK", "ZENDESK_XML", "UDESK", "USEDESK"}) {
            env.put("GROUPDESK_RATE_LIMIT_" + dialect, Integer.toString(RATE));
        }
        env.put("GROUPDESK_RATE_LIMIT_WINDOW_SECONDS", "86400");
        return env;
    }

    // ---- Zendesk v2 -------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void zendeskAnswersEachCodeAsItsTableSays(ErrorCode code) {
        // given an account of its own, with a group named "Taken"
        TestAccount shop = app.fixtures().account();
        long taken = app.fixtures().group(shop.id(), "Taken").id().value();

        // when
        Response response =
                switch (code) {
                    case UNAUTHENTICATED -> http.get("/api/v2/groups.json")
                            .host(shop.host())
                            .send();
                    case FORBIDDEN -> zendeskCreate(shop, agent(shop), "Clerk's group");
                    case NOT_FOUND -> http.get("/api/v2/groups/" + UNKNOWN_ID + ".json")
                            .host(shop.host())
                            .as(shop.admin())
                            .send();
                    case VALIDATION_FAILED -> zendeskCreate(shop, shop.admin(), "");
                    case CONFLICT -> zendeskCreate(shop, shop.admin(), "Taken");
                    case PRECONDITION_FAILED -> http.put("/api/v2/groups/" + taken + ".json")
                            .host(shop.host())
                            .as(shop.admin())
                            .header("If-Match", "\"" + taken + ".1\"")
                            .json("{\"group\": {\"name\": \"Renamed\"}}")
                            .send();
                    case TOO_MANY_REQUESTS -> spendRate(() -> http.get("/api/v2/groups.json")
                            .host(shop.host())
                            .as(shop.admin())
                            .send());
                };

        // then
        switch (code) {
            case UNAUTHENTICATED -> {
                assertThat(response.status()).isEqualTo(401);
                assertThat(response.header("WWW-Authenticate")).contains("Basic realm=\"Web Password\"");
                assertThat(response.json().get("error").asString()).isEqualTo("Couldn't authenticate you");
            }
            case FORBIDDEN -> {
                assertThat(response.status()).isEqualTo(403);
                assertThat(response.json().get("error").get("title").asString()).isEqualTo("Forbidden");
            }
            case NOT_FOUND -> {
                assertThat(response.status()).isEqualTo(404);
                assertThat(response.json().get("error").asString()).isEqualTo("RecordNotFound");
                assertThat(response.json().get("description").asString()).isEqualTo("Not found");
            }
            case VALIDATION_FAILED -> {
                assertThat(response.status()).isEqualTo(422);
                assertThat(response.json().get("error").asString()).isEqualTo("RecordInvalid");
                assertThat(response.json().at("/details/name/0/error").asString())
                        .isEqualTo("BlankValue");
            }
            case CONFLICT -> {
                assertThat(response.status()).isEqualTo(422);
                assertThat(response.json().get("error").asString()).isEqualTo("RecordInvalid");
                assertThat(response.json().at("/details/name/0/error").asString())
                        .isEqualTo("DuplicateValue");
            }
            case PRECONDITION_FAILED -> {
                assertThat(response.status()).isEqualTo(412);
                assertThat(response.json().get("error").asString()).isEqualTo("PreconditionFailed");
            }
            case TOO_MANY_REQUESTS -> {
                assertThat(response.status()).isEqualTo(429);
                assertThat(response.header("Retry-After")).isPresent();
                assertThat(response.json().get("error").asString()).isEqualTo("TooManyRequests");
            }
        }
    }

    // ---- Zendesk classic XML ----------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void zendeskXmlAnswersEachCodeAsItsTableSays(ErrorCode code) {
        // given an account of its own, with a group named "Taken"
        TestAccount shop = app.fixtures().account();
        app.fixtures().group(shop.id(), "Taken");

        // when
        Response response =
                switch (code) {
                    case UNAUTHENTICATED -> http.get("/groups.xml")
                            .host(shop.host())
                            .send();
                    case FORBIDDEN -> xmlCreate(shop, agent(shop), "Clerk's group");
                    case NOT_FOUND -> http.get("/groups/" + UNKNOWN_ID + ".xml")
                            .host(shop.host())
                            .authorization(basic(shop.admin()))
                            .send();
                    case VALIDATION_FAILED -> xmlCreate(shop, shop.admin(), "");
                    case CONFLICT -> xmlCreate(shop, shop.admin(), "Taken");
                    case PRECONDITION_FAILED -> skip("the classic API reads no If-Match");
                    case TOO_MANY_REQUESTS -> spendRate(() -> http.get("/groups.xml")
                            .host(shop.host())
                            .authorization(basic(shop.admin()))
                            .send());
                };

        // then Rails' <errors> list, with the status of the v2 API
        String expected =
                switch (code) {
                    case UNAUTHENTICATED -> "Couldn't authenticate you";
                    case FORBIDDEN -> "You do not have access to this page";
                    case NOT_FOUND -> "Not found";
                    case VALIDATION_FAILED -> "Name can't be blank";
                    case CONFLICT -> "Name has already been taken";
                    case PRECONDITION_FAILED -> "The record has changed since it was read";
                    case TOO_MANY_REQUESTS -> "Rate limit exceeded, please wait ";
                };
        assertThat(response.status()).as(response.body()).isEqualTo(zendeskStatus(code));
        assertThat(response.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/xml"));
        assertThat(response.body()).contains("<errors>\n  <error>" + expected);
    }

    // ---- Udesk ------------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void udeskAnswersEachCodeAsItsTableSays(ErrorCode code) {
        // given an account of its own, with a group named "Taken"
        TestAccount shop = app.fixtures().account();
        app.fixtures().group(shop.id(), "Taken");

        // when
        Response response =
                switch (code) {
                    case UNAUTHENTICATED -> udesk(
                            shop, UdeskSigner.v2(shop.admin().email(), "not-the-token"), "GET", "/user_groups", null);
                    case FORBIDDEN -> {
                        TestAgent clerk = agent(shop);
                        yield udesk(shop, UdeskSigner.v2(clerk.email(), clerk.token()), "GET", "/user_groups", null);
                    }
                    case NOT_FOUND -> udeskAsAdmin(shop, "PUT", "/user_groups/" + UNKNOWN_ID, "{\"name\": \"Ghost\"}");
                    case VALIDATION_FAILED -> udeskAsAdmin(shop, "POST", "/user_groups", "{\"name\": \"\"}");
                    case CONFLICT -> udeskAsAdmin(shop, "POST", "/user_groups", "{\"name\": \"Taken\"}");
                    case PRECONDITION_FAILED -> skip("the open API sends no version with a change");
                    case TOO_MANY_REQUESTS -> spendRate(() -> udeskAsAdmin(shop, "GET", "/user_groups", null));
                };

        // then HTTP 200 with the business code (429 for the rate limit, which clients retry on)
        int status = code == ErrorCode.TOO_MANY_REQUESTS ? 429 : 200;
        int udeskCode =
                switch (code) {
                    case UNAUTHENTICATED -> 2059;
                    case FORBIDDEN -> 2015;
                    case NOT_FOUND -> 2005;
                    case VALIDATION_FAILED, CONFLICT, PRECONDITION_FAILED -> 2000;
                    case TOO_MANY_REQUESTS -> 20429;
                };
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("code").asInt()).as(response.body()).isEqualTo(udeskCode);
        assertThat(response.json().get("message").asString())
                .isEqualTo(response.json().get("code_message").asString());
        if (code == ErrorCode.VALIDATION_FAILED || code == ErrorCode.CONFLICT) {
            assertThat(response.json().at("/exception/message").asString()).startsWith("Validation failed: Group name");
        }
    }

    // ---- Usedesk ----------------------------------------------------------------------------------------------------

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void usedeskAnswersEachCodeAsItsTableSays(ErrorCode code) {
        // given an account of its own, with an agent whose email is taken
        TestAccount shop = app.fixtures().account();
        TestAgent clerk = agent(shop);

        // when
        Response response =
                switch (code) {
                    case UNAUTHENTICATED -> usedesk(shop, "/groups", Map.of("api_token", "not-a-token"));
                    case FORBIDDEN -> usedesk(
                            shop,
                            "/create/user",
                            Map.of("api_token", clerk.token(), "name", "Nina", "email", "nina@example.test"));
                    case NOT_FOUND -> usedesk(
                            shop,
                            "/update/user",
                            Map.of("api_token", shop.admin().token(), "user_id", UNKNOWN_ID, "name", "Ghost"));
                    case VALIDATION_FAILED -> usedesk(
                            shop,
                            "/update/user",
                            Map.of(
                                    "api_token",
                                    shop.admin().token(),
                                    "user_id",
                                    Long.toString(clerk.agent().id().value()),
                                    "name",
                                    "n".repeat(256)));
                    case CONFLICT -> usedesk(
                            shop,
                            "/create/user",
                            Map.of(
                                    "api_token",
                                    shop.admin().token(),
                                    "name",
                                    "Twin",
                                    "email",
                                    clerk.email(),
                                    "password",
                                    "secret-password"));
                    case PRECONDITION_FAILED -> skip("the Usedesk API sends no version with a change");
                    case TOO_MANY_REQUESTS -> spendRate(() -> usedesk(
                            shop, "/groups", Map.of("api_token", shop.admin().token())));
                };

        // then {"error": "..."} with the dialect's status
        int status =
                switch (code) {
                    case UNAUTHENTICATED -> 401;
                    case FORBIDDEN -> 403;
                    case NOT_FOUND -> 404;
                    case VALIDATION_FAILED, CONFLICT -> 400;
                    case PRECONDITION_FAILED -> 409;
                    case TOO_MANY_REQUESTS -> 429;
                };
        String start =
                switch (code) {
                    case UNAUTHENTICATED -> "Invalid api_token";
                    case FORBIDDEN -> "This api_token may not change agents";
                    case NOT_FOUND -> "Not found: ";
                    case VALIDATION_FAILED, CONFLICT -> "The ";
                    case PRECONDITION_FAILED -> "The record has changed since it was read.";
                    case TOO_MANY_REQUESTS -> "Too many requests, retry in ";
                };
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.json().get("error").asString()).startsWith(start);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    private static int zendeskStatus(ErrorCode code) {
        return switch (code) {
            case UNAUTHENTICATED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case VALIDATION_FAILED, CONFLICT -> 422;
            case PRECONDITION_FAILED -> 412;
            case TOO_MANY_REQUESTS -> 429;
        };
    }

    /** The account's rate limit spent by {@link #RATE} requests, and the answer to one more. */
    private static Response spendRate(java.util.function.Supplier<Response> request) {
        for (int i = 0; i < RATE; i++) {
            Response allowed = request.get();
            assertThat(allowed.status()).as(allowed.body()).isNotEqualTo(429);
        }
        return request.get();
    }

    private static Response skip(String reason) {
        Assumptions.abort("no route raises this code: " + reason);
        throw new AssertionError("unreachable");
    }

    private static TestAgent agent(TestAccount shop) {
        return app.fixtures().agent(shop.id(), Role.AGENT);
    }

    private static String basic(TestAgent agent) {
        return Http.basic(agent.email(), agent.password());
    }

    private static Response zendeskCreate(TestAccount shop, TestAgent caller, String name) {
        return http.post("/api/v2/groups.json")
                .host(shop.host())
                .as(caller)
                .json("{\"group\": {\"name\": \"" + name + "\"}}")
                .send();
    }

    private static Response xmlCreate(TestAccount shop, TestAgent caller, String name) {
        return http.post("/groups.xml")
                .host(shop.host())
                .authorization(basic(caller))
                .body("application/xml", ("<group><name>" + name + "</name></group>").getBytes(StandardCharsets.UTF_8))
                .send();
    }

    private static Response udeskAsAdmin(TestAccount shop, String method, String path, String body) {
        return udesk(shop, UdeskSigner.v2(shop.admin().email(), shop.admin().token()), method, path, body);
    }

    private static Response udesk(
            TestAccount shop, UdeskSigner.Signature signature, String method, String path, String body) {
        String target = "/open_api_v1" + path + "?" + signature.query();
        Http.Request request =
                switch (method) {
                    case "GET" -> http.get(target);
                    case "POST" -> http.post(target);
                    case "PUT" -> http.put(target);
                    default -> throw new IllegalArgumentException(method);
                };
        request.host(shop.host());
        if (body != null) {
            request.json(body);
        }
        return request.send();
    }

    private static Response usedesk(TestAccount shop, String path, Map<String, String> params) {
        String form = params.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .reduce((a, b) -> a + "&" + b)
                .orElse("");
        return http.post(path)
                .host(shop.host())
                .body("application/x-www-form-urlencoded", form.getBytes(StandardCharsets.UTF_8))
                .send();
    }
}
