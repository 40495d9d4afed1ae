package io.groupdesk.api.scim;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.agents.Agent;
import io.groupdesk.events.Event;
import io.groupdesk.events.EventType;
import io.groupdesk.events.Via;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ScimUsersApiTest {
    private static final String USER = "urn:ietf:params:scim:schemas:core:2.0:User";
    private static final String ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static TestAccount account;
    private static TestAgent admin;
    private static ScimClient scim;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        account = app.fixtures().account();
        admin = account.admin();
        scim = new ScimClient(app.http().port(), account.host(), admin.token());
    }

    // ---- create and get -------------------------------------------------------------------------------------------

    @Test
    void createsAnAgentFromAUser() {
        String email = unique("ada") + "@example.test";

        ScimClient.Response response = scim.post(
                "/Users",
                """
                {"schemas": ["%s", "%s"], "userName": "%s", "externalId": "ext-ada",
                 "name": {"givenName": "Ada", "familyName": "Lovelace", "formatted": "Ada Lovelace"},
                 "displayName": "Ada Lovelace",
                 "emails": [{"value": "%s", "type": "work", "primary": true}],
                 "phoneNumbers": [{"value": "+44 20 7946 0000", "type": "work"}],
                 "active": true, "locale": "en-GB", "timezone": "Europe/London", "title": "Analyst",
                 "%s": {"employeeNumber": "E-1", "department": "Engines"}}
                """
                        .formatted(USER, ENTERPRISE, email, email, ENTERPRISE));

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode user = response.json();
        String id = user.get("id").asString();
        String location = "http://" + account.host() + "/scim/v2/Users/" + id;
        assertThat(response.header("Location")).contains(location);
        assertThat(response.header("Content-Type").orElseThrow()).startsWith("application/scim+json");
        assertThat(user.get("userName").asString()).isEqualTo(email);
        assertThat(user.get("externalId").asString()).isEqualTo("ext-ada");
        assertThat(user.get("name").get("givenName").asString()).isEqualTo("Ada");
        assertThat(user.get("name").get("familyName").asString()).isEqualTo("Lovelace");
        assertThat(user.get("displayName").asString()).isEqualTo("Ada Lovelace");
        assertThat(user.get("emails").get(0).get("value").asString()).isEqualTo(email);
        assertThat(user.get("active").asBoolean()).isTrue();
        assertThat(user.get(ENTERPRISE).get("department").asString()).isEqualTo("Engines");
        assertThat(user.get("groups").get(0).get("display").asString()).isEqualTo("Support");
        assertThat(user.get("meta").get("resourceType").asString()).isEqualTo("User");
        assertThat(user.get("meta").get("location").asString()).isEqualTo(location);
        assertThat(user.get("meta").get("version").asString())
                .isEqualTo(response.header("ETag").orElseThrow());
        Agent agent = agent(id);
        assertThat(agent.name()).isEqualTo("Ada Lovelace");
        assertThat(agent.email()).isEqualTo(email);
        assertThat(agent.role()).isEqualTo(Role.AGENT);
        assertThat(agent.phone()).isEqualTo("+44 20 7946 0000");
        assertThat(agent.position()).isEqualTo("Analyst");
        assertThat(agent.workId()).isEqualTo("E-1");
        assertThat(agent.timeZone()).isEqualTo("Europe/London");
        assertThat(agent.suspended()).isFalse();
    }

    @Test
    void keepsAUserNameThatIsNotTheEmail() {
        String email = unique("upn") + "@example.test";
        String userName = unique("UPN") + "@corp.example";

        String id = create(userName, email);

        JsonNode user = scim.get("/Users/" + id).json();
        assertThat(user.get("userName").asString()).isEqualTo(userName);
        assertThat(user.get("emails").get(0).get("value").asString()).isEqualTo(email);
        assertThat(agent(id).email()).isEqualTo(email);
    }

    @Test
    void refusesATakenUserNameWithUniqueness() {
        String email = unique("taken") + "@example.test";
        create(email, email);

        ScimClient.Response byUserName = scim.post("/Users", user(email.toUpperCase(), unique("other") + "@x.test"));
        ScimClient.Response byEmail = scim.post("/Users", user(unique("name") + "@corp.example", email));

        assertThat(byUserName.status()).as(byUserName.body()).isEqualTo(409);
        assertThat(byUserName.json().get("scimType").asString()).isEqualTo("uniqueness");
        assertThat(byUserName.json().get("status").asString()).isEqualTo("409");
        assertThat(byEmail.status()).as(byEmail.body()).isEqualTo(409);
        assertThat(byEmail.json().get("scimType").asString()).isEqualTo("uniqueness");
    }

    @Test
    void refusesAUserWithoutAUserName() {
        ScimClient.Response response = scim.post("/Users", "{\"schemas\": [\"" + USER + "\"], \"displayName\": \"X\"}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("scimType").asString()).isEqualTo("invalidValue");
        assertThat(response.json().get("detail").asString()).isEqualTo("userName: 'userName' is required");
    }

    @Test
    void refusesABodyThatIsNotJson() {
        ScimClient.Response response = scim.post("/Users", "{not json");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("scimType").asString()).isEqualTo("invalidSyntax");
    }

    @Test
    void answersNotFoundForAnotherAccountsUser() {
        TestAccount other = app.fixtures().account();

        ScimClient.Response response =
                scim.get("/Users/" + other.admin().agent().id().value());

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("schemas").get(0).asString())
                .isEqualTo("urn:ietf:params:scim:api:messages:2.0:Error");
    }

    @Test
    void projectsAttributesAndExcludedAttributes() {
        String email = unique("proj") + "@example.test";
        String id = create(email, email);

        JsonNode only =
                scim.get("/Users/" + id + "?attributes=userName,name.formatted").json();
        JsonNode without =
                scim.get("/Users/" + id + "?excludedAttributes=groups,emails").json();

        assertThat(fieldNames(only)).containsExactly("schemas", "id", "userName", "name");
        assertThat(fieldNames(only.get("name"))).containsExactly("formatted");
        assertThat(fieldNames(without)).doesNotContain("groups", "emails").contains("userName", "meta");
    }

    // ---- list and filter ------------------------------------------------------------------------------------------

    @Test
    void findsAUserByUserNameIgnoringCase() {
        String email = unique("Find") + "@example.test";
        String id = create(email, email);

        JsonNode list = scim.get("/Users?filter=" + encode("userName eq \"" + email.toUpperCase() + "\""))
                .json();

        assertThat(list.get("schemas").get(0).asString())
                .isEqualTo("urn:ietf:params:scim:api:messages:2.0:ListResponse");
        assertThat(list.get("totalResults").asInt()).isEqualTo(1);
        assertThat(list.get("Resources").get(0).get("id").asString()).isEqualTo(id);
    }

    @Test
    void filtersWithLogicValuePathsAndPresence() {
        String tag = unique("flt");
        String a = create(tag + "-a@example.test", tag + "-a@example.test", "ext-" + tag + "-a");
        String b = create(tag + "-b@example.test", tag + "-b@example.test", null);
        String c = create(tag + "-c@other.test", tag + "-c@other.test", "ext-" + tag + "-c");

        assertThat(ids("userName sw \"" + tag + "\" and externalId pr")).containsExactly(a, c);
        assertThat(ids("userName sw \"" + tag + "\" and not (externalId pr)")).containsExactly(b);
        assertThat(ids("emails[type eq \"work\" and value ew \"@other.test\"] and userName co \"" + tag + "\""))
                .containsExactly(c);
        assertThat(ids("(externalId eq \"ext-" + tag + "-a\" or externalId eq \"ext-" + tag
                        + "-c\") and active eq true"))
                .containsExactly(a, c);
        assertThat(ids("userName sw \"" + tag + "\" and externalId ne \"ext-" + tag + "-a\""))
                .containsExactly(b, c);
        assertThat(ids("userName sw \"" + tag + "\" and emails.value gt \"" + tag + "-a@example.test\""))
                .containsExactly(b, c);
    }

    @Test
    void refusesAnInvalidFilter() {
        ScimClient.Response syntax = scim.get("/Users?filter=" + encode("userName eq"));
        ScimClient.Response attribute = scim.get("/Users?filter=" + encode("shoeSize eq \"9\""));
        ScimClient.Response operator = scim.get("/Users?filter=" + encode("userName like \"x\""));

        assertThat(syntax.status()).isEqualTo(400);
        assertThat(syntax.json().get("scimType").asString()).isEqualTo("invalidFilter");
        assertThat(attribute.json().get("scimType").asString()).isEqualTo("invalidFilter");
        assertThat(attribute.json().get("detail").asString())
                .isEqualTo("'shoeSize' is not an attribute that can be filtered");
        assertThat(operator.json().get("detail").asString()).isEqualTo("Unknown operator 'like' at position 10");
    }

    @Test
    void pagesThroughMoreThanTwoPages() {
        String tag = unique("page");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(create(tag + i + "@example.test", tag + i + "@example.test"));
        }
        String filter = encode("userName sw \"" + tag + "\"");

        List<String> seen = new ArrayList<>();
        for (int start = 1; start <= 7; start += 3) {
            JsonNode page = scim.get("/Users?filter=" + filter + "&startIndex=" + start + "&count=3")
                    .json();
            assertThat(page.get("totalResults").asInt()).isEqualTo(7);
            assertThat(page.get("startIndex").asInt()).isEqualTo(start);
            assertThat(page.get("itemsPerPage").asInt()).isEqualTo(Math.min(3, 8 - start));
            page.get("Resources").forEach(user -> seen.add(user.get("id").asString()));
        }

        assertThat(seen).containsExactlyElementsOf(created);
        JsonNode totalOnly = scim.get("/Users?filter=" + filter + "&count=0").json();
        assertThat(totalOnly.get("totalResults").asInt()).isEqualTo(7);
        assertThat(totalOnly.get("Resources")).isEmpty();
    }

    @Test
    void sortsAndSearchesByPost() {
        String tag = unique("sort");
        String first = create(tag + "-b@example.test", tag + "-b@example.test");
        String second = create(tag + "-a@example.test", tag + "-a@example.test");

        ScimClient.Response response = scim.post(
                "/Users/.search",
                """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:SearchRequest"],
                 "filter": "userName sw \\"%s\\"", "sortBy": "userName", "sortOrder": "descending",
                 "attributes": ["userName"], "startIndex": 1, "count": 10}
                """
                        .formatted(tag));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> order = new ArrayList<>();
        response.json()
                .get("Resources")
                .forEach(user -> order.add(user.get("id").asString()));
        assertThat(order).containsExactly(first, second);
        assertThat(fieldNames(response.json().get("Resources").get(0))).containsExactly("schemas", "id", "userName");
        assertThat(ids("userName sw \"" + tag + "\"", "&sortBy=userName")).containsExactly(second, first);
        assertThat(ids("userName sw \"" + tag + "\"", "&sortBy=emails.value&sortOrder=descending"))
                .containsExactly(first, second);
        ScimClient.Response unsortable = scim.get("/Users?sortBy=groups.value");
        assertThat(unsortable.status()).isEqualTo(400);
        assertThat(unsortable.json().get("detail").asString())
                .isEqualTo("sortBy: 'groups.value' is not an attribute resources can be sorted by");
    }

    // ---- replace, patch, delete -----------------------------------------------------------------------------------

    @Test
    void replacesAUserClearingWhatItLeavesOut() {
        String email = unique("put") + "@example.test";
        String id = create(email, email);
        scim.patch("/Users/" + id, patchOp("replace", "title", "\"Lead\""));

        ScimClient.Response response = scim.put(
                "/Users/" + id,
                """
                {"schemas": ["%s"], "userName": "%s", "displayName": "Renamed Person",
                 "emails": [{"value": "%s", "primary": true}], "active": false}
                """
                        .formatted(USER, email, email));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("displayName").asString()).isEqualTo("Renamed Person");
        assertThat(response.json().get("active").asBoolean()).isFalse();
        Agent agent = agent(id);
        assertThat(agent.name()).isEqualTo("Renamed Person");
        assertThat(agent.position()).isNull();
        assertThat(agent.suspended()).isTrue();
    }

    @Test
    void appliesEntrasPatchForms() {
        String email = unique("entra") + "@example.test";
        String id = create(email, email);
        String newEmail = unique("entra-new") + "@example.test";

        ScimClient.Response response = scim.patch(
                "/Users/" + id,
                """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"], "Operations": [
                  {"op": "Replace", "path": "emails[type eq \\"work\\"].value", "value": "%s"},
                  {"op": "Replace", "path": "name.givenName", "value": "Grace"},
                  {"op": "Add", "path": "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:department",
                   "value": "Navy"},
                  {"op": "Replace", "path": "active", "value": "False"}]}
                """
                        .formatted(newEmail));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode user = response.json();
        assertThat(user.get("emails").get(0).get("value").asString()).isEqualTo(newEmail);
        assertThat(user.get("name").get("givenName").asString()).isEqualTo("Grace");
        assertThat(user.get(ENTERPRISE).get("department").asString()).isEqualTo("Navy");
        assertThat(user.get("active").asBoolean()).isFalse();
        assertThat(agent(id).email()).isEqualTo(newEmail);
        assertThat(agent(id).suspended()).isTrue();
    }

    @Test
    void appliesOktasWholeObjectReplace() {
        String email = unique("okta") + "@example.test";
        String id = create(email, email);

        ScimClient.Response response = scim.patch(
                "/Users/" + id,
                """
                {"schemas": ["urn:ietf:params:scim:api:messages:2.0:PatchOp"],
                 "Operations": [{"op": "replace", "value": {"id": "%s", "active": false}}]}
                """
                        .formatted(id));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(agent(id).suspended()).isTrue();
        assertThat(scim.patch("/Users/" + id, patchOp("replace", "active", "true"))
                        .json()
                        .get("active")
                        .asBoolean())
                .isTrue();
    }

    @Test
    void refusesAPatchOfAReadOnlyOrUnknownAttribute() {
        String email = unique("ro") + "@example.test";
        String id = create(email, email);

        ScimClient.Response readOnly = scim.patch("/Users/" + id, patchOp("replace", "groups", "[]"));
        ScimClient.Response unknown = scim.patch("/Users/" + id, patchOp("replace", "shoeSize", "9"));
        ScimClient.Response noPath = scim.patch("/Users/" + id, "{\"Operations\": [{\"op\": \"remove\"}]}");

        assertThat(readOnly.status()).isEqualTo(400);
        assertThat(readOnly.json().get("scimType").asString()).isEqualTo("mutability");
        assertThat(unknown.json().get("scimType").asString()).isEqualTo("invalidPath");
        assertThat(noPath.json().get("scimType").asString()).isEqualTo("noTarget");
    }

    @Test
    void honoursIfMatch() {
        String email = unique("etag") + "@example.test";
        String id = create(email, email);
        String version =
                scim.get("/Users/" + id).json().get("meta").get("version").asString();
        scim.patch("/Users/" + id, patchOp("replace", "title", "\"First\""));

        ScimClient.Response stale = scim.send(
                "PATCH", "/Users/" + id, patchOp("replace", "title", "\"Second\""), Map.of("If-Match", version));
        String current = scim.get("/Users/" + id).header("ETag").orElseThrow();
        ScimClient.Response fresh = scim.send(
                "PATCH", "/Users/" + id, patchOp("replace", "title", "\"Third\""), Map.of("If-Match", current));

        assertThat(stale.status()).isEqualTo(412);
        assertThat(fresh.status()).as(fresh.body()).isEqualTo(200);
        assertThat(agent(id).position()).isEqualTo("Third");
        Http.Response zendesk = app.http()
                .get("/api/v2/users/" + id + ".json")
                .host(account.host())
                .as(admin)
                .send();
        assertThat(zendesk.header("ETag")).contains(fresh.header("ETag").orElseThrow());
    }

    @Test
    void deletesAUserAsTheCoreDeletesAnAgent() {
        String email = unique("del") + "@example.test";
        String id = create(email, email);

        ScimClient.Response response = scim.delete("/Users/" + id);

        assertThat(response.status()).isEqualTo(204);
        assertThat(agent(id).active()).isFalse();
        assertThat(scim.get("/Users/" + id).status()).isEqualTo(404);
        assertThat(create(email, email)).isNotEqualTo(id);
    }

    @Test
    void neverDeactivatesOrDeletesAnAdministrator() {
        String id = Long.toString(admin.agent().id().value());

        ScimClient.Response deactivate = scim.patch("/Users/" + id, patchOp("replace", "active", "false"));
        ScimClient.Response delete = scim.delete("/Users/" + id);

        assertThat(deactivate.status()).isEqualTo(403);
        assertThat(deactivate.json().get("detail").asString())
                .isEqualTo("An administrator is not deactivated through SCIM");
        assertThat(delete.status()).isEqualTo(403);
        assertThat(delete.json().get("detail").asString()).isEqualTo("An administrator is not deleted through SCIM");
        assertThat(agent(id).active()).isTrue();
        assertThat(agent(id).suspended()).isFalse();
        assertThat(agent(id).role()).isEqualTo(Role.ADMIN);
    }

    // ---- the rest of the service sees the change ------------------------------------------------------------------

    @Test
    void aChangeThroughScimIsVisibleThroughTheZendeskApiAndRecordedAsScim() {
        String email = unique("seen") + "@example.test";
        String id = create(email, email);

        scim.patch("/Users/" + id, patchOp("replace", "displayName", "\"Seen Through Zendesk\""));

        Http.Response zendesk = app.http()
                .get("/api/v2/users/" + id + ".json")
                .host(account.host())
                .as(admin)
                .send();
        assertThat(zendesk.json().get("user").get("name").asString()).isEqualTo("Seen Through Zendesk");
        List<Event> events = app.services()
                .history()
                .ofAgent(admin.caller(), new AgentId(Long.parseLong(id)), OptionalLong.empty(), 100)
                .events();
        assertThat(events).extracting(Event::type).contains(EventType.USER_CREATED, EventType.USER_NAME_CHANGED);
        assertThat(events).allSatisfy(event -> {
            assertThat(event.via()).isEqualTo(Via.SCIM);
            assertThat(event.actor()).contains(admin.agent().id());
        });
    }

    @Test
    void aChangeOfAnAttributeOnlyScimKeepsIsRecordedAsTheAgentsProfileChange() {
        String email = unique("extra") + "@example.test";
        String id = create(email, email);

        scim.patch("/Users/" + id, patchOp("replace", "externalId", "\"ext-42\""));

        List<Event> events = app.services()
                .history()
                .ofAgent(admin.caller(), new AgentId(Long.parseLong(id)), OptionalLong.empty(), 1)
                .events();
        assertThat(events).extracting(Event::type).containsExactly(EventType.USER_PROFILE_CHANGED);
        assertThat(events.get(0).changes()).isEqualTo("{\"external_id\":{\"from\":null,\"to\":\"ext-42\"}}");
        assertThat(events.get(0).via()).isEqualTo(Via.SCIM);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static String unique(String prefix) {
        return prefix + SEQUENCE.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 100000, 36);
    }

    private static String user(String userName, String email) {
        return """
                {"schemas": ["%s"], "userName": "%s", "emails": [{"value": "%s", "type": "work", "primary": true}]}
                """
                .formatted(USER, userName, email);
    }

    private static String create(String userName, String email) {
        return create(userName, email, null);
    }

    private static String create(String userName, String email, String externalId) {
        String body = externalId == null
                ? user(userName, email)
                : """
                {"schemas": ["%s"], "userName": "%s", "externalId": "%s", "emails": [{"value": "%s"}]}
                """
                        .formatted(USER, userName, externalId, email);
        ScimClient.Response response = scim.post("/Users", body);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private static String patchOp(String op, String path, String jsonValue) {
        return "{\"schemas\": [\"urn:ietf:params:scim:api:messages:2.0:PatchOp\"], \"Operations\": [{\"op\": \"" + op
                + "\", \"path\": \"" + path + "\", \"value\": " + jsonValue + "}]}";
    }

    private static Agent agent(String id) {
        return app.services().agents().get(admin.caller(), new AgentId(Long.parseLong(id)));
    }

    private static List<String> ids(String filter) {
        return ids(filter, "");
    }

    private static List<String> ids(String filter, String extra) {
        ScimClient.Response response = scim.get("/Users?filter=" + encode(filter) + extra);
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json().get("Resources").forEach(user -> ids.add(user.get("id").asString()));
        return ids;
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.propertyNames().forEach(names::add);
        return names;
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }
}
