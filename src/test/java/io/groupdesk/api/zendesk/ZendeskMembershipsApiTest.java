package io.groupdesk.api.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.groups.Group;
import io.groupdesk.jobs.Job;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.MembershipFilter;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.MembershipId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
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
class ZendeskMembershipsApiTest {
    private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;
    private static TestAccount account;
    private static TestAgent admin;
    private static TestAgent agent;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
        account = app.fixtures().account();
        admin = account.admin();
        agent = app.fixtures().agent(account.id(), Role.AGENT);
    }

    // ---- create -------------------------------------------------------------------------------------------------

    @Test
    void createsMembershipWithLocation() {
        TestAgent member = newAgent();
        Group group = newGroup("Tier 2");

        Response response = http.post("/api/v2/group_memberships.json")
                .host(account.host())
                .as(admin)
                .json(membershipBody(member, group))
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode membership = response.json().get("group_membership");
        long id = membership.get("id").asLong();
        String url = "http://" + account.host() + "/api/v2/group_memberships/" + id + ".json";
        assertThat(response.header("Location")).contains(url);
        assertThat(membership.get("url").asString()).isEqualTo(url);
        assertThat(membership.get("user_id").asLong())
                .isEqualTo(member.agent().id().value());
        assertThat(membership.get("group_id").asLong()).isEqualTo(group.id().value());
        assertThat(membership.get("default").asBoolean()).isFalse();
        assertThat(membership.get("created_at").asString()).matches(TIMESTAMP);
        assertThat(membership.get("updated_at").asString()).matches(TIMESTAMP);
        Membership stored = app.services().memberships().get(admin.caller(), new MembershipId(id), Optional.empty());
        assertThat(stored.agentId()).isEqualTo(member.agent().id());
        assertThat(stored.groupId()).isEqualTo(group.id());
        assertThat(stored.isDefault()).isFalse();
    }

    @Test
    void createsMembershipWithoutJsonSuffix() {
        TestAgent member = newAgent();
        Group group = newGroup("Bare create");

        Response response = http.post("/api/v2/group_memberships")
                .host(account.host())
                .as(admin)
                .json(membershipBody(member, group))
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(groupsOf(member)).contains(group.id());
    }

    @Test
    void createsMembershipForTheUserInThePath() {
        TestAgent member = newAgent();
        Group group = newGroup("User scoped");
        Group other = newGroup("User scoped bare");

        Response withSuffix = http.post("/api/v2/users/" + id(member) + "/group_memberships.json")
                .host(account.host())
                .as(admin)
                .json("{\"group_membership\": {\"group_id\": " + group.id().value() + "}}")
                .send();
        Response bare = http.post("/api/v2/users/" + id(member) + "/group_memberships")
                .host(account.host())
                .as(admin)
                .json("{\"group_membership\": {\"user_id\": " + id(agent) + ", \"group_id\": "
                        + other.id().value() + "}}")
                .send();

        assertThat(withSuffix.status()).as(withSuffix.body()).isEqualTo(201);
        assertThat(withSuffix.json().get("group_membership").get("user_id").asLong())
                .isEqualTo(id(member));
        assertThat(withSuffix.header("Location")).isPresent();
        assertThat(bare.status()).as(bare.body()).isEqualTo(201);
        assertThat(bare.json().get("group_membership").get("user_id").asLong())
                .as("the path's user wins over the body's")
                .isEqualTo(id(member));
        assertThat(groupsOf(member)).contains(group.id(), other.id());
        assertThat(groupsOf(agent)).doesNotContain(other.id());
    }

    @Test
    void refusesDuplicateMembership() {
        TestAgent member = newAgent();
        Group group = newGroup("Once only");
        app.fixtures().membership(account.id(), member, group);

        Response response = http.post("/api/v2/group_memberships.json")
                .host(account.host())
                .as(admin)
                .json(membershipBody(member, group))
                .send();

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("error").asString()).isEqualTo("RecordInvalid");
        assertThat(response.json()
                        .get("details")
                        .get("group_id")
                        .get(0)
                        .get("error")
                        .asString())
                .isEqualTo("DuplicateValue");
        assertThat(groupsOf(member).stream().filter(group.id()::equals)).hasSize(1);
    }

    @Test
    void refusesMembershipOfDeletedAgentOrDeletedGroup() {
        TestAgent leaver = newAgent();
        app.services().agents().delete(admin.caller(), leaver.agent().id());
        TestAgent member = newAgent();
        Group live = newGroup("Live");
        Group gone = newGroup("Gone");
        app.services().groups().delete(admin.caller(), gone.id());

        Response deletedAgent = create(membershipBody(leaver, live));
        Response deletedGroup = create(membershipBody(member, gone));

        assertThat(deletedAgent.status()).isEqualTo(422);
        assertThat(deletedAgent.json().get("details").has("user_id")).isTrue();
        assertThat(deletedGroup.status()).isEqualTo(422);
        assertThat(deletedGroup.json().get("details").has("group_id")).isTrue();
        assertThat(membersOf(live)).isEmpty();
        assertThat(groupsOf(member)).doesNotContain(gone.id());
    }

    @Test
    void refusesMembershipAcrossAccounts() {
        TestAccount other = app.fixtures().account();
        TestAgent stranger = app.fixtures().agent(other.id(), Role.AGENT);
        Group theirGroup = app.fixtures().group(other.id(), "Theirs " + SEQUENCE.incrementAndGet());
        TestAgent member = newAgent();
        Group ours = newGroup("Ours");

        Response theirAgent = create(membershipBody(stranger, ours));
        Response theirGroupResponse = create(membershipBody(member, theirGroup));

        assertThat(theirAgent.status()).isEqualTo(422);
        assertThat(theirAgent.json().get("details").has("user_id")).isTrue();
        assertThat(theirGroupResponse.status()).isEqualTo(422);
        assertThat(theirGroupResponse.json().get("details").has("group_id")).isTrue();
        assertThat(membersOf(ours)).isEmpty();
        assertThat(app.services()
                        .memberships()
                        .list(other.admin().caller(), MembershipFilter.ofGroup(theirGroup.id()), PageRequest.first(100))
                        .items())
                .isEmpty();
    }

    @Test
    void refusesMembershipWithoutGroupOrWrapper() {
        TestAgent member = newAgent();

        Response noGroup = create("{\"group_membership\": {\"user_id\": " + id(member) + "}}");
        Response unwrapped = create("{\"user_id\": " + id(member) + ", \"group_id\": 1}");

        assertThat(noGroup.status()).isEqualTo(422);
        assertThat(noGroup.json()
                        .get("details")
                        .get("group_id")
                        .get(0)
                        .get("error")
                        .asString())
                .isEqualTo("BlankValue");
        assertThat(unwrapped.status()).isEqualTo(422);
        assertThat(groupsOf(member)).hasSize(1);
    }

    // ---- defaults -----------------------------------------------------------------------------------------------

    @Test
    void anAgentsFirstMembershipBecomesItsDefault() {
        TestAgent member = newAgent();
        Membership initial = memberships(member).get(0);
        app.services().memberships().remove(admin.caller(), initial.id(), Optional.empty());
        Group first = newGroup("First home");
        Group second = newGroup("Second home");

        Response firstResponse = create(membershipBody(member, first));
        Response secondResponse = create(membershipBody(member, second));

        assertThat(firstResponse.json().get("group_membership").get("default").asBoolean())
                .isTrue();
        assertThat(secondResponse.json().get("group_membership").get("default").asBoolean())
                .isFalse();
        assertThat(app.services()
                        .memberships()
                        .defaultGroupOf(admin.caller(), member.agent().id()))
                .contains(first.id());
    }

    @Test
    void makeDefaultAnswersEveryMembershipOfTheUserUnderBothKeys() {
        TestAgent member = newAgent();
        Group group = newGroup("New home");
        Membership chosen = app.fixtures().membership(account.id(), member, group);

        Response response = http.put("/api/v2/users/" + id(member) + "/group_memberships/"
                        + chosen.id().value() + "/make_default.json")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        for (String key : List.of("group_memberships", "results")) {
            JsonNode listed = response.json().get(key);
            assertThat(listed).as(key).hasSize(2);
            List<Long> defaults = new ArrayList<>();
            listed.forEach(m -> {
                assertThat(m.get("user_id").asLong()).isEqualTo(id(member));
                if (m.get("default").asBoolean()) {
                    defaults.add(m.get("id").asLong());
                }
            });
            assertThat(defaults).as(key).containsExactly(chosen.id().value());
        }
        assertThat(memberships(member))
                .filteredOn(Membership::isDefault)
                .extracting(Membership::id)
                .containsExactly(chosen.id());
        assertThat(app.services()
                        .memberships()
                        .defaultGroupOf(admin.caller(), member.agent().id()))
                .contains(group.id());
    }

    @Test
    void makeDefaultWorksWithoutJsonSuffixAndWithTheJavaClientsBody() {
        TestAgent member = newAgent();
        Membership chosen = app.fixtures().membership(account.id(), member, newGroup("Java home"));

        Response response = http.put("/api/v2/users/" + id(member) + "/group_memberships/"
                        + chosen.id().value() + "/make_default")
                .host(account.host())
                .as(admin)
                .json("{\"group_memberships\":{\"id\":" + chosen.id().value() + ",\"user_id\":" + id(member)
                        + ",\"default\":false}}")
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(memberships(member))
                .filteredOn(Membership::isDefault)
                .extracting(Membership::id)
                .containsExactly(chosen.id());
    }

    @Test
    void makeDefaultRefusesAnotherUsersMembership() {
        TestAgent member = newAgent();
        TestAgent someoneElse = newAgent();
        Membership theirs = app.fixtures().membership(account.id(), someoneElse, newGroup("Not yours"));

        Response response = http.put("/api/v2/users/" + id(member) + "/group_memberships/"
                        + theirs.id().value() + "/make_default.json")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("error").asString()).isEqualTo("RecordNotFound");
        assertThat(memberships(someoneElse))
                .filteredOn(Membership::isDefault)
                .extracting(Membership::id)
                .doesNotContain(theirs.id());
    }

    @Test
    void agentMayMakeItsOwnMembershipDefaultButNoOneElses() {
        TestAgent self = newAgent();
        TestAgent colleague = newAgent();
        Group group = newGroup("Self service");
        Membership own = app.fixtures().membership(account.id(), self, group);
        Membership colleagues = app.fixtures().membership(account.id(), colleague, group);

        Response ownResponse = http.put("/api/v2/users/" + id(self) + "/group_memberships/"
                        + own.id().value() + "/make_default.json")
                .host(account.host())
                .as(self)
                .send();
        Response colleagueResponse = http.put("/api/v2/users/" + id(colleague) + "/group_memberships/"
                        + colleagues.id().value() + "/make_default.json")
                .host(account.host())
                .as(self)
                .send();

        assertThat(ownResponse.status()).as(ownResponse.body()).isEqualTo(200);
        assertThat(colleagueResponse.status()).isEqualTo(403);
        assertThat(colleagueResponse.json().get("error").get("title").asString())
                .isEqualTo("Forbidden");
        assertThat(app.services()
                        .memberships()
                        .defaultGroupOf(admin.caller(), self.agent().id()))
                .contains(group.id());
        assertThat(app.services()
                        .memberships()
                        .defaultGroupOf(admin.caller(), colleague.agent().id()))
                .contains(support().id());
    }

    @Test
    void removingTheDefaultMovesItToTheOldestRemainingMembership() {
        TestAgent member = newAgent();
        Membership oldest = memberships(member).get(0);
        Membership middle = app.fixtures().membership(account.id(), member, newGroup("Middle"));
        Membership newest = app.fixtures().membership(account.id(), member, newGroup("Newest"));
        makeDefault(member, newest);

        Response response = http.delete("/api/v2/users/" + id(member) + "/group_memberships/"
                        + newest.id().value() + ".json")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(response.status()).isEqualTo(204);
        List<Membership> remaining = memberships(member);
        assertThat(remaining).extracting(Membership::id).containsExactly(oldest.id(), middle.id());
        assertThat(remaining)
                .filteredOn(Membership::isDefault)
                .extracting(Membership::id)
                .containsExactly(oldest.id());

        http.delete("/api/v2/group_memberships/" + oldest.id().value() + ".json")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(memberships(member)).singleElement().satisfies(m -> {
            assertThat(m.id()).isEqualTo(middle.id());
            assertThat(m.isDefault()).isTrue();
        });
    }

    // ---- delete -------------------------------------------------------------------------------------------------

    @Test
    void deletesMembershipInEveryForm() {
        TestAgent member = newAgent();
        Membership home = memberships(member).get(0);
        List<Membership> created = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            created.add(app.fixtures().membership(account.id(), member, newGroup("Deleted form " + i)));
        }
        List<String> paths = List.of(
                "/api/v2/group_memberships/" + created.get(0).id().value() + ".json",
                "/api/v2/group_memberships/" + created.get(1).id().value(),
                "/api/v2/users/" + id(member) + "/group_memberships/"
                        + created.get(2).id().value() + ".json",
                "/api/v2/users/" + id(member) + "/group_memberships/"
                        + created.get(3).id().value());

        for (String path : paths) {
            Response response = http.delete(path).host(account.host()).as(admin).send();

            assertThat(response.status()).as(path).isEqualTo(204);
            assertThat(response.bytes()).as(path).isEmpty();
        }
        assertThat(memberships(member)).extracting(Membership::id).containsExactly(home.id());
    }

    @Test
    void userScopedRoutesNeedTheUsersOwnMembership() {
        TestAgent owner = newAgent();
        TestAgent other = newAgent();
        Group group = newGroup("Owned");
        Membership membership = app.fixtures().membership(account.id(), owner, group);
        // reference §7.2: a group id where the membership id belongs must not find the membership
        boolean groupIdIsAlsoAMembershipId = memberships(owner).stream()
                .anyMatch(m -> m.id().value() == group.id().value());
        String wrongUser = "/api/v2/users/" + id(other) + "/group_memberships/"
                + membership.id().value() + ".json";
        String groupIdInsteadOfMembershipId = "/api/v2/users/" + id(owner) + "/group_memberships/"
                + group.id().value() + ".json";

        Response shown = http.get(wrongUser).host(account.host()).as(admin).send();
        Response deleted = http.delete(wrongUser).host(account.host()).as(admin).send();
        Response byGroupId = groupIdIsAlsoAMembershipId
                ? null
                : http.delete(groupIdInsteadOfMembershipId)
                        .host(account.host())
                        .as(admin)
                        .send();

        assertThat(shown.status()).isEqualTo(404);
        assertThat(deleted.status()).isEqualTo(404);
        assertThat(deleted.json().get("error").asString()).isEqualTo("RecordNotFound");
        if (byGroupId != null) {
            assertThat(byGroupId.status()).isEqualTo(404);
        }
        assertThat(memberships(owner)).extracting(Membership::id).contains(membership.id());
    }

    @Test
    void deletingUnknownMembershipIsNotFound() {
        Response response = http.delete("/api/v2/group_memberships/987654321.json")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).isEqualTo("{\"error\":\"RecordNotFound\",\"description\":\"Not found\"}");
    }

    @Test
    void deletingAGroupRemovesItsMemberships() {
        TestAgent first = newAgent();
        TestAgent second = newAgent();
        Group group = newGroup("Closing down");
        app.fixtures().membership(account.id(), first, group);
        app.fixtures().membership(account.id(), second, group);

        Response response = http.delete("/api/v2/groups/" + group.id().value() + ".json")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(response.status()).isEqualTo(204);
        assertThat(app.services().groups().get(admin.caller(), group.id()).deleted())
                .isTrue();
        assertThat(membersOf(group)).isEmpty();
        assertThat(groupsOf(first)).doesNotContain(group.id());
        assertThat(groupsOf(second)).doesNotContain(group.id());
        assertThat(all(admin, "/api/v2/group_memberships.json"))
                .extracting(m -> m.get("group_id").asLong())
                .doesNotContain(group.id().value());
    }

    @Test
    void aGroupThatIsAnAgentsDefaultCannotBeDeleted() {
        TestAgent member = newAgent();
        Group group = newGroup("Someone's home");
        Membership membership = app.fixtures().membership(account.id(), member, group);
        makeDefault(member, membership);

        Response response = http.delete("/api/v2/groups/" + group.id().value() + ".json")
                .host(account.host())
                .as(admin)
                .send();

        // Zendesk refuses (reference §1.4), where Udesk deletes the group and moves the agent's default
        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("error").asString()).isEqualTo("RecordInvalid");
        assertThat(response.json().get("description").asString()).isEqualTo("Record validation errors");
        assertThat(fieldNames(response.json().get("details"))).containsExactly("base");
        JsonNode base = response.json().get("details").get("base");
        assertThat(base).hasSize(1);
        assertThat(base.get(0).get("description").asString())
                .isEqualTo("This is the default group for one or more agents and cannot be deleted");
        assertThat(base.get(0).get("error").asString()).isEqualTo("InvalidValue");
        assertThat(app.services().groups().get(admin.caller(), group.id()).deleted())
                .isFalse();
        assertThat(app.services()
                        .memberships()
                        .defaultGroupOf(admin.caller(), member.agent().id()))
                .contains(group.id());
        assertThat(memberships(member)).extracting(Membership::id).contains(membership.id());
    }

    // ---- lists --------------------------------------------------------------------------------------------------

    @Test
    void listsAllMembershipsPerUserAndPerGroup() {
        TestAccount fresh = app.fixtures().account();
        TestAgent first = app.fixtures().agent(fresh.id(), Role.AGENT);
        TestAgent second = app.fixtures().agent(fresh.id(), Role.AGENT);
        Group group = app.fixtures().group(fresh.id(), "Listed");
        Membership firstInGroup = app.fixtures().membership(fresh.id(), first, group);
        Membership secondInGroup = app.fixtures().membership(fresh.id(), second, group);
        List<Long> all = app
                .services()
                .memberships()
                .list(fresh.admin().caller(), MembershipFilter.all(), PageRequest.first(100))
                .items()
                .stream()
                .map(m -> m.id().value())
                .toList();

        for (String suffix : List.of(".json", "")) {
            List<Long> listed = ids(list(fresh, "/api/v2/group_memberships" + suffix));
            List<Long> ofUser = ids(list(fresh, "/api/v2/users/" + id(first) + "/group_memberships" + suffix));
            List<Long> ofGroup = ids(list(fresh, "/api/v2/groups/" + group.id().value() + "/memberships" + suffix));

            assertThat(listed).as(suffix).hasSize(5).containsExactlyElementsOf(all);
            assertThat(ofUser)
                    .as(suffix)
                    .containsExactly(
                            memberships(fresh, first).get(0).id().value(),
                            firstInGroup.id().value());
            assertThat(ofGroup)
                    .as(suffix)
                    .containsExactly(
                            firstInGroup.id().value(), secondInGroup.id().value());
        }
    }

    @Test
    void showsMembershipPlainAndUserScoped() {
        TestAgent member = newAgent();
        Group group = newGroup("Shown");
        Membership membership = app.fixtures().membership(account.id(), member, group);
        List<String> paths = List.of(
                "/api/v2/group_memberships/" + membership.id().value() + ".json",
                "/api/v2/group_memberships/" + membership.id().value(),
                "/api/v2/users/" + id(member) + "/group_memberships/"
                        + membership.id().value() + ".json",
                "/api/v2/users/" + id(member) + "/group_memberships/"
                        + membership.id().value());

        for (String path : paths) {
            Response response = http.get(path).host(account.host()).as(agent).send();

            assertThat(response.status()).as(path).isEqualTo(200);
            JsonNode shown = response.json().get("group_membership");
            assertThat(shown.get("id").asLong()).isEqualTo(membership.id().value());
            assertThat(shown.get("user_id").asLong()).isEqualTo(id(member));
            assertThat(shown.get("group_id").asLong()).isEqualTo(group.id().value());
            assertThat(shown.get("default").asBoolean()).isFalse();
            assertThat(shown.get("url").asString())
                    .isEqualTo("http://" + account.host() + "/api/v2/group_memberships/"
                            + membership.id().value() + ".json");
        }
    }

    @Test
    void assignableListsLeaveOutAgentsWhoDoNotAcceptAssignments() {
        TestAccount fresh = app.fixtures().account();
        TestAgent available = app.fixtures().agent(fresh.id(), Role.AGENT);
        TestAgent busy = app.fixtures().agent(fresh.id(), Role.AGENT);
        Group group = app.fixtures().group(fresh.id(), "Assignable");
        Membership availableInGroup = app.fixtures().membership(fresh.id(), available, group);
        Membership busyInGroup = app.fixtures().membership(fresh.id(), busy, group);
        Response switchedOff = http.put("/api/v2/users/" + id(busy) + ".json")
                .host(fresh.host())
                .as(fresh.admin())
                .json("{\"user\": {\"accepts_assignments\": false}}")
                .send();
        assertThat(switchedOff.status()).isEqualTo(200);

        for (String suffix : List.of(".json", "")) {
            List<Long> assignable = ids(list(fresh, "/api/v2/group_memberships/assignable" + suffix));
            List<Long> ofGroup =
                    ids(list(fresh, "/api/v2/groups/" + group.id().value() + "/memberships/assignable" + suffix));

            assertThat(assignable).as(suffix).contains(availableInGroup.id().value());
            assertThat(assignable)
                    .as(suffix)
                    .doesNotContain(
                            busyInGroup.id().value(),
                            memberships(fresh, busy).get(0).id().value());
            assertThat(ofGroup).as(suffix).containsExactly(availableInGroup.id().value());
        }
        assertThat(ids(list(fresh, "/api/v2/groups/" + group.id().value() + "/memberships.json")))
                .containsExactly(availableInGroup.id().value(), busyInGroup.id().value());
        assertThat(app.services()
                        .memberships()
                        .list(
                                fresh.admin().caller(),
                                MembershipFilter.ofGroup(group.id()).assignable(),
                                PageRequest.first(100))
                        .items())
                .extracting(Membership::id)
                .containsExactly(availableInGroup.id());
    }

    @Test
    void listsTheGroupsOfAUserAndCountsThem() {
        TestAgent member = newAgent();
        Group first = newGroup("Counted A");
        Group second = newGroup("Counted B");
        app.fixtures().membership(account.id(), member, first);
        app.fixtures().membership(account.id(), member, second);

        for (String suffix : List.of(".json", "")) {
            Response groups = http.get("/api/v2/users/" + id(member) + "/groups" + suffix)
                    .host(account.host())
                    .as(agent)
                    .send();
            Response count = http.get("/api/v2/users/" + id(member) + "/groups/count" + suffix)
                    .host(account.host())
                    .as(agent)
                    .send();

            assertThat(groups.status()).as(suffix).isEqualTo(200);
            List<Long> ids = new ArrayList<>();
            groups.json().get("groups").forEach(g -> ids.add(g.get("id").asLong()));
            assertThat(ids)
                    .as(suffix)
                    .containsExactly(
                            support().id().value(),
                            first.id().value(),
                            second.id().value());
            assertThat(count.status()).as(suffix).isEqualTo(200);
            assertThat(count.json().get("count").get("value").asLong())
                    .as(suffix)
                    .isEqualTo(3);
        }
        assertThat(app.services()
                        .groups()
                        .countOfAgent(admin.caller(), member.agent().id()))
                .isEqualTo(3);
    }

    // ---- visibility ---------------------------------------------------------------------------------------------

    @Test
    void agentsSeeAPrivateGroupsMembershipsOnlyWhenTheyBelongToIt() {
        TestAgent viewer = newAgent();
        TestAgent insider = newAgent();
        Group secret = app.fixtures().privateGroup(account.id(), "Secret " + SEQUENCE.incrementAndGet());
        Membership insiders = app.fixtures().membership(account.id(), insider, secret);
        List<String> hidden = List.of(
                "/api/v2/groups/" + secret.id().value() + "/memberships.json",
                "/api/v2/groups/" + secret.id().value() + "/memberships/assignable.json",
                "/api/v2/group_memberships/" + insiders.id().value() + ".json",
                "/api/v2/users/" + id(insider) + "/group_memberships/"
                        + insiders.id().value() + ".json");

        for (String path : hidden) {
            assertThat(http.get(path).host(account.host()).as(viewer).send().status())
                    .as(path)
                    .isEqualTo(404);
        }
        assertThat(allIds(viewer, "/api/v2/group_memberships.json"))
                .doesNotContain(insiders.id().value());
        assertThat(ids(get(viewer, "/api/v2/users/" + id(insider) + "/group_memberships.json")))
                .doesNotContain(insiders.id().value());
        assertThat(allIds(viewer, "/api/v2/group_memberships/assignable.json"))
                .doesNotContain(insiders.id().value());
        assertThat(groupIdsOfGroupList(get(viewer, "/api/v2/users/" + id(insider) + "/groups.json")))
                .doesNotContain(secret.id().value());
        assertThat(ids(get(admin, "/api/v2/groups/" + secret.id().value() + "/memberships.json")))
                .containsExactly(insiders.id().value());

        app.fixtures().membership(account.id(), viewer, secret);

        for (String path : hidden) {
            assertThat(http.get(path).host(account.host()).as(viewer).send().status())
                    .as(path)
                    .isEqualTo(200);
        }
        assertThat(ids(get(viewer, "/api/v2/users/" + id(insider) + "/group_memberships.json")))
                .contains(insiders.id().value());
        assertThat(groupIdsOfGroupList(get(viewer, "/api/v2/users/" + id(insider) + "/groups.json")))
                .contains(secret.id().value());
    }

    // ---- bulk jobs ----------------------------------------------------------------------------------------------

    @Test
    void createManyAnswersACompletedJobWithAResultPerItem() {
        TestAgent first = newAgent();
        TestAgent second = newAgent();
        Group group = newGroup("Bulk");
        String body = "{\"group_memberships\": [" + pair(first, group) + ", " + pair(second, group) + ", "
                + pair(first, group) + ", {\"user_id\": 987654321, \"group_id\": "
                + group.id().value() + "}]}";

        Response response = http.post("/api/v2/group_memberships/create_many.json")
                .host(account.host())
                .as(admin)
                .json(body)
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode job = response.json().get("job_status");
        String jobId = job.get("id").asString();
        assertThat(jobId).matches("[0-9a-f]{32}");
        assertThat(job.get("url").asString())
                .isEqualTo("http://" + account.host() + "/api/v2/job_statuses/" + jobId + ".json");
        assertThat(job.get("status").asString()).isEqualTo("completed");
        assertThat(job.get("total").asInt()).isEqualTo(4);
        assertThat(job.get("progress").asInt()).isEqualTo(4);
        JsonNode results = job.get("results");
        assertThat(results).hasSize(4);
        assertThat(results.get(0).get("success").asBoolean()).isTrue();
        assertThat(results.get(0).get("index").asInt()).isEqualTo(0);
        assertThat(results.get(1).get("success").asBoolean()).isTrue();
        assertThat(results.get(2).get("success").asBoolean()).isFalse();
        assertThat(results.get(2).get("error").asString()).isEqualTo("DuplicateValue");
        assertThat(results.get(3).get("success").asBoolean()).isFalse();
        List<Membership> members = membersOf(group);
        assertThat(members)
                .extracting(Membership::agentId)
                .containsExactly(first.agent().id(), second.agent().id());
        assertThat(results.get(0).get("id").asLong())
                .isEqualTo(members.get(0).id().value());
        assertThat(results.get(1).get("id").asLong())
                .isEqualTo(members.get(1).id().value());
        Job stored = app.services().jobs().get(admin.caller(), jobId);
        assertThat(stored.status()).isEqualTo(Job.Status.COMPLETED);
        assertThat(stored.items()).hasSize(4);
    }

    @Test
    void createManyWithoutJsonSuffixThenPollsTheJob() {
        TestAgent member = newAgent();
        Group group = newGroup("Polled");
        Response created = http.post("/api/v2/group_memberships/create_many")
                .host(account.host())
                .as(admin)
                .json("{\"group_memberships\": [" + pair(member, group) + "]}")
                .send();
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        String jobId = created.json().get("job_status").get("id").asString();
        Response other = http.post("/api/v2/group_memberships/create_many.json")
                .host(account.host())
                .as(admin)
                .json("{\"group_memberships\": [" + pair(member, group) + "]}")
                .send();
        String otherId = other.json().get("job_status").get("id").asString();

        for (String path : List.of("/api/v2/job_statuses/" + jobId + ".json", "/api/v2/job_statuses/" + jobId)) {
            Response polled = http.get(path).host(account.host()).as(agent).send();

            assertThat(polled.status()).as(path).isEqualTo(200);
            assertThat(polled.json().get("job_status").get("id").asString()).isEqualTo(jobId);
            assertThat(polled.json().get("job_status").get("status").asString()).isEqualTo("completed");
            assertThat(polled.json()
                            .get("job_status")
                            .get("results")
                            .get(0)
                            .get("success")
                            .asBoolean())
                    .isTrue();
        }
        Response recent = http.get("/api/v2/job_statuses.json")
                .host(account.host())
                .as(agent)
                .send();
        Response many = http.get("/api/v2/job_statuses/show_many.json?ids=" + jobId + "," + otherId)
                .host(account.host())
                .as(agent)
                .send();
        assertThat(recent.status()).isEqualTo(200);
        assertThat(jobIds(recent.json())).contains(jobId, otherId);
        assertThat(many.status()).isEqualTo(200);
        assertThat(jobIds(many.json())).containsExactlyInAnyOrder(jobId, otherId);
        assertThat(app.services().jobs().getAll(admin.caller(), List.of(jobId, otherId)))
                .hasSize(2);
        assertThat(groupsOf(member)).contains(group.id());
    }

    @Test
    void unknownJobIsNotFound() {
        Response unknown = http.get("/api/v2/job_statuses/0123456789abcdef0123456789abcdef.json")
                .host(account.host())
                .as(admin)
                .send();
        Response malformed = http.get("/api/v2/job_statuses/not-a-job.json")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asString()).isEqualTo("RecordNotFound");
        assertThat(malformed.status()).isEqualTo(404);
    }

    @Test
    void createManyRefusesMoreThan100Items() {
        Group group = newGroup("Too many");
        TestAgent member = newAgent();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 101; i++) {
            items.add(pair(member, group));
        }

        Response response = http.post("/api/v2/group_memberships/create_many.json")
                .host(account.host())
                .as(admin)
                .json("{\"group_memberships\": [" + String.join(",", items) + "]}")
                .send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(membersOf(group)).isEmpty();
    }

    @Test
    void createManyAcceptsExactly100Items() {
        Group group = newGroup("Exactly one hundred");
        TestAgent member = newAgent();
        List<String> items = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            items.add(pair(member, group));
        }

        Response response = http.post("/api/v2/group_memberships/create_many.json")
                .host(account.host())
                .as(admin)
                .json("{\"group_memberships\": [" + String.join(",", items) + "]}")
                .send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("job_status").get("results")).hasSize(100);
        assertThat(membersOf(group)).hasSize(1);
    }

    @Test
    void destroyManyRemovesTheListedMembershipsAndReportsUnknownIds() {
        TestAgent member = newAgent();
        Membership first = app.fixtures().membership(account.id(), member, newGroup("Destroyed A"));
        Membership second = app.fixtures().membership(account.id(), member, newGroup("Destroyed B"));
        Membership kept = app.fixtures().membership(account.id(), member, newGroup("Kept"));

        Response response = http.delete("/api/v2/group_memberships/destroy_many.json?ids="
                        + first.id().value() + "," + second.id().value() + ",987654321")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode job = response.json().get("job_status");
        assertThat(job.get("status").asString()).isEqualTo("completed");
        JsonNode results = job.get("results");
        assertThat(results).hasSize(3);
        assertThat(results.get(0).get("id").asLong()).isEqualTo(first.id().value());
        assertThat(results.get(0).get("success").asBoolean()).isTrue();
        assertThat(results.get(0).get("action").asString()).isEqualTo("delete");
        assertThat(results.get(0).get("status").asString()).isEqualTo("Deleted");
        assertThat(results.get(1).get("success").asBoolean()).isTrue();
        assertThat(results.get(2).get("id").asLong()).isEqualTo(987654321L);
        assertThat(results.get(2).get("success").asBoolean()).isFalse();
        assertThat(memberships(member))
                .extracting(Membership::id)
                .contains(kept.id())
                .doesNotContain(first.id(), second.id());
    }

    @Test
    void destroyManyWithoutJsonSuffixAndWithAnEncodedComma() {
        TestAgent member = newAgent();
        Membership first = app.fixtures().membership(account.id(), member, newGroup("Encoded A"));
        Membership second = app.fixtures().membership(account.id(), member, newGroup("Encoded B"));

        Response response = http.delete("/api/v2/group_memberships/destroy_many?ids="
                        + first.id().value() + "%2C" + second.id().value())
                .host(account.host())
                .as(admin)
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("job_status").get("results")).hasSize(2);
        assertThat(memberships(member)).extracting(Membership::id).doesNotContain(first.id(), second.id());
    }

    @Test
    void destroyManyRefusesMoreThan100IdsAndMissingIds() {
        TestAgent member = newAgent();
        Membership membership = app.fixtures().membership(account.id(), member, newGroup("Not destroyed"));
        List<String> ids = new ArrayList<>();
        ids.add(Long.toString(membership.id().value()));
        for (int i = 1; i <= 100; i++) {
            ids.add(Long.toString(900000000L + i));
        }

        Response tooMany = http.delete("/api/v2/group_memberships/destroy_many.json?ids=" + String.join(",", ids))
                .host(account.host())
                .as(admin)
                .send();
        Response none = http.delete("/api/v2/group_memberships/destroy_many.json")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(tooMany.status()).isEqualTo(400);
        assertThat(none.status()).isEqualTo(400);
        assertThat(memberships(member)).extracting(Membership::id).contains(membership.id());
    }

    // ---- sideloads ----------------------------------------------------------------------------------------------

    @Test
    void sideloadsUsersAndGroupsOnMembershipLists() {
        TestAgent first = newAgent();
        TestAgent second = newAgent();
        Group group = newGroup("Sideloaded");
        app.fixtures().membership(account.id(), first, group);
        app.fixtures().membership(account.id(), second, group);

        JsonNode page = get(admin, "/api/v2/groups/" + group.id().value() + "/memberships.json?include=users,groups");
        JsonNode plain = get(admin, "/api/v2/groups/" + group.id().value() + "/memberships.json");

        List<Long> users = new ArrayList<>();
        page.get("users").forEach(u -> users.add(u.get("id").asLong()));
        assertThat(users).containsExactlyInAnyOrder(id(first), id(second));
        JsonNode user = page.get("users").get(0);
        assertThat(user.get("email").asString()).isEqualTo(first.email());
        assertThat(page.get("users").get(1).get("email").asString()).isEqualTo(second.email());
        assertThat(user.get("role").asString()).isEqualTo("agent");
        assertThat(page.get("groups")).hasSize(1);
        assertThat(page.get("groups").get(0).get("id").asLong())
                .isEqualTo(group.id().value());
        assertThat(page.get("groups").get(0).get("name").asString()).isEqualTo(group.name());
        assertThat(plain.has("users")).isFalse();
        assertThat(plain.has("groups")).isFalse();
        JsonNode onlyUsers = get(admin, "/api/v2/users/" + id(first) + "/group_memberships.json?include=users");
        assertThat(onlyUsers.get("users")).hasSize(1);
        assertThat(onlyUsers.has("groups")).isFalse();
    }

    @Test
    void sideloadsUsersOnGroupLists() {
        TestAccount fresh = app.fixtures().account();
        TestAgent member = app.fixtures().agent(fresh.id(), Role.AGENT);
        Group group = app.fixtures().group(fresh.id(), "With members");
        app.fixtures().membership(fresh.id(), member, group);

        JsonNode page = list(fresh, "/api/v2/groups.json?include=users");

        List<Long> users = new ArrayList<>();
        page.get("users").forEach(u -> users.add(u.get("id").asLong()));
        assertThat(users).containsExactly(fresh.admin().agent().id().value(), id(member));
        assertThat(groupIdsOfGroupList(page)).contains(group.id().value());
        assertThat(list(fresh, "/api/v2/groups.json").has("users")).isFalse();
    }

    // ---- pagination ---------------------------------------------------------------------------------------------

    @Test
    void walksAGroupsMembershipsWithCursorPages() {
        TestAccount paged = app.fixtures().account();
        Group group = app.fixtures().group(paged.id(), "Paged");
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            TestAgent member = app.fixtures().agent(paged.id(), Role.AGENT);
            expected.add(
                    app.fixtures().membership(paged.id(), member, group).id().value());
        }
        List<Long> seen = new ArrayList<>();
        List<String> nextLinks = new ArrayList<>();
        String base = "http://" + paged.host() + "/api/v2/groups/" + group.id().value() + "/memberships.json?";
        String url = "/api/v2/groups/" + group.id().value() + "/memberships.json?page[size]=3&include=users";
        JsonNode page = null;
        int pages = 0;
        while (url != null) {
            page = list(paged, url);
            pages++;
            assertThat(page.has("count")).isFalse();
            page.get("group_memberships").forEach(m -> seen.add(m.get("id").asLong()));
            assertThat(page.get("users")).hasSize(page.get("group_memberships").size());
            JsonNode next = page.get("links").get("next");
            url = next.isNull() ? null : next.asString();
            if (url != null) {
                nextLinks.add(url);
            }
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).isEqualTo(expected);
        assertThat(page.get("meta").get("has_more").asBoolean()).isFalse();
        assertThat(nextLinks).hasSize(2).allSatisfy(link -> assertThat(link)
                .startsWith(base)
                .contains("page%5Bsize%5D=3")
                .contains("page%5Bafter%5D=")
                .contains("include=users")
                .doesNotContain("[", "]"));

        List<Long> backward = new ArrayList<>();
        JsonNode prevLink = page.get("links").get("prev");
        while (!prevLink.isNull()) {
            assertThat(prevLink.asString()).startsWith(base).contains("page%5Bbefore%5D=");
            JsonNode previous = list(paged, prevLink.asString());
            List<Long> ids = ids(previous);
            backward.addAll(0, ids);
            prevLink = previous.get("links").get("prev");
        }
        assertThat(backward).isEqualTo(expected.subList(0, 6));
    }

    @Test
    void walksAGroupsMembershipsWithOffsetPages() {
        TestAccount paged = app.fixtures().account();
        Group group = app.fixtures().group(paged.id(), "Offset paged");
        List<Long> expected = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            TestAgent member = app.fixtures().agent(paged.id(), Role.AGENT);
            expected.add(
                    app.fixtures().membership(paged.id(), member, group).id().value());
        }
        List<Long> seen = new ArrayList<>();
        String url = "/api/v2/groups/" + group.id().value() + "/memberships?per_page=3";
        JsonNode page = null;
        int pages = 0;
        while (url != null) {
            page = list(paged, url);
            pages++;
            assertThat(page.get("count").asLong()).isEqualTo(7);
            page.get("group_memberships").forEach(m -> seen.add(m.get("id").asLong()));
            url = page.get("next_page").isNull() ? null : page.get("next_page").asString();
            if (url != null) {
                assertThat(url)
                        .startsWith("http://" + paged.host() + "/api/v2/groups/"
                                + group.id().value() + "/memberships?")
                        .contains("per_page=3");
            }
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).isEqualTo(expected);
        assertThat(page.get("previous_page").asString()).endsWith("per_page=3&page=2");
        assertThat(app.services()
                        .memberships()
                        .list(
                                paged.admin().caller(),
                                MembershipFilter.ofGroup(group.id()),
                                PageRequest.offset(1, 100).withTotal())
                        .total())
                .hasValue(7);
    }

    // ---- access -------------------------------------------------------------------------------------------------

    @Test
    void everyEndpointRefusesMissingAndWrongCredentials() {
        for (String suffix : List.of(".json", "")) {
            Scenario scenario = scenario(account);
            for (Endpoint endpoint : endpoints(scenario, suffix)) {
                Response anonymous = endpoint.request(http).host(account.host()).send();
                Response wrongToken = endpoint.request(http)
                        .host(account.host())
                        .authorization(Http.basic(admin.email() + "/token", "not-the-token"))
                        .send();
                Response wrongPassword = endpoint.request(http)
                        .host(account.host())
                        .authorization(Http.basic(admin.email(), "not-the-password"))
                        .send();
                Response bearerNull = endpoint.request(http)
                        .host(account.host())
                        .authorization("Bearer null")
                        .send();

                for (Response response : List.of(anonymous, wrongToken, wrongPassword, bearerNull)) {
                    assertThat(response.status()).as(endpoint.name()).isEqualTo(401);
                    assertThat(response.body())
                            .as(endpoint.name())
                            .isEqualTo("{\"error\":\"Couldn't authenticate you\"}");
                }
            }
            scenario.assertUntouched();
        }
    }

    @Test
    void agentsReadButCannotWrite() {
        for (String suffix : List.of(".json", "")) {
            Scenario scenario = scenario(account);
            for (Endpoint endpoint : endpoints(scenario, suffix)) {
                Response response =
                        endpoint.request(http).host(account.host()).as(agent).send();

                if (endpoint.writes()) {
                    assertThat(response.status()).as(endpoint.name()).isEqualTo(403);
                    assertThat(response.json().get("error").get("title").asString())
                            .isEqualTo("Forbidden");
                } else {
                    assertThat(response.status())
                            .as(endpoint.name() + " " + response.body())
                            .isEqualTo(200);
                }
            }
            scenario.assertUntouched();
        }
    }

    @Test
    void adminsMayUseEveryEndpoint() {
        for (String suffix : List.of(".json", "")) {
            Scenario scenario = scenario(account);
            for (Endpoint endpoint : endpoints(scenario, suffix)) {
                Response response =
                        endpoint.request(http).host(account.host()).as(admin).send();

                assertThat(response.status())
                        .as(endpoint.name() + " " + response.body())
                        .isBetween(200, 204);
            }
            List<Membership> after = memberships(scenario.user());
            assertThat(after)
                    .extracting(Membership::groupId)
                    .contains(
                            scenario.group().id(),
                            scenario.spare().get(0).id(),
                            scenario.spare().get(1).id(),
                            scenario.spare().get(2).id())
                    .doesNotContain(
                            scenario.spare().get(3).id(),
                            scenario.spare().get(4).id(),
                            scenario.spare().get(5).id());
            assertThat(after)
                    .filteredOn(Membership::isDefault)
                    .extracting(Membership::id)
                    .containsExactly(scenario.membership().id());
        }
    }

    @Test
    void anotherAccountsIdsAreNotFound() {
        TestAccount other = app.fixtures().account();
        Scenario theirs = scenario(other);
        for (Endpoint endpoint : endpoints(theirs, ".json")) {
            if (!endpoint.namesARecord()) {
                continue;
            }
            Response response =
                    endpoint.request(http).host(account.host()).as(admin).send();

            assertThat(response.status()).as(endpoint.name()).isEqualTo(404);
            assertThat(response.json().get("error").asString())
                    .as(endpoint.name())
                    .isEqualTo("RecordNotFound");
        }
        theirs.assertUntouched();
    }

    @Test
    void bulkChangesAndListsIgnoreAnotherAccountsRecords() {
        TestAccount other = app.fixtures().account();
        Scenario theirs = scenario(other);

        Response created = http.post("/api/v2/group_memberships/create_many.json")
                .host(account.host())
                .as(admin)
                .json("{\"group_memberships\": ["
                        + pair(theirs.user(), theirs.spare().get(0)) + "]}")
                .send();
        Response destroyed = http.delete("/api/v2/group_memberships/destroy_many.json?ids="
                        + theirs.membership().id().value())
                .host(account.host())
                .as(admin)
                .send();
        Response jobs = http.get("/api/v2/job_statuses/show_many.json?ids=" + theirs.job())
                .host(account.host())
                .as(admin)
                .send();

        assertThat(created.status()).isEqualTo(200);
        assertThat(created.json()
                        .get("job_status")
                        .get("results")
                        .get(0)
                        .get("success")
                        .asBoolean())
                .isFalse();
        assertThat(destroyed.status()).isEqualTo(200);
        assertThat(destroyed
                        .json()
                        .get("job_status")
                        .get("results")
                        .get(0)
                        .get("success")
                        .asBoolean())
                .isFalse();
        assertThat(jobs.status()).isEqualTo(200);
        assertThat(jobs.json().get("job_statuses")).isEmpty();
        assertThat(allIds(admin, "/api/v2/group_memberships.json"))
                .doesNotContain(theirs.membership().id().value());
        theirs.assertUntouched();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private record Endpoint(String method, String path, String body, boolean writes, boolean namesARecord) {
        String name() {
            return method + " " + path;
        }

        Http.Request request(Http http) {
            Http.Request request =
                    switch (method) {
                        case "GET" -> http.get(path);
                        case "POST" -> http.post(path);
                        case "PUT" -> http.put(path);
                        default -> http.delete(path);
                    };
            return body == null ? request : request.json(body);
        }
    }

    /**
     * An agent (not the one the tests call as) in a group, with a finished job and spare groups: three to join
     * (plain, user-scoped, bulk) and three the agent is already in, to leave (bulk, user-scoped, plain).
     */
    private record Scenario(
            TestAccount account,
            TestAgent user,
            Group group,
            Membership membership,
            List<Group> spare,
            List<Membership> leaving,
            String job) {

        void assertUntouched() {
            Caller caller = account.admin().caller();
            List<Membership> now =
                    app.services().memberships().ofAgent(caller, user.agent().id());
            assertThat(now)
                    .extracting(Membership::groupId)
                    .doesNotContain(
                            spare.get(0).id(), spare.get(1).id(), spare.get(2).id())
                    .contains(
                            group.id(),
                            spare.get(3).id(),
                            spare.get(4).id(),
                            spare.get(5).id());
            assertThat(now)
                    .filteredOn(Membership::isDefault)
                    .extracting(Membership::groupId)
                    .containsExactly(app.services()
                            .groups()
                            .accountDefault(caller)
                            .orElseThrow()
                            .id());
            assertThat(app.services().agents().get(caller, user.agent().id()).active())
                    .isTrue();
        }
    }

    private Scenario scenario(TestAccount target) {
        TestAgent user = app.fixtures().agent(target.id(), Role.AGENT);
        Group group = app.fixtures().group(target.id(), "Scenario " + SEQUENCE.incrementAndGet());
        Membership membership = app.fixtures().membership(target.id(), user, group);
        List<Group> spare = new ArrayList<>();
        List<Membership> leaving = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            Group extra = app.fixtures().group(target.id(), "Spare " + SEQUENCE.incrementAndGet());
            spare.add(extra);
            if (i >= 3) {
                leaving.add(app.fixtures().membership(target.id(), user, extra));
            }
        }
        String job = app.services()
                .jobs()
                .recordCompleted(Caller.system(target.id()), "group_memberships.create_many", List.of())
                .id();
        return new Scenario(target, user, group, membership, spare, leaving, job);
    }

    /** Every membership and job endpoint of reference §2.1 and §2.3, the writes last. */
    private static List<Endpoint> endpoints(Scenario s, String suffix) {
        long user = s.user().agent().id().value();
        long group = s.group().id().value();
        long membership = s.membership().id().value();
        return List.of(
                new Endpoint("GET", "/api/v2/group_memberships" + suffix, null, false, false),
                new Endpoint("GET", "/api/v2/group_memberships/assignable" + suffix, null, false, false),
                new Endpoint("GET", "/api/v2/users/" + user + "/group_memberships" + suffix, null, false, true),
                new Endpoint("GET", "/api/v2/groups/" + group + "/memberships" + suffix, null, false, true),
                new Endpoint("GET", "/api/v2/groups/" + group + "/memberships/assignable" + suffix, null, false, true),
                new Endpoint("GET", "/api/v2/group_memberships/" + membership + suffix, null, false, true),
                new Endpoint(
                        "GET",
                        "/api/v2/users/" + user + "/group_memberships/" + membership + suffix,
                        null,
                        false,
                        true),
                new Endpoint("GET", "/api/v2/users/" + user + "/groups" + suffix, null, false, true),
                new Endpoint("GET", "/api/v2/users/" + user + "/groups/count" + suffix, null, false, true),
                new Endpoint("GET", "/api/v2/job_statuses" + suffix, null, false, false),
                new Endpoint("GET", "/api/v2/job_statuses/" + s.job() + suffix, null, false, true),
                new Endpoint("GET", "/api/v2/job_statuses/show_many" + suffix + "?ids=" + s.job(), null, false, false),
                new Endpoint(
                        "POST",
                        "/api/v2/group_memberships" + suffix,
                        "{\"group_membership\":" + pair(s.user(), s.spare().get(0)) + "}",
                        true,
                        false),
                new Endpoint(
                        "POST",
                        "/api/v2/users/" + user + "/group_memberships" + suffix,
                        "{\"group_membership\":{\"group_id\":"
                                + s.spare().get(1).id().value() + "}}",
                        true,
                        true),
                new Endpoint(
                        "POST",
                        "/api/v2/group_memberships/create_many" + suffix,
                        "{\"group_memberships\":[" + pair(s.user(), s.spare().get(2)) + "]}",
                        true,
                        false),
                new Endpoint(
                        "PUT",
                        "/api/v2/users/" + user + "/group_memberships/" + membership + "/make_default" + suffix,
                        null,
                        true,
                        true),
                new Endpoint(
                        "DELETE",
                        "/api/v2/group_memberships/destroy_many" + suffix + "?ids="
                                + s.leaving().get(0).id().value(),
                        null,
                        true,
                        false),
                new Endpoint(
                        "DELETE",
                        "/api/v2/users/" + user + "/group_memberships/"
                                + s.leaving().get(1).id().value() + suffix,
                        null,
                        true,
                        true),
                new Endpoint(
                        "DELETE",
                        "/api/v2/group_memberships/" + s.leaving().get(2).id().value() + suffix,
                        null,
                        true,
                        true));
    }

    private static String pair(TestAgent user, Group group) {
        return "{\"user_id\":" + user.agent().id().value() + ",\"group_id\":"
                + group.id().value() + "}";
    }

    private static String membershipBody(TestAgent user, Group group) {
        return "{\"group_membership\":" + pair(user, group) + "}";
    }

    private static long id(TestAgent agent) {
        return agent.agent().id().value();
    }

    private TestAgent newAgent() {
        return app.fixtures().agent(account.id(), Role.AGENT);
    }

    private Group newGroup(String name) {
        return app.fixtures().group(account.id(), name + " " + SEQUENCE.incrementAndGet());
    }

    private Group support() {
        return app.services().groups().accountDefault(admin.caller()).orElseThrow();
    }

    private Response create(String body) {
        return http.post("/api/v2/group_memberships.json")
                .host(account.host())
                .as(admin)
                .json(body)
                .send();
    }

    private void makeDefault(TestAgent member, Membership membership) {
        app.services().memberships().makeDefault(admin.caller(), member.agent().id(), membership.id());
    }

    private List<Membership> memberships(TestAgent member) {
        return app.services()
                .memberships()
                .ofAgent(
                        Caller.system(member.agent().accountId()),
                        member.agent().id());
    }

    private List<Membership> memberships(TestAccount target, TestAgent member) {
        return app.services()
                .memberships()
                .ofAgent(target.admin().caller(), member.agent().id());
    }

    private List<GroupId> groupsOf(TestAgent member) {
        return memberships(member).stream().map(Membership::groupId).toList();
    }

    private List<Membership> membersOf(Group group) {
        return app.services()
                .memberships()
                .list(Caller.system(group.accountId()), MembershipFilter.ofGroup(group.id()), PageRequest.first(100))
                .items();
    }

    private JsonNode get(TestAgent caller, String url) {
        Response response = http.get(url).host(account.host()).as(caller).send();
        assertThat(response.status()).as(url + " " + response.body()).isEqualTo(200);
        return response.json();
    }

    private JsonNode list(TestAccount target, String url) {
        Response response = http.get(url).host(target.host()).as(target.admin()).send();
        assertThat(response.status()).as(url + " " + response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("group_memberships").forEach(m -> ids.add(m.get("id").asLong()));
        return ids;
    }

    /** Every membership a list answers, following {@code next_page} to the end. */
    private List<JsonNode> all(TestAgent caller, String url) {
        List<JsonNode> memberships = new ArrayList<>();
        String next = url;
        while (next != null) {
            JsonNode page = get(caller, next);
            page.get("group_memberships").forEach(memberships::add);
            next = page.get("next_page").isNull() ? null : page.get("next_page").asString();
        }
        return memberships;
    }

    private List<Long> allIds(TestAgent caller, String url) {
        return all(caller, url).stream().map(m -> m.get("id").asLong()).toList();
    }

    private static List<Long> groupIdsOfGroupList(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("groups").forEach(g -> ids.add(g.get("id").asLong()));
        return ids;
    }

    private static List<String> jobIds(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("job_statuses").forEach(j -> ids.add(j.get("id").asString()));
        return ids;
    }

    private static List<String> fieldNames(JsonNode node) {
        return List.copyOf(node.propertyNames());
    }
}
