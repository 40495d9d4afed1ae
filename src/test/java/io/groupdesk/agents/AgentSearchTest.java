package io.groupdesk.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.groupdesk.access.Caller;
import io.groupdesk.groups.Group;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import io.groupdesk.testing.Fixtures;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.TestCore;
import io.groupdesk.testing.TestDatabase;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Searching an account's agents by name or email with filters, counting them, and counting each one's groups. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class AgentSearchTest {
    private static TestCore core;
    private static AgentService agents;
    private static Fixtures fixtures;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start(TestDatabase database) {
        core = TestCore.start(database);
        agents = core.services().agents();
        fixtures = core.fixtures();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        core.close();
    }

    @Test
    void searchMatchesAnyPartOfTheNameOrTheEmailIgnoringCase() {
        TestAccount account = fixtures.account();
        Agent ada = create(account, "Ada Lovelace", "lovelace@example.test", Role.AGENT);
        Agent grace = create(account, "Grace Hopper", "grace.ADA@example.test", Role.AGENT);
        create(account, "Alan Turing", "alan@example.test", Role.AGENT);
        AgentSearch search = AgentSearch.activeAgents().withText("  aDa ");

        Slice<Agent> found = agents.search(
                account.admin().caller(), search, PageRequest.offset(1, 25).withTotal());

        assertThat(found.items()).extracting(Agent::id).containsExactly(ada.id(), grace.id());
        assertThat(found.total()).hasValue(2);
        assertThat(agents.count(account.admin().caller(), search)).isEqualTo(2);
    }

    @Test
    void searchTakesWildcardsLiterally() {
        TestAccount account = fixtures.account();
        Agent percent = create(account, "Sure 100%", "sure@example.test", Role.AGENT);
        create(account, "Sure 1000", "other@example.test", Role.AGENT);
        Agent underscore = create(account, "Under Score", "under_score@example.test", Role.AGENT);
        create(account, "Underxscore", "underxscore@example.test", Role.AGENT);

        assertThat(ids(account.admin().caller(), AgentSearch.activeAgents().withText("0%")))
                .containsExactly(percent.id());
        assertThat(ids(account.admin().caller(), AgentSearch.activeAgents().withText("r_s")))
                .containsExactly(underscore.id());
        assertThat(agents.count(
                        account.admin().caller(), AgentSearch.activeAgents().withText("!")))
                .isZero();
        assertThat(agents.count(
                        account.admin().caller(), AgentSearch.activeAgents().withText("a\0")))
                .isZero();
        assertThat(ids(account.admin().caller(), AgentSearch.activeAgents().withText("\0")))
                .isEmpty();
    }

    @Test
    void filtersNarrowByRoleStatusAndDeletion() {
        TestAccount account = fixtures.account();
        Caller admin = account.admin().caller();
        Agent agent = create(account, "Plain Agent", "plain@example.test", Role.AGENT);
        Agent suspended = create(account, "Suspended Agent", "suspended@example.test", Role.AGENT);
        agents.update(
                admin, suspended.id(), AgentChanges.builder().suspended(true).build());
        Agent deleted = create(account, "Deleted Agent", "deleted@example.test", Role.AGENT);
        agents.delete(admin, deleted.id());
        Agent otherAdmin = create(account, "Second Admin", "second@example.test", Role.ADMIN);

        assertThat(ids(admin, search(Optional.of(Role.AGENT), Optional.of(true), Optional.empty())))
                .containsExactly(agent.id(), suspended.id());
        assertThat(ids(admin, search(Optional.empty(), Optional.of(true), Optional.of(true))))
                .containsExactly(suspended.id());
        assertThat(ids(admin, search(Optional.empty(), Optional.of(false), Optional.empty())))
                .containsExactly(deleted.id());
        assertThat(ids(admin, search(Optional.of(Role.ADMIN), Optional.of(true), Optional.of(false))))
                .containsExactly(account.admin().agent().id(), otherAdmin.id());
        assertThat(agents.count(admin, search(Optional.empty(), Optional.empty(), Optional.empty())))
                .isEqualTo(5);
    }

    @Test
    void pagesCarryTheTotalOfEveryMatch() {
        TestAccount account = fixtures.account();
        List<Agent> team = List.of(
                create(account, "Team One", "t1@example.test", Role.AGENT),
                create(account, "Team Two", "t2@example.test", Role.AGENT),
                create(account, "Team Three", "t3@example.test", Role.AGENT),
                create(account, "Team Four", "t4@example.test", Role.AGENT),
                create(account, "Team Five", "t5@example.test", Role.AGENT));
        AgentSearch search = AgentSearch.activeAgents().withText("team");

        Slice<Agent> second = agents.search(
                account.admin().caller(), search, PageRequest.offset(2, 2).withTotal());
        Slice<Agent> third = agents.search(
                account.admin().caller(), search, PageRequest.offset(3, 2).withTotal());

        assertThat(second.items())
                .extracting(Agent::id)
                .containsExactly(team.get(2).id(), team.get(3).id());
        assertThat(second.hasMore()).isTrue();
        assertThat(second.total()).hasValue(5);
        assertThat(third.items())
                .extracting(Agent::id)
                .containsExactly(team.get(4).id());
        assertThat(third.hasMore()).isFalse();
        assertThat(third.total()).hasValue(5);
        Slice<Agent> past = agents.search(
                account.admin().caller(), search, PageRequest.offset(9, 2).withTotal());
        assertThat(past.items()).isEmpty();
        assertThat(past.total()).hasValue(5);
        Slice<Agent> none = agents.search(
                account.admin().caller(),
                search.withText("nobody"),
                PageRequest.offset(1, 2).withTotal());
        assertThat(none.items()).isEmpty();
        assertThat(none.total()).hasValue(0);
    }

    @Test
    void searchSeesNoOtherAccountsAgents() {
        TestAccount ours = fixtures.account();
        TestAccount theirs = fixtures.account();
        create(theirs, "Their Person", "person@example.test", Role.AGENT);

        assertThat(agents.count(
                        ours.admin().caller(), AgentSearch.activeAgents().withText("person")))
                .isZero();
    }

    @Test
    void anAgentSearchesTheAccountAsAnAdminDoes() {
        TestAccount account = fixtures.account();
        TestAgent reader = fixtures.agent(account.id(), Role.AGENT);
        Agent ada = create(account, "Ada Lovelace", "lovelace@example.test", Role.AGENT);

        assertThat(ids(reader.caller(), AgentSearch.activeAgents().withText("lovelace")))
                .containsExactly(ada.id());
    }

    @Test
    void groupCountsLeaveOutPrivateGroupsTheCallerIsNotIn() {
        TestAccount account = fixtures.account();
        TestAgent member = fixtures.agent(account.id(), Role.AGENT);
        TestAgent outsider = fixtures.agent(account.id(), Role.AGENT);
        Group open = fixtures.group(account.id(), "Open");
        Group secret = fixtures.privateGroup(account.id(), "Secret");
        fixtures.membership(account.id(), member, open);
        fixtures.membership(account.id(), member, secret);
        Agent loner = agents.create(account.admin().caller(), NewAgent.of("Loner", "loner@example.test", Role.AGENT));
        core.services().memberships().setGroupsOfAgent(account.admin().caller(), loner.id(), java.util.Set.of());
        List<AgentId> ids = List.of(member.agent().id(), loner.id());

        // Support (the default group every new agent joins), Open and Secret
        assertThat(agents.groupCounts(account.admin().caller(), ids))
                .containsOnly(entry(member.agent().id(), 3L));
        assertThat(agents.groupCounts(outsider.caller(), ids))
                .containsOnly(entry(member.agent().id(), 2L));
        assertThat(agents.groupCounts(member.caller(), ids))
                .containsOnly(entry(member.agent().id(), 3L));
    }

    private static Agent create(TestAccount account, String name, String email, Role role) {
        return agents.create(account.admin().caller(), NewAgent.of(name, email, role));
    }

    private static AgentSearch search(Optional<Role> role, Optional<Boolean> active, Optional<Boolean> suspended) {
        return new AgentSearch("", role, active, suspended);
    }

    private static List<AgentId> ids(Caller caller, AgentSearch search) {
        return agents.search(caller, search, PageRequest.first(100)).items().stream()
                .map(Agent::id)
                .toList();
    }
}
