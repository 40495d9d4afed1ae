package io.groupdesk.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.groupdesk.access.Caller;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.MembershipFilter;
import io.groupdesk.memberships.MembershipService;
import io.groupdesk.memberships.NewMembership;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.FieldViolation;
import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.ForbiddenException;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import io.groupdesk.shared.ValidationException;
import io.groupdesk.testing.Fixtures;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.TestCore;
import io.groupdesk.testing.TestDatabase;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The rules of agents, in core terms: validation, the default group, deletion, permissions and tenant scoping. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class AgentServiceTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static TestCore core;
    private static AgentService agents;
    private static MembershipService memberships;
    private static Fixtures fixtures;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start(TestDatabase database) {
        core = TestCore.start(database);
        agents = core.services().agents();
        memberships = core.services().memberships();
        fixtures = core.fixtures();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        core.close();
    }

    // ---- create: validation -------------------------------------------------------------------------------------

    @Test
    void createRefusesABlankName() {
        TestAccount account = fixtures.account();
        String email = email();

        assertThatThrownBy(() -> agents.create(account.admin().caller(), NewAgent.of("   ", email, Role.AGENT)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field, FieldViolation::rule)
                        .containsExactly(tuple("name", Rule.BLANK)));

        assertThat(everyAgent(account.admin().caller()))
                .extracting(Agent::email)
                .doesNotContain(email);
    }

    @Test
    void createRefusesANameOver255Characters() {
        TestAccount account = fixtures.account();

        assertThatThrownBy(() ->
                        agents.create(account.admin().caller(), NewAgent.of("n".repeat(256), email(), Role.AGENT)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field, FieldViolation::rule)
                        .containsExactly(tuple("name", Rule.TOO_LONG)));
    }

    @Test
    void createAcceptsANameOf255Characters() {
        TestAccount account = fixtures.account();

        Agent created = agents.create(account.admin().caller(), NewAgent.of("n".repeat(255), email(), Role.AGENT));

        assertThat(agents.get(account.admin().caller(), created.id()).name()).hasSize(255);
    }

    @Test
    void createRefusesMalformedEmails() {
        TestAccount account = fixtures.account();

        for (String email : List.of("no-at-sign.example.test", "two@@example.test", "no@dot", "sp ace@example.test")) {
            assertThatThrownBy(
                            () -> agents.create(account.admin().caller(), NewAgent.of("Bad email", email, Role.AGENT)))
                    .as(email)
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                            .extracting(FieldViolation::field, FieldViolation::rule)
                            .containsExactly(tuple("email", Rule.INVALID)));
        }
    }

    @Test
    void createRefusesAnEmailHoldingNul() {
        TestAccount account = fixtures.account();

        assertThatThrownBy(() ->
                        agents.create(account.admin().caller(), NewAgent.of("Nul", "nul\0" + email(), Role.AGENT)))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field)
                        .containsExactly("email"));
    }

    @Test
    void createRefusesAnEmailOfAnActiveAgentIgnoringCase() {
        TestAccount account = fixtures.account();
        String email = email();
        Agent first = agents.create(account.admin().caller(), NewAgent.of("First", email, Role.AGENT));

        assertThatThrownBy(() ->
                        agents.create(account.admin().caller(), NewAgent.of("Second", email.toUpperCase(), Role.AGENT)))
                .isInstanceOfSatisfying(
                        ConflictException.class,
                        conflict -> assertThat(conflict.violation().field()).isEqualTo("email"));

        assertThat(everyAgent(account.admin().caller()))
                .filteredOn(agent -> agent.email().equalsIgnoreCase(email))
                .extracting(Agent::id)
                .containsExactly(first.id());
    }

    @Test
    void theSameEmailMayBeUsedInAnotherAccount() {
        TestAccount ours = fixtures.account();
        TestAccount theirs = fixtures.account();
        String email = email();
        agents.create(ours.admin().caller(), NewAgent.of("Ours", email, Role.AGENT));

        Agent theirAgent = agents.create(theirs.admin().caller(), NewAgent.of("Theirs", email, Role.AGENT));

        assertThat(agents.get(theirs.admin().caller(), theirAgent.id()).email()).isEqualTo(email);
    }

    @Test
    void createRefusesAPasswordShorterThanEightCharacters() {
        TestAccount account = fixtures.account();

        assertThatThrownBy(() -> agents.create(
                        account.admin().caller(),
                        NewAgent.of("Short password", email(), Role.AGENT).withPassword("1234567")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field, FieldViolation::rule)
                        .containsExactly(tuple("password", Rule.INVALID)));
    }

    @Test
    void createStripsTheNameAndEmailAndMakesAnAgentWhenNoRoleIsGiven() {
        TestAccount account = fixtures.account();
        String email = email();

        Agent created = agents.create(
                account.admin().caller(),
                new NewAgent("  Padded  ", "  " + email + " ", Optional.empty(), AgentChanges.none()));

        Agent stored = agents.get(account.admin().caller(), created.id());
        assertThat(stored)
                .extracting(Agent::name, Agent::email, Agent::role)
                .containsExactly("Padded", email, Role.AGENT);
    }

    // ---- create: groups -----------------------------------------------------------------------------------------

    @Test
    void aNewAgentJoinsTheAccountsDefaultGroupAsItsDefault() {
        TestAccount account = fixtures.account();
        Group support = core.services()
                .groups()
                .accountDefault(account.admin().caller())
                .orElseThrow();

        Agent created = agents.create(account.admin().caller(), NewAgent.of("Joiner", email(), Role.AGENT));

        assertThat(membershipsOf(account.admin().caller(), created.id()))
                .extracting(Membership::groupId, Membership::isDefault)
                .containsExactly(tuple(support.id(), true));
    }

    @Test
    void aNewAgentOfAnAccountWithoutGroupsHasNoMemberships() {
        Caller system = Caller.system(core.services()
                .accounts()
                .create("nogroups" + SEQUENCE.incrementAndGet(), "No groups")
                .id());

        Agent created = agents.create(system, NewAgent.of("Alone", email(), Role.AGENT));

        assertThat(membershipsOf(system, created.id())).isEmpty();
    }

    @Test
    void aNewAgentWithADefaultGroupJoinsBothAndTakesThatOneAsDefault() {
        TestAccount account = fixtures.account();
        Group support = core.services()
                .groups()
                .accountDefault(account.admin().caller())
                .orElseThrow();
        Group billing = fixtures.group(account.id(), "Billing");

        Agent created = agents.create(
                account.admin().caller(),
                new NewAgent(
                        "Biller",
                        email(),
                        Optional.of(Role.AGENT),
                        AgentChanges.builder().defaultGroup(billing.id()).build()));

        assertThat(membershipsOf(account.admin().caller(), created.id()))
                .extracting(Membership::groupId, Membership::isDefault)
                .containsExactlyInAnyOrder(tuple(support.id(), false), tuple(billing.id(), true));
    }

    // ---- update -------------------------------------------------------------------------------------------------

    @Test
    void updateChangesNameEmailAndRole() {
        TestAccount account = fixtures.account();
        Agent agent = fixtures.agent(account.id(), Role.AGENT).agent();
        String email = email();

        agents.update(
                account.admin().caller(),
                agent.id(),
                AgentChanges.builder()
                        .name("Renamed")
                        .email(email)
                        .role(Role.ADMIN)
                        .build());

        Agent stored = agents.get(account.admin().caller(), agent.id());
        assertThat(stored)
                .extracting(Agent::name, Agent::email, Agent::role)
                .containsExactly("Renamed", email, Role.ADMIN);
    }

    @Test
    void updateLeavesAbsentFieldsAlone() {
        TestAccount account = fixtures.account();
        Agent agent = fixtures.agent(account.id(), Role.AGENT).agent();
        agents.update(
                account.admin().caller(),
                agent.id(),
                AgentChanges.builder().phone("+1 555 0100").build());

        agents.update(
                account.admin().caller(),
                agent.id(),
                AgentChanges.builder().position("Lead").build());

        Agent stored = agents.get(account.admin().caller(), agent.id());
        assertThat(stored)
                .extracting(Agent::name, Agent::email, Agent::phone, Agent::position)
                .containsExactly(agent.name(), agent.email(), "+1 555 0100", "Lead");
    }

    @Test
    void updateWithABlankProfileFieldClearsIt() {
        TestAccount account = fixtures.account();
        Agent agent = fixtures.agent(account.id(), Role.AGENT).agent();
        agents.update(
                account.admin().caller(),
                agent.id(),
                AgentChanges.builder().alias("Ace").build());

        agents.update(
                account.admin().caller(),
                agent.id(),
                AgentChanges.builder().alias("  ").build());

        assertThat(agents.get(account.admin().caller(), agent.id()).alias()).isNull();
    }

    @Test
    void updateRefusesAnEmailOfAnotherActiveAgentIgnoringCase() {
        TestAccount account = fixtures.account();
        TestAgent first = fixtures.agent(account.id(), Role.AGENT);
        TestAgent second = fixtures.agent(account.id(), Role.AGENT);

        assertThatThrownBy(() -> agents.update(
                        account.admin().caller(),
                        second.agent().id(),
                        AgentChanges.builder()
                                .email(first.email().toUpperCase())
                                .build()))
                .isInstanceOf(ConflictException.class);

        assertThat(agents.get(account.admin().caller(), second.agent().id()).email())
                .isEqualTo(second.email());
    }

    @Test
    void updateMayChangeTheCaseOfAnAgentsOwnEmail() {
        TestAccount account = fixtures.account();
        TestAgent agent = fixtures.agent(account.id(), Role.AGENT);

        agents.update(
                account.admin().caller(),
                agent.agent().id(),
                AgentChanges.builder().email(agent.email().toUpperCase()).build());

        assertThat(agents.get(account.admin().caller(), agent.agent().id()).email())
                .isEqualTo(agent.email().toUpperCase());
    }

    @Test
    void updateRefusesABlankName() {
        TestAccount account = fixtures.account();
        Agent agent = fixtures.agent(account.id(), Role.AGENT).agent();

        assertThatThrownBy(() -> agents.update(
                        account.admin().caller(),
                        agent.id(),
                        AgentChanges.builder().name(" ").build()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::rule)
                        .containsExactly(Rule.BLANK));

        assertThat(agents.get(account.admin().caller(), agent.id()).name()).isEqualTo(agent.name());
    }

    @Test
    void updateOfTheDefaultGroupJoinsItAndMakesItTheDefault() {
        TestAccount account = fixtures.account();
        Agent agent = fixtures.agent(account.id(), Role.AGENT).agent();
        Group escalations = fixtures.group(account.id(), "Escalations");

        agents.update(
                account.admin().caller(),
                agent.id(),
                AgentChanges.builder().defaultGroup(escalations.id()).build());

        assertThat(memberships.defaultGroupOf(account.admin().caller(), agent.id()))
                .contains(escalations.id());
    }

    @Test
    void updateOfTheGroupsMakesThemExactlyTheAgentsGroups() {
        TestAccount account = fixtures.account();
        Agent agent = fixtures.agent(account.id(), Role.AGENT).agent();
        Group first = fixtures.group(account.id(), "First");
        Group second = fixtures.group(account.id(), "Second");

        agents.update(
                account.admin().caller(),
                agent.id(),
                AgentChanges.builder().groups(Set.of(first.id(), second.id())).build());

        assertThat(membershipsOf(account.admin().caller(), agent.id()))
                .extracting(Membership::groupId)
                .containsExactlyInAnyOrder(first.id(), second.id());
    }

    @Test
    void anyUpdateMovesTheVersionForward() {
        TestAccount account = fixtures.account();
        Agent agent = fixtures.agent(account.id(), Role.AGENT).agent();

        Agent updated = agents.update(
                account.admin().caller(),
                agent.id(),
                AgentChanges.builder().name("Versioned").build());

        assertThat(updated.updatedAt()).isAfter(agent.updatedAt());
    }

    @Test
    void aCreateNamingADeletedGroupCreatesNothing() {
        TestAccount account = fixtures.account();
        Group gone = fixtures.group(account.id(), "Gone");
        core.services().groups().delete(account.admin().caller(), gone.id());
        String email = email();

        assertThatThrownBy(() -> agents.create(
                        account.admin().caller(),
                        new NewAgent(
                                "Half made",
                                email,
                                Optional.of(Role.AGENT),
                                AgentChanges.builder().groups(Set.of(gone.id())).build())))
                .isInstanceOf(ValidationException.class);

        assertThat(everyAgent(account.admin().caller()))
                .extracting(Agent::email)
                .doesNotContain(email);
    }

    @Test
    void anUpdateNamingADeletedGroupChangesNothing() {
        TestAccount account = fixtures.account();
        Agent agent = fixtures.agent(account.id(), Role.AGENT).agent();
        Group gone = fixtures.group(account.id(), "Gone");
        core.services().groups().delete(account.admin().caller(), gone.id());

        assertThatThrownBy(() -> agents.update(
                        account.admin().caller(),
                        agent.id(),
                        AgentChanges.builder()
                                .name("Half renamed")
                                .groups(Set.of(gone.id()))
                                .build()))
                .isInstanceOf(ValidationException.class);

        assertThat(agents.get(account.admin().caller(), agent.id())).isEqualTo(agent);
    }

    // ---- suspend ------------------------------------------------------------------------------------------------

    @Test
    void aSuspendedAgentIsKeptAndMarkedSuspended() {
        TestAccount account = fixtures.account();
        Agent agent = fixtures.agent(account.id(), Role.AGENT).agent();

        agents.update(
                account.admin().caller(),
                agent.id(),
                AgentChanges.builder().suspended(true).build());

        Agent stored = agents.get(account.admin().caller(), agent.id());
        assertThat(stored).extracting(Agent::active, Agent::suspended).containsExactly(true, true);
    }

    @Test
    void anUnsuspendedAgentIsListedAgain() {
        TestAccount account = fixtures.account();
        Agent agent = fixtures.agent(account.id(), Role.AGENT).agent();
        agents.update(
                account.admin().caller(),
                agent.id(),
                AgentChanges.builder().suspended(true).build());

        agents.update(
                account.admin().caller(),
                agent.id(),
                AgentChanges.builder().suspended(false).build());

        assertThat(ids(agents.list(account.admin().caller(), Set.of(), false, PageRequest.first(100))))
                .contains(agent.id());
    }

    @Test
    void aSuspendedAgentKeepsItsMemberships() {
        TestAccount account = fixtures.account();
        Agent agent = fixtures.agent(account.id(), Role.AGENT).agent();
        List<Membership> before = membershipsOf(account.admin().caller(), agent.id());

        agents.update(
                account.admin().caller(),
                agent.id(),
                AgentChanges.builder().suspended(true).build());

        assertThat(membershipsOf(account.admin().caller(), agent.id()))
                .extracting(Membership::id)
                .containsExactlyElementsOf(before.stream().map(Membership::id).toList());
    }

    // ---- delete -------------------------------------------------------------------------------------------------

    @Test
    void aDeletedAgentIsKeptInactive() {
        TestAccount account = fixtures.account();
        Agent agent = fixtures.agent(account.id(), Role.AGENT).agent();

        agents.delete(account.admin().caller(), agent.id());

        Agent stored = agents.get(account.admin().caller(), agent.id());
        assertThat(stored).extracting(Agent::active, Agent::name).containsExactly(false, agent.name());
    }

    @Test
    void aDeletedAgentLosesItsMemberships() {
        TestAccount account = fixtures.account();
        Agent agent = fixtures.agent(account.id(), Role.AGENT).agent();
        memberships.add(
                account.admin().caller(),
                new NewMembership(
                        agent.id(), fixtures.group(account.id(), "Extra").id()));

        agents.delete(account.admin().caller(), agent.id());

        assertThat(membershipsOf(account.admin().caller(), agent.id())).isEmpty();
    }

    @Test
    void aDeletedAgentIsNotListed() {
        TestAccount account = fixtures.account();
        Agent agent = fixtures.agent(account.id(), Role.AGENT).agent();

        agents.delete(account.admin().caller(), agent.id());

        assertThat(ids(agents.list(account.admin().caller(), Set.of(), true, PageRequest.first(100))))
                .doesNotContain(agent.id());
    }

    @Test
    void aDeletedAgentsEmailIsFreeAgainForANewAgentWithANewId() {
        TestAccount account = fixtures.account();
        TestAgent old = fixtures.agent(account.id(), Role.AGENT);
        agents.delete(account.admin().caller(), old.agent().id());

        Agent again = agents.create(account.admin().caller(), NewAgent.of("Again", old.email(), Role.AGENT));

        assertThat(again.id().value()).isGreaterThan(old.agent().id().value());
    }

    @Test
    void deletingADeletedAgentChangesNothing() {
        TestAccount account = fixtures.account();
        Agent agent = fixtures.agent(account.id(), Role.AGENT).agent();
        Agent deleted = agents.delete(account.admin().caller(), agent.id());

        Agent again = agents.delete(account.admin().caller(), agent.id());

        assertThat(again).isEqualTo(deleted);
    }

    @Test
    void aDeletedAgentCannotBeChanged() {
        TestAccount account = fixtures.account();
        Agent agent = fixtures.agent(account.id(), Role.AGENT).agent();
        agents.delete(account.admin().caller(), agent.id());

        assertThatThrownBy(() -> agents.update(
                        account.admin().caller(),
                        agent.id(),
                        AgentChanges.builder().name("Revived").build()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::rule)
                        .containsExactly(Rule.IMMUTABLE));
    }

    @Test
    void anAdminCannotDeleteItself() {
        TestAccount account = fixtures.account();

        assertThatThrownBy(() -> agents.delete(
                        account.admin().caller(), account.admin().agent().id()))
                .isInstanceOf(ValidationException.class);

        assertThat(agents.get(account.admin().caller(), account.admin().agent().id())
                        .active())
                .isTrue();
    }

    // ---- permissions --------------------------------------------------------------------------------------------

    @Test
    void anAgentMayReadAgents() {
        TestAccount account = fixtures.account();
        TestAgent reader = fixtures.agent(account.id(), Role.AGENT);

        Agent admin = agents.get(reader.caller(), account.admin().agent().id());

        assertThat(admin.id()).isEqualTo(account.admin().agent().id());
    }

    @Test
    void anAgentMayNotCreateUpdateOrDeleteAgents() {
        TestAccount account = fixtures.account();
        TestAgent agent = fixtures.agent(account.id(), Role.AGENT);
        Agent other = fixtures.agent(account.id(), Role.AGENT).agent();
        String email = email();

        assertThatThrownBy(() -> agents.create(agent.caller(), NewAgent.of("By an agent", email, Role.AGENT)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> agents.update(
                        agent.caller(),
                        other.id(),
                        AgentChanges.builder().name("Renamed by agent").build()))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> agents.delete(agent.caller(), other.id())).isInstanceOf(ForbiddenException.class);

        Agent stored = agents.get(account.admin().caller(), other.id());
        assertThat(stored).extracting(Agent::name, Agent::active).containsExactly(other.name(), true);
        assertThat(everyAgent(account.admin().caller()))
                .extracting(Agent::email)
                .doesNotContain(email);
    }

    @Test
    void anAgentMayNotChangeItsOwnRole() {
        TestAccount account = fixtures.account();
        TestAgent agent = fixtures.agent(account.id(), Role.AGENT);

        assertThatThrownBy(() -> agents.update(
                        agent.caller(),
                        agent.agent().id(),
                        AgentChanges.builder().role(Role.ADMIN).build()))
                .isInstanceOf(ForbiddenException.class);

        assertThat(agents.get(agent.caller(), agent.agent().id()).role()).isEqualTo(Role.AGENT);
    }

    // ---- tenancy ------------------------------------------------------------------------------------------------

    @Test
    void anotherAccountsAgentIsNotFound() {
        TestAccount ours = fixtures.account();
        TestAccount theirs = fixtures.account();
        Agent theirAgent = fixtures.agent(theirs.id(), Role.AGENT).agent();
        Caller caller = ours.admin().caller();

        assertThatThrownBy(() -> agents.get(caller, theirAgent.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> agents.update(
                        caller,
                        theirAgent.id(),
                        AgentChanges.builder().name("Taken over").build()))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> agents.delete(caller, theirAgent.id())).isInstanceOf(NotFoundException.class);

        Agent stored = agents.get(theirs.admin().caller(), theirAgent.id());
        assertThat(stored).extracting(Agent::name, Agent::active).containsExactly(theirAgent.name(), true);
    }

    @Test
    void listsAndLookupsNeverMixAccounts() {
        TestAccount ours = fixtures.account();
        TestAccount theirs = fixtures.account();
        Agent theirAgent = fixtures.agent(theirs.id(), Role.AGENT).agent();

        List<Agent> listed = everyAgent(ours.admin().caller());
        List<Agent> looked = agents.getAll(
                ours.admin().caller(),
                List.of(theirAgent.id(), ours.admin().agent().id()));

        assertThat(listed)
                .extracting(Agent::id)
                .containsExactly(ours.admin().agent().id());
        assertThat(looked)
                .extracting(Agent::id)
                .containsExactly(ours.admin().agent().id());
    }

    // ---- lists --------------------------------------------------------------------------------------------------

    @Test
    void listFiltersByRole() {
        TestAccount account = fixtures.account();
        Agent agent = fixtures.agent(account.id(), Role.AGENT).agent();
        Agent admin = fixtures.agent(account.id(), Role.ADMIN).agent();

        Slice<Agent> admins = agents.list(account.admin().caller(), Set.of(Role.ADMIN), PageRequest.first(100));
        Slice<Agent> plainAgents = agents.list(account.admin().caller(), Set.of(Role.AGENT), PageRequest.first(100));
        Slice<Agent> everyone =
                agents.list(account.admin().caller(), Set.of(Role.ADMIN, Role.AGENT), PageRequest.first(100));

        assertThat(ids(admins)).containsExactly(account.admin().agent().id(), admin.id());
        assertThat(ids(plainAgents)).containsExactly(agent.id());
        assertThat(ids(everyone)).containsExactly(account.admin().agent().id(), agent.id(), admin.id());
    }

    @Test
    void listLeavesOutSuspendedAgentsUnlessAsked() {
        TestAccount account = fixtures.account();
        Agent suspended = fixtures.agent(account.id(), Role.AGENT).agent();
        agents.update(
                account.admin().caller(),
                suspended.id(),
                AgentChanges.builder().suspended(true).build());

        Slice<Agent> without = agents.list(account.admin().caller(), Set.of(), false, PageRequest.first(100));
        Slice<Agent> with = agents.list(account.admin().caller(), Set.of(), true, PageRequest.first(100));

        assertThat(ids(without)).containsExactly(account.admin().agent().id());
        assertThat(ids(with)).containsExactly(account.admin().agent().id(), suspended.id());
    }

    @Test
    void listPagesByOffsetWithATotal() {
        TestAccount account = fixtures.account();
        for (int i = 0; i < 4; i++) {
            fixtures.agent(account.id(), Role.AGENT);
        }
        List<AgentId> all = ids(agents.list(account.admin().caller(), Set.of(), PageRequest.first(100)));

        Slice<Agent> second = agents.list(
                account.admin().caller(), Set.of(), PageRequest.offset(2, 2).withTotal());
        Slice<Agent> third = agents.list(
                account.admin().caller(), Set.of(), PageRequest.offset(3, 2).withTotal());

        assertThat(ids(second)).containsExactlyElementsOf(all.subList(2, 4));
        assertThat(second.hasMore()).isTrue();
        assertThat(second.total()).hasValue(5);
        assertThat(ids(third)).containsExactly(all.get(4));
        assertThat(third.hasMore()).isFalse();
    }

    @Test
    void listInGroupShowsItsActiveMembers() {
        TestAccount account = fixtures.account();
        TestAgent member = fixtures.agent(account.id(), Role.AGENT);
        TestAgent deleted = fixtures.agent(account.id(), Role.AGENT);
        fixtures.agent(account.id(), Role.AGENT);
        Group group = fixtures.group(account.id(), "Roster");
        fixtures.membership(account.id(), member, group);
        fixtures.membership(account.id(), deleted, group);
        agents.delete(account.admin().caller(), deleted.agent().id());

        Slice<Agent> members = agents.listInGroup(account.admin().caller(), group.id(), PageRequest.first(100));

        assertThat(ids(members)).containsExactly(member.agent().id());
    }

    @Test
    void listInAPrivateGroupIsNotFoundForAnAgentOutsideIt() {
        TestAccount account = fixtures.account();
        TestAgent outsider = fixtures.agent(account.id(), Role.AGENT);
        Group secret = fixtures.privateGroup(account.id(), "Secret");

        assertThatThrownBy(() -> agents.listInGroup(outsider.caller(), secret.id(), PageRequest.first(100)))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void listInAPrivateGroupShowsItsMembersToAMember() {
        TestAccount account = fixtures.account();
        TestAgent insider = fixtures.agent(account.id(), Role.AGENT);
        Group secret = fixtures.privateGroup(account.id(), "Secret");
        fixtures.membership(account.id(), insider, secret);

        Slice<Agent> members = agents.listInGroup(insider.caller(), secret.id(), PageRequest.first(100));

        assertThat(ids(members)).containsExactly(insider.agent().id());
    }

    @Test
    void listInAPrivateGroupShowsItsMembersToAnAdmin() {
        TestAccount account = fixtures.account();
        TestAgent insider = fixtures.agent(account.id(), Role.AGENT);
        Group secret = fixtures.privateGroup(account.id(), "Secret");
        fixtures.membership(account.id(), insider, secret);

        Slice<Agent> members = agents.listInGroup(account.admin().caller(), secret.id(), PageRequest.first(100));

        assertThat(ids(members)).containsExactly(insider.agent().id());
    }

    @Test
    void listInAnotherAccountsGroupIsNotFound() {
        TestAccount ours = fixtures.account();
        TestAccount theirs = fixtures.account();
        Group theirGroup = fixtures.group(theirs.id(), "Theirs");

        assertThatThrownBy(() -> agents.listInGroup(ours.admin().caller(), theirGroup.id(), PageRequest.first(100)))
                .isInstanceOf(NotFoundException.class);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static String email() {
        return "person" + SEQUENCE.incrementAndGet() + "." + System.nanoTime() % 100000 + "@example.test";
    }

    private static List<Membership> membershipsOf(Caller caller, AgentId agent) {
        return memberships
                .list(caller, MembershipFilter.ofAgent(agent), PageRequest.first(100))
                .items();
    }

    private static List<Agent> everyAgent(Caller caller) {
        return agents.list(caller, Set.of(), true, PageRequest.first(100)).items();
    }

    private static List<AgentId> ids(Slice<Agent> slice) {
        return slice.items().stream().map(Agent::id).toList();
    }
}
