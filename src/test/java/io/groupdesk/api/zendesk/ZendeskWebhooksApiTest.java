package io.groupdesk.api.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.groups.Group;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import io.groupdesk.testing.WebhookReceiver;
import io.groupdesk.testing.WebhookReceiver.Delivery;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** {@code /api/v2/webhooks} over HTTP: the wire format, who may call each endpoint, and a signed delivery. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ZendeskWebhooksApiTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension(Map.of(
            "GROUPDESK_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true",
            "GROUPDESK_WEBHOOKS_RETRY_BASE_MS", "50"));

    private static Http http;
    private static TestAccount account;
    private static TestAccount otherAccount;
    private static TestAgent admin;
    private static TestAgent agent;
    private static WebhookReceiver receiver;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start() {
        http = app.http();
        account = app.fixtures().account();
        otherAccount = app.fixtures().account();
        admin = account.admin();
        agent = app.fixtures().agent(account.id(), Role.AGENT);
        receiver = WebhookReceiver.start();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        receiver.close();
    }

    private static String body(String endpoint, String extra) {
        return "{\"webhook\":{\"name\":\"Membership feed\",\"endpoint\":\"" + endpoint + "\",\"http_method\":\"POST\","
                + "\"request_format\":\"json\",\"status\":\"active\","
                + "\"subscriptions\":[\"zen:event-type:user.group_membership_created\"]" + extra + "}}";
    }

    private static JsonNode create(TestAccount in, String json) {
        Response response = http.post("/api/v2/webhooks")
                .host(in.host())
                .as(in.admin())
                .json(json)
                .send();
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        return response.json().get("webhook");
    }

    @Test
    void createsAWebhookInZendesksShapeWithoutItsSecrets() {
        // when
        Response response = http.post("/api/v2/webhooks.json")
                .host(account.host())
                .as(admin)
                .json(body(
                        receiver.url("/hook"),
                        ",\"description\":\"to the router\",\"authentication\":{\"type\":\"bearer_token\","
                                + "\"data\":{\"token\":\"s3cret-token\"},\"add_position\":\"header\"},"
                                + "\"custom_headers\":{\"X-Team\":\"routing\"}"))
                .send();

        // then
        assertThat(response.status()).as(response.toString()).isEqualTo(201);
        JsonNode webhook = response.json().get("webhook");
        assertThat(webhook.get("id").isString()).isTrue();
        assertThat(response.header("Location")).hasValueSatisfying(l -> assertThat(l)
                .endsWith("/api/v2/webhooks/" + webhook.get("id").asString()));
        assertThat(webhook.get("name").asString()).isEqualTo("Membership feed");
        assertThat(webhook.get("description").asString()).isEqualTo("to the router");
        assertThat(webhook.get("endpoint").asString()).isEqualTo(receiver.url("/hook"));
        assertThat(webhook.get("http_method").asString()).isEqualTo("POST");
        assertThat(webhook.get("request_format").asString()).isEqualTo("json");
        assertThat(webhook.get("status").asString()).isEqualTo("active");
        assertThat(webhook.get("subscriptions").get(0).asString())
                .isEqualTo("zen:event-type:user.group_membership_created");
        assertThat(webhook.get("authentication").toString())
                .isEqualTo("{\"type\":\"bearer_token\",\"add_position\":\"header\"}");
        assertThat(webhook.get("custom_headers").toString()).isEqualTo("{\"X-Team\":\"routing\"}");
        assertThat(webhook.get("created_by").asString())
                .isEqualTo(Long.toString(admin.agent().id().value()));
        assertThat(webhook.has("signing_secret")).isFalse();
        assertThat(response.body()).doesNotContain("s3cret-token");
        // and the stored webhook reads back the same, through the core
        assertThat(app.groupdesk()
                        .webhooks()
                        .get(admin.caller(), Long.parseLong(webhook.get("id").asString()))
                        .name())
                .isEqualTo("Membership feed");
    }

    @Test
    void showsListsUpdatesPatchesAndDeletes() {
        // given
        TestAccount own = app.fixtures().account();
        String first = create(own, body(receiver.url("/a"), "")).get("id").asString();
        String second = create(own, body(receiver.url("/b"), "")).get("id").asString();

        // when: listed one per page
        Response page1 = http.get("/api/v2/webhooks?page[size]=1")
                .host(own.host())
                .as(own.admin())
                .send();
        Response page2 = http.get(page1.json().get("links").get("next").asString())
                .host(own.host())
                .as(own.admin())
                .send();

        // then
        assertThat(page1.status()).isEqualTo(200);
        assertThat(page1.json().get("webhooks").get(0).get("id").asString()).isEqualTo(first);
        assertThat(page1.json().get("meta").get("has_more").asBoolean()).isTrue();
        assertThat(page2.json().get("webhooks").get(0).get("id").asString()).isEqualTo(second);
        assertThat(page2.json().get("meta").get("has_more").asBoolean()).isFalse();
        assertThat(page2.json().get("links").get("next").isNull()).isTrue();

        // when: replaced, then patched
        Response put = http.put("/api/v2/webhooks/" + first)
                .host(own.host())
                .as(own.admin())
                .json("{\"webhook\":{\"name\":\"Renamed\",\"endpoint\":\"" + receiver.url("/c")
                        + "\",\"status\":\"active\",\"subscriptions\":[\"zen:event-type:user.created\"]}}")
                .send();
        Response patch = http.request("PATCH", "/api/v2/webhooks/" + first)
                .host(own.host())
                .as(own.admin())
                .json("{\"webhook\":{\"status\":\"inactive\"}}")
                .send();
        JsonNode shown = http.get("/api/v2/webhooks/" + first + ".json")
                .host(own.host())
                .as(own.admin())
                .send()
                .json()
                .get("webhook");

        // then
        assertThat(put.status()).as(put.toString()).isEqualTo(204);
        assertThat(patch.status()).as(patch.toString()).isEqualTo(204);
        assertThat(shown.get("name").asString()).isEqualTo("Renamed");
        assertThat(shown.get("endpoint").asString()).isEqualTo(receiver.url("/c"));
        assertThat(shown.get("status").asString()).isEqualTo("inactive");
        assertThat(shown.get("subscriptions").toString()).isEqualTo("[\"zen:event-type:user.created\"]");

        // when: deleted
        Response deleted = http.delete("/api/v2/webhooks/" + second)
                .host(own.host())
                .as(own.admin())
                .send();

        // then
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(http.get("/api/v2/webhooks/" + second)
                        .host(own.host())
                        .as(own.admin())
                        .send()
                        .status())
                .isEqualTo(404);
    }

    @Test
    void refusesInvalidFieldsWithZendesksRecordInvalid() {
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put(body("not a url", ""), "endpoint");
        cases.put(body("ftp://example.com/hook", ""), "endpoint");
        cases.put(
                "{\"webhook\":{\"name\":\"x\",\"endpoint\":\"" + receiver.url("/x")
                        + "\",\"subscriptions\":[\"zen:event-type:ticket.created\"]}}",
                "subscriptions");
        cases.put(body(receiver.url("/x"), ",\"authentication\":{\"type\":\"oauth\",\"data\":{}}"), "authentication");
        cases.put(body(receiver.url("/x"), ",\"http_method\":\"GET\""), "http_method");
        cases.put(body(receiver.url("/x"), ",\"custom_headers\":{\"Host\":\"evil\"}"), "custom_headers");
        cases.put("{\"webhook\":{\"endpoint\":\"" + receiver.url("/x") + "\"}}", "name");
        for (Map.Entry<String, String> invalid : cases.entrySet()) {
            Response response = http.post("/api/v2/webhooks")
                    .host(account.host())
                    .as(admin)
                    .json(invalid.getKey())
                    .send();
            assertThat(response.status()).as(invalid.getKey()).isEqualTo(422);
            assertThat(response.json().get("error").asString()).isEqualTo("RecordInvalid");
            assertThat(response.json().get("details").has(invalid.getValue()))
                    .as(response.body())
                    .isTrue();
        }
    }

    @Test
    void everyEndpointIsForAdminsOfTheWebhooksAccountOnly() {
        // given
        String id = create(account, body(receiver.url("/matrix"), "")).get("id").asString();
        String foreign = create(otherAccount, body(receiver.url("/foreign"), ""))
                .get("id")
                .asString();
        List<String[]> endpoints = List.of(
                new String[] {"GET", "/api/v2/webhooks"},
                new String[] {"POST", "/api/v2/webhooks"},
                new String[] {"GET", "/api/v2/webhooks/%s"},
                new String[] {"PUT", "/api/v2/webhooks/%s"},
                new String[] {"PATCH", "/api/v2/webhooks/%s"},
                new String[] {"DELETE", "/api/v2/webhooks/%s"},
                new String[] {"POST", "/api/v2/webhooks/test?webhook_id=%s"},
                new String[] {"GET", "/api/v2/webhooks/%s/invocations"},
                new String[] {"GET", "/api/v2/webhooks/%s/invocations/1/attempts"},
                new String[] {"GET", "/api/v2/webhooks/%s/signing_secret"},
                new String[] {"POST", "/api/v2/webhooks/%s/signing_secret"});
        String payload = body(receiver.url("/matrix"), "");
        for (String[] endpoint : endpoints) {
            String path = endpoint[1].formatted(id);
            // then: no credential is 401, an agent 403
            assertThat(http.request(endpoint[0], path)
                            .host(account.host())
                            .json(payload)
                            .send()
                            .status())
                    .as("anonymous " + endpoint[0] + " " + path)
                    .isEqualTo(401);
            assertThat(http.request(endpoint[0], path)
                            .host(account.host())
                            .authorization(Http.basic(admin.email() + "/token", "wrong"))
                            .json(payload)
                            .send()
                            .status())
                    .as("wrong token " + endpoint[0] + " " + path)
                    .isEqualTo(401);
            assertThat(http.request(endpoint[0], path)
                            .host(account.host())
                            .as(agent)
                            .json(payload)
                            .send()
                            .status())
                    .as("agent " + endpoint[0] + " " + path)
                    .isEqualTo(403);
            if (endpoint[1].contains("%s")) {
                // and another account's webhook is not found
                String foreignPath = endpoint[1].formatted(foreign);
                assertThat(http.request(endpoint[0], foreignPath)
                                .host(account.host())
                                .as(admin)
                                .json(payload)
                                .send()
                                .status())
                        .as("other account " + endpoint[0] + " " + foreignPath)
                        .isEqualTo(404);
            }
        }
        // the other account's webhook is untouched
        assertThat(http.get("/api/v2/webhooks/" + foreign)
                        .host(otherAccount.host())
                        .as(otherAccount.admin())
                        .send()
                        .status())
                .isEqualTo(200);
    }

    @Test
    void showsAndResetsTheSigningSecret() {
        // given
        String id = create(account, body(receiver.url("/secret"), "")).get("id").asString();

        // when
        Response shown = http.get("/api/v2/webhooks/" + id + "/signing_secret")
                .host(account.host())
                .as(admin)
                .send();
        Response reset = http.post("/api/v2/webhooks/" + id + "/signing_secret")
                .host(account.host())
                .as(admin)
                .send();
        Response shownAgain = http.get("/api/v2/webhooks/" + id + "/signing_secret")
                .host(account.host())
                .as(admin)
                .send();

        // then
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json().get("signing_secret").get("algorithm").asString())
                .isEqualTo("SHA256");
        String before = shown.json().get("signing_secret").get("secret").asString();
        assertThat(reset.status()).isEqualTo(201);
        String after = reset.json().get("signing_secret").get("secret").asString();
        assertThat(after).isNotEqualTo(before);
        assertThat(shownAgain.json().get("signing_secret").get("secret").asString())
                .isEqualTo(after);
    }

    @Test
    void testSendsOneSignedRequestAndAnswersWithTheResponse() {
        // given
        JsonNode webhook = create(
                account,
                body(
                        receiver.url("/tested"),
                        ",\"authentication\":{\"type\":\"basic_auth\",\"data\":{\"username\":"
                                + "\"router\",\"password\":\"pw\"},\"add_position\":\"header\"}"));
        String id = webhook.get("id").asString();
        String secret = http.get("/api/v2/webhooks/" + id + "/signing_secret")
                .host(account.host())
                .as(admin)
                .send()
                .json()
                .get("signing_secret")
                .get("secret")
                .asString();

        // when
        Response stored = http.post("/api/v2/webhooks/test?webhook_id=" + id)
                .host(account.host())
                .as(admin)
                .json("{\"request\":{\"payload\":\"{\\\"hello\\\":1}\"}}")
                .send();
        Response described = http.post("/api/v2/webhooks/test")
                .host(account.host())
                .as(admin)
                .json("{\"webhook\":{\"endpoint\":\"" + receiver.url("/described") + "\",\"http_method\":\"POST\","
                        + "\"request_format\":\"json\"}}")
                .send();

        // then
        assertThat(stored.status()).as(stored.toString()).isEqualTo(200);
        assertThat(stored.json().get("response").get("status").asInt()).isEqualTo(200);
        assertThat(stored.json().get("response").get("body").asString()).isEqualTo("{\"ok\":true}");
        Delivery sent = receiver.deliveries().stream()
                .filter(d -> d.path().equals("/tested"))
                .findFirst()
                .orElseThrow();
        assertThat(new String(sent.body())).isEqualTo("{\"hello\":1}");
        assertThat(sent.signedWith(secret)).isTrue();
        assertThat(sent.header("Authorization")).isEqualTo(Http.basic("router", "pw"));
        assertThat(described.status()).as(described.toString()).isEqualTo(200);
        Delivery test = receiver.deliveries().stream()
                .filter(d -> d.path().equals("/described"))
                .findFirst()
                .orElseThrow();
        // Zendesk signs the test of a webhook not yet saved with its published test secret
        assertThat(test.signedWith("dGhpc19zZWNyZXRfaXNfZm9yX3Rlc3Rpbmdfb25seQ=="))
                .isTrue();
    }

    @Test
    void deliversAMembershipCreatedThroughTheApiAsZendesksSignedEnvelope() {
        // given
        TestAccount own = app.fixtures().account();
        TestAgent member = app.fixtures().agent(own.id(), Role.AGENT);
        Group tier2 = app.fixtures().group(own.id(), "Tier 2");
        JsonNode webhook = create(
                own,
                body(
                        receiver.url("/memberships/" + own.id().value()),
                        ",\"authentication\":{\"type\":\"api_key\",\"data\":{\"name\":\"X-Api-Key\","
                                + "\"value\":\"key-1\"},\"add_position\":\"header\"},"
                                + "\"custom_headers\":{\"X-Team\":\"routing\"}"));
        String secret = app.groupdesk()
                .webhooks()
                .signingSecret(
                        own.admin().caller(), Long.parseLong(webhook.get("id").asString()));

        // when
        Response created = http.post("/api/v2/group_memberships.json")
                .host(own.host())
                .as(own.admin())
                .json("{\"group_membership\":{\"user_id\":"
                        + member.agent().id().value() + ",\"group_id\":"
                        + tier2.id().value() + "}}")
                .send();
        assertThat(created.status()).as(created.toString()).isEqualTo(201);

        // then: the event the membership service recorded with the membership is delivered, once
        String path = "/memberships/" + own.id().value();
        assertThat(WebhookReceiver.await(
                        () -> receiver.succeeded().stream()
                                .anyMatch(d -> d.path().equals(path)),
                        Duration.ofSeconds(20)))
                .isTrue();
        List<Delivery> deliveries =
                receiver.succeeded().stream().filter(d -> d.path().equals(path)).toList();
        assertThat(deliveries).hasSize(1);
        Delivery delivery = deliveries.get(0);
        assertThat(delivery.signedWith(secret)).isTrue();
        assertThat(delivery.header("X-Zendesk-Webhook-Id"))
                .isEqualTo(webhook.get("id").asString());
        assertThat(delivery.header("X-Zendesk-Webhook-Invocation-Id")).isNotBlank();
        assertThat(delivery.header("X-Zendesk-Webhook-Signature-Timestamp"))
                .matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z");
        assertThat(delivery.header("X-Api-Key")).isEqualTo("key-1");
        assertThat(delivery.header("X-Team")).isEqualTo("routing");
        assertThat(delivery.header("Content-Type")).startsWith("application/json");
        JsonNode envelope = delivery.json();
        assertThat(envelope.get("type").asString()).isEqualTo("zen:event-type:user.group_membership_created");
        assertThat(envelope.get("account_id").asLong()).isEqualTo(own.id().value());
        assertThat(envelope.get("zendesk_event_version").asString()).isEqualTo("2022-06-20");
        assertThat(envelope.get("subject").asString())
                .isEqualTo("zen:user:" + member.agent().id().value());
        assertThat(envelope.get("event").toString())
                .isEqualTo("{\"group\":{\"id\":\"" + tier2.id().value() + "\"}}");
        JsonNode detail = envelope.get("detail");
        assertThat(detail.get("id").asString())
                .isEqualTo(Long.toString(member.agent().id().value()));
        assertThat(detail.get("email").asString()).isEqualTo(member.email());
        assertThat(detail.get("role").asString()).isEqualTo("agent");
        assertThat(detail.get("default_group_id").isString()).isTrue();
        assertThat(detail.get("external_id").isNull()).isTrue();
        assertThat(detail.get("organization_id").isNull()).isTrue();
        assertThat(detail.get("active").asBoolean()).isTrue();
        assertThat(detail.get("suspended").asBoolean()).isFalse();
        assertThat(envelope.get("time").asString()).endsWith("Z");
    }
}
