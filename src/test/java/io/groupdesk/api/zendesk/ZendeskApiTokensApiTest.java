package io.groupdesk.api.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.Groupdesk;
import io.groupdesk.access.Caller;
import io.groupdesk.config.Config;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v2/api_tokens} over HTTP, with a second node on the same database: who may call it, the secret shown
 * once, and a revocation refused by both nodes at their next request.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ZendeskApiTokensApiTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Groupdesk nodeB;
    private static Http http;
    private static Http httpB;
    private static TestAccount account;
    private static TestAccount otherAccount;
    private static TestAgent admin;
    private static TestAgent agent;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start() {
        http = app.http();
        nodeB = Groupdesk.start(Config.from(app.environment()), new PrintStream(OutputStream.nullOutputStream()));
        httpB = new Http(nodeB.port());
        account = app.fixtures().account();
        otherAccount = app.fixtures().account();
        admin = account.admin();
        agent = app.fixtures().agent(account.id(), Role.AGENT);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        nodeB.close();
    }

    // ---- access -------------------------------------------------------------------------------------------------

    @Test
    void everyEndpointRefusesMissingAndWrongCredentialsAndAgentsAndServesAdmins() {
        // given a token of the account to show, update and delete
        long id = create(admin, "matrix").get("id").asLong();
        List<String[]> endpoints = List.of(
                new String[] {"GET", "/api/v2/api_tokens.json", ""},
                new String[] {"POST", "/api/v2/api_tokens.json", "{\"api_token\": {\"description\": \"m\"}}"},
                new String[] {"GET", "/api/v2/api_tokens/" + id + ".json", ""},
                new String[] {"PUT", "/api/v2/api_tokens/" + id + ".json", "{\"api_token\": {\"description\": \"m\"}}"},
                new String[] {"DELETE", "/api/v2/api_tokens/" + id + ".json", ""});
        List<String> answers = new ArrayList<>();

        // when each is called without credentials, with a wrong token, as an agent and as an admin
        for (String[] endpoint : endpoints) {
            String call = endpoint[0] + " " + endpoint[1];
            answers.add(call + " none " + send(endpoint, Optional.empty()).status());
            answers.add(call + " wrong "
                    + send(endpoint, Optional.of(Http.basic(admin.email() + "/token", "wrong-token")))
                            .status());
            answers.add(call + " agent "
                    + send(endpoint, Optional.of(Http.token(agent))).status());
            answers.add(call + " admin "
                    + send(endpoint, Optional.of(Http.token(admin))).status());
        }

        // then only the admin is served
        assertThat(answers)
                .containsExactly(
                        "GET /api/v2/api_tokens.json none 401",
                        "GET /api/v2/api_tokens.json wrong 401",
                        "GET /api/v2/api_tokens.json agent 403",
                        "GET /api/v2/api_tokens.json admin 200",
                        "POST /api/v2/api_tokens.json none 401",
                        "POST /api/v2/api_tokens.json wrong 401",
                        "POST /api/v2/api_tokens.json agent 403",
                        "POST /api/v2/api_tokens.json admin 201",
                        "GET /api/v2/api_tokens/" + id + ".json none 401",
                        "GET /api/v2/api_tokens/" + id + ".json wrong 401",
                        "GET /api/v2/api_tokens/" + id + ".json agent 403",
                        "GET /api/v2/api_tokens/" + id + ".json admin 200",
                        "PUT /api/v2/api_tokens/" + id + ".json none 401",
                        "PUT /api/v2/api_tokens/" + id + ".json wrong 401",
                        "PUT /api/v2/api_tokens/" + id + ".json agent 403",
                        "PUT /api/v2/api_tokens/" + id + ".json admin 200",
                        "DELETE /api/v2/api_tokens/" + id + ".json none 401",
                        "DELETE /api/v2/api_tokens/" + id + ".json wrong 401",
                        "DELETE /api/v2/api_tokens/" + id + ".json agent 403",
                        "DELETE /api/v2/api_tokens/" + id + ".json admin 204");
    }

    @Test
    void anotherAccountsTokenIsNotFound() {
        // given a token of another account
        long foreign = create(otherAccount.admin(), "foreign").get("id").asLong();

        // when this account's admin shows, updates and deletes it
        Response shown = http.get("/api/v2/api_tokens/" + foreign + ".json")
                .host(account.host())
                .as(admin)
                .send();
        Response updated = http.put("/api/v2/api_tokens/" + foreign + ".json")
                .host(account.host())
                .as(admin)
                .json("{\"api_token\": {\"description\": \"mine now\"}}")
                .send();
        Response deleted = http.delete("/api/v2/api_tokens/" + foreign + ".json")
                .host(account.host())
                .as(admin)
                .send();
        Response listed = http.get("/api/v2/api_tokens.json")
                .host(account.host())
                .as(admin)
                .send();

        // then each is a Zendesk 404, the token is not listed, and it still works in its own account
        assertThat(shown.status()).isEqualTo(404);
        assertThat(shown.json().get("error").asString()).isEqualTo("RecordNotFound");
        assertThat(updated.status()).isEqualTo(404);
        assertThat(deleted.status()).isEqualTo(404);
        assertThat(ids(listed)).doesNotContain(foreign);
        assertThat(app.services()
                        .tokens()
                        .get(Caller.system(otherAccount.id()), foreign)
                        .description())
                .isEqualTo("foreign");
    }

    // ---- validation ---------------------------------------------------------------------------------------------

    @Test
    void refusesADescriptionOverTwoHundredFiftyFiveCharactersInZendesksShape() {
        Response response = http.post("/api/v2/api_tokens.json")
                .host(account.host())
                .as(admin)
                .json("{\"api_token\": {\"description\": \"" + "d".repeat(256) + "\"}}")
                .send();

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("error").asString()).isEqualTo("RecordInvalid");
        assertThat(response.json().get("description").asString()).isEqualTo("Record validation errors");
        JsonNode detail = response.json().get("details").get("description").get(0);
        assertThat(detail.get("error").asString()).isEqualTo("TooLong");
        assertThat(response.body()).doesNotContain("Exception");
    }

    @Test
    void updateRefusesALongDescriptionAndKeepsTheOldOne() {
        long id = create(admin, "kept").get("id").asLong();

        Response response = http.put("/api/v2/api_tokens/" + id + ".json")
                .host(account.host())
                .as(admin)
                .json("{\"api_token\": {\"description\": \"" + "d".repeat(256) + "\"}}")
                .send();

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("error").asString()).isEqualTo("RecordInvalid");
        assertThat(app.services().tokens().get(admin.caller(), id).description())
                .isEqualTo("kept");
    }

    // ---- the secret, shown once ---------------------------------------------------------------------------------

    @Test
    void createAnswersTheSecretOnceAndItActsAsTheCallingAdmin() {
        // when an admin creates a token
        Response created = http.post("/api/v2/api_tokens.json")
                .host(account.host())
                .as(admin)
                .json("{\"api_token\": {\"description\": \"Nightly sync\"}}")
                .send();
        JsonNode token = created.json().get("api_token");
        long id = token.get("id").asLong();
        String secret = token.get("token").asString();

        // then the answer has the secret, and no later answer does
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location"))
                .contains("http://" + account.host() + "/api/v2/api_tokens/" + id + ".json");
        assertThat(token.get("url").asString())
                .isEqualTo("http://" + account.host() + "/api/v2/api_tokens/" + id + ".json");
        assertThat(token.get("description").asString()).isEqualTo("Nightly sync");
        assertThat(token.get("active").asBoolean()).isTrue();
        assertThat(token.get("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(secret).matches("[A-Za-z0-9]{40}");
        Response shown = http.get("/api/v2/api_tokens/" + id + ".json")
                .host(account.host())
                .as(admin)
                .send();
        Response listed = http.get("/api/v2/api_tokens.json")
                .host(account.host())
                .as(admin)
                .send();
        Response described = http.put("/api/v2/api_tokens/" + id + ".json")
                .host(account.host())
                .as(admin)
                .json("{\"api_token\": {\"description\": \"Nightly sync, renamed\"}}")
                .send();
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json().get("api_token").has("token")).isFalse();
        assertThat(shown.body()).doesNotContain(secret);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(ids(listed)).contains(id);
        assertThat(listed.body()).doesNotContain(secret);
        assertThat(listed.json().get("count").asInt())
                .isEqualTo(listed.json().get("api_tokens").size());
        assertThat(described.json().get("api_token").get("description").asString())
                .isEqualTo("Nightly sync, renamed");
        assertThat(described.body()).doesNotContain(secret);

        // and the secret signs the admin in, Zendesk's way
        Response me = http.get("/api/v2/users/me.json")
                .host(account.host())
                .authorization(Http.basic(admin.email() + "/token", secret))
                .send();
        assertThat(me.status()).isEqualTo(200);
        assertThat(me.json().get("user").get("id").asLong())
                .isEqualTo(admin.agent().id().value());
    }

    // ---- revocation ---------------------------------------------------------------------------------------------

    @Test
    void revokedTokenIsRefusedByBothNodesAtTheirNextRequest() {
        // given a token both nodes have just served
        JsonNode token = create(admin, "two nodes");
        String secret = token.get("token").asString();
        long id = token.get("id").asLong();
        String authorization = Http.basic(admin.email() + "/token", secret);
        assertThat(groups(http, authorization).status()).isEqualTo(200);
        assertThat(groups(httpB, authorization).status()).isEqualTo(200);

        // when it is revoked on node A
        Response revoked = http.delete("/api/v2/api_tokens/" + id + ".json")
                .host(account.host())
                .as(admin)
                .send();

        // then node A and node B both refuse it on their next request
        assertThat(revoked.status()).isEqualTo(204);
        assertThat(groups(http, authorization).status()).isEqualTo(401);
        assertThat(groups(httpB, authorization).status()).isEqualTo(401);
    }

    @Test
    void deletingARevokedOrUnknownTokenIsNotFound() {
        long id = create(admin, "once").get("id").asLong();
        assertThat(delete(id).status()).isEqualTo(204);

        Response again = delete(id);
        Response unknown = delete(id + 1_000_000);
        Response shown = http.get("/api/v2/api_tokens/" + id + ".json")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(again.status()).isEqualTo(404);
        assertThat(again.json().get("error").asString()).isEqualTo("RecordNotFound");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(shown.status()).isEqualTo(404);
    }

    @Test
    void udeskSignInTokensAreNeitherListedShownNorRevoked() {
        // given an agent's Udesk sign-in token, whose id lies between two API tokens issued around it
        long before = create(admin, "before").get("id").asLong();
        String signIn = app.services()
                .tokens()
                .signInToken(agent.caller(), agent.agent().id());
        long after = create(admin, "after").get("id").asLong();
        assertThat(after - before).as("one token was issued between the two").isEqualTo(2);
        long signInId = before + 1;

        // when an admin lists, shows and deletes it through the API tokens endpoints
        Response listed = http.get("/api/v2/api_tokens.json")
                .host(account.host())
                .as(admin)
                .send();
        Response shown = http.get("/api/v2/api_tokens/" + signInId + ".json")
                .host(account.host())
                .as(admin)
                .send();
        Response deleted = delete(signInId);

        // then it is no API token: not listed, not found, and still the agent's sign-in token
        assertThat(ids(listed)).contains(before, after).doesNotContain(signInId);
        assertThat(shown.status()).isEqualTo(404);
        assertThat(deleted.status()).isEqualTo(404);
        assertThat(app.services()
                        .tokens()
                        .signInToken(agent.caller(), agent.agent().id()))
                .isEqualTo(signIn);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static JsonNode create(TestAgent who, String description) {
        TestAccount in = who.agent().accountId().equals(account.id()) ? account : otherAccount;
        Response response = http.post("/api/v2/api_tokens.json")
                .host(in.host())
                .as(who)
                .json("{\"api_token\": {\"description\": \"" + description + "\"}}")
                .send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("api_token");
    }

    private static Response delete(long id) {
        return http.delete("/api/v2/api_tokens/" + id + ".json")
                .host(account.host())
                .as(admin)
                .send();
    }

    private static Response groups(Http node, String authorization) {
        return node.get("/api/v2/groups.json")
                .host(account.host())
                .authorization(authorization)
                .send();
    }

    private static List<Long> ids(Response list) {
        List<Long> ids = new ArrayList<>();
        list.json().get("api_tokens").forEach(token -> ids.add(token.get("id").asLong()));
        return ids;
    }

    private static Response send(String[] endpoint, Optional<String> authorization) {
        Http.Request request =
                switch (endpoint[0]) {
                    case "GET" -> http.get(endpoint[1]);
                    case "POST" -> http.post(endpoint[1]);
                    case "PUT" -> http.put(endpoint[1]);
                    case "DELETE" -> http.delete(endpoint[1]);
                    default -> throw new IllegalArgumentException(endpoint[0]);
                };
        request.host(account.host());
        authorization.ifPresent(request::authorization);
        if (!endpoint[2].isEmpty()) {
            request.json(endpoint[2]);
        }
        return request.send();
    }
}
