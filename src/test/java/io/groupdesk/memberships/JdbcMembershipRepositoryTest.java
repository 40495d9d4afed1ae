package io.groupdesk.memberships;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.groupdesk.accounts.AccountRepository;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentRepository;
import io.groupdesk.groups.GroupRepository;
import io.groupdesk.groups.NewGroup;
import io.groupdesk.memberships.MembershipRepository.AgentState;
import io.groupdesk.memberships.MembershipRepository.GroupState;
import io.groupdesk.memberships.MembershipRepository.NewRow;
import io.groupdesk.memberships.MembershipRepository.Present;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.Cursor;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.MembershipId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import io.groupdesk.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every query of {@link MembershipRepository} but the row locks, on each database: reads, lists with each filter
 * and page kind, inserts one by one and in a batch, the pair and default keys as constraints, default moves, and
 * tenant isolation (another account's id finds and changes nothing).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class JdbcMembershipRepositoryTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.123456Z");

    private static TestDatabase.Migrated database;
    private static MembershipRepository memberships;
    private static AccountRepository accounts;
    private static AgentRepository agents;
    private static GroupRepository groups;

    @Parameter
    TestDatabase kind;

    @BeforeParameterizedClassInvocation
    static void open(TestDatabase kind) {
        database = kind.migrated();
        Jdbi jdbi = database.jdbi();
        memberships = MembershipRepository.jdbc(jdbi);
        accounts = AccountRepository.jdbc(jdbi);
        agents = AgentRepository.jdbc(jdbi);
        groups = GroupRepository.jdbc(jdbi);
    }

    @AfterParameterizedClassInvocation
    static void close() {
        database.close();
    }

    // ---- find ---------------------------------------------------------------------------------------------------

    @Test
    void anInsertedMembershipIsFoundByIdAndByPair() {
        AccountId account = account();
        AgentId agent = agent(account);
        GroupId group = group(account);

        Membership inserted = memberships.insert(account, agent, group, true, NOW);

        assertThat(inserted).isEqualTo(new Membership(inserted.id(), account, agent, group, true, NOW, NOW));
        assertThat(memberships.find(account, inserted.id())).contains(inserted);
        assertThat(memberships.find(account, agent, group)).contains(inserted);
    }

    @Test
    void findWithAnotherAccountIsEmpty() {
        AccountId account = account();
        AccountId other = account();
        Membership membership = memberships.insert(account, agent(account), group(account), true, NOW);

        assertThat(memberships.find(other, membership.id())).isEmpty();
        assertThat(memberships.find(other, membership.agentId(), membership.groupId()))
                .isEmpty();
    }

    @Test
    void agentAndGroupStatesAreReadInTheirAccountOnly() {
        AccountId account = account();
        AgentId agent = agent(account);
        GroupId group = privateGroup(account);
        agents.deactivate(account, agent, NOW);
        groups.markDeleted(account, group, NOW);

        assertThat(memberships.agent(account, agent)).contains(new AgentState(agent, false, false));
        assertThat(memberships.group(account, group)).contains(new GroupState(group, true, false));
        assertThat(memberships.agent(account(), agent)).isEmpty();
        assertThat(memberships.group(account(), group)).isEmpty();
    }

    // ---- keys ---------------------------------------------------------------------------------------------------

    @Test
    void aSecondMembershipOfTheSamePairIsAConflict() {
        AccountId account = account();
        AgentId agent = agent(account);
        GroupId group = group(account);
        memberships.insert(account, agent, group, true, NOW);

        assertThatThrownBy(() -> memberships.insert(account, agent, group, false, NOW))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void aSecondDefaultOfOneAgentIsAConflict() {
        AccountId account = account();
        AgentId agent = agent(account);
        memberships.insert(account, agent, group(account), true, NOW);
        GroupId second = group(account);

        assertThatThrownBy(() -> memberships.insert(account, agent, second, true, NOW))
                .isInstanceOf(ConflictException.class);

        assertThat(memberships.find(account, agent, second)).isEmpty();
    }

    @Test
    void aBatchWithADuplicatePairIsAConflictAndInsertsNothing() {
        AccountId account = account();
        AgentId agent = agent(account);
        GroupId first = group(account);
        GroupId second = group(account);
        memberships.insert(account, agent, first, true, NOW);

        assertThatThrownBy(() -> memberships.insertAll(
                        account, List.of(new NewRow(agent, second, false), new NewRow(agent, first, false)), NOW))
                .isInstanceOf(ConflictException.class);

        assertThat(memberships.ofAgent(account, agent))
                .extracting(Membership::groupId)
                .containsExactly(first);
    }

    // ---- batch insert -------------------------------------------------------------------------------------------

    @Test
    void insertAllReturnsTheMembershipsInTheOrderOfTheRows() {
        AccountId account = account();
        AgentId one = agent(account);
        AgentId two = agent(account);
        GroupId first = group(account);
        GroupId second = group(account);
        List<NewRow> rows = List.of(
                new NewRow(two, second, true),
                new NewRow(one, first, true),
                new NewRow(one, second, false),
                new NewRow(two, first, false));

        List<Membership> inserted = memberships.insertAll(account, rows, NOW);

        assertThat(inserted)
                .extracting(Membership::agentId, Membership::groupId, Membership::isDefault)
                .containsExactly(
                        tuple(two, second, true),
                        tuple(one, first, true),
                        tuple(one, second, false),
                        tuple(two, first, false));
        assertThat(inserted).allSatisfy(membership -> assertThat(memberships.find(account, membership.id()))
                .contains(membership));
    }

    @Test
    void insertAllOfNoRowsInsertsNothing() {
        assertThat(memberships.insertAll(account(), List.of(), NOW)).isEmpty();
    }

    // ---- reads of groups and agents -----------------------------------------------------------------------------

    @Test
    void ofGroupAndOfGroupsReadInIdOrderWithinTheAccount() {
        AccountId account = account();
        AgentId one = agent(account);
        AgentId two = agent(account);
        GroupId first = group(account);
        GroupId second = group(account);
        Membership a = memberships.insert(account, two, first, true, NOW);
        Membership b = memberships.insert(account, one, second, true, NOW);
        Membership c = memberships.insert(account, one, first, false, NOW);

        assertThat(memberships.ofGroup(account, first)).containsExactly(a, c);
        assertThat(memberships.ofGroups(account, List.of(second, first, second)))
                .containsExactly(a, b, c);
        assertThat(memberships.ofGroups(account, List.of())).isEmpty();
        assertThat(memberships.ofGroup(account(), first)).isEmpty();
        assertThat(memberships.ofGroups(account(), List.of(first))).isEmpty();
    }

    @Test
    void ofAgentReadsTheOldestFirst() {
        AccountId account = account();
        AgentId agent = agent(account);
        Membership newer = memberships.insert(account, agent, group(account), true, NOW.plusSeconds(10));
        Membership older = memberships.insert(account, agent, group(account), false, NOW);

        assertThat(memberships.ofAgent(account, agent)).containsExactly(older, newer);
        assertThat(memberships.ofAgent(account(), agent)).isEmpty();
    }

    @Test
    void activeMembersAreHandedOnInTheOrderOfTheGroupsThenOfTheMemberships() {
        AccountId account = account();
        Agent ada = agents.insert(account, "Ada", email(), Role.AGENT, NOW);
        Agent bob = agents.insert(account, "Bob", email(), Role.AGENT, NOW);
        Agent gone = agents.insert(account, "Gone", email(), Role.AGENT, NOW);
        GroupId first = group(account);
        GroupId second = group(account);
        memberships.insert(account, bob.id(), first, true, NOW);
        memberships.insert(account, ada.id(), first, false, NOW);
        memberships.insert(account, gone.id(), first, true, NOW);
        memberships.insert(account, ada.id(), second, true, NOW);
        agents.deactivate(account, gone.id(), NOW);
        List<MembershipService.Member> roster = new ArrayList<>();

        memberships.activeMembers(account, List.of(second, first), roster::add);

        assertThat(roster)
                .containsExactly(
                        new MembershipService.Member(second, ada.id(), "Ada"),
                        new MembershipService.Member(first, bob.id(), "Bob"),
                        new MembershipService.Member(first, ada.id(), "Ada"));
    }

    @Test
    void activeMembersOfAnotherAccountsGroupAreNone() {
        AccountId theirs = account();
        GroupId group = group(theirs);
        memberships.insert(theirs, agent(theirs), group, true, NOW);
        List<MembershipService.Member> roster = new ArrayList<>();

        memberships.activeMembers(account(), List.of(group), roster::add);

        assertThat(roster).isEmpty();
    }

    @Test
    void presentTellsWhichAgentsHaveMembershipsAndWhichPairsExist() {
        AccountId account = account();
        AgentId member = agent(account);
        AgentId loner = agent(account);
        GroupId first = group(account);
        GroupId second = group(account);
        GroupId third = group(account);
        memberships.insert(account, member, first, true, NOW);
        memberships.insert(account, member, third, false, NOW);

        Present present = memberships.present(account, List.of(member, loner), List.of(first, second));

        assertThat(present.agentsInAnyGroup()).containsExactly(member);
        assertThat(present.pairs()).containsExactly(Map.entry(member, first));
        assertThat(memberships
                        .present(account(), List.of(member), List.of(first))
                        .agentsInAnyGroup())
                .isEmpty();
    }

    @Test
    void defaultGroupsReadTheDefaultOfEachAgentThatHasOne() {
        AccountId account = account();
        AgentId member = agent(account);
        AgentId loner = agent(account);
        GroupId home = group(account);
        memberships.insert(account, member, group(account), false, NOW);
        memberships.insert(account, member, home, true, NOW);

        assertThat(memberships.defaultGroups(account, List.of(member, loner), Optional.empty()))
                .containsExactly(Map.entry(member, home));
        assertThat(memberships.defaultGroups(account, List.of(), Optional.empty()))
                .isEmpty();
        assertThat(memberships.defaultGroups(account(), List.of(member), Optional.empty()))
                .isEmpty();
    }

    @Test
    void isMemberAnswersForTheAccountOfTheMembershipOnly() {
        AccountId account = account();
        AgentId agent = agent(account);
        GroupId joined = group(account);
        GroupId other = group(account);
        memberships.insert(account, agent, joined, true, NOW);

        assertThat(memberships.isMember(account, agent, joined)).isTrue();
        assertThat(memberships.isMember(account, agent, other)).isFalse();
        assertThat(memberships.isMember(account(), agent, joined)).isFalse();
    }

    // ---- delete and default -------------------------------------------------------------------------------------

    @Test
    void deleteRemovesTheMembershipOfItsAccountOnly() {
        AccountId account = account();
        Membership kept = memberships.insert(account, agent(account), group(account), true, NOW);
        Membership removed = memberships.insert(account, agent(account), group(account), true, NOW);

        memberships.delete(account(), kept.id());
        memberships.delete(account, removed.id());

        assertThat(memberships.find(account, kept.id())).contains(kept);
        assertThat(memberships.find(account, removed.id())).isEmpty();
    }

    @Test
    void makeDefaultMovesTheAgentsOnlyDefault() {
        AccountId account = account();
        AgentId agent = agent(account);
        Membership first = memberships.insert(account, agent, group(account), true, NOW);
        Membership second = memberships.insert(account, agent, group(account), false, NOW);
        Instant later = NOW.plusSeconds(60);

        memberships.makeDefault(account, agent, second.id(), later);

        assertThat(memberships.ofAgent(account, agent))
                .extracting(Membership::id, Membership::isDefault, Membership::updatedAt)
                .containsExactly(tuple(first.id(), false, later), tuple(second.id(), true, later));
    }

    @Test
    void makeDefaultOfTheDefaultChangesNothing() {
        AccountId account = account();
        AgentId agent = agent(account);
        Membership only = memberships.insert(account, agent, group(account), true, NOW);

        memberships.makeDefault(account, agent, only.id(), NOW.plusSeconds(60));

        assertThat(memberships.find(account, only.id())).contains(only);
    }

    @Test
    void makeDefaultNamingAnotherAccountChangesNothing() {
        AccountId account = account();
        AgentId agent = agent(account);
        Membership first = memberships.insert(account, agent, group(account), true, NOW);
        Membership second = memberships.insert(account, agent, group(account), false, NOW);

        memberships.makeDefault(account(), agent, second.id(), NOW.plusSeconds(60));

        assertThat(memberships.ofAgent(account, agent)).containsExactly(first, second);
    }

    // ---- list ---------------------------------------------------------------------------------------------------

    @Test
    void listFiltersByAgentAndByGroup() {
        AccountId account = account();
        AgentId one = agent(account);
        AgentId two = agent(account);
        GroupId first = group(account);
        GroupId second = group(account);
        Membership a = memberships.insert(account, one, first, true, NOW);
        Membership b = memberships.insert(account, two, first, true, NOW);
        Membership c = memberships.insert(account, one, second, false, NOW);
        AccountId other = account();
        memberships.insert(other, agent(other), group(other), true, NOW);

        assertThat(ids(list(account, MembershipFilter.all()))).containsExactly(a.id(), b.id(), c.id());
        assertThat(ids(list(account, MembershipFilter.ofAgent(one)))).containsExactly(a.id(), c.id());
        assertThat(ids(list(account, MembershipFilter.ofGroup(first)))).containsExactly(a.id(), b.id());
        assertThat(ids(list(account, new MembershipFilter(Optional.of(one), Optional.of(second), false))))
                .containsExactly(c.id());
    }

    @Test
    void assignableOnlyLeavesOutInactiveSuspendedAndUnassignableAgents() {
        AccountId account = account();
        GroupId group = group(account);
        Agent assignable = agents.insert(account, "Ready", email(), Role.AGENT, NOW);
        Agent suspended = agents.insert(account, "Suspended", email(), Role.AGENT, NOW);
        Agent unassignable = agents.insert(account, "Busy", email(), Role.AGENT, NOW);
        Agent gone = agents.insert(account, "Gone", email(), Role.AGENT, NOW);
        for (Agent agent : List.of(assignable, suspended, unassignable, gone)) {
            memberships.insert(account, agent.id(), group, true, NOW);
        }
        agents.update(changed(suspended, true, true), NOW);
        agents.update(changed(unassignable, false, false), NOW);
        agents.deactivate(account, gone.id(), NOW);

        Slice<Membership> slice = list(account, MembershipFilter.ofGroup(group).assignable());

        assertThat(slice.items()).extracting(Membership::agentId).containsExactly(assignable.id());
    }

    @Test
    void aViewerSeesMembershipsOfPublicGroupsAndOfPrivateGroupsItIsIn() {
        AccountId account = account();
        AgentId viewer = agent(account);
        AgentId other = agent(account);
        GroupId open = group(account);
        GroupId ours = privateGroup(account);
        GroupId hidden = privateGroup(account);
        Membership inOpen = memberships.insert(account, other, open, true, NOW);
        Membership own = memberships.insert(account, viewer, ours, true, NOW);
        Membership otherInOurs = memberships.insert(account, other, ours, false, NOW);
        memberships.insert(account, other, hidden, false, NOW);

        Slice<Membership> seen =
                memberships.list(account, MembershipFilter.all(), Optional.of(viewer), PageRequest.first(100));

        assertThat(ids(seen)).containsExactly(inOpen.id(), own.id(), otherInOurs.id());
    }

    @Test
    void keysetAndOffsetPagesOfOneGroup() {
        AccountId account = account();
        GroupId group = group(account);
        List<MembershipId> all = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            all.add(memberships
                    .insert(account, agent(account), group, true, NOW)
                    .id());
        }
        MembershipFilter filter = MembershipFilter.ofGroup(group);

        Slice<Membership> first = memberships.list(account, filter, Optional.empty(), PageRequest.first(2));
        Slice<Membership> after = memberships.list(
                account,
                filter,
                Optional.empty(),
                PageRequest.after(new Cursor(all.get(1).value()), 2));
        Slice<Membership> before = memberships.list(
                account,
                filter,
                Optional.empty(),
                PageRequest.before(new Cursor(all.get(3).value()), 2));
        Slice<Membership> offset = memberships.list(
                account, filter, Optional.empty(), PageRequest.offset(3, 2).withTotal());

        assertThat(List.of(ids(first), ids(after), ids(before), ids(offset)))
                .containsExactly(all.subList(0, 2), all.subList(2, 4), all.subList(1, 3), all.subList(4, 5));
        assertThat(List.of(first.hasMore(), after.hasMore(), before.hasMore(), offset.hasMore()))
                .containsExactly(true, true, true, false);
        assertThat(offset.total()).hasValue(5);
        assertThat(first.total()).isEmpty();
    }

    @Test
    void listOfAnotherAccountIsEmpty() {
        AccountId theirs = account();
        AgentId agent = agent(theirs);
        GroupId group = group(theirs);
        memberships.insert(theirs, agent, group, true, NOW);
        AccountId ours = account();

        assertThat(list(ours, MembershipFilter.all()).items()).isEmpty();
        assertThat(list(ours, MembershipFilter.ofAgent(agent)).items()).isEmpty();
        assertThat(list(ours, MembershipFilter.ofGroup(group)).items()).isEmpty();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static Slice<Membership> list(AccountId account, MembershipFilter filter) {
        return memberships.list(account, filter, Optional.empty(), PageRequest.first(100));
    }

    private static AccountId account() {
        String subdomain = "mbr" + SEQUENCE.incrementAndGet();
        return accounts.insert(subdomain, subdomain, NOW).id();
    }

    private static AgentId agent(AccountId account) {
        return agents.insert(account, "Agent", email(), Role.AGENT, NOW).id();
    }

    private static GroupId group(AccountId account) {
        return groups.insert(account, NewGroup.named("Group " + SEQUENCE.incrementAndGet()), false, NOW)
                .id();
    }

    private static GroupId privateGroup(AccountId account) {
        return groups.insert(
                        account,
                        new NewGroup("Private " + SEQUENCE.incrementAndGet(), Optional.empty(), Optional.of(false)),
                        false,
                        NOW)
                .id();
    }

    private static String email() {
        return "member" + SEQUENCE.incrementAndGet() + "@example.test";
    }

    private static List<MembershipId> ids(Slice<Membership> slice) {
        return slice.items().stream().map(Membership::id).toList();
    }

    private static Agent changed(Agent agent, boolean suspended, boolean acceptsAssignments) {
        return new Agent(
                agent.id(),
                agent.accountId(),
                agent.name(),
                agent.email(),
                agent.role(),
                agent.phone(),
                agent.position(),
                agent.workId(),
                agent.alias(),
                agent.avatarUrl(),
                agent.locale(),
                agent.timeZone(),
                acceptsAssignments,
                agent.skillLevel(),
                agent.active(),
                suspended,
                agent.createdAt(),
                agent.updatedAt());
    }
}
