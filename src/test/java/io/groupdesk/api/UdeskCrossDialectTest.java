package io.groupdesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import io.groupdesk.testing.UdeskSigner;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/** A group managed through the Udesk open API is the same group, with the same members, through Zendesk v2. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class UdeskCrossDialectTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;
    private static TestAccount account;
    private static TestAgent admin;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
        account = app.fixtures().account();
        admin = account.admin();
    }

    @Test
    void groupCreatedAndFilledThroughUdeskHasTheSameMembersThroughZendesk() {
        TestAgent alice = app.fixtures().agent(account.id(), Role.AGENT);
        TestAgent bob = app.fixtures().agent(account.id(), Role.AGENT);
        TestAgent carol = app.fixtures().agent(account.id(), Role.AGENT);
        long groupId = udeskCreateGroup("Escalations");

        udeskSetGroups(alice, groupId);
        udeskSetGroups(bob, groupId);
        Response zendeskGroup = http.get("/api/v2/groups/" + groupId + ".json")
                .host(account.host())
                .as(admin)
                .send();
        Response zendeskMembers = http.get("/api/v2/groups/" + groupId + "/memberships.json")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(zendeskGroup.status()).isEqualTo(200);
        assertThat(zendeskGroup.json().get("group").get("name").asString()).isEqualTo("Escalations");
        assertThat(zendeskMembers.status()).as(zendeskMembers.body()).isEqualTo(200);
        JsonNode memberships = zendeskMembers.json().get("group_memberships");
        assertThat(userIds(memberships))
                .containsExactlyInAnyOrder(
                        alice.agent().id().value(), bob.agent().id().value())
                .doesNotContain(carol.agent().id().value());
        memberships.forEach(m -> assertThat(m.get("group_id").asLong()).isEqualTo(groupId));
        assertThat(userIds(memberships)).containsExactlyInAnyOrderElementsOf(coreMembers(groupId));
        assertThat(udeskAgentIds(groupId)).containsExactlyInAnyOrderElementsOf(userIds(memberships));
    }

    @Test
    void membershipAddedThroughZendeskShowsInUdeskAndUdeskReplacementShowsInZendesk() {
        TestAgent dave = app.fixtures().agent(account.id(), Role.AGENT);
        TestAgent erin = app.fixtures().agent(account.id(), Role.AGENT);
        long groupId = udeskCreateGroup("Billing");
        long otherGroupId = udeskCreateGroup("Refunds");
        udeskSetGroups(dave, groupId);

        Response added = http.post("/api/v2/group_memberships.json")
                .host(account.host())
                .as(admin)
                .json("{\"group_membership\": {\"user_id\": "
                        + erin.agent().id().value() + ", \"group_id\": " + groupId + "}}")
                .send();

        assertThat(added.status()).as(added.body()).isEqualTo(201);
        assertThat(udeskAgentIds(groupId))
                .containsExactlyInAnyOrder(
                        dave.agent().id().value(), erin.agent().id().value());

        udeskSetGroups(erin, otherGroupId);

        assertThat(zendeskMemberIds(groupId)).containsExactly(dave.agent().id().value());
        assertThat(zendeskMemberIds(otherGroupId))
                .containsExactly(erin.agent().id().value());
        assertThat(coreMembers(groupId)).containsExactly(dave.agent().id().value());
        Set<Long> erinsGroups = app
                .services()
                .memberships()
                .ofAgent(admin.caller(), erin.agent().id())
                .stream()
                .map(m -> m.groupId().value())
                .collect(Collectors.toSet());
        assertThat(erinsGroups).containsExactly(otherGroupId);
    }

    @Test
    void groupRenamedAndDeletedThroughUdeskIsRenamedAndDeletedThroughZendesk() {
        TestAgent frank = app.fixtures().agent(account.id(), Role.AGENT);
        long groupId = udeskCreateGroup("Hardware");
        udeskSetGroups(frank, groupId);

        Response renamed = udesk("PUT", "/user_groups/" + groupId, "{\"name\": \"Hardware and ICP\"}");
        String nameThroughZendesk = http.get("/api/v2/groups/" + groupId + ".json")
                .host(account.host())
                .as(admin)
                .send()
                .json()
                .get("group")
                .get("name")
                .asString();
        Response deleted = udesk("DELETE", "/user_groups/" + groupId, null);

        assertThat(renamed.json().get("code").asInt()).isEqualTo(1000);
        assertThat(nameThroughZendesk).isEqualTo("Hardware and ICP");
        assertThat(deleted.json().get("code").asInt()).isEqualTo(1000);
        assertThat(zendeskMemberIds(groupId)).isEmpty();
        assertThat(app.services()
                        .groups()
                        .get(admin.caller(), new GroupId(groupId))
                        .deleted())
                .isTrue();
        Response list =
                http.get("/api/v2/groups.json").host(account.host()).as(admin).send();
        List<Long> listed = new ArrayList<>();
        list.json().get("groups").forEach(g -> listed.add(g.get("id").asLong()));
        assertThat(listed).doesNotContain(groupId);
    }

    @Test
    void agentMovedBetweenGroupsThroughUdeskKeepsExactlyOneDefaultGroupThroughZendesk() {
        TestAgent grace = app.fixtures().agent(account.id(), Role.AGENT);
        long support = app.services()
                .groups()
                .accountDefault(Caller.system(account.id()))
                .orElseThrow()
                .id()
                .value();
        long tier1 = udeskCreateGroup("Tier 1");
        long tier2 = udeskCreateGroup("Tier 2");
        long tier3 = udeskCreateGroup("Tier 3");
        udeskSetGroups(grace, support, tier1, tier2);

        udeskSetGroups(grace, tier2, tier3);
        Response memberships = http.get("/api/v2/users/" + grace.agent().id().value() + "/group_memberships.json")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(memberships.status()).as(memberships.body()).isEqualTo(200);
        List<Long> groups = new ArrayList<>();
        List<Long> defaults = new ArrayList<>();
        memberships.json().get("group_memberships").forEach(m -> {
            groups.add(m.get("group_id").asLong());
            if (m.get("default").asBoolean()) {
                defaults.add(m.get("group_id").asLong());
            }
        });
        assertThat(groups).containsExactlyInAnyOrder(tier2, tier3);
        assertThat(defaults).as(memberships.body()).hasSize(1);
        assertThat(app.services()
                        .memberships()
                        .defaultGroupOf(admin.caller(), grace.agent().id()))
                .isPresent();
    }

    private static long udeskCreateGroup(String name) {
        Response response = udesk("POST", "/user_groups", "{\"name\": \"" + name + "\"}");
        assertThat(response.json().get("code").asInt()).as(response.body()).isEqualTo(1000);
        return response.json().get("id").asLong();
    }

    private static void udeskSetGroups(TestAgent agent, long... groupIds) {
        String ids = Arrays.stream(groupIds).mapToObj(Long::toString).collect(Collectors.joining(", "));
        Response response = udesk(
                "PUT", "/agents/" + agent.agent().id().value(), "{\"agent\": {\"user_group_ids\": [" + ids + "]}}");
        assertThat(response.json().get("code").asInt()).as(response.body()).isEqualTo(1000);
    }

    private static List<Long> udeskAgentIds(long groupId) {
        Response response = udesk("GET", "/user_groups/" + groupId + "/agents?per_page=100", null);
        assertThat(response.json().get("code").asInt()).as(response.body()).isEqualTo(1000);
        List<Long> ids = new ArrayList<>();
        response.json()
                .get("user_group")
                .get("agents")
                .forEach(a -> ids.add(a.get("id").asLong()));
        return ids;
    }

    private static List<Long> zendeskMemberIds(long groupId) {
        Response response = http.get("/api/v2/groups/" + groupId + "/memberships.json")
                .host(account.host())
                .as(admin)
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return userIds(response.json().get("group_memberships"));
    }

    private static List<Long> userIds(JsonNode memberships) {
        List<Long> ids = new ArrayList<>();
        memberships.forEach(m -> ids.add(m.get("user_id").asLong()));
        return ids;
    }

    private static Set<Long> coreMembers(long groupId) {
        return app
                .services()
                .memberships()
                .ofGroups(Caller.system(account.id()), List.of(new GroupId(groupId)))
                .stream()
                .map(m -> m.agentId().value())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Response udesk(String method, String path, String body) {
        String separator = path.contains("?") ? "&" : "?";
        String target = "/open_api_v1" + path + separator
                + UdeskSigner.v2(admin.email(), admin.token()).query();
        Http.Request request =
                switch (method) {
                    case "GET" -> http.get(target);
                    case "POST" -> http.post(target);
                    case "PUT" -> http.put(target);
                    case "DELETE" -> http.delete(target);
                    default -> throw new IllegalArgumentException(method);
                };
        request.host(account.host());
        if (body != null) {
            request.json(body);
        }
        Response response = request.send();
        assertThat(response.status()).isEqualTo(200);
        return response;
    }
}
