package io.groupdesk.api.zendeskxml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupdesk.agents.AgentChanges;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupService;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.MembershipFilter;
import io.groupdesk.memberships.NewMembership;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.ValidationException;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import io.groupdesk.testing.XmlDocument;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** The Zendesk classic groups API: {@code /groups.xml} and its {@code .json} twin (reference/zendesk.md §5, seed 002). */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ZendeskXmlGroupsApiTest {
    private static final String DATETIME = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";

    // The request bodies of seed 002, exactly as written there; 43 and 67 stand for agent ids.
    private static final String SEED_CREATE =
            """
            <group>
              <name>Hardware</name>
              <agents type='array'>
                <agent>43</agent>
              </agents>
            </group>
            """;
    private static final String SEED_UPDATE =
            """
            <group>
              <name>Hardware and ICP</name>
              <agents type='array'>
                <agent>43</agent>
                <agent>67</agent>
              </agents>
            </group>
            """;
    private static final String SEED_EMPTY =
            """
            <group>
              <name>The now empty group</name>
              <agents type='array'></agents>
            </group>
            """;

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;
    private static TestAccount account;
    private static TestAgent admin;
    private static TestAgent agent;
    private static TestAgent alice;
    private static TestAgent bob;
    private static TestAgent carol;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
        account = app.fixtures().account();
        admin = account.admin();
        agent = app.fixtures().agent(account.id(), Role.AGENT);
        alice = app.fixtures().agent(account.id(), Role.AGENT);
        bob = app.fixtures().agent(account.id(), Role.AGENT);
        carol = app.fixtures().agent(account.id(), Role.AGENT);
    }

    // ---- list and show ------------------------------------------------------------------------------------------

    @Test
    void listsGroupsAsTypedRailsXmlArrayWithCount() {
        TestAccount listed = app.fixtures().account();
        Group first = app.fixtures().group(listed.id(), "Listed one");
        Group second = app.fixtures().group(listed.id(), "Listed two");

        Response response = http.get("/groups.xml")
                .host(listed.host())
                .authorization(password(listed.admin()))
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type").orElseThrow()).startsWith("application/xml");
        XmlDocument xml = XmlDocument.parse(response);
        assertThat(xml.rootName()).isEqualTo("groups");
        assertThat(xml.attribute("/groups", "type")).isEqualTo("array");
        long total = app.services()
                .groups()
                .list(
                        listed.admin().caller(),
                        GroupService.Scope.ALL,
                        false,
                        PageRequest.offset(1, 100).withTotal())
                .total()
                .orElseThrow();
        assertThat(total).isEqualTo(3);
        assertThat(xml.attribute("/groups", "count")).isEqualTo("3");
        assertThat(xml.texts("/groups/group/name")).containsExactly("Support", "Listed one", "Listed two");
        assertThat(xml.texts("/groups/group/id"))
                .contains(
                        Long.toString(first.id().value()),
                        Long.toString(second.id().value()));
        String one = "/groups/group[name='Listed one']";
        assertThat(xml.text(one + "/id")).isEqualTo(Long.toString(first.id().value()));
        assertThat(xml.attribute(one + "/id", "type")).isEqualTo("integer");
        assertThat(xml.text(one + "/is-active")).isEqualTo("true");
        assertThat(xml.attribute(one + "/is-active", "type")).isEqualTo("boolean");
        assertThat(xml.text(one + "/created-at")).matches(DATETIME);
        assertThat(xml.attribute(one + "/created-at", "type")).isEqualTo("datetime");
        assertThat(xml.text(one + "/updated-at")).matches(DATETIME);
        assertThat(xml.attribute(one + "/updated-at", "type")).isEqualTo("datetime");
        assertThat(xml.count("/groups/group/users")).isZero();
    }

    @Test
    void showsGroupWithItsMemberAgentsEmbeddedAsUsers() {
        Group group = app.fixtures().group(account.id(), "Shown with members");
        app.fixtures().membership(account.id(), alice, group);
        app.fixtures().membership(account.id(), bob, group);

        Response response = http.get("/groups/" + group.id() + ".xml")
                .host(account.host())
                .authorization(password(admin))
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        XmlDocument xml = XmlDocument.parse(response);
        assertThat(xml.rootName()).isEqualTo("group");
        assertThat(xml.text("/group/id")).isEqualTo(Long.toString(group.id().value()));
        assertThat(xml.attribute("/group/id", "type")).isEqualTo("integer");
        assertThat(xml.text("/group/name")).isEqualTo("Shown with members");
        assertThat(xml.text("/group/is-active")).isEqualTo("true");
        assertThat(xml.attribute("/group/is-active", "type")).isEqualTo("boolean");
        assertThat(xml.attribute("/group/users", "type")).isEqualTo("array");
        assertThat(xml.texts("/group/users/user/id")).containsExactlyInAnyOrder(ids(alice, bob));
        String user = "/group/users/user[id='" + alice.agent().id() + "']";
        assertThat(xml.text(user + "/email")).isEqualTo(alice.email());
        assertThat(xml.text(user + "/name")).isEqualTo(alice.agent().name());
        assertThat(xml.text(user + "/is-active")).isEqualTo("true");
        assertThat(xml.attribute(user + "/is-active", "type")).isEqualTo("boolean");
        assertThat(xml.attribute(user + "/id", "type")).isEqualTo("integer");
        assertThat(xml.text(user + "/roles")).isEqualTo("4");
        assertThat(xml.text(user + "/created-at")).matches(DATETIME);
        assertThat(memberIds(group.id())).containsExactlyInAnyOrder(agentIds(alice, bob));
    }

    @Test
    void showsEachMemberWithTheElementsOfSeed002sUserElement() {
        // given: an agent in New York whose default group is the one shown
        TestAgent dana = app.fixtures().agent(account.id(), Role.AGENT);
        Group group = app.fixtures().group(account.id(), "Seed user element");
        app.services()
                .memberships()
                .makeDefaultGroup(admin.caller(), dana.agent().id(), group.id());
        app.services()
                .agents()
                .update(
                        admin.caller(),
                        dana.agent().id(),
                        AgentChanges.builder().timeZone("America/New_York").build());

        // when
        Response response = http.get("/groups/" + group.id() + ".xml")
                .host(account.host())
                .authorization(password(admin))
                .send();

        // then: seed 002's elements in its order, typed as the rest of the answer
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        XmlDocument xml = XmlDocument.parse(response);
        String user = "/group/users/user[id='" + dana.agent().id() + "']";
        assertThat(xml.childNames(user))
                .containsExactly(
                        "created-at",
                        "email",
                        "group-id",
                        "id",
                        "is-active",
                        "is-verified",
                        "name",
                        "roles",
                        "time-format",
                        "time-zone",
                        "updated-at");
        assertThat(xml.text(user + "/group-id"))
                .isEqualTo(Long.toString(group.id().value()));
        assertThat(xml.attribute(user + "/group-id", "type")).isEqualTo("integer");
        assertThat(xml.text(user + "/time-format")).isEqualTo("0");
        assertThat(xml.attribute(user + "/time-format", "type")).isEqualTo("integer");
        assertThat(xml.text(user + "/time-zone")).isEqualTo("Eastern Time (US & Canada)");
        assertThat(xml.attribute(user + "/time-zone", "type")).isNull();
        assertThat(xml.attribute(user + "/time-zone", "nil")).isNull();
        assertThat(xml.attribute(user + "/created-at", "type")).isEqualTo("datetime");
        assertThat(xml.attribute(user + "/updated-at", "type")).isEqualTo("datetime");
        assertThat(xml.attribute(user + "/is-verified", "type")).isEqualTo("boolean");
        assertThat(xml.attribute(user + "/roles", "type")).isEqualTo("integer");
        assertThat(xml.attribute(user + "/email", "type")).isNull();
        assertThat(xml.attribute(user + "/name", "type")).isNull();
    }

    @Test
    void showsTheTimeZoneTheV2ApiShowsForAnAgentWithoutOne() {
        // given
        Group group = app.fixtures().group(account.id(), "Zone of its own");
        app.fixtures().membership(account.id(), carol, group);
        assertThat(app.services()
                        .agents()
                        .get(admin.caller(), carol.agent().id())
                        .timeZone())
                .isNull();

        // when
        Response xml = http.get("/groups/" + group.id() + ".xml")
                .host(account.host())
                .authorization(password(admin))
                .send();
        Response json = http.get("/groups/" + group.id() + ".json")
                .host(account.host())
                .as(admin)
                .send();
        Response v2 = http.get("/api/v2/users/" + carol.agent().id() + ".json")
                .host(account.host())
                .as(admin)
                .send();

        // then
        String user = "/group/users/user[id='" + carol.agent().id() + "']";
        assertThat(v2.json().get("user").get("time_zone").asString()).isEqualTo("UTC");
        assertThat(XmlDocument.parse(xml).text(user + "/time-zone")).isEqualTo("UTC");
        assertThat(XmlDocument.parse(xml).attribute(user + "/time-zone", "nil")).isNull();
        JsonNode shown = json.json().get("group").get("users").get(0).get("user");
        assertThat(shown.get("time_zone").asString()).isEqualTo("UTC");
        assertThat(shown.get("time_format").asInt()).isZero();
        assertThat(shown.get("group_id").asLong())
                .isEqualTo(v2.json().get("user").get("default_group_id").asLong());
    }

    @Test
    void listsTheMembersOfAGroupAsUsers() {
        Group group = app.fixtures().group(account.id(), "Members listed");
        app.fixtures().membership(account.id(), alice, group);
        app.fixtures().membership(account.id(), carol, group);

        Response response = http.get("/groups/" + group.id() + "/users.xml")
                .host(account.host())
                .authorization(password(admin))
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        XmlDocument xml = XmlDocument.parse(response);
        assertThat(xml.rootName()).isEqualTo("users");
        assertThat(xml.attribute("/users", "type")).isEqualTo("array");
        assertThat(xml.attribute("/users", "count")).isEqualTo("2");
        assertThat(xml.texts("/users/user/id")).containsExactlyInAnyOrder(ids(alice, carol));
        assertThat(xml.texts("/users/user/email")).containsExactlyInAnyOrder(alice.email(), carol.email());
    }

    @Test
    void answersJsonOnJsonPaths() {
        Group group = app.fixtures().group(account.id(), "Json twin");
        app.fixtures().membership(account.id(), bob, group);

        Response shown = http.get("/groups/" + group.id() + ".json")
                .host(account.host())
                .as(admin)
                .send();
        Response listed =
                http.get("/groups.json").host(account.host()).as(admin).send();
        Response users = http.get("/groups/" + group.id() + "/users.json")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.header("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode json = shown.json().get("group");
        assertThat(json.get("id").asLong()).isEqualTo(group.id().value());
        assertThat(json.get("name").asString()).isEqualTo("Json twin");
        assertThat(json.get("is_active").asBoolean()).isTrue();
        assertThat(json.get("users")).hasSize(1);
        assertThat(json.get("users").get(0).get("user").get("id").asLong())
                .isEqualTo(bob.agent().id().value());
        assertThat(listed.status()).isEqualTo(200);
        List<String> names = new ArrayList<>();
        listed.json().forEach(item -> names.add(item.get("group").get("name").asString()));
        assertThat(names).contains("Support", "Json twin");
        assertThat(users.status()).isEqualTo(200);
        assertThat(users.json()).hasSize(1);
        assertThat(users.json().get(0).get("user").get("email").asString()).isEqualTo(bob.email());
    }

    @Test
    void answersNotFoundForUnknownIds() {
        Response unknown = http.get("/groups/987654321.xml")
                .host(account.host())
                .authorization(password(admin))
                .send();
        Response notAnId = http.get("/groups/support.xml")
                .host(account.host())
                .authorization(password(admin))
                .send();

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(errors(unknown)).containsExactly("Not found");
        assertThat(notAnId.status()).isEqualTo(404);
        assertThat(errors(notAnId)).containsExactly("Not found");
    }

    // ---- create -------------------------------------------------------------------------------------------------

    @Test
    void createsGroupWithOneAgentFromTheSeedRequest() {
        String body = withAgents(SEED_CREATE, alice);

        Response response = postXml("/groups.xml", body, admin);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        XmlDocument xml = XmlDocument.parse(response);
        long id = Long.parseLong(xml.text("/group/id"));
        assertThat(response.header("Location")).contains("http://" + account.host() + "/groups/" + id + ".xml");
        assertThat(xml.text("/group/name")).isEqualTo("Hardware");
        assertThat(xml.text("/group/is-active")).isEqualTo("true");
        assertThat(xml.texts("/group/users/user/id")).containsExactly(id(alice));
        Group stored = group(id);
        assertThat(stored.name()).isEqualTo("Hardware");
        assertThat(stored.deleted()).isFalse();
        assertThat(memberIds(stored.id())).containsExactly(alice.agent().id());
    }

    @Test
    void createsGroupWithoutAgentsWithNoMembers() {
        Response response = postXml("/groups.xml", "<group><name>Nobody yet</name></group>", admin);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        long id = Long.parseLong(XmlDocument.parse(response).text("/group/id"));
        assertThat(XmlDocument.parse(response).count("/group/users/user")).isZero();
        assertThat(group(id).name()).isEqualTo("Nobody yet");
        assertThat(memberIds(new GroupId(id))).isEmpty();
    }

    @Test
    void createsGroupFromCommaSeparatedAgents() {
        String body = withAgents("<group><name>Comma members</name><agents>43, 67</agents></group>", alice, bob);

        Response response = postXml("/groups.xml", body, admin);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        long id = Long.parseLong(XmlDocument.parse(response).text("/group/id"));
        assertThat(memberIds(new GroupId(id))).containsExactlyInAnyOrder(agentIds(alice, bob));
    }

    @Test
    void createsGroupThroughTheJsonPath() {
        Response response = http.post("/groups.json")
                .host(account.host())
                .as(admin)
                .json("{\"group\": {\"name\": \"Json created\", \"agents\": [" + id(carol) + "]}}")
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        long id = response.json().get("group").get("id").asLong();
        assertThat(response.header("Location")).contains("http://" + account.host() + "/groups/" + id + ".json");
        assertThat(response.json().get("group").get("name").asString()).isEqualTo("Json created");
        assertThat(group(id).name()).isEqualTo("Json created");
        assertThat(memberIds(new GroupId(id))).containsExactly(carol.agent().id());
    }

    // ---- update -------------------------------------------------------------------------------------------------

    @Test
    void updateReplacesMembersWithExactlyTheAgentsSentInTheSeedRequest() {
        Group group = app.fixtures().group(account.id(), "Hardware before");
        app.fixtures().membership(account.id(), alice, group);
        app.fixtures().membership(account.id(), carol, group);
        String body = withAgents(SEED_UPDATE, alice, bob);

        Response response = putXml("/groups/" + group.id() + ".xml", body, admin);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        XmlDocument xml = XmlDocument.parse(response);
        assertThat(xml.text("/group/name")).isEqualTo("Hardware and ICP");
        assertThat(xml.texts("/group/users/user/id")).containsExactlyInAnyOrder(ids(alice, bob));
        assertThat(group(group.id().value()).name()).isEqualTo("Hardware and ICP");
        assertThat(memberIds(group.id())).containsExactlyInAnyOrder(agentIds(alice, bob));
    }

    @Test
    void updateWithoutAgentsLeavesMembershipUnchanged() {
        Group group = app.fixtures().group(account.id(), "Keeps members");
        app.fixtures().membership(account.id(), alice, group);
        app.fixtures().membership(account.id(), bob, group);

        Response response = putXml("/groups/" + group.id() + ".xml", "<group><name>Kept members</name></group>", admin);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(XmlDocument.parse(response).texts("/group/users/user/id"))
                .containsExactlyInAnyOrder(ids(alice, bob));
        assertThat(group(group.id().value()).name()).isEqualTo("Kept members");
        assertThat(memberIds(group.id())).containsExactlyInAnyOrder(agentIds(alice, bob));
    }

    @Test
    void emptyAgentsArrayRemovesEveryoneAsTheSeedRequestSays() {
        Group group = app.fixtures().group(account.id(), "Soon empty");
        app.fixtures().membership(account.id(), alice, group);
        app.fixtures().membership(account.id(), bob, group);
        String body = SEED_EMPTY;

        Response response = putXml("/groups/" + group.id() + ".xml", body, admin);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(XmlDocument.parse(response).count("/group/users/user")).isZero();
        assertThat(group(group.id().value()).name()).isEqualTo("The now empty group");
        assertThat(memberIds(group.id())).isEmpty();
    }

    @Test
    void selfClosingAgentsElementAlsoRemovesEveryone() {
        Group group = app.fixtures().group(account.id(), "Self closing");
        app.fixtures().membership(account.id(), carol, group);

        Response response = putXml("/groups/" + group.id() + ".xml", "<group><agents type=\"array\"/></group>", admin);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(group(group.id().value()).name()).isEqualTo("Self closing");
        assertThat(memberIds(group.id())).isEmpty();
    }

    @Test
    void updateAcceptsCommaSeparatedAgents() {
        Group group = app.fixtures().group(account.id(), "Comma update");
        app.fixtures().membership(account.id(), carol, group);
        String body = withAgents("<group><agents>43, 67</agents></group>", alice, bob);

        Response response = putXml("/groups/" + group.id() + ".xml", body, admin);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(memberIds(group.id())).containsExactlyInAnyOrder(agentIds(alice, bob));
    }

    @Test
    void updateThroughTheJsonPathReplacesMembers() {
        Group group = app.fixtures().group(account.id(), "Json update");
        app.fixtures().membership(account.id(), alice, group);

        Response response = http.put("/groups/" + group.id() + ".json")
                .host(account.host())
                .as(admin)
                .json("{\"group\": {\"name\": \"Json updated\", \"agents\": [" + id(bob) + "]}}")
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("group").get("name").asString()).isEqualTo("Json updated");
        assertThat(group(group.id().value()).name()).isEqualTo("Json updated");
        assertThat(memberIds(group.id())).containsExactly(bob.agent().id());
    }

    @Test
    void rejectsUnknownAgentAndChangesNothing() {
        Group group = app.fixtures().group(account.id(), "Unknown agent");
        app.fixtures().membership(account.id(), alice, group);
        String body = "<group><name>Renamed in vain</name><agents type='array'><agent>" + id(bob) + "</agent>"
                + "<agent>987654321</agent></agents></group>";

        Response response = putXml("/groups/" + group.id() + ".xml", body, admin);

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(errors(response))
                .singleElement()
                .asString()
                .startsWith("Agents")
                .contains("987654321");
        assertThat(group(group.id().value()).name()).isEqualTo("Unknown agent");
        assertThat(memberIds(group.id())).containsExactly(alice.agent().id());
    }

    @Test
    void rejectsAgentOfAnotherAccountAndChangesNothing() {
        TestAccount other = app.fixtures().account();
        TestAgent stranger = app.fixtures().agent(other.id(), Role.AGENT);
        Group group = app.fixtures().group(account.id(), "No strangers");
        app.fixtures().membership(account.id(), alice, group);

        Response response = putXml(
                "/groups/" + group.id() + ".xml",
                "<group><agents type='array'><agent>" + id(stranger) + "</agent></agents></group>",
                admin);
        Response created = postXml(
                "/groups.xml",
                "<group><name>Stranger group</name><agents>" + id(stranger) + "</agents></group>",
                admin);

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(created.status()).as(created.body()).isEqualTo(422);
        assertThat(memberIds(group.id())).containsExactly(alice.agent().id());
        assertThat(groupNames(account)).doesNotContain("Stranger group");
        assertThat(app.services()
                        .memberships()
                        .ofAgent(other.admin().caller(), stranger.agent().id()))
                .extracting(Membership::groupId)
                .doesNotContain(group.id());
    }

    @Test
    void rejectsAgentsThatAreNotIds() {
        Group group = app.fixtures().group(account.id(), "Bad agent ids");
        app.fixtures().membership(account.id(), alice, group);

        Response response = putXml(
                "/groups/" + group.id() + ".xml",
                "<group><agents type='array'><agent>alice</agent></agents></group>",
                admin);

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(errors(response)).singleElement().asString().startsWith("Agents");
        assertThat(memberIds(group.id())).containsExactly(alice.agent().id());
    }

    // ---- validation ---------------------------------------------------------------------------------------------

    @Test
    void rejectsBlankNameInTheClassicErrorForm() {
        List<String> before = groupNames(account);

        Response blank = postXml("/groups.xml", "<group><name>   </name></group>", admin);
        Response missing = postXml(
                "/groups.xml", "<group><agents type='array'><agent>" + id(alice) + "</agent></agents></group>", admin);

        for (Response response : List.of(blank, missing)) {
            assertThat(response.status()).as(response.body()).isEqualTo(422);
            assertThat(response.header("Content-Type").orElseThrow()).startsWith("application/xml");
            XmlDocument xml = XmlDocument.parse(response);
            assertThat(xml.rootName()).isEqualTo("errors");
            assertThat(xml.texts("/errors/error")).containsExactly("Name can't be blank");
        }
        assertThat(groupNames(account)).isEqualTo(before);
    }

    @Test
    void rejectsBlankNameOnUpdate() {
        Group group = app.fixtures().group(account.id(), "Not to be blanked");

        Response response = putXml("/groups/" + group.id() + ".xml", "<group><name></name></group>", admin);

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(errors(response)).containsExactly("Name can't be blank");
        assertThat(group(group.id().value()).name()).isEqualTo("Not to be blanked");
    }

    @Test
    void rejectsDuplicateName() {
        app.fixtures().group(account.id(), "Taken classic");
        Group other = app.fixtures().group(account.id(), "Free classic");
        List<String> before = groupNames(account);

        Response created = postXml("/groups.xml", "<group><name>Taken classic</name></group>", admin);
        Response renamed = putXml("/groups/" + other.id() + ".xml", "<group><name>Taken classic</name></group>", admin);

        assertThat(created.status()).as(created.body()).isEqualTo(422);
        assertThat(errors(created)).containsExactly("Name has already been taken");
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(422);
        assertThat(errors(renamed)).containsExactly("Name has already been taken");
        assertThat(groupNames(account)).isEqualTo(before);
        assertThat(group(other.id().value()).name()).isEqualTo("Free classic");
    }

    @Test
    void rejectsBlankNameOnTheJsonPathAsJson() {
        Response response = http.post("/groups.json")
                .host(account.host())
                .as(admin)
                .json("{\"group\": {\"name\": \"\"}}")
                .send();

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.header("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(response.body()).isEqualTo("{\"errors\":[\"Name can't be blank\"]}");
    }

    @Test
    void keepsMarkupInNamesAsText() {
        Response response = postXml("/groups.xml", "<group><name>R&amp;D &lt;tier 2&gt;</name></group>", admin);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        XmlDocument xml = XmlDocument.parse(response);
        assertThat(xml.text("/group/name")).isEqualTo("R&D <tier 2>");
        assertThat(group(Long.parseLong(xml.text("/group/id"))).name()).isEqualTo("R&D <tier 2>");
    }

    // ---- destroy ------------------------------------------------------------------------------------------------

    @Test
    void destroySetsTheGroupInactive() {
        Group group = app.fixtures().group(account.id(), "Retired");
        app.fixtures().membership(account.id(), alice, group);

        Response response = http.delete("/groups/" + group.id() + ".xml")
                .host(account.host())
                .authorization(password(admin))
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Response shown = http.get("/groups/" + group.id() + ".xml")
                .host(account.host())
                .authorization(password(admin))
                .send();
        assertThat(shown.status()).isEqualTo(200);
        XmlDocument xml = XmlDocument.parse(shown);
        assertThat(xml.text("/group/is-active")).isEqualTo("false");
        assertThat(xml.text("/group/name")).isEqualTo("Retired");
        assertThat(xml.count("/group/users/user")).isZero();
        Group stored = group(group.id().value());
        assertThat(stored.deleted()).isTrue();
        assertThat(stored.name()).isEqualTo("Retired");
        assertThat(memberIds(group.id())).isEmpty();
    }

    @Test
    void destroyedGroupCanNoLongerBeAssigned() {
        Group group = app.fixtures().group(account.id(), "Unassignable");
        Response destroyed = http.delete("/groups/" + group.id() + ".xml")
                .host(account.host())
                .authorization(password(admin))
                .send();
        assertThat(destroyed.status()).isEqualTo(200);

        Response assignable = http.get("/api/v2/groups/assignable.json")
                .host(account.host())
                .as(admin)
                .send();
        Response joined = http.post("/api/v2/group_memberships.json")
                .host(account.host())
                .as(admin)
                .json("{\"group_membership\": {\"user_id\": " + id(bob) + ", \"group_id\": " + group.id() + "}}")
                .send();
        Response agentsSet = putXml(
                "/groups/" + group.id() + ".xml",
                "<group><agents type='array'><agent>" + id(bob) + "</agent></agents></group>",
                admin);

        List<Long> assignableIds = new ArrayList<>();
        assignable
                .json()
                .get("groups")
                .forEach(g -> assignableIds.add(g.get("id").asLong()));
        assertThat(assignable.status()).isEqualTo(200);
        assertThat(assignableIds).isNotEmpty().doesNotContain(group.id().value());
        assertThat(joined.status()).as(joined.body()).isEqualTo(422);
        assertThat(agentsSet.status()).as(agentsSet.body()).isEqualTo(422);
        assertThatThrownBy(() -> app.services()
                        .memberships()
                        .add(admin.caller(), new NewMembership(bob.agent().id(), group.id())))
                .isInstanceOf(ValidationException.class);
        assertThat(memberIds(group.id())).isEmpty();
        assertThat(group(group.id().value()).deleted()).isTrue();
    }

    @Test
    void destroyAnswersInThePathsFormatWithAnEmptyBody() {
        // given
        Group asXml = app.fixtures().group(account.id(), "Destroyed as XML");
        Group asJson = app.fixtures().group(account.id(), "Destroyed as JSON");

        // when
        Response xml = http.delete("/groups/" + asXml.id() + ".xml")
                .host(account.host())
                .authorization(password(admin))
                .send();
        Response json = http.delete("/groups/" + asJson.id() + ".json")
                .host(account.host())
                .authorization(password(admin))
                .send();

        // then: seed 002 documents 200 and no body
        assertThat(xml.status()).as(xml.body()).isEqualTo(200);
        assertThat(xml.header("Content-Type").orElseThrow()).startsWith("application/xml");
        assertThat(xml.body()).isEmpty();
        assertThat(json.status()).as(json.body()).isEqualTo(200);
        assertThat(json.header("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(json.body()).isEmpty();
        assertThat(group(asXml.id().value()).deleted()).isTrue();
        assertThat(group(asJson.id().value()).deleted()).isTrue();
    }

    @Test
    void destroyingTwiceStillAnswers200() {
        Group group = app.fixtures().group(account.id(), "Retired twice");
        http.delete("/groups/" + group.id() + ".xml")
                .host(account.host())
                .authorization(password(admin))
                .send();

        Response again = http.delete("/groups/" + group.id() + ".xml")
                .host(account.host())
                .authorization(password(admin))
                .send();

        assertThat(again.status()).isEqualTo(200);
        assertThat(group(group.id().value()).deleted()).isTrue();
    }

    @Test
    void refusesToDestroyTheAccountsDefaultGroup() {
        Group support = app.services().groups().accountDefault(admin.caller()).orElseThrow();

        Response response = http.delete("/groups/" + support.id() + ".xml")
                .host(account.host())
                .authorization(password(admin))
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(errors(response)).containsExactly("The default group of the account cannot be deleted");
        assertThat(group(support.id().value()).deleted()).isFalse();
    }

    @Test
    void refusesToDestroyAGroupThatIsAnAgentsDefault() {
        // given
        TestAgent erin = app.fixtures().agent(account.id(), Role.AGENT);
        Group home = app.fixtures().group(account.id(), "Erin's home");
        app.services()
                .memberships()
                .makeDefaultGroup(admin.caller(), erin.agent().id(), home.id());

        // when
        Response response = http.delete("/groups/" + home.id() + ".xml")
                .host(account.host())
                .authorization(password(admin))
                .send();

        // then: as Zendesk refuses it (reference §1.4), unlike Udesk, which moves the agent's default
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(errors(response))
                .containsExactly("This is the default group for one or more agents and cannot be deleted");
        assertThat(group(home.id().value()).deleted()).isFalse();
        assertThat(app.services()
                        .memberships()
                        .defaultGroupOf(admin.caller(), erin.agent().id()))
                .contains(home.id());
    }

    // ---- access -------------------------------------------------------------------------------------------------

    @Test
    void everyEndpointRefusesMissingCredentials() {
        Group group = app.fixtures().group(account.id(), "Guarded anonymous");
        app.fixtures().membership(account.id(), alice, group);
        List<String> before = groupNames(account);

        for (Endpoint endpoint : endpoints(group.id().value())) {
            Response response = endpoint.request().host(account.host()).send();

            assertThat(response.status()).as(endpoint.name()).isEqualTo(401);
            assertThat(response.header("WWW-Authenticate"))
                    .as(endpoint.name())
                    .contains("Basic realm=\"Web Password\"");
            assertThat(errors(response)).as(endpoint.name()).containsExactly("Couldn't authenticate you");
        }
        assertUntouched(group, "Guarded anonymous", alice);
        assertThat(groupNames(account)).isEqualTo(before);
    }

    @Test
    void everyEndpointRefusesWrongCredentials() {
        Group group = app.fixtures().group(account.id(), "Guarded wrong");
        app.fixtures().membership(account.id(), alice, group);
        TestAccount other = app.fixtures().account();
        TestAgent deleted = app.fixtures().agent(account.id(), Role.ADMIN);
        app.services().agents().delete(admin.caller(), deleted.agent().id());
        List<String> before = groupNames(account);
        List<String> wrongCredentials = List.of(
                Http.token(deleted),
                Http.basic(deleted.email(), deleted.password()),
                Http.basic(admin.email(), "not-the-password"),
                Http.basic(admin.email() + "/token", "not-the-token"),
                Http.basic(admin.email() + "/token", admin.password()),
                Http.basic("nobody@example.test", admin.password()),
                Http.basic(other.admin().email(), other.admin().password()),
                Http.token(other.admin()),
                "Basic !!not-base64!!",
                "Digest username=\"" + admin.email() + "\"");

        for (Endpoint endpoint : endpoints(group.id().value())) {
            for (String credential : wrongCredentials) {
                Response response = endpoint.request()
                        .host(account.host())
                        .authorization(credential)
                        .send();

                assertThat(response.status())
                        .as(endpoint.name() + " with " + credential)
                        .isEqualTo(401);
                assertThat(errors(response)).as(endpoint.name()).containsExactly("Couldn't authenticate you");
            }
        }
        assertUntouched(group, "Guarded wrong", alice);
        assertThat(groupNames(account)).isEqualTo(before);
    }

    @Test
    void agentsReadButCannotWrite() {
        Group group = app.fixtures().group(account.id(), "Read only classic");
        app.fixtures().membership(account.id(), alice, group);
        List<String> before = groupNames(account);

        for (Endpoint endpoint : endpoints(group.id().value())) {
            for (String credential : List.of(Http.token(agent), password(agent))) {
                Response response = endpoint.request()
                        .host(account.host())
                        .authorization(credential)
                        .send();

                if (endpoint.writes()) {
                    assertThat(response.status()).as(endpoint.name()).isEqualTo(403);
                    assertThat(errors(response))
                            .as(endpoint.name())
                            .containsExactly("You do not have access to this page");
                } else {
                    assertThat(response.status()).as(endpoint.name()).isEqualTo(200);
                }
            }
        }
        assertUntouched(group, "Read only classic", alice);
        assertThat(groupNames(account)).isEqualTo(before);
    }

    @Test
    void adminsMayUseEveryEndpoint() {
        List<String> before = groupNames(account);

        for (String format : List.of(".xml", ".json")) {
            for (String credential : List.of(Http.token(admin), password(admin))) {
                Group group = app.fixtures().group(account.id(), "Admin owned " + format + " " + System.nanoTime());
                app.fixtures().membership(account.id(), alice, group);
                for (Endpoint endpoint : endpoints(format, group.id().value())) {
                    Response response = endpoint.request()
                            .host(account.host())
                            .authorization(credential)
                            .send();

                    assertThat(response.status())
                            .as(endpoint.name() + " " + response.body())
                            .isEqualTo(endpoint.adminStatus());
                }
                Group stored = group(group.id().value());
                assertThat(stored.description()).isEqualTo("touched");
                assertThat(stored.deleted()).isTrue();
                assertThat(memberIds(group.id())).isEmpty();
            }
        }
        List<String> added = new ArrayList<>(groupNames(account));
        added.removeAll(before);
        assertThat(added).hasSize(4).allSatisfy(name -> assertThat(name).startsWith("Matrix "));
    }

    @Test
    void anotherAccountsGroupIsNotFound() {
        TestAccount other = app.fixtures().account();
        TestAgent theirAgent = app.fixtures().agent(other.id(), Role.AGENT);
        Group theirs = app.fixtures().group(other.id(), "Their classic group");
        app.fixtures().membership(other.id(), theirAgent, theirs);

        for (Endpoint endpoint : endpoints(theirs.id().value())) {
            if (!endpoint.path().contains("/" + theirs.id())) {
                continue;
            }
            for (TestAgent caller : List.of(admin, agent)) {
                Response response = endpoint.request()
                        .host(account.host())
                        .authorization(Http.token(caller))
                        .send();

                if (caller == agent && endpoint.writes()) {
                    // the role is checked before the group is looked up: an agent learns nothing of the id
                    assertThat(response.status()).as(endpoint.name()).isEqualTo(403);
                } else {
                    assertThat(response.status()).as(endpoint.name()).isEqualTo(404);
                    assertThat(errors(response)).as(endpoint.name()).containsExactly("Not found");
                }
            }
        }
        Group stored = app.services().groups().get(other.admin().caller(), theirs.id());
        assertThat(stored.name()).isEqualTo("Their classic group");
        assertThat(stored.description()).isNotEqualTo("touched");
        assertThat(stored.deleted()).isFalse();
        assertThat(members(other, theirs.id()))
                .containsExactly(theirAgent.agent().id());
        assertThat(groupNames(account)).doesNotContain("Their classic group");
    }

    @Test
    void agentsDoNotSeePrivateGroupsTheyAreNotIn() {
        Group secret = app.fixtures().privateGroup(account.id(), "Hidden classic");

        Response shown = http.get("/groups/" + secret.id() + ".xml")
                .host(account.host())
                .as(agent)
                .send();
        Response users = http.get("/groups/" + secret.id() + "/users.xml")
                .host(account.host())
                .as(agent)
                .send();
        Response listed = http.get("/groups.xml").host(account.host()).as(agent).send();
        Response asAdmin = http.get("/groups/" + secret.id() + ".xml")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(shown.status()).isEqualTo(404);
        assertThat(users.status()).isEqualTo(404);
        assertThat(XmlDocument.parse(listed).texts("/groups/group/name")).doesNotContain("Hidden classic");
        assertThat(asAdmin.status()).isEqualTo(200);
        assertThat(group(secret.id().value()).isPublic()).isFalse();
    }

    @Test
    void credentialsOfOneAccountDoNotOpenAnother() {
        TestAccount other = app.fixtures().account();
        List<String> before = groupNames(other);

        Response listed = http.get("/groups.xml")
                .host(other.host())
                .authorization(password(admin))
                .send();
        Response created = postXml(other.host(), "/groups.xml", "<group><name>Intruder</name></group>", admin);

        assertThat(listed.status()).isEqualTo(401);
        assertThat(created.status()).isEqualTo(401);
        assertThat(groupNames(other)).isEqualTo(before);
        assertThat(groupNames(account)).doesNotContain("Intruder");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private record Endpoint(
            String method, String path, String contentType, String body, boolean writes, int adminStatus) {
        String name() {
            return method + " " + path;
        }

        Http.Request request() {
            Http.Request request =
                    switch (method) {
                        case "GET" -> http.get(path);
                        case "POST" -> http.post(path);
                        case "PUT" -> http.put(path);
                        default -> http.delete(path);
                    };
            return body == null ? request : request.body(contentType, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    /** Every route of the classic API, in both formats, aimed at group {@code id}. */
    private static List<Endpoint> endpoints(long id) {
        List<Endpoint> endpoints = new ArrayList<>(endpoints(".xml", id));
        endpoints.addAll(endpoints(".json", id));
        return endpoints;
    }

    /** Reads first, then create, update and destroy, so an admin can call them in order on one group. */
    private static List<Endpoint> endpoints(String format, long id) {
        boolean xml = format.equals(".xml");
        String type = xml ? "application/xml" : "application/json";
        String name = "Matrix " + format + " " + System.nanoTime();
        return List.of(
                new Endpoint("GET", "/groups" + format, null, null, false, 200),
                new Endpoint("GET", "/groups/" + id + format, null, null, false, 200),
                new Endpoint("GET", "/groups/" + id + "/users" + format, null, null, false, 200),
                new Endpoint(
                        "POST",
                        "/groups" + format,
                        type,
                        xml ? "<group><name>" + name + "</name></group>" : "{\"group\":{\"name\":\"" + name + "\"}}",
                        true,
                        201),
                new Endpoint(
                        "PUT",
                        "/groups/" + id + format,
                        type,
                        xml
                                ? "<group><description>touched</description><agents type='array'></agents></group>"
                                : "{\"group\":{\"description\":\"touched\",\"agents\":[]}}",
                        true,
                        200),
                new Endpoint("DELETE", "/groups/" + id + format, null, null, true, 200));
    }

    /** The messages of a classic error body: {@code <errors><error>…} or {@code {"errors": [...]}}. */
    private static List<String> errors(Response response) {
        String type = response.header("Content-Type").orElse("");
        if (type.startsWith("application/json")) {
            List<String> errors = new ArrayList<>();
            response.json().get("errors").forEach(error -> errors.add(error.asString()));
            return errors;
        }
        assertThat(type).startsWith("application/xml");
        XmlDocument xml = XmlDocument.parse(response);
        assertThat(xml.rootName()).isEqualTo("errors");
        return xml.texts("/errors/error");
    }

    private static void assertUntouched(Group group, String name, TestAgent... members) {
        Group stored = group(group.id().value());
        assertThat(stored.name()).isEqualTo(name);
        assertThat(stored.description()).isNotEqualTo("touched");
        assertThat(stored.deleted()).isFalse();
        assertThat(memberIds(group.id())).containsExactlyInAnyOrder(agentIds(members));
    }

    private static Response postXml(String path, String body, TestAgent caller) {
        return postXml(account.host(), path, body, caller);
    }

    private static Response postXml(String host, String path, String body, TestAgent caller) {
        return http.post(path)
                .host(host)
                .authorization(password(caller))
                .body("application/xml", body.getBytes(StandardCharsets.UTF_8))
                .send();
    }

    private static Response putXml(String path, String body, TestAgent caller) {
        return http.put(path)
                .host(account.host())
                .authorization(password(caller))
                .body("application/xml", body.getBytes(StandardCharsets.UTF_8))
                .send();
    }

    private static String password(TestAgent caller) {
        return Http.basic(caller.email(), caller.password());
    }

    private static Group group(long id) {
        return app.services().groups().get(admin.caller(), new GroupId(id));
    }

    /** The group's members, read back through the membership service. */
    private static Set<AgentId> memberIds(GroupId group) {
        return members(account, group);
    }

    private static Set<AgentId> members(TestAccount owner, GroupId group) {
        return app
                .services()
                .memberships()
                .list(owner.admin().caller(), MembershipFilter.ofGroup(group), PageRequest.first(PageRequest.MAX_SIZE))
                .items()
                .stream()
                .map(Membership::agentId)
                .collect(Collectors.toSet());
    }

    /** The names of the live groups of an account, read back through the group service. */
    private static List<String> groupNames(TestAccount owner) {
        return app
                .services()
                .groups()
                .list(
                        owner.admin().caller(),
                        GroupService.Scope.ALL,
                        false,
                        PageRequest.offset(1, PageRequest.MAX_SIZE))
                .items()
                .stream()
                .map(Group::name)
                .toList();
    }

    /** A seed 002 request with real agent ids in place of its 43 and 67, in one pass so no id is rewritten twice. */
    private static String withAgents(String seed, TestAgent first, TestAgent... second) {
        return Pattern.compile("\\b(43|67)\\b")
                .matcher(seed)
                .replaceAll(match -> match.group().equals("43") ? id(first) : id(second[0]));
    }

    private static String id(TestAgent agent) {
        return Long.toString(agent.agent().id().value());
    }

    private static String[] ids(TestAgent... agents) {
        return Arrays.stream(agents).map(ZendeskXmlGroupsApiTest::id).toArray(String[]::new);
    }

    private static AgentId[] agentIds(TestAgent... agents) {
        return Arrays.stream(agents).map(a -> a.agent().id()).toArray(AgentId[]::new);
    }
}
