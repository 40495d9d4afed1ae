package io.groupdesk.rosters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.groupdesk.Groupdesk;
import io.groupdesk.access.Caller;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentChanges;
import io.groupdesk.agents.NewAgent;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.NewGroup;
import io.groupdesk.memberships.NewMembership;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.PlainQuery;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.TestDatabase;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class RosterServiceTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Groupdesk.Services services;
    private static RosterService rosters;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        services = app.services();
        rosters = services.rosters();
    }

    // ---- groups with their members ------------------------------------------------------------------------------

    @Test
    void pageOfGroupsListsGroupsInIdOrderEachWithItsMembersInMembershipOrder() {
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        Agent first = agent(account.id(), Role.AGENT);
        Agent second = agent(account.id(), Role.AGENT);
        Group sales = group(account.id(), "Sales");
        Group billing = group(account.id(), "Billing");
        join(account.id(), second, sales);
        join(account.id(), first, sales);
        join(account.id(), first, billing);

        Slice<GroupMembers> page = rosters.groups(admin, false, PageRequest.first(10));

        assertThat(page.items())
                .extracting(roster -> roster.group().name())
                .containsExactly("Support", "Sales", "Billing");
        assertThat(page.items().get(0).members())
                .extracting(member -> member.agent().id())
                .containsExactly(account.admin().agent().id(), first.id(), second.id());
        assertThat(page.items().get(1).members())
                .extracting(member -> member.agent().id())
                .containsExactly(second.id(), first.id());
        assertThat(page.items().get(2).members())
                .extracting(member -> member.agent().id())
                .containsExactly(first.id());
        assertThat(page.hasMore()).isFalse();
    }

    @Test
    void groupMembersCarryEachAgentsDefaultGroup() {
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        Agent agent = agent(account.id(), Role.AGENT);
        Group sales = group(account.id(), "Sales");
        join(account.id(), agent, sales);
        Group support = services.groups().accountDefault(admin).orElseThrow();

        GroupMembers roster = rosters.group(admin, sales.id());

        assertThat(roster.group().id()).isEqualTo(sales.id());
        assertThat(roster.members()).singleElement().satisfies(member -> {
            assertThat(member.agent().id()).isEqualTo(agent.id());
            assertThat(member.membership().isDefault()).isFalse();
            assertThat(member.defaultGroup()).contains(support.id());
        });
    }

    @Test
    void limitedGroupRosterHasTheMembersOfItsFirstMemberships() {
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        Group sales = group(account.id(), "Sales");
        List<Agent> agents = IntStream.range(0, 3)
                .mapToObj(i -> agent(account.id(), Role.AGENT))
                .toList();
        join(account.id(), agents.get(2), sales);
        join(account.id(), agents.get(0), sales);
        join(account.id(), agents.get(1), sales);

        GroupMembers roster = rosters.group(admin, sales.id(), 2);

        assertThat(roster.members())
                .extracting(member -> member.agent().id())
                .containsExactly(agents.get(2).id(), agents.get(0).id());
    }

    // ---- agents with their groups -------------------------------------------------------------------------------

    @Test
    void agentsGroupsComeOldestFirstWithTheDefaultMarked() {
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        Agent agent = agent(account.id(), Role.AGENT);
        Group sales = group(account.id(), "Sales");
        join(account.id(), agent, sales);
        services.memberships().makeDefaultGroup(admin, agent.id(), sales.id());

        AgentGroups roster = rosters.agent(admin, agent.id());

        assertThat(roster.agent().id()).isEqualTo(agent.id());
        assertThat(roster.groups())
                .extracting(
                        placement -> placement.group().name(),
                        placement -> placement.membership().isDefault())
                .containsExactly(tuple("Support", false), tuple("Sales", true));
        assertThat(roster.defaultGroup()).contains(sales.id());
    }

    @Test
    void pageOfAgentsListsActiveAgentsInIdOrderWithTheirGroups() {
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        Agent first = agent(account.id(), Role.AGENT);
        Agent second = agent(account.id(), Role.AGENT);
        Group sales = group(account.id(), "Sales");
        join(account.id(), second, sales);

        Slice<AgentGroups> page = rosters.agents(
                admin, AgentFilter.all(), PageRequest.offset(1, 10).withTotal());

        assertThat(page.items())
                .extracting(roster -> roster.agent().id())
                .containsExactly(account.admin().agent().id(), first.id(), second.id());
        assertThat(page.items().get(1).groups())
                .extracting(placement -> placement.group().name())
                .containsExactly("Support");
        assertThat(page.items().get(2).groups())
                .extracting(placement -> placement.group().name())
                .containsExactly("Support", "Sales");
        assertThat(page.total()).hasValue(3);
    }

    @Test
    void agentFilterSelectsRolesAndGroupMembers() {
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        Agent agent = agent(account.id(), Role.AGENT);
        Agent otherAdmin = agent(account.id(), Role.ADMIN);
        Group sales = group(account.id(), "Sales");
        join(account.id(), agent, sales);
        join(account.id(), otherAdmin, sales);

        List<AgentGroups> admins =
                rosters.allAgents(admin, new AgentFilter(Set.of(Role.ADMIN), true, Optional.empty()));
        List<AgentGroups> agentsInSales =
                rosters.allAgents(admin, new AgentFilter(Set.of(Role.AGENT), true, Optional.of(sales.id())));

        assertThat(admins)
                .extracting(roster -> roster.agent().id())
                .containsExactly(account.admin().agent().id(), otherAdmin.id());
        assertThat(agentsInSales).extracting(roster -> roster.agent().id()).containsExactly(agent.id());
    }

    @Test
    void everyAgentIsReadAcrossPages() {
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        List<AgentId> created = IntStream.range(0, PageRequest.MAX_SIZE + 5)
                .mapToObj(i -> agent(account.id(), Role.AGENT).id())
                .toList();

        List<AgentGroups> every = rosters.allAgents(admin, AgentFilter.all());

        assertThat(every).hasSize(created.size() + 1);
        assertThat(every.subList(1, every.size()))
                .extracting(roster -> roster.agent().id())
                .containsExactlyElementsOf(created);
    }

    // ---- visibility ---------------------------------------------------------------------------------------------

    @Test
    void privateGroupIsHiddenFromAnAgentNotInIt() {
        TestAccount account = app.fixtures().account();
        Agent member = agent(account.id(), Role.AGENT);
        Agent outsider = agent(account.id(), Role.AGENT);
        Group secret = app.fixtures().privateGroup(account.id(), "Secret");
        join(account.id(), member, secret);
        Caller outsiderCaller = caller(outsider);

        List<GroupMembers> seen = rosters.allGroups(outsiderCaller, true);

        assertThat(seen).extracting(roster -> roster.group().name()).containsExactly("Support");
        assertThat(rosters.agent(outsiderCaller, member.id()).groups())
                .extracting(placement -> placement.group().name())
                .containsExactly("Support");
        assertThatThrownBy(() -> rosters.group(outsiderCaller, secret.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> rosters.allAgents(outsiderCaller, AgentFilter.inGroup(secret.id())))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aMembersDefaultGroupIsNamedOnlyToCallersWhoMaySeeIt() {
        TestAccount account = app.fixtures().account();
        Agent member = agent(account.id(), Role.AGENT);
        Agent outsider = agent(account.id(), Role.AGENT);
        Group secret = app.fixtures().privateGroup(account.id(), "Secret");
        join(account.id(), member, secret);
        services.memberships().makeDefaultGroup(Caller.system(account.id()), member.id(), secret.id());
        GroupId support = services.groups()
                .accountDefault(account.admin().caller())
                .orElseThrow()
                .id();

        Optional<GroupId> toOutsider = defaultOf(rosters.group(caller(outsider), support), member);
        Optional<GroupId> toOutsiderInAPage = defaultOf(
                rosters.allGroups(caller(outsider), false).stream()
                        .filter(roster -> roster.group().id().equals(support))
                        .findFirst()
                        .orElseThrow(),
                member);
        Optional<GroupId> toMember = defaultOf(rosters.group(caller(member), support), member);
        Optional<GroupId> toAdmin = defaultOf(rosters.group(account.admin().caller(), support), member);

        assertThat(toOutsider).isEmpty();
        assertThat(toOutsiderInAPage).isEmpty();
        assertThat(toMember).contains(secret.id());
        assertThat(toAdmin).contains(secret.id());
    }

    private static Optional<GroupId> defaultOf(GroupMembers roster, Agent agent) {
        return roster.members().stream()
                .filter(member -> member.agent().id().equals(agent.id()))
                .findFirst()
                .orElseThrow()
                .defaultGroup();
    }

    @Test
    void privateGroupIsShownToItsMemberAndToAnAdmin() {
        TestAccount account = app.fixtures().account();
        Agent member = agent(account.id(), Role.AGENT);
        Group secret = app.fixtures().privateGroup(account.id(), "Secret");
        join(account.id(), member, secret);

        for (Caller caller : List.of(caller(member), account.admin().caller())) {
            assertThat(rosters.allGroups(caller, false))
                    .extracting(roster -> roster.group().name())
                    .containsExactly("Support", "Secret");
            assertThat(rosters.group(caller, secret.id()).members())
                    .extracting(m -> m.agent().id())
                    .containsExactly(member.id());
            assertThat(rosters.agent(caller, member.id()).groups())
                    .extracting(placement -> placement.group().name())
                    .containsExactly("Support", "Secret");
        }
    }

    // ---- tenants ------------------------------------------------------------------------------------------------

    @Test
    void anotherAccountsDataNeverAppears() {
        TestAccount mine = app.fixtures().account();
        TestAccount theirs = app.fixtures().account();
        Agent theirAgent = agent(theirs.id(), Role.AGENT);
        Group theirGroup = group(theirs.id(), "Theirs");
        join(theirs.id(), theirAgent, theirGroup);
        Caller admin = mine.admin().caller();

        List<AgentGroups> agents = rosters.allAgents(admin, AgentFilter.all());
        List<GroupMembers> groups = rosters.allGroups(admin, true);

        assertThat(agents)
                .extracting(roster -> roster.agent().id())
                .containsExactly(mine.admin().agent().id());
        assertThat(agents).flatExtracting(AgentGroups::groups).allSatisfy(placement -> assertThat(
                        placement.group().accountId())
                .isEqualTo(mine.id()));
        assertThat(groups).extracting(roster -> roster.group().name()).containsExactly("Support");
        assertThat(groups)
                .flatExtracting(GroupMembers::members)
                .extracting(member -> member.agent().id())
                .containsExactly(mine.admin().agent().id());
        assertThatThrownBy(() -> rosters.agent(admin, theirAgent.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> rosters.group(admin, theirGroup.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> rosters.allAgents(admin, AgentFilter.inGroup(theirGroup.id())))
                .isInstanceOf(NotFoundException.class);
    }

    // ---- deleted groups, deleted and suspended agents -----------------------------------------------------------

    @Test
    void deletedGroupIsListedOnlyWhenAskedForAndHasNoMembers() {
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        Agent agent = agent(account.id(), Role.AGENT);
        Group gone = group(account.id(), "Gone");
        join(account.id(), agent, gone);
        services.groups().delete(admin, gone.id());

        List<GroupMembers> live = rosters.allGroups(admin, false);
        List<GroupMembers> all = rosters.allGroups(admin, true);
        GroupMembers deleted = rosters.group(admin, gone.id());

        assertThat(live).extracting(roster -> roster.group().name()).containsExactly("Support");
        assertThat(all).extracting(roster -> roster.group().name()).containsExactly("Support", "Gone");
        assertThat(deleted.group().deleted()).isTrue();
        assertThat(deleted.members()).isEmpty();
        assertThat(rosters.agent(admin, agent.id()).groups())
                .extracting(placement -> placement.group().name())
                .containsExactly("Support");
    }

    @Test
    void deletedAgentIsNoMemberAndIsListedNowhereButReadByIdAsInactive() {
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        Agent agent = agent(account.id(), Role.AGENT);
        Group support = services.groups().accountDefault(admin).orElseThrow();
        services.agents().delete(admin, agent.id());

        AgentGroups byId = rosters.agent(admin, agent.id());

        assertThat(byId.agent().active()).isFalse();
        assertThat(byId.groups()).isEmpty();
        assertThat(rosters.allAgents(admin, AgentFilter.all()))
                .extracting(roster -> roster.agent().id())
                .containsExactly(account.admin().agent().id());
        assertThat(rosters.group(admin, support.id()).members())
                .extracting(member -> member.agent().id())
                .containsExactly(account.admin().agent().id());
    }

    @Test
    void suspendedAgentIsListedOnlyWhenAskedFor() {
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        Agent suspended = agent(account.id(), Role.AGENT);
        services.agents()
                .update(
                        admin,
                        suspended.id(),
                        AgentChanges.builder().suspended(true).build());

        List<AgentGroups> withSuspended = rosters.allAgents(admin, AgentFilter.all());
        List<AgentGroups> withoutSuspended =
                rosters.allAgents(admin, new AgentFilter(Set.of(), false, Optional.empty()));

        assertThat(withSuspended)
                .extracting(roster -> roster.agent().id())
                .containsExactly(account.admin().agent().id(), suspended.id());
        assertThat(withoutSuspended)
                .extracting(roster -> roster.agent().id())
                .containsExactly(account.admin().agent().id());
    }

    // ---- cost -----------------------------------------------------------------------------------------------------

    @Test
    void aPageOfAgentsCostsTheSameStatementsWhateverItsSize() {
        TestAccount account = crowdedAccount();
        Caller admin = account.admin().caller();
        Caller agent = caller(rosters.allAgents(admin, new AgentFilter(Set.of(Role.AGENT), true, Optional.empty()))
                .get(0)
                .agent());

        int ofOne = statements(() -> rosters.agents(admin, AgentFilter.all(), PageRequest.first(1)));
        int ofFifty = statements(() -> rosters.agents(admin, AgentFilter.all(), PageRequest.first(50)));
        int countedOfFifty = statements(() -> rosters.agents(
                admin, AgentFilter.all(), PageRequest.offset(1, 50).withTotal()));
        int asAgentOfFifty = statements(() -> rosters.agents(agent, AgentFilter.all(), PageRequest.first(50)));

        assertThat(ofOne).isEqualTo(2);
        assertThat(ofFifty).isEqualTo(2);
        assertThat(countedOfFifty).isEqualTo(3);
        assertThat(asAgentOfFifty).isEqualTo(2);
    }

    @Test
    void aPageOfGroupsCostsTheSameStatementsWhateverItsSize() {
        TestAccount account = crowdedAccount();
        Caller admin = account.admin().caller();

        int ofOne = statements(() -> rosters.groups(admin, true, PageRequest.first(1)));
        int ofFifty = statements(() -> rosters.groups(admin, true, PageRequest.first(50)));

        assertThat(ofOne).isEqualTo(2);
        assertThat(ofFifty).isEqualTo(2);
    }

    @Test
    void oneGroupOrOneAgentCostsTwoStatementsWhateverItsSize() {
        TestAccount account = crowdedAccount();
        Caller admin = account.admin().caller();
        Group support = services.groups().accountDefault(admin).orElseThrow();

        int group = statements(() -> rosters.group(admin, support.id()));
        int agent =
                statements(() -> rosters.agent(admin, account.admin().agent().id()));

        assertThat(rosters.group(admin, support.id()).members()).hasSize(51);
        assertThat(group).isEqualTo(2);
        assertThat(agent).isEqualTo(2);
    }

    // ---- helpers ----------------------------------------------------------------------------------------------------

    /** An account with 50 agents besides its admin and 50 groups besides Support, every agent in two of them. */
    private static TestAccount crowdedAccount() {
        TestAccount account = app.fixtures().account();
        List<Group> groups = IntStream.range(0, 50)
                .mapToObj(i -> group(account.id(), "Group " + i))
                .toList();
        for (int i = 0; i < 50; i++) {
            Agent agent = agent(account.id(), Role.AGENT);
            join(account.id(), agent, groups.get(i));
            join(account.id(), agent, groups.get((i + 1) % groups.size()));
        }
        return account;
    }

    /** How many statements {@code work} ran, whether through Jdbi or as {@link PlainQuery}s. */
    private static int statements(Supplier<?> work) {
        Jdbi jdbi = app.groupdesk().database().jdbi();
        AtomicInteger count = new AtomicInteger();
        // only this thread's: the app's background threads (the webhook worker, the sweep) run statements too
        Thread caller = Thread.currentThread();
        jdbi.setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                if (Thread.currentThread() == caller) {
                    count.incrementAndGet();
                }
            }
        });
        jdbi.getConfig(PlainQuery.Listening.class).set(Optional.of((connection, sql, values) -> {
            if (Thread.currentThread() == caller) {
                count.incrementAndGet();
            }
        }));
        try {
            work.get();
        } finally {
            jdbi.setSqlLogger(SqlLogger.NOP_SQL_LOGGER);
            jdbi.getConfig(PlainQuery.Listening.class).set(Optional.empty());
        }
        return count.get();
    }

    private static Agent agent(AccountId account, Role role) {
        int n = SEQUENCE.incrementAndGet();
        return services.agents()
                .create(Caller.system(account), NewAgent.of("Roster " + n, "roster" + n + "@example.test", role));
    }

    private static Group group(AccountId account, String name) {
        return services.groups().create(Caller.system(account), NewGroup.named(name));
    }

    private static void join(AccountId account, Agent agent, Group group) {
        services.memberships().add(Caller.system(account), new NewMembership(agent.id(), group.id()));
    }

    private static Caller caller(Agent agent) {
        return Caller.agent(agent.accountId(), agent.id(), agent.role());
    }
}
