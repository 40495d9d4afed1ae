package io.groupdesk.memberships;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.groupdesk.access.Caller;
import io.groupdesk.agents.AgentService;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupService;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.Cursor;
import io.groupdesk.shared.FieldViolation;
import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.ForbiddenException;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.GroupdeskException;
import io.groupdesk.shared.MembershipId;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.ValidationException;
import io.groupdesk.testing.Fixtures;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.TestCore;
import io.groupdesk.testing.TestDatabase;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The membership rules, in core terms: one membership per agent and group, only active agents and live groups of
 * the caller's account, exactly one default per agent with memberships, and what an agent may see and change.
 *
 * <p>Most tests use an account with no default group, so an agent has no membership until the test gives it one.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class MembershipServiceTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static TestCore core;
    private static MembershipService memberships;
    private static GroupService groups;
    private static AgentService agents;
    private static Fixtures fixtures;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start(TestDatabase database) {
        core = TestCore.start(database);
        memberships = core.services().memberships();
        groups = core.services().groups();
        agents = core.services().agents();
        fixtures = core.fixtures();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        core.close();
    }

    // ---- add ----------------------------------------------------------------------------------------------------

    @Test
    void theFirstMembershipOfAnAgentBecomesItsDefault() {
        Bare account = bareAccount();
        AgentId agent = account.agent();
        Group first = account.group("First");
        Group second = account.group("Second");

        Membership firstMembership = memberships.add(account.system(), new NewMembership(agent, first.id()));
        Membership secondMembership = memberships.add(account.system(), new NewMembership(agent, second.id()));

        assertThat(List.of(firstMembership.isDefault(), secondMembership.isDefault()))
                .containsExactly(true, false);
        assertThat(memberships.defaultGroupOf(account.system(), agent)).contains(first.id());
    }

    @Test
    void addRefusesAnAgentAlreadyInTheGroup() {
        Bare account = bareAccount();
        AgentId agent = account.agent();
        Group group = account.group("Once");
        Membership existing = memberships.add(account.system(), new NewMembership(agent, group.id()));

        assertThatThrownBy(() -> memberships.add(account.system(), new NewMembership(agent, group.id())))
                .isInstanceOf(ConflictException.class);

        assertThat(ofAgent(account.system(), agent)).extracting(Membership::id).containsExactly(existing.id());
    }

    @Test
    void addRefusesADeletedGroup() {
        Bare account = bareAccount();
        AgentId agent = account.agent();
        account.group("Default");
        Group gone = account.group("Gone");
        groups.delete(account.system(), gone.id());

        assertThatThrownBy(() -> memberships.add(account.system(), new NewMembership(agent, gone.id())))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field)
                        .containsExactly("group"));

        assertThat(ofAgent(account.system(), agent)).isEmpty();
    }

    @Test
    void addRefusesAnInactiveAgent() {
        Bare account = bareAccount();
        AgentId agent = account.agent();
        Group group = account.group("Live");
        agents.delete(account.system(), agent);

        assertThatThrownBy(() -> memberships.add(account.system(), new NewMembership(agent, group.id())))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field)
                        .containsExactly("agent"));

        assertThat(memberships
                        .list(account.system(), MembershipFilter.ofGroup(group.id()), PageRequest.first(100))
                        .items())
                .isEmpty();
    }

    @Test
    void addRefusesAnotherAccountsAgentAndGroupAsUnknown() {
        Bare ours = bareAccount();
        Bare theirs = bareAccount();
        AgentId theirAgent = theirs.agent();
        Group theirGroup = theirs.group("Theirs");
        AgentId ourAgent = ours.agent();
        Group ourGroup = ours.group("Ours");

        assertThatThrownBy(() -> memberships.add(ours.system(), new NewMembership(theirAgent, ourGroup.id())))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field)
                        .containsExactly("agent"));
        assertThatThrownBy(() -> memberships.add(ours.system(), new NewMembership(ourAgent, theirGroup.id())))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field)
                        .containsExactly("group"));

        assertThat(ofAgent(theirs.system(), theirAgent)).isEmpty();
        assertThat(ofAgent(ours.system(), ourAgent)).isEmpty();
    }

    // ---- remove -------------------------------------------------------------------------------------------------

    @Test
    void removingTheDefaultMakesTheOldestRemainingMembershipTheDefault() {
        Bare account = bareAccount();
        AgentId agent = account.agent();
        Membership first = account.join(agent, account.group("First"));
        Membership second = account.join(agent, account.group("Second"));
        Membership third = account.join(agent, account.group("Third"));

        memberships.remove(account.system(), first.id(), Optional.empty());

        assertThat(ofAgent(account.system(), agent))
                .extracting(Membership::id, Membership::isDefault)
                .containsExactly(tuple(second.id(), true), tuple(third.id(), false));
    }

    @Test
    void removingAnotherMembershipKeepsTheDefault() {
        Bare account = bareAccount();
        AgentId agent = account.agent();
        Membership first = account.join(agent, account.group("First"));
        Membership second = account.join(agent, account.group("Second"));

        memberships.remove(account.system(), second.id(), Optional.empty());

        assertThat(ofAgent(account.system(), agent))
                .extracting(Membership::id, Membership::isDefault)
                .containsExactly(tuple(first.id(), true));
    }

    @Test
    void removingTheLastMembershipLeavesNoDefault() {
        Bare account = bareAccount();
        AgentId agent = account.agent();
        Membership only = account.join(agent, account.group("Only"));

        Membership removed = memberships.remove(account.system(), only.id(), Optional.empty());

        assertThat(removed.id()).isEqualTo(only.id());
        assertThat(memberships.defaultGroupOf(account.system(), agent)).isEmpty();
    }

    @Test
    void removeOfAMembershipOfAnotherAgentIsNotFound() {
        Bare account = bareAccount();
        AgentId owner = account.agent();
        AgentId other = account.agent();
        Membership membership = account.join(owner, account.group("Owned"));

        assertThatThrownBy(() -> memberships.remove(account.system(), membership.id(), Optional.of(other)))
                .isInstanceOf(NotFoundException.class);

        assertThat(ofAgent(account.system(), owner)).extracting(Membership::id).containsExactly(membership.id());
    }

    @Test
    void getOfAMembershipOfAnotherAgentIsNotFound() {
        Bare account = bareAccount();
        AgentId owner = account.agent();
        AgentId other = account.agent();
        Membership membership = account.join(owner, account.group("Owned"));

        assertThatThrownBy(() -> memberships.get(account.system(), membership.id(), Optional.of(other)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void anotherAccountsMembershipIsNotFound() {
        Bare ours = bareAccount();
        Bare theirs = bareAccount();
        Membership theirMembership = theirs.join(theirs.agent(), theirs.group("Theirs"));

        assertThatThrownBy(() -> memberships.get(ours.system(), theirMembership.id(), Optional.empty()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> memberships.remove(ours.system(), theirMembership.id(), Optional.empty()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(
                        () -> memberships.makeDefault(ours.system(), theirMembership.agentId(), theirMembership.id()))
                .isInstanceOf(NotFoundException.class);

        assertThat(memberships.get(theirs.system(), theirMembership.id(), Optional.empty()))
                .isEqualTo(theirMembership);
    }

    @Test
    void listsOfAnotherAccountsAgentOrGroupAreNotFound() {
        Bare ours = bareAccount();
        Bare theirs = bareAccount();
        Membership theirMembership = theirs.join(theirs.agent(), theirs.group("Theirs"));

        assertThatThrownBy(() -> memberships.list(
                        ours.system(), MembershipFilter.ofAgent(theirMembership.agentId()), PageRequest.first(10)))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> memberships.list(
                        ours.system(), MembershipFilter.ofGroup(theirMembership.groupId()), PageRequest.first(10)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void anAccountsListHoldsOnlyItsOwnMemberships() {
        Bare ours = bareAccount();
        Bare theirs = bareAccount();
        Membership ourMembership = ours.join(ours.agent(), ours.group("Ours"));
        theirs.join(theirs.agent(), theirs.group("Theirs"));

        List<Membership> listed = memberships
                .list(ours.system(), MembershipFilter.all(), PageRequest.first(100))
                .items();

        assertThat(listed).extracting(Membership::id).containsExactly(ourMembership.id());
    }

    // ---- default ------------------------------------------------------------------------------------------------

    @Test
    void makeDefaultLeavesExactlyOneDefault() {
        Bare account = bareAccount();
        AgentId agent = account.agent();
        Membership first = account.join(agent, account.group("First"));
        Membership second = account.join(agent, account.group("Second"));
        Membership third = account.join(agent, account.group("Third"));

        List<Membership> all = memberships.makeDefault(account.system(), agent, third.id());

        assertThat(all)
                .extracting(Membership::id, Membership::isDefault)
                .containsExactly(tuple(first.id(), false), tuple(second.id(), false), tuple(third.id(), true));
        assertThat(memberships.defaultGroupOf(account.system(), agent)).contains(third.groupId());
    }

    @Test
    void makeDefaultOfAnotherAgentsMembershipIsNotFound() {
        Bare account = bareAccount();
        AgentId owner = account.agent();
        AgentId other = account.agent();
        account.join(other, account.group("Theirs"));
        Membership membership = account.join(owner, account.group("Owned"));

        assertThatThrownBy(() -> memberships.makeDefault(account.system(), other, membership.id()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void anAgentMayChangeItsOwnDefault() {
        Bare account = bareAccount();
        TestAgent agent = account.testAgent(Role.AGENT);
        account.join(agent.agent().id(), account.group("First"));
        Membership second = account.join(agent.agent().id(), account.group("Second"));

        memberships.makeDefault(agent.caller(), agent.agent().id(), second.id());

        assertThat(memberships.defaultGroupOf(agent.caller(), agent.agent().id()))
                .contains(second.groupId());
    }

    @Test
    void anAgentMayNotChangeAnotherAgentsDefault() {
        Bare account = bareAccount();
        TestAgent agent = account.testAgent(Role.AGENT);
        AgentId other = account.agent();
        Membership first = account.join(other, account.group("First"));
        Membership second = account.join(other, account.group("Second"));

        assertThatThrownBy(() -> memberships.makeDefault(agent.caller(), other, second.id()))
                .isInstanceOf(ForbiddenException.class);

        assertThat(memberships.defaultGroupOf(account.system(), other)).contains(first.groupId());
    }

    @Test
    void defaultGroupOfAnAgentWithoutMembershipsIsEmpty() {
        Bare account = bareAccount();
        AgentId agent = account.agent();

        assertThat(memberships.defaultGroupOf(account.system(), agent)).isEmpty();
    }

    // ---- bulk ---------------------------------------------------------------------------------------------------

    @Test
    void addManyReportsEachItemAndKeepsTheGoodOnes() {
        Bare account = bareAccount();
        AgentId agent = account.agent();
        AgentId deleted = account.agent();
        Group first = account.group("First");
        Group second = account.group("Second");
        agents.delete(account.system(), deleted);
        Membership existing = account.join(agent, first);

        List<BulkOutcome> outcomes = memberships.addMany(
                account.system(),
                List.of(
                        new NewMembership(agent, second.id()),
                        new NewMembership(agent, first.id()),
                        new NewMembership(deleted, second.id()),
                        new NewMembership(agent, second.id())));

        assertThat(outcomes)
                .extracting(BulkOutcome::index, BulkOutcome::success, outcome -> outcome.failure()
                        .map(GroupdeskException::getClass)
                        .orElse(null))
                .containsExactly(
                        tuple(0, true, null),
                        tuple(1, false, ConflictException.class),
                        tuple(2, false, ValidationException.class),
                        tuple(3, false, ConflictException.class));
        assertThat(ofAgent(account.system(), agent))
                .extracting(Membership::id, Membership::groupId, Membership::isDefault)
                .containsExactly(
                        tuple(existing.id(), first.id(), true),
                        tuple(outcomes.get(0).membership().orElseThrow().id(), second.id(), false));
    }

    @Test
    void addManyMakesOnlyTheFirstNewMembershipOfAnAgentItsDefault() {
        Bare account = bareAccount();
        AgentId agent = account.agent();
        Group first = account.group("First");
        Group second = account.group("Second");

        List<BulkOutcome> outcomes = memberships.addMany(
                account.system(), List.of(new NewMembership(agent, second.id()), new NewMembership(agent, first.id())));

        assertThat(outcomes)
                .extracting(outcome -> outcome.membership().orElseThrow().isDefault())
                .containsExactly(true, false);
        assertThat(memberships.defaultGroupOf(account.system(), agent)).contains(second.id());
    }

    @Test
    void addManyOfNoItemsChangesNothing() {
        Bare account = bareAccount();

        List<BulkOutcome> outcomes = memberships.addMany(account.system(), List.of());

        assertThat(outcomes).isEmpty();
    }

    @Test
    void addManyRefusesMoreThanAHundredItems() {
        Bare account = bareAccount();
        AgentId agent = account.agent();
        Group group = account.group("Crowded");
        List<NewMembership> items = IntStream.range(0, MembershipService.MAX_BULK + 1)
                .mapToObj(i -> new NewMembership(agent, group.id()))
                .toList();

        assertThatThrownBy(() -> memberships.addMany(account.system(), items))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::rule)
                        .containsExactly(Rule.TOO_LONG));

        assertThat(ofAgent(account.system(), agent)).isEmpty();
    }

    @Test
    void removeManyReportsEachItemAndRemovesTheKnownOnes() {
        Bare ours = bareAccount();
        Bare theirs = bareAccount();
        AgentId agent = ours.agent();
        Membership first = ours.join(agent, ours.group("First"));
        Membership second = ours.join(agent, ours.group("Second"));
        Membership theirMembership = theirs.join(theirs.agent(), theirs.group("Theirs"));

        List<BulkOutcome> outcomes = memberships.removeMany(
                ours.system(), List.of(first.id(), new MembershipId(Long.MAX_VALUE), theirMembership.id()));

        assertThat(outcomes)
                .extracting(BulkOutcome::index, BulkOutcome::success, outcome -> outcome.failure()
                        .map(GroupdeskException::getClass)
                        .orElse(null))
                .containsExactly(
                        tuple(0, true, null),
                        tuple(1, false, NotFoundException.class),
                        tuple(2, false, NotFoundException.class));
        assertThat(ofAgent(ours.system(), agent))
                .extracting(Membership::id, Membership::isDefault)
                .containsExactly(tuple(second.id(), true));
        assertThat(memberships.get(theirs.system(), theirMembership.id(), Optional.empty()))
                .isEqualTo(theirMembership);
    }

    @Test
    void removeManyRefusesMoreThanAHundredItems() {
        Bare account = bareAccount();
        Membership membership = account.join(account.agent(), account.group("Kept"));
        List<MembershipId> ids = IntStream.range(0, MembershipService.MAX_BULK + 1)
                .mapToObj(i -> membership.id())
                .toList();

        assertThatThrownBy(() -> memberships.removeMany(account.system(), ids)).isInstanceOf(ValidationException.class);

        assertThat(memberships.get(account.system(), membership.id(), Optional.empty()))
                .isEqualTo(membership);
    }

    // ---- replace ------------------------------------------------------------------------------------------------

    @Test
    void replaceMembersAddsTheNewRemovesTheMissingAndKeepsTheRest() {
        Bare account = bareAccount();
        AgentId leaving = account.agent();
        AgentId staying = account.agent();
        AgentId joining = account.agent();
        Group group = account.group("Replaced");
        account.join(leaving, group);
        Membership kept = account.join(staying, group);

        memberships.replaceMembers(account.system(), group.id(), Set.of(staying, joining));

        List<Membership> after = memberships
                .list(account.system(), MembershipFilter.ofGroup(group.id()), PageRequest.first(100))
                .items();
        assertThat(after).extracting(Membership::agentId).containsExactlyInAnyOrder(staying, joining);
        assertThat(after).filteredOn(m -> m.agentId().equals(staying)).containsExactly(kept);
    }

    @Test
    void replaceMembersWithNoAgentsEmptiesTheGroup() {
        Bare account = bareAccount();
        Group group = account.group("Emptied");
        account.join(account.agent(), group);
        account.join(account.agent(), group);

        memberships.replaceMembers(account.system(), group.id(), Set.of());

        assertThat(ofGroup(account.system(), group.id())).isEmpty();
    }

    @Test
    void replaceMembersMovesTheDefaultOfAnAgentWhoLeaves() {
        Bare account = bareAccount();
        AgentId agent = account.agent();
        Group first = account.group("First");
        Group second = account.group("Second");
        account.join(agent, first);
        account.join(agent, second);

        memberships.replaceMembers(account.system(), first.id(), Set.of());

        assertThat(memberships.defaultGroupOf(account.system(), agent)).contains(second.id());
    }

    @Test
    void replaceMembersMakesAJoiningAgentsFirstMembershipItsDefault() {
        Bare account = bareAccount();
        AgentId agent = account.agent();
        Group group = account.group("Only");

        memberships.replaceMembers(account.system(), group.id(), Set.of(agent));

        assertThat(memberships.defaultGroupOf(account.system(), agent)).contains(group.id());
    }

    @Test
    void replaceMembersWithAnInactiveAgentChangesNothing() {
        Bare account = bareAccount();
        AgentId member = account.agent();
        AgentId deleted = account.agent();
        Group group = account.group("Unchanged");
        Membership existing = account.join(member, group);
        agents.delete(account.system(), deleted);

        assertThatThrownBy(() -> memberships.replaceMembers(account.system(), group.id(), Set.of(deleted)))
                .isInstanceOf(ValidationException.class);

        assertThat(ofGroup(account.system(), group.id())).containsExactly(existing);
    }

    @Test
    void replaceMembersOfAnotherAccountsGroupIsNotFound() {
        Bare ours = bareAccount();
        Bare theirs = bareAccount();
        Group theirGroup = theirs.group("Theirs");
        Membership theirMembership = theirs.join(theirs.agent(), theirGroup);

        assertThatThrownBy(() -> memberships.replaceMembers(ours.system(), theirGroup.id(), Set.of()))
                .isInstanceOf(NotFoundException.class);

        assertThat(ofGroup(theirs.system(), theirGroup.id())).containsExactly(theirMembership);
    }

    @Test
    void replaceMembersRefusesMoreThanTheLimit() {
        Bare account = bareAccount();
        Group group = account.group("Too many");
        Membership existing = account.join(account.agent(), group);
        Set<AgentId> tooMany = unknownAgents(MembershipService.MAX_REPLACE + 1);

        assertThatThrownBy(() -> memberships.replaceMembers(account.system(), group.id(), tooMany))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::rule)
                        .containsExactly(Rule.TOO_LONG));

        assertThat(ofGroup(account.system(), group.id())).containsExactly(existing);
    }

    @Test
    void setGroupsOfAgentMakesThemExactlyTheAgentsGroups() {
        Bare account = bareAccount();
        AgentId agent = account.agent();
        Group leaving = account.group("Leaving");
        Group staying = account.group("Staying");
        Group joining = account.group("Joining");
        account.join(agent, leaving);
        Membership kept = account.join(agent, staying);

        memberships.setGroupsOfAgent(account.system(), agent, Set.of(staying.id(), joining.id()));

        List<Membership> after = ofAgent(account.system(), agent);
        assertThat(after).extracting(Membership::groupId).containsExactly(staying.id(), joining.id());
        assertThat(after.get(0).id()).isEqualTo(kept.id());
    }

    @Test
    void setGroupsOfAgentLeavesExactlyOneDefault() {
        Bare account = bareAccount();
        AgentId agent = account.agent();
        Group leaving = account.group("Leaving");
        Group staying = account.group("Staying");
        Group joining = account.group("Joining");
        account.join(agent, leaving);
        account.join(agent, staying);

        memberships.setGroupsOfAgent(account.system(), agent, Set.of(staying.id(), joining.id()));

        assertThat(ofAgent(account.system(), agent))
                .extracting(Membership::groupId, Membership::isDefault)
                .containsExactly(tuple(staying.id(), true), tuple(joining.id(), false));
    }

    @Test
    void setGroupsOfAgentWithADeletedGroupChangesNothing() {
        Bare account = bareAccount();
        AgentId agent = account.agent();
        Group live = account.group("Live");
        Group gone = account.group("Gone");
        groups.delete(account.system(), gone.id());
        Membership existing = account.join(agent, live);

        assertThatThrownBy(() -> memberships.setGroupsOfAgent(account.system(), agent, Set.of(gone.id())))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field)
                        .containsExactly("group"));

        assertThat(ofAgent(account.system(), agent)).containsExactly(existing);
    }

    @Test
    void setGroupsOfAnotherAccountsAgentIsNotFound() {
        Bare ours = bareAccount();
        Bare theirs = bareAccount();
        AgentId theirAgent = theirs.agent();

        assertThatThrownBy(() -> memberships.setGroupsOfAgent(ours.system(), theirAgent, Set.of()))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void setGroupsOfAgentWithNoGroupsRemovesEveryMembership() {
        Bare account = bareAccount();
        AgentId agent = account.agent();
        account.join(agent, account.group("First"));
        account.join(agent, account.group("Second"));

        memberships.setGroupsOfAgent(account.system(), agent, Set.of());

        assertThat(ofAgent(account.system(), agent)).isEmpty();
    }

    // ---- visibility ---------------------------------------------------------------------------------------------

    @Test
    void anAgentListsMembershipsOfPublicGroupsAndOfPrivateGroupsItIsIn() {
        Bare account = bareAccount();
        TestAgent viewer = account.testAgent(Role.AGENT);
        AgentId other = account.agent();
        Group open = account.group("Open");
        Group ours = account.privateGroup("Ours");
        Group hidden = account.privateGroup("Hidden");
        Membership inOpen = account.join(other, open);
        Membership ownInOurs = account.join(viewer.agent().id(), ours);
        Membership otherInOurs = account.join(other, ours);
        account.join(other, hidden);

        List<Membership> seen = memberships
                .list(viewer.caller(), MembershipFilter.all(), PageRequest.first(100))
                .items();

        assertThat(seen).extracting(Membership::id).containsExactly(inOpen.id(), ownInOurs.id(), otherInOurs.id());
    }

    @Test
    void anAdminListsEveryMembership() {
        Bare account = bareAccount();
        TestAgent admin = account.testAgent(Role.ADMIN);
        AgentId other = account.agent();
        Membership inOpen = account.join(other, account.group("Open"));
        Membership inHidden = account.join(other, account.privateGroup("Hidden"));

        List<Membership> seen = memberships
                .list(admin.caller(), MembershipFilter.all(), PageRequest.first(100))
                .items();

        assertThat(seen).extracting(Membership::id).containsExactly(inOpen.id(), inHidden.id());
    }

    @Test
    void aMembershipOfAPrivateGroupIsNotFoundForAnAgentOutsideIt() {
        Bare account = bareAccount();
        TestAgent viewer = account.testAgent(Role.AGENT);
        Group hidden = account.privateGroup("Hidden");
        Membership membership = account.join(account.agent(), hidden);

        assertThatThrownBy(() -> memberships.get(viewer.caller(), membership.id(), Optional.empty()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() ->
                        memberships.list(viewer.caller(), MembershipFilter.ofGroup(hidden.id()), PageRequest.first(10)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void anAgentsGroupsLeaveOutPrivateGroupsTheViewerIsNotIn() {
        Bare account = bareAccount();
        TestAgent viewer = account.testAgent(Role.AGENT);
        AgentId other = account.agent();
        Membership inOpen = account.join(other, account.group("Open"));
        account.join(other, account.privateGroup("Hidden"));

        List<Membership> seen = ofAgent(viewer.caller(), other);

        assertThat(seen).extracting(Membership::id).containsExactly(inOpen.id());
    }

    @Test
    void anAgentDoesNotLearnAnotherAgentsDefaultGroupWhenItIsAPrivateGroupItIsNotIn() {
        Bare account = bareAccount();
        TestAgent viewer = account.testAgent(Role.AGENT);
        AgentId other = account.agent();
        account.join(other, account.privateGroup("Hidden"));

        Optional<GroupId> seen = memberships.defaultGroupOf(viewer.caller(), other);

        assertThat(seen).isEmpty();
    }

    // ---- permissions --------------------------------------------------------------------------------------------

    @Test
    void anAgentMayNotChangeMemberships() {
        Bare account = bareAccount();
        TestAgent agent = account.testAgent(Role.AGENT);
        AgentId other = account.agent();
        Group group = account.group("Admins only");
        Group second = account.group("Second");
        Membership existing = account.join(other, group);
        Caller caller = agent.caller();

        assertThatThrownBy(() -> memberships.add(caller, new NewMembership(other, second.id())))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> memberships.remove(caller, existing.id(), Optional.empty()))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> memberships.addMany(caller, List.of(new NewMembership(other, second.id()))))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> memberships.removeMany(caller, List.of(existing.id())))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> memberships.replaceMembers(caller, group.id(), Set.of()))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> memberships.setGroupsOfAgent(caller, other, Set.of()))
                .isInstanceOf(ForbiddenException.class);

        assertThat(ofAgent(account.system(), other)).containsExactly(existing);
    }

    @Test
    void anAgentMayReadMemberships() {
        Bare account = bareAccount();
        TestAgent agent = account.testAgent(Role.AGENT);
        Membership existing = account.join(account.agent(), account.group("Open"));

        Membership read = memberships.get(agent.caller(), existing.id(), Optional.empty());

        assertThat(read).isEqualTo(existing);
    }

    // ---- paging -------------------------------------------------------------------------------------------------

    @Test
    void listPagesByOffsetWithATotalAndByKeyset() {
        Bare account = bareAccount();
        Group group = account.group("Paged");
        List<MembershipId> all = IntStream.range(0, 5)
                .mapToObj(i -> account.join(account.agent(), group).id())
                .toList();
        MembershipFilter filter = MembershipFilter.ofGroup(group.id());

        var offsetPage = memberships.list(
                account.system(), filter, PageRequest.offset(2, 2).withTotal());
        var keysetPage = memberships.list(
                account.system(),
                filter,
                PageRequest.after(new Cursor(all.get(1).value()), 2));

        assertThat(offsetPage.items()).extracting(Membership::id).containsExactlyElementsOf(all.subList(2, 4));
        assertThat(offsetPage.total()).hasValue(5);
        assertThat(keysetPage.items()).extracting(Membership::id).containsExactlyElementsOf(all.subList(2, 4));
        assertThat(keysetPage.hasMore()).isTrue();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** Every membership of an agent the caller sees, in id order (the oldest first). */
    private static List<Membership> ofAgent(Caller caller, AgentId agent) {
        return memberships
                .list(caller, MembershipFilter.ofAgent(agent), PageRequest.first(100))
                .items();
    }

    /** Every membership of a group, in id order. */
    private static List<Membership> ofGroup(Caller caller, GroupId group) {
        return memberships
                .list(caller, MembershipFilter.ofGroup(group), PageRequest.first(100))
                .items();
    }

    /** An account with no groups and no agents yet: its first group becomes its default when created. */
    private static Bare bareAccount() {
        String subdomain = "mem" + SEQUENCE.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 100000, 36);
        return new Bare(core.services().accounts().create(subdomain, subdomain).id());
    }

    private record Bare(AccountId id) {
        Caller system() {
            return Caller.system(id);
        }

        /** A new agent in no group. */
        AgentId agent() {
            return testAgent(Role.AGENT).agent().id();
        }

        TestAgent testAgent(Role role) {
            TestAgent agent = fixtures.agent(id, role);
            // the account's default group, once there is one, takes every new agent: leave it for the test to decide
            memberships.setGroupsOfAgent(system(), agent.agent().id(), Set.of());
            return agent;
        }

        Group group(String name) {
            return fixtures.group(id, name);
        }

        Group privateGroup(String name) {
            return fixtures.privateGroup(id, name);
        }

        Membership join(AgentId agent, Group group) {
            return memberships.add(system(), new NewMembership(agent, group.id()));
        }
    }

    /** Agent ids that need not exist: a size check comes before any lookup. */
    private static Set<AgentId> unknownAgents(int count) {
        return LongStream.rangeClosed(1, count).mapToObj(AgentId::new).collect(Collectors.toSet());
    }
}
