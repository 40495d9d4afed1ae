package io.groupdesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.groups.GroupService;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.MembershipFilter;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import io.groupdesk.testing.XmlDocument;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
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

/**
 * One group's life driven through the Zendesk v2 JSON API and the classic XML API in turn: both must report the same
 * groups, the same members and the same deleted state, which are the core's.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class CrossDialectGroupsTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
    }

    /** A group as either API shows it, in core terms. */
    private record GroupView(long id, String name, boolean deleted) {}

    @Test
    void bothApisReportTheSameGroupsAndMembersThroughAGroupsLife() {
        TestAccount account = app.fixtures().account();
        TestAgent admin = account.admin();
        long alice = createAgentV2(account, "Alice Cross", "alice.cross@example.test");
        long bob = createAgentV2(account, "Bob Cross", "bob.cross@example.test");
        long carol = createAgentV2(account, "Carol Cross", "carol.cross@example.test");
        long billing = createGroupV2(account, "Cross billing");
        long group = createGroupV2(account, "Cross support");

        Response membersSet = http.put("/groups/" + group + ".xml")
                .host(account.host())
                .authorization(Http.basic(admin.email(), admin.password()))
                .body(
                        "application/xml",
                        ("<group><agents type='array'><agent>" + alice + "</agent><agent>" + bob
                                        + "</agent></agents></group>")
                                .getBytes(StandardCharsets.UTF_8))
                .send();
        Response renamed = http.put("/api/v2/groups/" + group + ".json")
                .host(account.host())
                .as(admin)
                .json("{\"group\": {\"name\": \"Cross tier 2\"}}")
                .send();

        assertThat(membersSet.status()).as(membersSet.body()).isEqualTo(200);
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        Set<GroupView> throughV2 = groupsV2(account, false);
        Set<GroupView> throughXml = groupsXml(account);
        assertThat(throughV2)
                .isEqualTo(throughXml)
                .isEqualTo(groupsInCore(account, false))
                .contains(new GroupView(group, "Cross tier 2", false), new GroupView(billing, "Cross billing", false))
                .extracting(GroupView::name)
                .doesNotContain("Cross support");
        assertThat(showV2(account, group)).isEqualTo(showXml(account, group));
        Set<Long> expectedMembers = Set.of(alice, bob);
        assertThat(membersXmlShow(account, group)).isEqualTo(expectedMembers);
        assertThat(membersXmlUsers(account, group)).isEqualTo(expectedMembers);
        assertThat(membersV2Users(account, group)).isEqualTo(expectedMembers);
        assertThat(membersV2Memberships(account, group)).isEqualTo(expectedMembers);
        assertThat(membersInCore(account, group)).isEqualTo(expectedMembers).doesNotContain(carol);
        assertThat(membersXmlShow(account, billing)).isEmpty();
        assertThat(membersV2Users(account, billing)).isEmpty();

        Response destroyed = http.delete("/groups/" + group + ".xml")
                .host(account.host())
                .authorization(Http.basic(admin.email(), admin.password()))
                .send();

        assertThat(destroyed.status()).as(destroyed.body()).isEqualTo(200);
        JsonNode shownV2 = http.get("/api/v2/groups/" + group + ".json")
                .host(account.host())
                .as(admin)
                .send()
                .json()
                .get("group");
        assertThat(shownV2.get("deleted").asBoolean()).isTrue();
        assertThat(shownV2.get("name").asString()).isEqualTo("Cross tier 2");
        assertThat(showXml(account, group)).isEqualTo(new GroupView(group, "Cross tier 2", true));
        assertThat(showV2(account, group)).isEqualTo(showXml(account, group));
        assertThat(groupsV2(account, true))
                .isEqualTo(groupsInCore(account, true))
                .contains(new GroupView(group, "Cross tier 2", true));
        assertThat(groupsV2(account, false))
                .isEqualTo(groupsXml(account))
                .isEqualTo(groupsInCore(account, false))
                .extracting(GroupView::id)
                .doesNotContain(group);
        assertThat(membersV2Memberships(account, group)).isEmpty();
        assertThat(membersXmlShow(account, group)).isEmpty();
        assertThat(membersInCore(account, group)).isEmpty();
        assertThat(app.services()
                        .groups()
                        .get(admin.caller(), new GroupId(group))
                        .deleted())
                .isTrue();
    }

    @Test
    void aGroupCreatedThroughXmlIsTheSameGroupThroughV2() {
        TestAccount account = app.fixtures().account();
        TestAgent admin = account.admin();
        long dora = createAgentV2(account, "Dora Cross", "dora.cross@example.test");

        Response created = http.post("/groups.xml")
                .host(account.host())
                .as(admin)
                .body(
                        "application/xml",
                        ("<group><name>Made in XML</name><agents>" + dora + "</agents></group>")
                                .getBytes(StandardCharsets.UTF_8))
                .send();

        assertThat(created.status()).as(created.body()).isEqualTo(201);
        long id = Long.parseLong(XmlDocument.parse(created).text("/group/id"));
        assertThat(showV2(account, id)).isEqualTo(new GroupView(id, "Made in XML", false));
        assertThat(showV2(account, id)).isEqualTo(showXml(account, id));
        assertThat(groupsV2(account, false)).isEqualTo(groupsXml(account));
        assertThat(membersV2Users(account, id)).containsExactly(dora);
        assertThat(membersV2Memberships(account, id)).containsExactly(dora);
        assertThat(membersInCore(account, id)).containsExactly(dora);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static long createAgentV2(TestAccount account, String name, String email) {
        Response response = http.post("/api/v2/users.json")
                .host(account.host())
                .as(account.admin())
                .json("{\"user\": {\"name\": \"" + name + "\", \"email\": \"" + email + "\", \"role\": \"agent\"}}")
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("user").get("id").asLong();
    }

    private static long createGroupV2(TestAccount account, String name) {
        Response response = http.post("/api/v2/groups.json")
                .host(account.host())
                .as(account.admin())
                .json("{\"group\": {\"name\": \"" + name + "\"}}")
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("group").get("id").asLong();
    }

    private static Set<GroupView> groupsV2(TestAccount account, boolean withDeleted) {
        Response response = http.get("/api/v2/groups.json?per_page=100&exclude_deleted=" + !withDeleted)
                .host(account.host())
                .as(account.admin())
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Set<GroupView> groups = new HashSet<>();
        response.json().get("groups").forEach(group -> groups.add(viewOfV2(group)));
        return groups;
    }

    private static Set<GroupView> groupsXml(TestAccount account) {
        Response response =
                http.get("/groups.xml").host(account.host()).as(account.admin()).send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        XmlDocument xml = XmlDocument.parse(response);
        Set<GroupView> groups = new HashSet<>();
        for (int i = 1; i <= xml.count("/groups/group"); i++) {
            groups.add(viewOfXml(xml, "/groups/group[" + i + "]"));
        }
        assertThat(xml.attribute("/groups", "count")).isEqualTo(Integer.toString(groups.size()));
        return groups;
    }

    private static Set<GroupView> groupsInCore(TestAccount account, boolean withDeleted) {
        return app
                .services()
                .groups()
                .list(
                        account.admin().caller(),
                        GroupService.Scope.ALL,
                        withDeleted,
                        PageRequest.offset(1, PageRequest.MAX_SIZE))
                .items()
                .stream()
                .map(group -> new GroupView(group.id().value(), group.name(), group.deleted()))
                .collect(Collectors.toSet());
    }

    private static GroupView showV2(TestAccount account, long id) {
        Response response = http.get("/api/v2/groups/" + id + ".json")
                .host(account.host())
                .as(account.admin())
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return viewOfV2(response.json().get("group"));
    }

    private static GroupView showXml(TestAccount account, long id) {
        Response response = http.get("/groups/" + id + ".xml")
                .host(account.host())
                .as(account.admin())
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return viewOfXml(XmlDocument.parse(response), "/group");
    }

    private static GroupView viewOfV2(JsonNode group) {
        return new GroupView(
                group.get("id").asLong(),
                group.get("name").asString(),
                group.get("deleted").asBoolean());
    }

    private static GroupView viewOfXml(XmlDocument xml, String path) {
        assertThat(xml.attribute(path + "/is-active", "type")).isEqualTo("boolean");
        String active = xml.text(path + "/is-active");
        boolean deleted =
                switch (active) {
                    case "true" -> false;
                    case "false" -> true;
                    default -> throw new AssertionError("is-active is not a Rails boolean: " + active);
                };
        return new GroupView(Long.parseLong(xml.text(path + "/id")), xml.text(path + "/name"), deleted);
    }

    private static Set<Long> membersXmlShow(TestAccount account, long group) {
        Response response = http.get("/groups/" + group + ".xml")
                .host(account.host())
                .as(account.admin())
                .send();
        return XmlDocument.parse(response).texts("/group/users/user/id").stream()
                .map(Long::parseLong)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<Long> membersXmlUsers(TestAccount account, long group) {
        Response response = http.get("/groups/" + group + "/users.xml")
                .host(account.host())
                .as(account.admin())
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return XmlDocument.parse(response).texts("/users/user/id").stream()
                .map(Long::parseLong)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static Set<Long> membersV2Users(TestAccount account, long group) {
        Response response = http.get("/api/v2/groups/" + group + "/users.json")
                .host(account.host())
                .as(account.admin())
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Set<Long> members = new TreeSet<>();
        response.json().get("users").forEach(user -> members.add(user.get("id").asLong()));
        return members;
    }

    private static Set<Long> membersV2Memberships(TestAccount account, long group) {
        Response response = http.get("/api/v2/groups/" + group + "/memberships.json")
                .host(account.host())
                .as(account.admin())
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        List<Long> members = new ArrayList<>();
        response.json().get("group_memberships").forEach(m -> {
            assertThat(m.get("group_id").asLong()).isEqualTo(group);
            members.add(m.get("user_id").asLong());
        });
        assertThat(members).doesNotHaveDuplicates();
        return new TreeSet<>(members);
    }

    private static Set<Long> membersInCore(TestAccount account, long group) {
        return app
                .services()
                .memberships()
                .list(
                        account.admin().caller(),
                        MembershipFilter.ofGroup(new GroupId(group)),
                        PageRequest.first(PageRequest.MAX_SIZE))
                .items()
                .stream()
                .map(Membership::agentId)
                .map(AgentId::value)
                .collect(Collectors.toCollection(TreeSet::new));
    }
}
