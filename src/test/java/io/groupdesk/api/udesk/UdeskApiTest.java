package io.groupdesk.api.udesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.Groupdesk;
import io.groupdesk.access.Caller;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentChanges;
import io.groupdesk.agents.NewAgent;
import io.groupdesk.config.Config;
import io.groupdesk.credentials.SecretBox;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupService;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.NewMembership;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import io.groupdesk.testing.UdeskSigner;
import io.groupdesk.testing.UdeskSigner.Signature;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class UdeskApiTest {
    private static final List<String> AGENT_FIELDS = List.of(
            "id",
            "email",
            "nick_name",
            "cellphone",
            "work_id",
            "im_ability_value",
            "profile",
            "aliase",
            "role_name",
            "duty",
            "user_group_ids",
            "disable_status",
            "avatar",
            "lang",
            "availability",
            "im_welcomes",
            "user_groups",
            "agent_roles",
            "departments",
            "agent_callout_display_number",
            "number",
            "password");
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;
    private static TestAccount account;
    private static TestAgent admin;
    private static TestAgent agent;
    private static TestAccount otherAccount;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
        account = app.fixtures().account();
        admin = account.admin();
        agent = app.fixtures().agent(account.id(), Role.AGENT);
        otherAccount = app.fixtures().account();
    }

    // ---- GET /user_groups ---------------------------------------------------------------------------------------

    @Test
    void userGroupRosterListsEveryMemberInJoiningOrderSuspendedOnesIncluded() {
        TestAccount fresh = app.fixtures().account();
        Group team = app.fixtures().group(fresh.id(), "Roster");
        List<TestAgent> joined = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TestAgent agent = app.fixtures().agent(fresh.id(), Role.AGENT);
            addMember(fresh, agent, team);
            joined.add(agent);
        }
        app.services()
                .agents()
                .update(
                        Caller.system(fresh.id()),
                        joined.get(2).agent().id(),
                        AgentChanges.builder().suspended(true).build());
        TestAgent gone = joined.get(3);
        app.services().agents().delete(Caller.system(fresh.id()), gone.agent().id());

        JsonNode listed = ok(asAdmin(fresh, "GET", "/user_groups", null)).get("user_groups");

        JsonNode roster = listed.valueStream()
                .filter(g -> g.get("id").asLong() == team.id().value())
                .findFirst()
                .orElseThrow()
                .get("agents");
        List<TestAgent> expected = joined.stream().filter(a -> a != gone).toList();
        assertThat(ids(roster))
                .containsExactlyElementsOf(
                        expected.stream().map(a -> a.agent().id().value()).toList());
        assertThat(roster.valueStream().map(a -> a.get("nick_name").asString()))
                .containsExactlyElementsOf(
                        expected.stream().map(a -> a.agent().name()).toList());
    }

    @Test
    void listsUserGroupsWithTheirAgentsInSeedShape() {
        TestAccount fresh = app.fixtures().account();
        Group support = groupNamed(fresh, "Support");
        Group tier2 = app.fixtures().group(fresh.id(), "Tier 2");
        TestAgent member = app.fixtures().agent(fresh.id(), Role.AGENT);
        addMember(fresh, member, tier2);

        Response response = asAdmin(fresh, "GET", "/user_groups", null);

        JsonNode body = ok(response);
        assertThat(List.copyOf(body.propertyNames())).containsExactly("code", "user_groups", "meta");
        JsonNode groups = body.get("user_groups");
        assertThat(ids(groups)).containsExactly(support.id().value(), tier2.id().value());
        JsonNode second = groups.get(1);
        assertThat(List.copyOf(second.propertyNames())).containsExactly("id", "name", "agents");
        assertThat(second.get("name").asString()).isEqualTo("Tier 2");
        assertThat(second.get("agents")).hasSize(1);
        JsonNode element = second.get("agents").get(0);
        assertThat(List.copyOf(element.propertyNames())).containsExactly("id", "nick_name");
        assertThat(element.get("id").asLong()).isEqualTo(member.agent().id().value());
        assertThat(element.get("nick_name").asString()).isEqualTo(member.agent().name());
        assertThat(ids(groups.get(0).get("agents")))
                .containsExactlyInAnyOrder(
                        fresh.admin().agent().id().value(), member.agent().id().value());
        assertMeta(body, 1, 1, 2);
    }

    @Test
    void givesEachGroupItsOwnRosterWhenMembershipsWereAddedAcrossGroupsInTurn() {
        TestAccount fresh = app.fixtures().account();
        Group first = app.fixtures().group(fresh.id(), "First");
        Group empty = app.fixtures().group(fresh.id(), "Empty");
        Group third = app.fixtures().group(fresh.id(), "Third");
        Group last = app.fixtures().group(fresh.id(), "Last, also empty");
        List<TestAgent> people = List.of(
                app.fixtures().agent(fresh.id(), Role.AGENT),
                app.fixtures().agent(fresh.id(), Role.AGENT),
                app.fixtures().agent(fresh.id(), Role.AGENT));
        addMember(fresh, people.get(2), third); // the memberships interleave: third, first, third, first
        addMember(fresh, people.get(0), first);
        addMember(fresh, people.get(0), third);
        addMember(fresh, people.get(1), first);

        JsonNode groups = ok(asAdmin(fresh, "GET", "/user_groups", null)).get("user_groups");

        assertThat(ids(groups))
                .containsExactly(
                        groupNamed(fresh, "Support").id().value(),
                        first.id().value(),
                        empty.id().value(),
                        third.id().value(),
                        last.id().value());
        assertThat(ids(groups.get(1).get("agents")))
                .containsExactly(
                        people.get(0).agent().id().value(),
                        people.get(1).agent().id().value());
        assertThat(groups.get(2).get("agents").isArray()).isTrue();
        assertThat(groups.get(2).get("agents")).isEmpty();
        assertThat(ids(groups.get(3).get("agents")))
                .containsExactly(
                        people.get(2).agent().id().value(),
                        people.get(0).agent().id().value());
        assertThat(groups.get(4).get("agents").isArray()).isTrue();
        assertThat(groups.get(4).get("agents")).isEmpty();
    }

    @Test
    void leavesOutDeletedGroupsAndOtherAccountsGroups() {
        TestAccount fresh = app.fixtures().account();
        Group kept = app.fixtures().group(fresh.id(), "Kept");
        Group gone = app.fixtures().group(fresh.id(), "Gone");
        app.services().groups().delete(Caller.system(fresh.id()), gone.id());
        Group foreign = app.fixtures().group(otherAccount.id(), "Foreign " + SEQUENCE.incrementAndGet());

        Response response = asAdmin(fresh, "GET", "/user_groups", null);

        JsonNode body = ok(response);
        assertThat(ids(body.get("user_groups")))
                .contains(kept.id().value())
                .doesNotContain(gone.id().value(), foreign.id().value());
        assertMeta(body, 1, 1, 2);
    }

    @Test
    void pagesUserGroupsTwentyAtATimeByDefault() {
        TestAccount fresh = accountWithGroups(24);

        JsonNode first = ok(asAdmin(fresh, "GET", "/user_groups", null));
        JsonNode second = ok(asAdmin(fresh, "GET", "/user_groups?page=2", null));

        assertThat(first.get("user_groups")).hasSize(20);
        assertMeta(first, 1, 2, 25);
        assertThat(second.get("user_groups")).hasSize(5);
        assertMeta(second, 2, 2, 25);
        List<Long> all = new ArrayList<>(ids(first.get("user_groups")));
        all.addAll(ids(second.get("user_groups")));
        assertThat(all).doesNotHaveDuplicates().isSorted().hasSize(25);
        assertThat(all).containsExactlyElementsOf(groupIdsOf(fresh));
    }

    @Test
    void pagesUserGroupsByPerPage() {
        TestAccount fresh = accountWithGroups(24);

        JsonNode third = ok(asAdmin(fresh, "GET", "/user_groups?page=3&per_page=10", null));
        JsonNode beyond = ok(asAdmin(fresh, "GET", "/user_groups?page=9&per_page=10", null));

        assertThat(ids(third.get("user_groups")))
                .containsExactlyElementsOf(groupIdsOf(fresh).subList(20, 25));
        assertMeta(third, 3, 3, 25);
        assertThat(beyond.get("user_groups")).isEmpty();
        assertMeta(beyond, 9, 3, 25);
    }

    @Test
    void capsPerPageAtOneHundred() {
        TestAccount fresh = accountWithGroups(100);

        JsonNode first = ok(asAdmin(fresh, "GET", "/user_groups?per_page=1000", null));
        JsonNode second = ok(asAdmin(fresh, "GET", "/user_groups?per_page=1000&page=2", null));

        assertThat(first.get("user_groups")).hasSize(100);
        assertMeta(first, 1, 2, 101);
        assertThat(second.get("user_groups")).hasSize(1);
        assertMeta(second, 2, 2, 101);
    }

    @Test
    void rejectsPagesThatAreNotPositiveNumbers() {
        Response zeroPage = asAdmin("GET", "/user_groups?page=0", null);
        Response zeroPerPage = asAdmin("GET", "/user_groups?per_page=0", null);
        Response wordPage = asAdmin("GET", "/user_groups?page=two", null);
        Response negative = asAdmin("GET", "/agents?per_page=-5", null);

        assertError(zeroPage, 2000);
        assertError(zeroPerPage, 2000);
        assertError(wordPage, 2000);
        assertError(negative, 2000);
    }

    // ---- POST /user_groups --------------------------------------------------------------------------------------

    @Test
    void createsUserGroup() {
        String name = "Agent Group " + SEQUENCE.incrementAndGet();

        Response response = asAdmin("POST", "/user_groups", "{\"name\": \"" + name + "\"}");

        JsonNode body = ok(response);
        assertThat(List.copyOf(body.propertyNames())).containsExactly("id", "code");
        Group stored = app.services()
                .groups()
                .get(admin.caller(), new GroupId(body.get("id").asLong()));
        assertThat(stored.name()).isEqualTo(name);
        assertThat(stored.accountId()).isEqualTo(account.id());
        assertThat(stored.deleted()).isFalse();
    }

    @Test
    void acceptsNameOf255CharactersAndRejects256() {
        String longest = "n".repeat(254) + SEQUENCE.incrementAndGet() % 10;

        Response accepted = asAdmin("POST", "/user_groups", "{\"name\": \"" + longest + "\"}");
        Response rejected = asAdmin("POST", "/user_groups", "{\"name\": \"" + "m".repeat(256) + "\"}");

        JsonNode created = ok(accepted);
        assertThat(app.services()
                        .groups()
                        .get(admin.caller(), new GroupId(created.get("id").asLong()))
                        .name())
                .hasSize(255);
        assertError(rejected, 2000);
        assertThat(exceptionMessage(rejected))
                .startsWith("Validation failed:")
                .contains("Group name")
                .contains("255");
        assertThat(groupNamesOf(account)).doesNotContain("m".repeat(256));
    }

    @Test
    void rejectsBlankOrMissingName() {
        List<String> before = groupNamesOf(account);

        Response blank = asAdmin("POST", "/user_groups", "{\"name\": \"   \"}");
        Response empty = asAdmin("POST", "/user_groups", "{\"name\": \"\"}");
        Response missing = asAdmin("POST", "/user_groups", "{}");
        Response noBody = asAdmin("POST", "/user_groups", null);

        for (Response response : List.of(blank, empty, missing, noBody)) {
            assertError(response, 2000);
            assertThat(exceptionMessage(response))
                    .startsWith("Validation failed:")
                    .contains("Group name");
        }
        assertThat(groupNamesOf(account)).isEqualTo(before);
    }

    @Test
    void rejectsMalformedBodiesAndWrongTypes() {
        List<String> before = groupNamesOf(account);

        Response malformed = asAdmin("POST", "/user_groups", "{\"name\": ");
        Response array = asAdmin("POST", "/user_groups", "[\"Array\"]");
        Response objectName = asAdmin("POST", "/user_groups", "{\"name\": {\"nested\": \"Object\"}}");

        assertError(malformed, 2000);
        assertError(array, 2000);
        assertError(objectName, 2000);
        assertThat(groupNamesOf(account)).isEqualTo(before);
    }

    @Test
    void rejectsDuplicateNameIgnoringCase() {
        String name = "Billing " + SEQUENCE.incrementAndGet();
        ok(asAdmin("POST", "/user_groups", "{\"name\": \"" + name + "\"}"));

        Response response = asAdmin("POST", "/user_groups", "{\"name\": \"" + name.toUpperCase() + "\"}");

        assertError(response, 2000);
        assertThat(exceptionMessage(response)).startsWith("Validation failed:");
        assertThat(groupNamesOf(account)).contains(name).doesNotContain(name.toUpperCase());
    }

    // ---- PUT /user_groups/{id} ----------------------------------------------------------------------------------

    @Test
    void renamesUserGroupAndAnswersItWithItsAgents() {
        Group group = app.fixtures().group(account.id(), "Hardware " + SEQUENCE.incrementAndGet());
        TestAgent member = app.fixtures().agent(account.id(), Role.AGENT);
        addMember(account, member, group);
        String renamed = "Hardware and ICP " + SEQUENCE.incrementAndGet();

        Response response = asAdmin("PUT", "/user_groups/" + group.id().value(), "{\"name\": \"" + renamed + "\"}");

        JsonNode body = ok(response);
        assertThat(List.copyOf(body.propertyNames())).containsExactly("code", "id", "user_group");
        assertThat(body.get("id").asLong()).isEqualTo(group.id().value());
        JsonNode userGroup = body.get("user_group");
        assertThat(List.copyOf(userGroup.propertyNames())).containsExactly("id", "name", "agents");
        assertThat(userGroup.get("name").asString()).isEqualTo(renamed);
        assertThat(ids(userGroup.get("agents")))
                .containsExactly(member.agent().id().value());
        assertThat(userGroup.get("agents").get(0).get("nick_name").asString())
                .isEqualTo(member.agent().name());
        assertThat(app.services().groups().get(admin.caller(), group.id()).name())
                .isEqualTo(renamed);
        assertThat(groupIdsOfAgent(account, member.agent().id()))
                .contains(group.id().value());
    }

    @Test
    void rejectsInvalidNewName() {
        Group group = app.fixtures().group(account.id(), "Keep Name " + SEQUENCE.incrementAndGet());

        Response blank = asAdmin("PUT", "/user_groups/" + group.id().value(), "{\"name\": \" \"}");
        Response tooLong =
                asAdmin("PUT", "/user_groups/" + group.id().value(), "{\"name\": \"" + "x".repeat(256) + "\"}");
        Response taken = asAdmin("PUT", "/user_groups/" + group.id().value(), "{\"name\": \"support\"}");

        assertError(blank, 2000);
        assertError(tooLong, 2000);
        assertError(taken, 2000);
        assertThat(app.services().groups().get(admin.caller(), group.id()).name())
                .isEqualTo(group.name());
    }

    @Test
    void answersNotFoundInItsEnvelopeForPathsTheApiDoesNotHave() {
        Response get = asAdmin("GET", "/customers", null);
        Response post = asAdmin("POST", "/user_groups/1/members", "{}");

        assertError(get, 2005);
        assertThat(get.json().get("message").asString()).isEqualTo("Resource not found");
        assertError(post, 2005);
    }

    @Test
    void answersNotFoundForUnknownUserGroups() {
        Response unknown = asAdmin("PUT", "/user_groups/987654321", "{\"name\": \"Nowhere\"}");
        Response word = asAdmin("PUT", "/user_groups/abc", "{\"name\": \"Nowhere\"}");
        Response zero = asAdmin("DELETE", "/user_groups/0", null);
        Response agentsOfUnknown = asAdmin("GET", "/user_groups/987654321/agents", null);

        assertError(unknown, 2005);
        assertThat(unknown.json().get("message").asString()).isEqualTo("Resource not found");
        assertError(word, 2005);
        assertError(zero, 2005);
        assertError(agentsOfUnknown, 2005);
        assertThat(groupNamesOf(account)).doesNotContain("Nowhere");
    }

    // ---- DELETE /user_groups/{id} -------------------------------------------------------------------------------

    @Test
    void deletesUserGroupAndItsMemberships() {
        Group group = app.fixtures().group(account.id(), "Seasonal " + SEQUENCE.incrementAndGet());
        TestAgent member = app.fixtures().agent(account.id(), Role.AGENT);
        addMember(account, member, group);

        Response response = asAdmin("DELETE", "/user_groups/" + group.id().value(), null);

        JsonNode body = ok(response);
        assertThat(List.copyOf(body.propertyNames())).containsExactly("message", "code");
        assertThat(body.get("message").asString())
                .isEqualTo("The customer service group with ID " + group.id().value() + " was successfully deleted");
        assertThat(app.services().groups().get(admin.caller(), group.id()).deleted())
                .isTrue();
        assertThat(groupIdsOfAgent(account, member.agent().id()))
                .doesNotContain(group.id().value());
        assertThat(ids(ok(asAdmin("GET", "/user_groups?per_page=100", null)).get("user_groups")))
                .doesNotContain(group.id().value());
        assertError(asAdmin("GET", "/user_groups/" + group.id().value() + "/agents", null), 2005);
    }

    @Test
    void deletingAnAlreadyDeletedUserGroupAnswersNotFound() {
        // given
        Group group = app.fixtures().group(account.id(), "Deleted twice " + SEQUENCE.incrementAndGet());
        ok(asAdmin("DELETE", "/user_groups/" + group.id().value(), null));

        // when
        Response again = asAdmin("DELETE", "/user_groups/" + group.id().value(), null);
        Response renamed = asAdmin("PUT", "/user_groups/" + group.id().value(), "{\"name\": \"Back again\"}");

        // then: 2005, as every other call on that id answers, and nothing about the group changes
        assertError(again, 2005);
        assertThat(again.json().get("message").asString()).isEqualTo("Resource not found");
        assertThat(again.body()).doesNotContain("successfully deleted");
        assertError(renamed, 2005);
        Group stored = app.services().groups().get(admin.caller(), group.id());
        assertThat(stored.deleted()).isTrue();
        assertThat(stored.name()).isEqualTo(group.name());
    }

    @Test
    void deletingAnAgentsDefaultGroupMovesTheDefaultToItsOldestRemainingMembership() {
        // given: the agent joined Default first, then Later (a higher group id), then Earlier (a lower one)
        TestAccount fresh = app.fixtures().account();
        Group earlier = app.fixtures().group(fresh.id(), "Earlier");
        Group home = app.fixtures().group(fresh.id(), "Default");
        Group later = app.fixtures().group(fresh.id(), "Later");
        TestAgent member = app.fixtures().agent(fresh.id(), Role.AGENT);
        Caller system = Caller.system(fresh.id());
        app.services().memberships().setGroupsOfAgent(system, member.agent().id(), Set.of(home.id()));
        app.services().memberships().makeDefaultGroup(system, member.agent().id(), home.id());
        app.services()
                .memberships()
                .add(system, new NewMembership(member.agent().id(), later.id()));
        app.services()
                .memberships()
                .add(system, new NewMembership(member.agent().id(), earlier.id()));

        // when
        Response response = asAdmin(fresh, "DELETE", "/user_groups/" + home.id().value(), null);

        // then: Udesk has no default group to protect, so the group goes and the default moves to the agent's
        // oldest remaining membership (Later), not to the lowest group id
        ok(response);
        assertThat(app.services().groups().get(system, home.id()).deleted()).isTrue();
        assertThat(app.services()
                        .memberships()
                        .defaultGroupOf(system, member.agent().id()))
                .contains(later.id());
        assertThat(app.services().memberships().ofAgent(system, member.agent().id()))
                .filteredOn(Membership::isDefault)
                .extracting(m -> m.groupId().value())
                .containsExactly(later.id().value());
    }

    @Test
    void deletesAGroupThatIsAnAgentsDefaultMovingTheDefault() {
        TestAccount fresh = app.fixtures().account();
        Group first = app.fixtures().group(fresh.id(), "First");
        Group second = app.fixtures().group(fresh.id(), "Second");
        TestAgent member = app.fixtures().agent(fresh.id(), Role.AGENT);
        Caller system = Caller.system(fresh.id());
        app.services().memberships().setGroupsOfAgent(system, member.agent().id(), Set.of(first.id()));
        app.services()
                .memberships()
                .add(system, new NewMembership(member.agent().id(), second.id()));

        Response response =
                asAdmin(fresh, "DELETE", "/user_groups/" + first.id().value(), null);

        ok(response);
        List<Membership> left =
                app.services().memberships().ofAgent(system, member.agent().id());
        assertThat(left)
                .extracting(m -> m.groupId().value())
                .containsExactly(second.id().value());
        assertThat(left.get(0).isDefault()).isTrue();
    }

    @Test
    void refusesToDeleteTheAccountsDefaultGroup() {
        Group support = groupNamed(account, "Support");

        Response response = asAdmin("DELETE", "/user_groups/" + support.id().value(), null);

        assertError(response, 2000);
        assertThat(app.services().groups().get(admin.caller(), support.id()).deleted())
                .isFalse();
    }

    // ---- GET /user_groups/{id}/agents ---------------------------------------------------------------------------

    @Test
    void listsTheAgentsOfAUserGroupWithEveryAgentField() {
        TestAccount fresh = app.fixtures().account();
        Group group = app.fixtures().group(fresh.id(), "Agent Group 1");
        Group other = app.fixtures().group(fresh.id(), "Agent Group 2");
        TestAgent member = app.fixtures().agent(fresh.id(), Role.AGENT);
        Caller system = Caller.system(fresh.id());
        app.services()
                .agents()
                .update(
                        system,
                        member.agent().id(),
                        AgentChanges.builder()
                                .phone("12345678901")
                                .workId("W-1")
                                .skillLevel(10)
                                .alias("Test Agent1")
                                .position("Lead")
                                .avatarUrl("https://example.test/a.jpg")
                                .locale("zh-cn")
                                .acceptsAssignments(false)
                                .groups(Set.of(group.id(), other.id()))
                                .build());

        Response response = asAdmin(fresh, "GET", "/user_groups/" + group.id().value() + "/agents", null);

        JsonNode body = ok(response);
        assertThat(List.copyOf(body.propertyNames())).containsExactly("code", "user_group", "user_groups", "meta");
        JsonNode userGroup = body.get("user_group");
        assertThat(body.get("user_groups")).hasSize(1);
        assertThat(body.get("user_groups").get(0)).isEqualTo(userGroup);
        assertThat(userGroup.get("id").asLong()).isEqualTo(group.id().value());
        assertThat(userGroup.get("name").asString()).isEqualTo("Agent Group 1");
        assertThat(userGroup.get("agents")).hasSize(1);
        JsonNode shown = userGroup.get("agents").get(0);
        assertThat(List.copyOf(shown.propertyNames())).containsExactlyInAnyOrderElementsOf(AGENT_FIELDS);
        assertThat(shown.get("id").asLong()).isEqualTo(member.agent().id().value());
        assertThat(shown.get("email").asString()).isEqualTo(member.email());
        assertThat(shown.get("nick_name").asString()).isEqualTo(member.agent().name());
        assertThat(shown.get("cellphone").asString()).isEqualTo("12345678901");
        assertThat(shown.get("work_id").asString()).isEqualTo("W-1");
        assertThat(shown.get("im_ability_value").asInt()).isEqualTo(10);
        assertThat(shown.get("aliase").asString()).isEqualTo("Test Agent1");
        assertThat(shown.get("role_name").asString()).isEqualTo("agent");
        assertThat(shown.get("duty").asString()).isEqualTo("Lead");
        assertThat(ids(shown.get("user_group_ids")))
                .containsExactlyInAnyOrder(group.id().value(), other.id().value());
        assertThat(ids(shown.get("user_groups")))
                .containsExactlyInAnyOrder(group.id().value(), other.id().value());
        assertThat(shown.get("disable_status").asString()).isEqualTo("enable");
        assertThat(shown.get("avatar").asString()).isEqualTo("https://example.test/a.jpg");
        assertThat(shown.get("lang").asString()).isEqualTo("zh-cn");
        assertThat(shown.get("availability").asBoolean()).isFalse();
        assertThat(shown.get("password").asString()).isEmpty();
        assertMeta(body, 1, 1, 1);
    }

    @Test
    void pagesTheAgentsOfAUserGroup() {
        TestAccount fresh = app.fixtures().account();
        Group group = app.fixtures().group(fresh.id(), "Crowd");
        List<Long> members = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            TestAgent member = app.fixtures().agent(fresh.id(), Role.AGENT);
            addMember(fresh, member, group);
            members.add(member.agent().id().value());
        }
        String path = "/user_groups/" + group.id().value() + "/agents";

        JsonNode first = ok(asAdmin(fresh, "GET", path, null));
        JsonNode second = ok(asAdmin(fresh, "GET", path + "?page=2", null));
        JsonNode small = ok(asAdmin(fresh, "GET", path + "?page=3&per_page=5", null));

        assertThat(ids(first.get("user_group").get("agents"))).containsExactlyElementsOf(members.subList(0, 20));
        assertMeta(first, 1, 2, 23);
        assertThat(ids(second.get("user_group").get("agents"))).containsExactlyElementsOf(members.subList(20, 23));
        assertMeta(second, 2, 2, 23);
        assertThat(ids(small.get("user_group").get("agents"))).containsExactlyElementsOf(members.subList(10, 15));
        assertMeta(small, 3, 5, 23);
    }

    // ---- GET /agents --------------------------------------------------------------------------------------------

    @Test
    void listsEnabledAgentsAndDisabledOnesOnlyWithDisabled() {
        TestAccount fresh = app.fixtures().account();
        Caller system = Caller.system(fresh.id());
        TestAgent enabled = app.fixtures().agent(fresh.id(), Role.AGENT);
        TestAgent disabled = app.fixtures().agent(fresh.id(), Role.AGENT);
        TestAgent deleted = app.fixtures().agent(fresh.id(), Role.AGENT);
        app.services()
                .agents()
                .update(
                        system,
                        disabled.agent().id(),
                        AgentChanges.builder().suspended(true).build());
        app.services().agents().delete(system, deleted.agent().id());
        long adminId = fresh.admin().agent().id().value();

        JsonNode plain = ok(asAdmin(fresh, "GET", "/agents", null));
        JsonNode withDisabled = ok(asAdmin(fresh, "GET", "/agents?with_disabled=true", null));
        JsonNode explicitFalse = ok(asAdmin(fresh, "GET", "/agents?with_disabled=false", null));

        assertThat(List.copyOf(plain.propertyNames())).containsExactly("code", "agents", "meta");
        assertThat(ids(plain.get("agents")))
                .containsExactly(adminId, enabled.agent().id().value());
        assertMeta(plain, 1, 1, 2);
        assertThat(ids(withDisabled.get("agents")))
                .containsExactly(
                        adminId,
                        enabled.agent().id().value(),
                        disabled.agent().id().value());
        assertMeta(withDisabled, 1, 1, 3);
        assertThat(withDisabled.get("agents").get(2).get("disable_status").asString())
                .isEqualTo("disable");
        assertThat(withDisabled.get("agents").get(0).get("role_name").asString())
                .isEqualTo("admin");
        assertThat(ids(explicitFalse.get("agents"))).isEqualTo(ids(plain.get("agents")));
        assertThat(List.copyOf(plain.get("agents").get(1).propertyNames()))
                .containsExactlyInAnyOrderElementsOf(AGENT_FIELDS);
    }

    @Test
    void pagesAgents() {
        TestAccount fresh = app.fixtures().account();
        List<Long> all = new ArrayList<>(List.of(fresh.admin().agent().id().value()));
        for (int i = 0; i < 21; i++) {
            all.add(app.fixtures().agent(fresh.id(), Role.AGENT).agent().id().value());
        }

        JsonNode first = ok(asAdmin(fresh, "GET", "/agents", null));
        JsonNode second = ok(asAdmin(fresh, "GET", "/agents?page=2", null));
        JsonNode capped = ok(asAdmin(fresh, "GET", "/agents?per_page=500", null));

        assertThat(ids(first.get("agents"))).containsExactlyElementsOf(all.subList(0, 20));
        assertMeta(first, 1, 2, 22);
        assertThat(ids(second.get("agents"))).containsExactlyElementsOf(all.subList(20, 22));
        assertMeta(second, 2, 2, 22);
        assertThat(ids(capped.get("agents"))).containsExactlyElementsOf(all);
        assertMeta(capped, 1, 1, 22);
    }

    @Test
    void listsOnlyTheCallersAccountsAgents() {
        TestAccount fresh = app.fixtures().account();

        JsonNode body = ok(asAdmin(fresh, "GET", "/agents?with_disabled=true&per_page=100", null));

        assertThat(ids(body.get("agents")))
                .containsExactly(fresh.admin().agent().id().value());
        assertThat(body.get("agents").get(0).get("email").asString())
                .isEqualTo(fresh.admin().email());
    }

    // ---- POST /agents -------------------------------------------------------------------------------------------

    @Test
    void createsAgentMappingEveryUdeskField() {
        Group first = app.fixtures().group(account.id(), "Create A " + SEQUENCE.incrementAndGet());
        Group second = app.fixtures().group(account.id(), "Create B " + SEQUENCE.incrementAndGet());
        String email = "created" + SEQUENCE.incrementAndGet() + "@example.test";
        String request = "{\"agent\": {\"email\": \"" + email + "\", \"password\": \"correct horse\","
                + " \"nick_name\": \"Test Agent1\", \"aliase\": \"Agent One\", \"cellphone\": \"12345678901\","
                + " \"duty\": \"Shift lead\", \"work_id\": \"W-42\", \"avatar\": \"https://example.test/1.jpg\","
                + " \"lang\": \"en-us\", \"im_ability_value\": 7, \"availability\": false, \"role_name\": \"agent\","
                + " \"profile\": \"all\", \"im_welcomes\": \"hi\", \"user_group_ids\": ["
                + first.id().value() + ", " + second.id().value() + "]}}";

        Response response = asAdmin("POST", "/agents", request);

        JsonNode body = ok(response);
        assertThat(List.copyOf(body.propertyNames())).containsExactly("code", "agent");
        JsonNode shown = body.get("agent");
        assertThat(List.copyOf(shown.propertyNames())).containsExactlyInAnyOrderElementsOf(AGENT_FIELDS);
        AgentId id = new AgentId(shown.get("id").asLong());
        Agent stored = app.services().agents().get(admin.caller(), id);
        assertThat(stored.email()).isEqualTo(email);
        assertThat(stored.name()).isEqualTo("Test Agent1");
        assertThat(stored.alias()).isEqualTo("Agent One");
        assertThat(stored.phone()).isEqualTo("12345678901");
        assertThat(stored.position()).isEqualTo("Shift lead");
        assertThat(stored.workId()).isEqualTo("W-42");
        assertThat(stored.avatarUrl()).isEqualTo("https://example.test/1.jpg");
        assertThat(stored.locale()).isEqualTo("en-us");
        assertThat(stored.skillLevel()).isEqualTo(7);
        assertThat(stored.acceptsAssignments()).isFalse();
        assertThat(stored.suspended()).isFalse();
        assertThat(stored.role()).isEqualTo(Role.AGENT);
        assertThat(stored.active()).isTrue();
        assertThat(groupIdsOfAgent(account, id))
                .containsExactlyInAnyOrder(first.id().value(), second.id().value());
        assertThat(shown.get("nick_name").asString()).isEqualTo("Test Agent1");
        assertThat(shown.get("aliase").asString()).isEqualTo("Agent One");
        assertThat(shown.get("cellphone").asString()).isEqualTo("12345678901");
        assertThat(shown.get("duty").asString()).isEqualTo("Shift lead");
        assertThat(shown.get("work_id").asString()).isEqualTo("W-42");
        assertThat(shown.get("im_ability_value").asInt()).isEqualTo(7);
        assertThat(shown.get("availability").asBoolean()).isFalse();
        assertThat(shown.get("disable_status").asString()).isEqualTo("enable");
        assertThat(ids(shown.get("user_group_ids")))
                .containsExactlyInAnyOrder(first.id().value(), second.id().value());
        assertThat(shown.get("password").asString()).isEmpty();
        assertThat(response.body()).doesNotContain("correct horse");
    }

    @Test
    void createsAgentInTheDefaultGroupWhenNoGroupsAreGiven() {
        Group support = groupNamed(account, "Support");
        String email = "plain" + SEQUENCE.incrementAndGet() + "@example.test";

        Response response =
                asAdmin("POST", "/agents", "{\"agent\": {\"email\": \"" + email + "\", \"nick_name\": \"Plain\"}}");

        JsonNode shown = ok(response).get("agent");
        AgentId id = new AgentId(shown.get("id").asLong());
        assertThat(groupIdsOfAgent(account, id)).containsExactly(support.id().value());
        assertThat(ids(shown.get("user_group_ids")))
                .containsExactly(support.id().value());
    }

    @Test
    void createsAdminWithRoleNameAdmin() {
        String email = "boss" + SEQUENCE.incrementAndGet() + "@example.test";

        Response response = asAdmin(
                "POST",
                "/agents",
                "{\"agent\": {\"email\": \"" + email + "\", \"nick_name\": \"Boss\", \"role_name\": \"admin\"}}");

        JsonNode shown = ok(response).get("agent");
        assertThat(shown.get("role_name").asString()).isEqualTo("admin");
        assertThat(app.services()
                        .agents()
                        .get(admin.caller(), new AgentId(shown.get("id").asLong()))
                        .role())
                .isEqualTo(Role.ADMIN);
    }

    @Test
    void createdAgentLogsInWithItsPassword() {
        String email = "login" + SEQUENCE.incrementAndGet() + "@example.test";
        ok(asAdmin(
                "POST",
                "/agents",
                "{\"agent\": {\"email\": \"" + email
                        + "\", \"nick_name\": \"New Admin\", \"role_name\": \"admin\","
                        + " \"password\": \"a long password\"}}"));

        Response login = logIn(account, email, "a long password");

        String token = ok(login).get("open_api_auth_token").asString();
        assertThat(token).isNotBlank();
        assertThat(code(send(account, UdeskSigner.v2(email, token), "GET", "/agents", null)))
                .isEqualTo(1000);
    }

    @Test
    void rejectsInvalidAgentsAndCreatesNone() {
        int before = agentCount(account);
        String taken = agent.email();

        List<Response> responses = List.of(
                asAdmin("POST", "/agents", "{\"email\": \"unwrapped@example.test\", \"nick_name\": \"Unwrapped\"}"),
                asAdmin("POST", "/agents", "{\"agent\": {\"email\": \"not-an-email\", \"nick_name\": \"Bad\"}}"),
                asAdmin("POST", "/agents", "{\"agent\": {\"email\": \"" + taken + "\", \"nick_name\": \"Taken\"}}"),
                asAdmin("POST", "/agents", agentJson("\"nick_name\": \"" + "n".repeat(256) + "\"")),
                asAdmin("POST", "/agents", agentJson("\"nick_name\": \"Skill\", \"im_ability_value\": \"high\"")),
                asAdmin("POST", "/agents", agentJson("\"nick_name\": \"Status\", \"disable_status\": \"maybe\"")),
                asAdmin("POST", "/agents", agentJson("\"nick_name\": \"Role\", \"role_name\": \"owner\"")),
                asAdmin("POST", "/agents", agentJson("\"nick_name\": \"Avatar\", \"avatar\": \"ftp://x/y.png\"")),
                asAdmin("POST", "/agents", agentJson("\"nick_name\": \"Pass\", \"password\": \"short\"")),
                asAdmin("POST", "/agents", agentJson("\"nick_name\": \"Avail\", \"availability\": \"sometimes\"")),
                asAdmin("POST", "/agents", agentJson("\"nick_name\": \"Ids\", \"user_group_ids\": \"1,2\"")),
                asAdmin("POST", "/agents", agentJson("\"nick_name\": \"Ids\", \"user_group_ids\": [0]")),
                asAdmin("POST", "/agents", agentJson("\"nick_name\": \"Ids\", \"user_group_ids\": [987654321]")));

        for (Response response : responses) {
            assertError(response, 2000);
        }
        assertThat(agentCount(account)).isEqualTo(before);
    }

    @Test
    void rejectsAgentWithoutNickNameOrEmailAsAValidationFailure() {
        int before = agentCount(account);

        Response noName = asAdmin(
                "POST",
                "/agents",
                "{\"agent\": {\"email\": \"noname" + SEQUENCE.incrementAndGet() + "@example.test\"}}");
        Response noEmail = asAdmin("POST", "/agents", "{\"agent\": {\"nick_name\": \"No Email\"}}");

        assertError(noName, 2000);
        assertThat(exceptionMessage(noName)).startsWith("Validation failed:");
        assertError(noEmail, 2000);
        assertThat(exceptionMessage(noEmail)).startsWith("Validation failed:");
        assertThat(agentCount(account)).isEqualTo(before);
    }

    // ---- PUT /agents/{id} ---------------------------------------------------------------------------------------

    @Test
    void updatesAgentFields() {
        TestAgent target = app.fixtures().agent(account.id(), Role.AGENT);

        Response response = asAdmin(
                "PUT",
                "/agents/" + target.agent().id().value(),
                "{\"agent\": {\"nick_name\": \"Renamed\", \"aliase\": \"Alias\", \"cellphone\": \"555\","
                        + " \"duty\": \"Night\", \"work_id\": \"N-1\", \"lang\": \"zh-cn\", \"im_ability_value\": 3,"
                        + " \"availability\": false, \"disable_status\": \"disable\","
                        + " \"avatar\": \"http://example.test/n.png\"}}");

        JsonNode shown = ok(response).get("agent");
        assertThat(shown.get("nick_name").asString()).isEqualTo("Renamed");
        assertThat(shown.get("disable_status").asString()).isEqualTo("disable");
        Agent stored =
                app.services().agents().get(admin.caller(), target.agent().id());
        assertThat(stored.name()).isEqualTo("Renamed");
        assertThat(stored.alias()).isEqualTo("Alias");
        assertThat(stored.phone()).isEqualTo("555");
        assertThat(stored.position()).isEqualTo("Night");
        assertThat(stored.workId()).isEqualTo("N-1");
        assertThat(stored.locale()).isEqualTo("zh-cn");
        assertThat(stored.skillLevel()).isEqualTo(3);
        assertThat(stored.acceptsAssignments()).isFalse();
        assertThat(stored.suspended()).isTrue();
        assertThat(stored.avatarUrl()).isEqualTo("http://example.test/n.png");
        assertThat(stored.email()).isEqualTo(target.email());
    }

    @Test
    void reEnablesADisabledAgentAndPromotesIt() {
        TestAgent target = app.fixtures().agent(account.id(), Role.AGENT);
        app.services()
                .agents()
                .update(
                        admin.caller(),
                        target.agent().id(),
                        AgentChanges.builder().suspended(true).build());

        Response response = asAdmin(
                "PUT",
                "/agents/" + target.agent().id().value(),
                "{\"agent\": {\"disable_status\": \"enable\", \"role_name\": \"admin\"}}");

        JsonNode shown = ok(response).get("agent");
        assertThat(shown.get("disable_status").asString()).isEqualTo("enable");
        assertThat(shown.get("role_name").asString()).isEqualTo("admin");
        Agent stored =
                app.services().agents().get(admin.caller(), target.agent().id());
        assertThat(stored.suspended()).isFalse();
        assertThat(stored.role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void userGroupIdsSetTheAgentsGroupsToExactlyThatList() {
        Group a = app.fixtures().group(account.id(), "Set A " + SEQUENCE.incrementAndGet());
        Group b = app.fixtures().group(account.id(), "Set B " + SEQUENCE.incrementAndGet());
        Group c = app.fixtures().group(account.id(), "Set C " + SEQUENCE.incrementAndGet());
        TestAgent target = app.fixtures().agent(account.id(), Role.AGENT);
        addMember(account, target, a);
        addMember(account, target, b);
        String path = "/agents/" + target.agent().id().value();

        Response response = asAdmin(
                "PUT", path, "{\"agent\": {\"user_group_ids\": [" + b.id().value() + ", " + c.id().value() + "]}}");

        JsonNode shown = ok(response).get("agent");
        assertThat(groupIdsOfAgent(account, target.agent().id()))
                .containsExactlyInAnyOrder(b.id().value(), c.id().value());
        assertThat(ids(shown.get("user_group_ids"))).containsExactlyInAnyOrder(b.id().value(), c.id().value());
        assertThat(ids(shown.get("user_groups"))).containsExactlyInAnyOrder(b.id().value(), c.id().value());
        assertThat(memberIdsOf(account, a)).doesNotContain(target.agent().id().value());
        assertThat(memberIdsOf(account, c)).contains(target.agent().id().value());
        List<Membership> memberships = app.services()
                .memberships()
                .ofAgent(admin.caller(), target.agent().id());
        assertThat(memberships).filteredOn(Membership::isDefault).hasSize(1);
    }

    @Test
    void userGroupIdsAcceptStringIdsAndRepeatedIds() {
        Group a = app.fixtures().group(account.id(), "Str A " + SEQUENCE.incrementAndGet());
        TestAgent target = app.fixtures().agent(account.id(), Role.AGENT);

        Response response = asAdmin(
                "PUT",
                "/agents/" + target.agent().id().value(),
                "{\"agent\": {\"user_group_ids\": [\"" + a.id().value() + "\", " + a.id().value() + "]}}");

        ok(response);
        assertThat(groupIdsOfAgent(account, target.agent().id())).containsExactly(a.id().value());
    }

    @Test
    void emptyUserGroupIdsTakeTheAgentOutOfEveryGroup() {
        Group a = app.fixtures().group(account.id(), "Empty A " + SEQUENCE.incrementAndGet());
        TestAgent target = app.fixtures().agent(account.id(), Role.AGENT);
        addMember(account, target, a);

        Response response =
                asAdmin("PUT", "/agents/" + target.agent().id().value(), "{\"agent\": {\"user_group_ids\": []}}");

        JsonNode shown = ok(response).get("agent");
        assertThat(groupIdsOfAgent(account, target.agent().id())).isEmpty();
        assertThat(shown.get("user_group_ids")).isEmpty();
    }

    @Test
    void leavesGroupsAsTheyAreWhenUserGroupIdsAreOmitted() {
        Group a = app.fixtures().group(account.id(), "Omit A " + SEQUENCE.incrementAndGet());
        TestAgent target = app.fixtures().agent(account.id(), Role.AGENT);
        addMember(account, target, a);
        Set<Long> before = groupIdsOfAgent(account, target.agent().id());

        Response response = asAdmin(
                "PUT", "/agents/" + target.agent().id().value(), "{\"agent\": {\"nick_name\": \"Same groups\"}}");

        ok(response);
        assertThat(groupIdsOfAgent(account, target.agent().id()))
                .isEqualTo(before)
                .contains(a.id().value());
    }

    @Test
    void refusesUserGroupIdsNamingDeletedOrUnknownGroupsAndChangesNothing() {
        Group a = app.fixtures().group(account.id(), "Refuse A " + SEQUENCE.incrementAndGet());
        Group deleted = app.fixtures().group(account.id(), "Refuse Gone " + SEQUENCE.incrementAndGet());
        app.services().groups().delete(admin.caller(), deleted.id());
        TestAgent target = app.fixtures().agent(account.id(), Role.AGENT);
        addMember(account, target, a);
        Set<Long> before = groupIdsOfAgent(account, target.agent().id());
        String path = "/agents/" + target.agent().id().value();

        Response toDeleted = asAdmin(
                "PUT",
                path,
                "{\"agent\": {\"user_group_ids\": [" + a.id().value() + ", "
                        + deleted.id().value() + "]}}");
        Response toUnknown = asAdmin("PUT", path, "{\"agent\": {\"user_group_ids\": [987654321]}}");

        assertError(toDeleted, 2000);
        assertError(toUnknown, 2000);
        assertThat(groupIdsOfAgent(account, target.agent().id())).isEqualTo(before);
    }

    @Test
    void refusesAnotherAccountsGroupInUserGroupIds() {
        Group foreign = app.fixtures().group(otherAccount.id(), "Foreign set " + SEQUENCE.incrementAndGet());
        TestAgent target = app.fixtures().agent(account.id(), Role.AGENT);
        Set<Long> before = groupIdsOfAgent(account, target.agent().id());
        int agentsBefore = agentCount(account);
        State otherBefore = stateOf(otherAccount);

        Response update = asAdmin(
                "PUT",
                "/agents/" + target.agent().id().value(),
                "{\"agent\": {\"user_group_ids\": [" + foreign.id().value() + "]}}");
        Response create = asAdmin(
                "POST",
                "/agents",
                agentJson("\"nick_name\": \"Foreign\", \"user_group_ids\": ["
                        + foreign.id().value() + "]"));

        assertError(update, 2000);
        assertError(create, 2000);
        assertThat(groupIdsOfAgent(account, target.agent().id())).isEqualTo(before);
        assertThat(agentCount(account)).isEqualTo(agentsBefore);
        assertThat(stateOf(otherAccount)).isEqualTo(otherBefore);
        assertThat(memberIdsOf(otherAccount, foreign)).isEmpty();
    }

    @Test
    void answersNotFoundForUnknownAgents() {
        Response unknown = asAdmin("PUT", "/agents/987654321", "{\"agent\": {\"nick_name\": \"Ghost\"}}");
        Response word = asAdmin("PUT", "/agents/me", "{\"agent\": {\"nick_name\": \"Ghost\"}}");
        Response deleteUnknown = asAdmin("DELETE", "/agents/987654321", null);

        assertError(unknown, 2005);
        assertError(word, 2005);
        assertError(deleteUnknown, 2005);
    }

    @Test
    void rejectsInvalidChangesAndKeepsTheAgent() {
        TestAgent target = app.fixtures().agent(account.id(), Role.AGENT);
        String path = "/agents/" + target.agent().id().value();

        Response blankName = asAdmin("PUT", path, "{\"agent\": {\"nick_name\": \"  \"}}");
        Response takenEmail = asAdmin("PUT", path, "{\"agent\": {\"email\": \"" + admin.email() + "\"}}");
        Response unwrapped = asAdmin("PUT", path, "{\"nick_name\": \"Unwrapped\"}");

        assertError(blankName, 2000);
        assertError(takenEmail, 2000);
        assertError(unwrapped, 2000);
        Agent stored =
                app.services().agents().get(admin.caller(), target.agent().id());
        assertThat(stored.name()).isEqualTo(target.agent().name());
        assertThat(stored.email()).isEqualTo(target.email());
    }

    // ---- DELETE /agents/{id} ------------------------------------------------------------------------------------

    @Test
    void deletesAgent() {
        Group a = app.fixtures().group(account.id(), "Leaving " + SEQUENCE.incrementAndGet());
        TestAgent target = app.fixtures().agent(account.id(), Role.AGENT);
        addMember(account, target, a);

        Response response = asAdmin("DELETE", "/agents/" + target.agent().id().value(), null);

        JsonNode body = ok(response);
        assertThat(List.copyOf(body.propertyNames())).containsExactly("code", "message");
        assertThat(body.get("message").asString())
                .contains(String.valueOf(target.agent().id().value()));
        assertThat(app.services()
                        .agents()
                        .get(admin.caller(), target.agent().id())
                        .active())
                .isFalse();
        assertThat(groupIdsOfAgent(account, target.agent().id())).isEmpty();
        assertThat(memberIdsOf(account, a)).isEmpty();
        assertThat(ids(ok(asAdmin("GET", "/agents?with_disabled=true&per_page=100", null))
                        .get("agents")))
                .doesNotContain(target.agent().id().value());
    }

    @Test
    void deletedAgentCanNoLongerSignRequests() {
        TestAgent doomed = app.fixtures().agent(account.id(), Role.ADMIN);
        assertThat(code(signedBy(doomed, "GET", "/agents"))).isEqualTo(1000);

        ok(asAdmin("DELETE", "/agents/" + doomed.agent().id().value(), null));

        assertThat(code(signedBy(doomed, "GET", "/agents"))).isNotEqualTo(1000);
    }

    @Test
    void deletedAdminsTokenNoLongerSignsForAnotherAdmin() {
        TestAgent doomed = app.fixtures().agent(account.id(), Role.ADMIN);
        TestAgent remaining = app.fixtures().agent(account.id(), Role.ADMIN);
        ok(asAdmin("DELETE", "/agents/" + doomed.agent().id().value(), null));

        Response response = send(account, UdeskSigner.v2(remaining.email(), doomed.token()), "GET", "/agents", null);

        assertThat(code(response)).as(response.body()).isNotEqualTo(1000);
    }

    @Test
    void refusesToDeleteTheCallingAdmin() {
        Response response = asAdmin("DELETE", "/agents/" + admin.agent().id().value(), null);

        assertError(response, 2000);
        assertThat(app.services()
                        .agents()
                        .get(admin.caller(), admin.agent().id())
                        .active())
                .isTrue();
    }

    // ---- POST /log_in -------------------------------------------------------------------------------------------

    @Test
    void logInRefusesWrongCredentialsWithNotFound() {
        Response wrongPassword = logIn(account, admin.email(), admin.password() + "x");
        Response unknownEmail = logIn(account, "nobody@example.test", "whatever-password");
        Response otherAccountsAdmin = logIn(
                account, otherAccount.admin().email(), otherAccount.admin().password());
        Response empty =
                http.post("/open_api_v1/log_in").host(account.host()).json("{}").send();
        Response malformed = http.post("/open_api_v1/log_in")
                .host(account.host())
                .json("{\"email\":")
                .send();

        assertError(wrongPassword, 2005);
        assertThat(wrongPassword.body()).doesNotContain(admin.token());
        assertError(unknownEmail, 2005);
        assertError(otherAccountsAdmin, 2005);
        assertThat(otherAccountsAdmin.body())
                .doesNotContain(otherAccount.admin().token());
        assertError(empty, 2005);
        assertThat(code(malformed)).isNotEqualTo(1000);
    }

    @Test
    void agentRoleLogInDoesNotGrantAdminAccess() {
        String email = "eve" + SEQUENCE.incrementAndGet() + "@example.test";
        app.services()
                .agents()
                .create(
                        Caller.system(account.id()),
                        NewAgent.of("Eve", email, Role.AGENT).withPassword("eve-password"));
        String name = "Eve's group " + SEQUENCE.incrementAndGet();

        Response login = logIn(account, email, "eve-password");
        String token = login.json().path("open_api_auth_token").asString("");
        Response escalated = send(
                account, UdeskSigner.v2(admin.email(), token), "POST", "/user_groups", "{\"name\": \"" + name + "\"}");

        assertThat(code(escalated)).as(escalated.body()).isNotEqualTo(1000);
        assertThat(groupNamesOf(account)).doesNotContain(name);
    }

    // ---- the access matrix, endpoint by endpoint ----------------------------------------------------------------

    /** One signed endpoint; {group} and {agent} are replaced by ids of fresh targets. */
    record Endpoint(String method, String path, String body) {
        String target(long group, long agent) {
            return path.replace("{group}", Long.toString(group)).replace("{agent}", Long.toString(agent));
        }

        String payload() {
            return body == null ? null : body.replace("{unique}", Integer.toString(SEQUENCE.incrementAndGet()));
        }

        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    static Stream<Endpoint> signedEndpoints() {
        return Stream.of(
                new Endpoint("GET", "/user_groups", null),
                new Endpoint("POST", "/user_groups", "{\"name\": \"Matrix {unique}\"}"),
                new Endpoint("PUT", "/user_groups/{group}", "{\"name\": \"Matrix renamed {unique}\"}"),
                new Endpoint("DELETE", "/user_groups/{group}", null),
                new Endpoint("GET", "/user_groups/{group}/agents", null),
                new Endpoint("GET", "/agents", null),
                new Endpoint(
                        "POST",
                        "/agents",
                        "{\"agent\": {\"email\": \"matrix{unique}@example.test\", \"nick_name\": \"Matrix\"}}"),
                new Endpoint("PUT", "/agents/{agent}", "{\"agent\": {\"nick_name\": \"Matrix renamed\"}}"),
                new Endpoint("DELETE", "/agents/{agent}", null));
    }

    static Stream<Endpoint> endpointsWithIds() {
        return signedEndpoints().filter(endpoint -> endpoint.path().contains("{"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signedEndpoints")
    void answersAnAdminWithSuccess(Endpoint endpoint) {
        Target target = freshTarget(account);

        Response response = send(account, UdeskSigner.v2(admin.email(), admin.token()), endpoint, target);

        assertThat(response.status()).isEqualTo(200);
        assertThat(code(response)).as(response.body()).isEqualTo(1000);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signedEndpoints")
    void refusesUnsignedRequests(Endpoint endpoint) {
        Target target = freshTarget(account);
        State before = stateOf(account);

        Response response = send(account, null, endpoint, target);

        assertError(response, 2059);
        assertThat(response.json().get("code_message").asString()).isEqualTo("open api签名不对");
        assertThat(stateOf(account)).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signedEndpoints")
    void refusesAnAgentRoleEmailEvenWhenCorrectlySigned(Endpoint endpoint) {
        Target target = freshTarget(account);
        State before = stateOf(account);

        Response response = send(account, UdeskSigner.v2(agent.email(), agent.token()), endpoint, target);

        assertError(response, 2015);
        assertThat(stateOf(account)).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("signedEndpoints")
    void refusesASignatureMadeWithAnotherAccountsToken(Endpoint endpoint) {
        Target target = freshTarget(account);
        State before = stateOf(account);
        TestAgent foreignAdmin = otherAccount.admin();

        Response ownEmail = send(account, UdeskSigner.v2(foreignAdmin.email(), foreignAdmin.token()), endpoint, target);
        Response borrowedEmail = send(account, UdeskSigner.v2(admin.email(), foreignAdmin.token()), endpoint, target);

        assertError(ownEmail, 2059);
        assertError(borrowedEmail, 2059);
        assertThat(stateOf(account)).isEqualTo(before);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("endpointsWithIds")
    void answersNotFoundForAnotherAccountsIds(Endpoint endpoint) {
        Target foreign = freshTarget(otherAccount);
        State before = stateOf(otherAccount);

        Response response = send(account, UdeskSigner.v2(admin.email(), admin.token()), endpoint, foreign);

        assertError(response, 2005);
        assertThat(response.json().get("message").asString()).isEqualTo("Resource not found");
        assertThat(stateOf(otherAccount)).isEqualTo(before);
    }

    // ---- signatures ---------------------------------------------------------------------------------------------

    @Test
    void acceptsUppercaseHexSignatures() {
        Signature signature = UdeskSigner.v2(admin.email(), admin.token());

        Response response = send(account, signature.withSign(signature.sign().toUpperCase()), "GET", "/agents", null);

        assertThat(code(response)).isEqualTo(1000);
    }

    @Test
    void refusesAWrongSignature() {
        Signature signature = UdeskSigner.v2(admin.email(), admin.token());
        String flipped = (signature.sign().charAt(0) == '0' ? "1" : "0")
                + signature.sign().substring(1);

        Response wrong = send(account, signature.withSign(flipped), "GET", "/agents", null);
        Response missing =
                send(account, signature.withNonce(UUID.randomUUID().toString()).withSign(null), "GET", "/agents", null);
        Response garbage =
                send(account, UdeskSigner.v2(admin.email(), admin.token()).withSign("not-hex"), "GET", "/agents", null);
        Response wrongToken = send(account, UdeskSigner.v2(admin.email(), admin.token() + "x"), "GET", "/agents", null);

        assertError(wrong, 2059);
        assertError(missing, 2059);
        assertError(garbage, 2059);
        assertError(wrongToken, 2059);
    }

    @Test
    void refusesASignatureWhoseEmailWasSwapped() {
        TestAgent otherAdmin = app.fixtures().agent(account.id(), Role.ADMIN);
        Signature signature = UdeskSigner.v2(admin.email(), admin.token());

        Response response = send(account, signature.withEmail(otherAdmin.email()), "GET", "/agents", null);

        assertError(response, 2059);
    }

    @Test
    void refusesASignatureWhoseTimestampWasChanged() {
        Signature signature = UdeskSigner.v2(admin.email(), admin.token());
        String later = Long.toString(Long.parseLong(signature.timestamp()) + 1);

        Response response = send(account, signature.withTimestamp(later), "GET", "/agents", null);

        assertError(response, 2059);
    }

    @Test
    void refusesUnknownSignVersions() {
        Signature signature = UdeskSigner.v2(admin.email(), admin.token());

        Response v3 = send(account, signature.withSignVersion("v3"), "GET", "/agents", null);

        assertError(v3, 2059);
    }

    @Test
    void refusesMissingOrMalformedTimestamps() {
        String nonce = UUID.randomUUID().toString();

        Response missing = send(
                account,
                UdeskSigner.v2(admin.email(), admin.token(), "", nonce).withTimestamp(null),
                "GET",
                "/agents",
                null);
        Response empty = send(account, UdeskSigner.v2(admin.email(), admin.token(), "", nonce), "GET", "/agents", null);
        Response letters = send(
                account, UdeskSigner.v2(admin.email(), admin.token(), "1494474404x", nonce), "GET", "/agents", null);
        Response millis = send(
                account, UdeskSigner.v2(admin.email(), admin.token(), "1494474404.5", nonce), "GET", "/agents", null);
        Response negative =
                send(account, UdeskSigner.v2(admin.email(), admin.token(), "-100", nonce), "GET", "/agents", null);

        assertError(missing, 20621);
        assertError(empty, 20621);
        assertError(letters, 20621);
        assertError(millis, 20621);
        assertError(negative, 20621);
    }

    @Test
    void refusesTimestampsMoreThanFiveMinutesAway() {
        long now = Instant.now().getEpochSecond();

        Response past = send(account, signedAt(now - 330), "GET", "/agents", null);
        Response future = send(account, signedAt(now + 330), "GET", "/agents", null);
        Response ancient = send(account, signedAt(1494474404L), "GET", "/agents", null);
        Response recent = send(account, signedAt(now - 240), "GET", "/agents", null);
        Response ahead = send(account, signedAt(now + 240), "GET", "/agents", null);

        assertError(past, 20622);
        assertError(future, 20622);
        assertError(ancient, 20622);
        assertThat(code(recent)).isEqualTo(1000);
        assertThat(code(ahead)).isEqualTo(1000);
    }

    @Test
    void refusesMissingOrEmptyNonces() {
        Signature signature = UdeskSigner.v2(admin.email(), admin.token());

        Response missing = send(account, signature.withNonce(null), "GET", "/agents", null);
        Response empty = send(
                account, UdeskSigner.v2(admin.email(), admin.token(), UdeskSigner.now(), ""), "GET", "/agents", null);

        assertError(missing, 20624);
        assertError(empty, 20624);
    }

    @Test
    void refusesAReplayedNonceAndAcceptsAFreshOne() {
        Signature signature = UdeskSigner.v2(admin.email(), admin.token());
        String name = "Replayed " + SEQUENCE.incrementAndGet();

        Response first = send(account, signature, "POST", "/user_groups", "{\"name\": \"" + name + "\"}");
        Response replay = send(account, signature, "POST", "/user_groups", "{\"name\": \"" + name + " 2\"}");
        Response otherEndpoint = send(account, signature, "GET", "/agents", null);
        Response newTimestamp = send(
                account,
                UdeskSigner.v2(
                        admin.email(),
                        admin.token(),
                        Long.toString(Long.parseLong(signature.timestamp()) + 1),
                        signature.nonce()),
                "GET",
                "/agents",
                null);
        Response fresh = send(account, UdeskSigner.v2(admin.email(), admin.token()), "GET", "/agents", null);

        assertThat(code(first)).isEqualTo(1000);
        assertError(replay, 20623);
        assertError(otherEndpoint, 20623);
        assertError(newTimestamp, 20623);
        assertThat(code(fresh)).isEqualTo(1000);
        assertThat(groupNamesOf(account)).contains(name).doesNotContain(name + " 2");
    }

    @Test
    void remembersNoncesInTheDatabase() {
        Signature signature = UdeskSigner.v2(admin.email(), admin.token());

        ok(send(account, signature, "GET", "/agents", null));

        long rows = app.groupdesk().database().jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT COUNT(*) FROM request_nonces WHERE account_id = :account AND nonce = :nonce")
                .bind("account", account.id().value())
                .bind("nonce", signature.nonce())
                .mapTo(Long.class)
                .one());
        assertThat(rows).isEqualTo(1);
    }

    @Test
    void rejectedRequestsDoNotUseUpTheirNonce() {
        Signature good = UdeskSigner.v2(admin.email(), admin.token());
        Signature badSign = good.withSign("0".repeat(64));
        Signature agentRole = UdeskSigner.v2(agent.email(), agent.token(), good.timestamp(), good.nonce());

        Response rejectedSign = send(account, badSign, "GET", "/agents", null);
        Response rejectedRole = send(account, agentRole, "GET", "/agents", null);
        Response accepted = send(account, good, "GET", "/agents", null);

        assertError(rejectedSign, 2059);
        assertError(rejectedRole, 2015);
        assertThat(code(accepted)).isEqualTo(1000);
    }

    @Test
    void keepsNoncesApartPerAccount() {
        String nonce = UUID.randomUUID().toString();
        String now = UdeskSigner.now();
        TestAgent foreignAdmin = otherAccount.admin();

        Response here = send(account, UdeskSigner.v2(admin.email(), admin.token(), now, nonce), "GET", "/agents", null);
        Response there = send(
                otherAccount,
                UdeskSigner.v2(foreignAdmin.email(), foreignAdmin.token(), now, nonce),
                "GET",
                "/agents",
                null);

        assertThat(code(here)).isEqualTo(1000);
        assertThat(code(there)).isEqualTo(1000);
    }

    @Test
    void refusesANonceOverTheLengthLimitAsAnInvalidNonce() {
        // given: a correctly signed request whose nonce is one character over the limit, and one at it
        String overlong = "n".repeat(UdeskAuthResolver.MAX_NONCE_LENGTH + 1);
        String longest = "m".repeat(UdeskAuthResolver.MAX_NONCE_LENGTH - 20)
                + UUID.randomUUID().toString().substring(0, 20);

        // when
        Response refused = send(
                account,
                UdeskSigner.v2(admin.email(), admin.token(), UdeskSigner.now(), overlong),
                "GET",
                "/agents",
                null);
        Response accepted = send(
                account,
                UdeskSigner.v2(admin.email(), admin.token(), UdeskSigner.now(), longest),
                "GET",
                "/agents",
                null);

        // then
        assertError(refused, 20624);
        assertThat(refused.json().get("exception").get("message").asString())
                .isEqualTo("nonce must be at most 128 characters");
        assertThat(code(accepted)).as(accepted.body()).isEqualTo(1000);
    }

    @Test
    void matchesTheEmailIgnoringCase() {
        Signature signature = UdeskSigner.v2(admin.email().toUpperCase(), admin.token());

        Response response = send(account, signature, "GET", "/agents", null);

        assertThat(code(response)).isEqualTo(1000);
    }

    @Test
    void refusesADisabledAdmin() {
        TestAgent disabled = app.fixtures().agent(account.id(), Role.ADMIN);
        assertThat(code(signedBy(disabled, "GET", "/agents"))).isEqualTo(1000);
        ok(asAdmin(
                "PUT", "/agents/" + disabled.agent().id().value(), "{\"agent\": {\"disable_status\": \"disable\"}}"));

        Response response = signedBy(disabled, "GET", "/agents");

        // a suspended agent's own tokens no longer sign anything
        assertError(response, 2059);
    }

    @Test
    void anAdminSignsWithAnyLiveTokenOfTheAccount() {
        TestAgent secondAdmin = app.fixtures().agent(account.id(), Role.ADMIN);

        Response response = send(account, UdeskSigner.v2(secondAdmin.email(), admin.token()), "GET", "/agents", null);

        assertThat(code(response)).isEqualTo(1000);
    }

    // ---- legacy SHA-1 signatures --------------------------------------------------------------------------------

    @Test
    void refusesLegacySha1SignaturesUnlessTheAccountSwitchesThemOn() {
        TestAccount fresh = app.fixtures().account();
        TestAgent freshAdmin = fresh.admin();

        Response before =
                send(fresh, UdeskSigner.legacy(freshAdmin.email(), freshAdmin.token()), "GET", "/agents", null);
        Response switchOn = http.put("/api/v2/groupdesk/account.json")
                .host(fresh.host())
                .authorization(Http.token(freshAdmin))
                .json("{\"account\": {\"settings\": {\"udesk.legacy_sha1_signatures\": \"true\"}}}")
                .send();
        Response after =
                send(fresh, UdeskSigner.legacy(freshAdmin.email(), freshAdmin.token()), "GET", "/agents", null);
        Response v1 = send(
                fresh,
                UdeskSigner.legacy(freshAdmin.email(), freshAdmin.token()).withSignVersion("v1"),
                "GET",
                "/agents",
                null);
        Response v2Still = send(fresh, UdeskSigner.v2(freshAdmin.email(), freshAdmin.token()), "GET", "/agents", null);
        Response elsewhere = send(account, UdeskSigner.legacy(admin.email(), admin.token()), "GET", "/agents", null);

        assertError(before, 2059);
        assertThat(switchOn.status()).isEqualTo(200);
        assertThat(app.services().accounts().settings(Caller.system(fresh.id())))
                .containsEntry("udesk.legacy_sha1_signatures", "true");
        assertThat(code(after)).isEqualTo(1000);
        assertThat(code(v1)).isEqualTo(1000);
        assertThat(code(v2Still)).isEqualTo(1000);
        assertError(elsewhere, 2059);
    }

    @Test
    void legacySignaturesStillCheckTokenTimestampAndRole() {
        TestAccount fresh = accountWithLegacySignatures();
        TestAgent freshAdmin = fresh.admin();
        TestAgent freshAgent = app.fixtures().agent(fresh.id(), Role.AGENT);
        long now = Instant.now().getEpochSecond();

        Response wrongToken =
                send(fresh, UdeskSigner.legacy(freshAdmin.email(), "wrong-token"), "GET", "/agents", null);
        Response stale = send(
                fresh,
                UdeskSigner.legacy(freshAdmin.email(), freshAdmin.token(), Long.toString(now - 400)),
                "GET",
                "/agents",
                null);
        Response agentRole =
                send(fresh, UdeskSigner.legacy(freshAgent.email(), freshAgent.token()), "GET", "/agents", null);
        Response v2SignWithoutVersion = send(
                fresh,
                UdeskSigner.v2(freshAdmin.email(), freshAdmin.token()).withSignVersion(null),
                "GET",
                "/agents",
                null);

        assertError(wrongToken, 2059);
        assertError(stale, 20622);
        assertError(agentRole, 2015);
        assertError(v2SignWithoutVersion, 2059);
    }

    // ---- error envelope -----------------------------------------------------------------------------------------

    @Test
    void answersErrorsWithHttp200AndTheUdeskEnvelope() {
        Response response = asAdmin("PUT", "/user_groups/987654321", "{\"name\": \"Nowhere\"}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type").orElseThrow()).startsWith("application/json");
        JsonNode body = response.json();
        assertThat(List.copyOf(body.propertyNames())).containsExactly("code", "message", "code_message", "exception");
        assertThat(body.get("code").isInt()).isTrue();
        assertThat(body.get("message").asString())
                .isEqualTo(body.get("code_message").asString());
        assertThat(List.copyOf(body.get("exception").propertyNames())).containsExactly("message");
    }

    // ---- tokens at rest -----------------------------------------------------------------------------------------

    @Test
    void storesTokensSealedAndDigestedNeverInTheClear() {
        List<List<String>> rows = app.groupdesk().database().jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT token_sealed, token_hash FROM api_tokens WHERE account_id = :account"
                                + " AND agent_id = :agent")
                .bind("account", account.id().value())
                .bind("agent", admin.agent().id().value())
                .map((rs, ctx) -> List.of(rs.getString("token_sealed"), rs.getString("token_hash")))
                .list());

        assertThat(rows).isNotEmpty();
        for (List<String> row : rows) {
            assertThat(row.get(0)).startsWith("gcm1:").doesNotContain(admin.token());
            assertThat(row.get(1)).doesNotContain(admin.token()).matches("[0-9a-f]{64}");
        }
        assertThat(rows).extracting(row -> row.get(1)).contains(UdeskSigner.sha256Hex(admin.token()));
    }

    @Test
    void sealsTokensWithAKeyFileGeneratedInTheDataDirectory(@TempDir Path dataDirectory) throws IOException {
        Path keyFile = dataDirectory.resolve("secret.key");

        try (TestApp keyed = TestApp.start(
                database, Map.of("GROUPDESK_SECRET_KEY", "", "GROUPDESK_DATA_DIR", dataDirectory.toString()))) {
            Response response = keyed.http()
                    .get("/open_api_v1/agents?"
                            + UdeskSigner.v2(TestApp.ADMIN_EMAIL, TestApp.ADMIN_TOKEN)
                                    .query())
                    .send();

            assertThat(code(response)).isEqualTo(1000);
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(keyFile)))
                    .isEqualTo("rw-------");
            SecretBox box = new SecretBox(SecretBox.keyFile(keyFile), List.of());
            assertThat(sealedTokens(keyed.groupdesk())).isNotEmpty().allSatisfy(value -> assertThat(box.open(value))
                    .isPresent());
        }
    }

    @Test
    void resealsTokensUnderANewKeyAtStartUpAndKeepsThemUsable() throws SQLException {
        byte[] keyA = randomKey();
        byte[] keyB = randomKey();

        try (TestDatabase.Scratch scratch = database.create();
                Connection keepAlive = DriverManager.getConnection(scratch.url(), scratch.user(), scratch.password())) {
            try (Groupdesk first = startOn(scratch, keyA, null)) {
                assertThat(signedCode(first, "GET", "/open_api_v1/agents")).isEqualTo(1000);
                assertThat(sealedTokens(first))
                        .allSatisfy(value -> assertThat(new SecretBox(keyA, List.of()).open(value))
                                .contains(TestApp.ADMIN_TOKEN));
            }
            try (Groupdesk rotated = startOn(scratch, keyB, keyA)) {
                assertThat(sealedTokens(rotated)).allSatisfy(value -> {
                    assertThat(new SecretBox(keyB, List.of()).open(value)).contains(TestApp.ADMIN_TOKEN);
                    assertThat(new SecretBox(keyA, List.of()).open(value)).isEmpty();
                });
                assertThat(signedCode(rotated, "GET", "/open_api_v1/agents")).isEqualTo(1000);
            }
            try (Groupdesk newKeyOnly = startOn(scratch, keyB, null)) {
                assertThat(signedCode(newKeyOnly, "GET", "/open_api_v1/agents")).isEqualTo(1000);
            }
            try (Groupdesk oldKeyOnly = startOn(scratch, keyA, null)) {
                assertThat(signedCode(oldKeyOnly, "GET", "/open_api_v1/agents")).isEqualTo(2059);
            }
        }
    }

    @Test
    void refusesANonceReplayedAgainstASecondInstanceOnTheSameDatabase() throws SQLException {
        byte[] key = randomKey();

        try (TestDatabase.Scratch scratch = database.create();
                Connection keepAlive = DriverManager.getConnection(scratch.url(), scratch.user(), scratch.password());
                Groupdesk first = startOn(scratch, key, null);
                Groupdesk second = startOn(scratch, key, null)) {
            Signature signature = UdeskSigner.v2(TestApp.ADMIN_EMAIL, TestApp.ADMIN_TOKEN);
            String target = "/open_api_v1/agents?" + signature.query();

            JsonNode onFirst = raw(first, "GET", target, null);
            JsonNode onSecond = raw(second, "GET", target, null);
            JsonNode fresh = raw(
                    second,
                    "GET",
                    "/open_api_v1/agents?"
                            + UdeskSigner.v2(TestApp.ADMIN_EMAIL, TestApp.ADMIN_TOKEN)
                                    .query(),
                    null);

            assertThat(onFirst.get("code").asInt()).isEqualTo(1000);
            assertThat(onSecond.get("code").asInt()).isEqualTo(20623);
            assertThat(fresh.get("code").asInt()).isEqualTo(1000);
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** A group and an agent in it, made for one request to act on. */
    private record Target(Group group, TestAgent agent) {}

    private static Target freshTarget(TestAccount owner) {
        Group group = app.fixtures().group(owner.id(), "Target " + SEQUENCE.incrementAndGet());
        TestAgent member = app.fixtures().agent(owner.id(), Role.AGENT);
        addMember(owner, member, group);
        return new Target(group, member);
    }

    /** What the account holds, to show a refused request changed nothing. */
    private record State(Map<Long, String> groups, Map<Long, String> agents, Map<Long, Set<Long>> memberships) {}

    private static State stateOf(TestAccount owner) {
        Caller system = Caller.system(owner.id());
        Map<Long, String> groups = new TreeMap<>();
        for (Group group : all(page -> app.services().groups().list(system, GroupService.Scope.ALL, true, page))) {
            groups.put(group.id().value(), group.name() + "|deleted=" + group.deleted());
        }
        Map<Long, String> agents = new TreeMap<>();
        Map<Long, Set<Long>> memberships = new TreeMap<>();
        for (Agent each : all(page -> app.services().agents().list(system, Set.of(), true, page))) {
            agents.put(each.id().value(), each.toString());
            memberships.put(each.id().value(), groupIdsOfAgent(owner, each.id()));
        }
        return new State(groups, agents, memberships);
    }

    private static <T> List<T> all(Function<PageRequest, Slice<T>> lister) {
        List<T> items = new ArrayList<>();
        for (int page = 1; ; page++) {
            Slice<T> slice = lister.apply(PageRequest.offset(page, 100));
            items.addAll(slice.items());
            if (!slice.hasMore()) {
                return items;
            }
        }
    }

    private static TestAccount accountWithGroups(int extraGroups) {
        TestAccount fresh = app.fixtures().account();
        for (int i = 1; i <= extraGroups; i++) {
            app.fixtures().group(fresh.id(), String.format("Group %03d", i));
        }
        return fresh;
    }

    private static TestAccount accountWithLegacySignatures() {
        TestAccount fresh = app.fixtures().account();
        app.services()
                .accounts()
                .putSetting(Caller.system(fresh.id()), "udesk.legacy_sha1_signatures", Optional.of("true"));
        return fresh;
    }

    private static Group groupNamed(TestAccount owner, String name) {
        return all(page -> app.services().groups().list(Caller.system(owner.id()), GroupService.Scope.ALL, false, page))
                .stream()
                .filter(group -> group.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static List<Long> groupIdsOf(TestAccount owner) {
        return all(page -> app.services().groups().list(Caller.system(owner.id()), GroupService.Scope.ALL, false, page))
                .stream()
                .map(group -> group.id().value())
                .toList();
    }

    private static List<String> groupNamesOf(TestAccount owner) {
        return all(page -> app.services().groups().list(Caller.system(owner.id()), GroupService.Scope.ALL, true, page))
                .stream()
                .map(Group::name)
                .toList();
    }

    private static int agentCount(TestAccount owner) {
        return all(page -> app.services().agents().list(Caller.system(owner.id()), Set.of(), true, page))
                .size();
    }

    private static void addMember(TestAccount owner, TestAgent member, Group group) {
        app.services()
                .memberships()
                .add(Caller.system(owner.id()), new NewMembership(member.agent().id(), group.id()));
    }

    private static Set<Long> groupIdsOfAgent(TestAccount owner, AgentId id) {
        return app.services().memberships().ofAgent(Caller.system(owner.id()), id).stream()
                .map(membership -> membership.groupId().value())
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<Long> memberIdsOf(TestAccount owner, Group group) {
        return app.services().memberships().ofGroups(Caller.system(owner.id()), List.of(group.id())).stream()
                .map(membership -> membership.agentId().value())
                .toList();
    }

    private static String agentJson(String fields) {
        return "{\"agent\": {\"email\": \"new" + SEQUENCE.incrementAndGet() + "@example.test\", " + fields + "}}";
    }

    private static Signature signedAt(long timestamp) {
        return UdeskSigner.v2(
                admin.email(),
                admin.token(),
                Long.toString(timestamp),
                UUID.randomUUID().toString());
    }

    private static Response asAdmin(String method, String path, String body) {
        return asAdmin(account, method, path, body);
    }

    private static Response asAdmin(TestAccount owner, String method, String path, String body) {
        return send(owner, UdeskSigner.v2(owner.admin().email(), owner.admin().token()), method, path, body);
    }

    private static Response signedBy(TestAgent caller, String method, String path) {
        return send(account, UdeskSigner.v2(caller.email(), caller.token()), method, path, null);
    }

    private static Response send(TestAccount owner, Signature signature, Endpoint endpoint, Target target) {
        return send(
                owner,
                signature,
                endpoint.method(),
                endpoint.target(
                        target.group().id().value(), target.agent().agent().id().value()),
                endpoint.payload());
    }

    private static Response send(TestAccount owner, Signature signature, String method, String path, String body) {
        String query = signature == null ? "" : (path.contains("?") ? "&" : "?") + signature.query();
        String target = "/open_api_v1" + path + query;
        Http.Request request =
                switch (method) {
                    case "GET" -> http.get(target);
                    case "POST" -> http.post(target);
                    case "PUT" -> http.put(target);
                    case "DELETE" -> http.delete(target);
                    default -> throw new IllegalArgumentException(method);
                };
        request.host(owner.host());
        if (body != null) {
            request.json(body);
        }
        return request.send();
    }

    private static Response logIn(TestAccount owner, String email, String password) {
        return http.post("/open_api_v1/log_in")
                .host(owner.host())
                .json("{\"email\": \"" + email + "\", \"password\": \"" + password + "\"}")
                .send();
    }

    private static int code(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("code").asInt();
    }

    private static JsonNode ok(Response response) {
        assertThat(code(response)).as(response.body()).isEqualTo(1000);
        return response.json();
    }

    private static void assertError(Response response, int expected) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("code").asInt()).as(response.body()).isEqualTo(expected);
        assertThat(body.get("message").asString()).isNotBlank();
        assertThat(body.get("code_message").asString()).isNotBlank();
        assertThat(body.get("exception").get("message").asString()).isNotBlank();
    }

    private static String exceptionMessage(Response response) {
        return response.json().get("exception").get("message").asString();
    }

    private static void assertMeta(JsonNode body, int currentPage, int totalPages, int totalCount) {
        JsonNode meta = body.get("meta");
        assertThat(List.copyOf(meta.propertyNames())).containsExactly("current_page", "total_pages", "total_count");
        assertThat(meta.get("current_page").asInt()).isEqualTo(currentPage);
        assertThat(meta.get("total_pages").asInt()).isEqualTo(totalPages);
        assertThat(meta.get("total_count").asInt()).isEqualTo(totalCount);
    }

    private static List<Long> ids(JsonNode array) {
        List<Long> ids = new ArrayList<>();
        array.forEach(element -> ids.add(element.isObject() ? element.get("id").asLong() : element.asLong()));
        return ids;
    }

    // ---- several instances on one database ----------------------------------------------------------------------

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    private static Groupdesk startOn(TestDatabase.Scratch scratch, byte[] key, byte[] previous) {
        Map<String, String> env = new HashMap<>();
        env.put("SERVER_PORT", "0");
        env.put("GROUPDESK_DB_URL", scratch.url());
        env.put("GROUPDESK_DB_USER", scratch.user());
        env.put("GROUPDESK_DB_PASSWORD", scratch.password());
        env.put("GROUPDESK_BOOTSTRAP_SUBDOMAIN", "demo");
        env.put("GROUPDESK_BOOTSTRAP_ADMIN_EMAIL", TestApp.ADMIN_EMAIL);
        env.put("GROUPDESK_BOOTSTRAP_ADMIN_PASSWORD", TestApp.ADMIN_PASSWORD);
        env.put("GROUPDESK_BOOTSTRAP_API_TOKEN", TestApp.ADMIN_TOKEN);
        env.put("GROUPDESK_SECRET_KEY", Base64.getEncoder().encodeToString(key));
        if (previous != null) {
            env.put("GROUPDESK_SECRET_KEY_PREVIOUS", Base64.getEncoder().encodeToString(previous));
        }
        return Groupdesk.start(Config.from(env), new PrintStream(OutputStream.nullOutputStream()));
    }

    private static int signedCode(Groupdesk instance, String method, String path) {
        return raw(
                        instance,
                        method,
                        path + "?"
                                + UdeskSigner.v2(TestApp.ADMIN_EMAIL, TestApp.ADMIN_TOKEN)
                                        .query(),
                        null)
                .get("code")
                .asInt();
    }

    private static JsonNode raw(Groupdesk instance, String method, String pathAndQuery, String body) {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://localhost:" + instance.port() + pathAndQuery))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Content-Type", "application/json")
                .build();
        try {
            HttpResponse<byte[]> response = CLIENT.send(request, HttpResponse.BodyHandlers.ofByteArray());
            assertThat(response.statusCode()).isEqualTo(200);
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static List<String> sealedTokens(Groupdesk instance) {
        AccountId bootstrap = instance.bootstrapAccount().id();
        return instance.database().jdbi().withHandle(handle -> handle.createQuery(
                        "SELECT token_sealed FROM api_tokens WHERE account_id = :account ORDER BY id")
                .bind("account", bootstrap.value())
                .mapTo(String.class)
                .list());
    }

    private static byte[] randomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return key;
    }
}
