package io.groupdesk.api.scim;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.events.Event;
import io.groupdesk.events.EventType;
import io.groupdesk.events.Via;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.GroupId;
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
class ScimGroupsApiTest {
    private static final String GROUP = "urn:ietf:params:scim:schemas:core:2.0:Group";
    private static final String PATCH = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static TestAccount account;
    private static TestAgent admin;
    private static TestAgent ann;
    private static TestAgent bob;
    private static ScimClient scim;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        account = app.fixtures().account();
        admin = account.admin();
        ann = app.fixtures().agent(account.id(), Role.AGENT);
        bob = app.fixtures().agent(account.id(), Role.AGENT);
        scim = new ScimClient(app.http().port(), account.host(), admin.token());
    }

    @Test
    void createsAGroupWithMembers() {
        String name = unique("Tier 2");

        ScimClient.Response response = scim.post(
                "/Groups",
                """
                {"schemas": ["%s"], "displayName": "%s", "externalId": "ext-%s",
                 "members": [{"value": "%d"}, {"value": "%d"}]}
                """
                        .formatted(GROUP, name, name, id(ann), id(bob)));

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode group = response.json();
        assertThat(group.get("displayName").asString()).isEqualTo(name);
        assertThat(group.get("externalId").asString()).isEqualTo("ext-" + name);
        assertThat(memberIds(group)).containsExactlyInAnyOrder(Long.toString(id(ann)), Long.toString(id(bob)));
        assertThat(group.get("meta").get("resourceType").asString()).isEqualTo("Group");
        assertThat(response.header("Location"))
                .contains("http://" + account.host() + "/scim/v2/Groups/"
                        + group.get("id").asString());
        assertThat(members(group.get("id").asString())).containsExactlyInAnyOrder(id(ann), id(bob));
    }

    @Test
    void refusesADuplicateNameWithUniqueness() {
        String name = unique("Dup");
        create(name);

        ScimClient.Response response = scim.post(
                "/Groups", "{\"schemas\": [\"" + GROUP + "\"], \"displayName\": \"" + name.toUpperCase() + "\"}");

        assertThat(response.status()).as(response.body()).isEqualTo(409);
        assertThat(response.json().get("scimType").asString()).isEqualTo("uniqueness");
    }

    @Test
    void readsAGroupWithoutItsMembersWhenExcluded() {
        String id = create(unique("Quiet"), ann);

        JsonNode without =
                scim.get("/Groups/" + id + "?excludedAttributes=members").json();
        JsonNode with = scim.get("/Groups/" + id).json();

        assertThat(without.has("members")).isFalse();
        assertThat(without.get("displayName").isString()).isTrue();
        assertThat(memberIds(with)).containsExactly(Long.toString(id(ann)));
    }

    @Test
    void filtersByDisplayNameExternalIdAndMember() {
        String name = unique("Filtered");
        String id = create(name, bob);
        scim.patch("/Groups/" + id, op("replace", "externalId", "\"x-" + name + "\""));

        assertThat(ids("displayName eq \"" + name.toLowerCase() + "\"")).containsExactly(id);
        assertThat(ids("externalId eq \"x-" + name + "\"")).containsExactly(id);
        assertThat(ids("members[value eq \"" + id(bob) + "\"] and displayName sw \"Filtered\""))
                .contains(id);
        assertThat(ids("members[value eq \"" + id(ann) + "\"] and displayName eq \"" + name + "\""))
                .isEmpty();
    }

    @Test
    void pagesThroughGroupsSortedByName() {
        String tag = unique("Paged");
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            created.add(create(tag + " " + (char) ('e' - i)));
        }
        String filter = encode("displayName sw \"" + tag + "\"");

        List<String> seen = new ArrayList<>();
        for (int start = 1; start <= 5; start += 2) {
            JsonNode page = scim.get("/Groups?excludedAttributes=members&sortBy=displayName&filter=" + filter
                            + "&startIndex=" + start + "&count=2")
                    .json();
            assertThat(page.get("totalResults").asInt()).isEqualTo(5);
            page.get("Resources").forEach(group -> seen.add(group.get("id").asString()));
        }

        List<String> byName = new ArrayList<>(created);
        java.util.Collections.reverse(byName); // created e, d, c, b, a
        assertThat(seen).containsExactlyElementsOf(byName);
    }

    @Test
    void entrasGroupSequenceAddsAndRemovesMembers() {
        String name = unique("Entra");
        ScimClient.Response created = scim.post(
                "/Groups",
                """
                {"schemas": ["%s"], "externalId": "8aa1a0c0-c4c3-4bc0-b4a5-2ef676900159",
                 "displayName": "%s", "meta": {"resourceType": "Group"}}
                """
                        .formatted(GROUP, name));
        String id = created.json().get("id").asString();
        JsonNode found = scim.get(
                        "/Groups?excludedAttributes=members&filter=" + encode("displayName eq \"" + name + "\""))
                .json();
        assertThat(found.get("Resources").get(0).get("id").asString()).isEqualTo(id);

        ScimClient.Response added = scim.patch(
                "/Groups/" + id,
                """
                {"schemas": ["%s"], "Operations": [{"op": "Add", "path": "members",
                 "value": [{"value": "%d"}, {"value": "%d"}]}]}
                """
                        .formatted(PATCH, id(ann), id(bob)));
        ScimClient.Response removed = scim.patch(
                "/Groups/" + id,
                """
                {"schemas": ["%s"], "Operations": [{"op": "Remove", "path": "members",
                 "value": [{"value": "%d"}]}]}
                """
                        .formatted(PATCH, id(ann)));

        assertThat(added.status()).as(added.body()).isEqualTo(200);
        assertThat(added.json().has("members")).isFalse();
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(members(id)).containsExactly(id(bob));
    }

    @Test
    void oktasGroupPushRenamesAndRemovesByPath() {
        String id = create(unique("Okta"), ann, bob);
        String renamed = unique("Okta renamed");

        ScimClient.Response rename = scim.patch(
                "/Groups/" + id,
                """
                {"schemas": ["%s"], "Operations": [{"op": "replace",
                 "value": {"id": "%s", "displayName": "%s"}}]}
                """
                        .formatted(PATCH, id, renamed));
        ScimClient.Response remove =
                scim.patch("/Groups/" + id, op("remove", "members[value eq \\\"" + id(ann) + "\\\"]", null));
        ScimClient.Response again =
                scim.patch("/Groups/" + id, op("remove", "members[value eq \\\"" + id(ann) + "\\\"]", null));

        assertThat(rename.status()).as(rename.body()).isEqualTo(200);
        assertThat(rename.json().get("displayName").asString()).isEqualTo(renamed);
        assertThat(remove.status()).as(remove.body()).isEqualTo(200);
        assertThat(again.status()).isEqualTo(200);
        assertThat(members(id)).containsExactly(id(bob));
        assertThat(app.services()
                        .groups()
                        .get(admin.caller(), new GroupId(Long.parseLong(id)))
                        .name())
                .isEqualTo(renamed);
    }

    @Test
    void removingAnAgentsDefaultMembershipMovesItsDefault() {
        TestAgent carol = app.fixtures().agent(account.id(), Role.AGENT); // in Support, its default
        String first = create(unique("First"));
        scim.patch("/Groups/" + first, op("add", "members", "[{\"value\": \"" + id(carol) + "\"}]"));
        GroupId support = app.services()
                .memberships()
                .defaultGroupOf(admin.caller(), carol.agent().id())
                .orElseThrow();

        scim.patch("/Groups/" + support.value(), op("remove", "members[value eq \\\"" + id(carol) + "\\\"]", null));

        assertThat(app.services()
                        .memberships()
                        .defaultGroupOf(admin.caller(), carol.agent().id()))
                .contains(new GroupId(Long.parseLong(first)));
    }

    @Test
    void replacesAGroupAndItsMembers() {
        String id = create(unique("Put"), ann);
        String name = unique("Put renamed");

        ScimClient.Response response = scim.put(
                "/Groups/" + id,
                """
                {"schemas": ["%s"], "displayName": "%s", "members": [{"value": "%d"}]}
                """
                        .formatted(GROUP, name, id(bob)));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("displayName").asString()).isEqualTo(name);
        assertThat(members(id)).containsExactly(id(bob));
    }

    @Test
    void deletesAGroupAsTheCoreSoftDeletesOne() {
        String id = create(unique("Gone"), ann);

        ScimClient.Response response = scim.delete("/Groups/" + id);

        assertThat(response.status()).isEqualTo(204);
        Group group = app.services().groups().get(admin.caller(), new GroupId(Long.parseLong(id)));
        assertThat(group.deleted()).isTrue();
        assertThat(scim.get("/Groups/" + id).status()).isEqualTo(404);
    }

    @Test
    void refusesAMemberOfAnotherAccountAndAnswersNotFoundForItsGroups() {
        TestAccount other = app.fixtures().account();
        Group foreign = app.fixtures().group(other.id(), unique("Foreign"));
        String id = create(unique("Mine"));

        ScimClient.Response member = scim.patch(
                "/Groups/" + id,
                op(
                        "add",
                        "members",
                        "[{\"value\": \"" + other.admin().agent().id().value() + "\"}]"));

        assertThat(member.status()).isEqualTo(400);
        assertThat(member.json().get("scimType").asString()).isEqualTo("invalidValue");
        assertThat(scim.get("/Groups/" + foreign.id().value()).status()).isEqualTo(404);
        assertThat(scim.delete("/Groups/" + foreign.id().value()).status()).isEqualTo(404);
        assertThat(scim.as(ann).get("/Groups").status()).isEqualTo(403);
    }

    @Test
    void honoursIfMatchOnAPatch() {
        String id = create(unique("Versioned"));
        String version =
                scim.get("/Groups/" + id).json().get("meta").get("version").asString();
        scim.patch("/Groups/" + id, op("replace", "displayName", "\"" + unique("Versioned again") + "\""));

        ScimClient.Response stale = scim.send(
                "PATCH",
                "/Groups/" + id,
                op("add", "members", "[{\"value\": \"" + id(ann) + "\"}]"),
                Map.of("If-Match", version));

        assertThat(stale.status()).isEqualTo(412);
        assertThat(members(id)).isEmpty();
    }

    @Test
    void memberChangesAreVisibleThroughZendeskAndRecordedAsScim() {
        String id = create(unique("Seen"));

        scim.patch("/Groups/" + id, op("add", "members", "[{\"value\": \"" + id(ann) + "\"}]"));

        Http.Response zendesk = app.http()
                .get("/api/v2/groups/" + id + "/memberships.json")
                .host(account.host())
                .as(admin)
                .send();
        assertThat(zendesk.json().get("group_memberships").get(0).get("user_id").asLong())
                .isEqualTo(id(ann));
        List<Event> events = app.services()
                .history()
                .ofGroup(admin.caller(), new GroupId(Long.parseLong(id)), OptionalLong.empty(), 100)
                .events();
        assertThat(events).extracting(Event::type).contains(EventType.USER_GROUP_MEMBERSHIP_CREATED);
        assertThat(events).allSatisfy(event -> assertThat(event.via()).isEqualTo(Via.SCIM));
    }

    @Test
    void aChangeOfAGroupsExternalIdIsRecordedAsTheGroupsUpdate() {
        String id = create("External " + System.nanoTime());

        scim.patch("/Groups/" + id, op("replace", "externalId", "\"idp-7\""));

        List<Event> events = app.services()
                .history()
                .ofGroup(admin.caller(), new GroupId(Long.parseLong(id)), OptionalLong.empty(), 1)
                .events();
        assertThat(events).extracting(Event::type).containsExactly(EventType.GROUP_UPDATED);
        assertThat(events.get(0).changes()).isEqualTo("{\"external_id\":{\"from\":null,\"to\":\"idp-7\"}}");
        assertThat(events.get(0).via()).isEqualTo(Via.SCIM);
    }

    // ---- helpers --------------------------------------------------------------------------------------------------

    private static String unique(String prefix) {
        return prefix + " " + SEQUENCE.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 100000, 36);
    }

    private static long id(TestAgent agent) {
        return agent.agent().id().value();
    }

    private static String create(String name, TestAgent... members) {
        List<String> values = new ArrayList<>();
        for (TestAgent member : members) {
            values.add("{\"value\": \"" + id(member) + "\"}");
        }
        ScimClient.Response response = scim.post(
                "/Groups",
                "{\"schemas\": [\"" + GROUP + "\"], \"displayName\": \"" + name + "\", \"members\": ["
                        + String.join(", ", values) + "]}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("id").asString();
    }

    private static String op(String op, String path, String jsonValue) {
        return "{\"schemas\": [\"" + PATCH + "\"], \"Operations\": [{\"op\": \"" + op + "\", \"path\": \"" + path + "\""
                + (jsonValue == null ? "" : ", \"value\": " + jsonValue) + "}]}";
    }

    private static List<Long> members(String groupId) {
        List<Long> agents = new ArrayList<>();
        for (Membership membership :
                app.services().memberships().ofGroups(admin.caller(), List.of(new GroupId(Long.parseLong(groupId))))) {
            agents.add(membership.agentId().value());
        }
        return agents;
    }

    private static List<String> memberIds(JsonNode group) {
        List<String> ids = new ArrayList<>();
        group.get("members").forEach(member -> ids.add(member.get("value").asString()));
        return ids;
    }

    private static List<String> ids(String filter) {
        ScimClient.Response response = scim.get("/Groups?excludedAttributes=members&filter=" + encode(filter));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<String> ids = new ArrayList<>();
        response.json()
                .get("Resources")
                .forEach(group -> ids.add(group.get("id").asString()));
        return ids;
    }

    private static String encode(String text) {
        return java.net.URLEncoder.encode(text, java.nio.charset.StandardCharsets.UTF_8);
    }
}
