package io.groupdesk.events;

import static io.groupdesk.events.EventsTestSupport.DEFAULT_GROUP_CHANGED;
import static io.groupdesk.events.EventsTestSupport.GROUP_CREATED;
import static io.groupdesk.events.EventsTestSupport.GROUP_DELETED;
import static io.groupdesk.events.EventsTestSupport.GROUP_UPDATED;
import static io.groupdesk.events.EventsTestSupport.MEMBERSHIP_CREATED;
import static io.groupdesk.events.EventsTestSupport.USER_ACTIVE_CHANGED;
import static io.groupdesk.events.EventsTestSupport.USER_CREATED;
import static io.groupdesk.events.EventsTestSupport.USER_DELETED;
import static io.groupdesk.events.EventsTestSupport.USER_EMAIL_CHANGED;
import static io.groupdesk.events.EventsTestSupport.USER_NAME_CHANGED;
import static io.groupdesk.events.EventsTestSupport.USER_PASSWORD_CHANGED;
import static io.groupdesk.events.EventsTestSupport.USER_PROFILE_CHANGED;
import static io.groupdesk.events.EventsTestSupport.USER_ROLE_CHANGED;
import static io.groupdesk.events.EventsTestSupport.USER_SUSPENDED_CHANGED;
import static io.groupdesk.events.EventsTestSupport.changes;
import static io.groupdesk.events.EventsTestSupport.defaultGroup;
import static io.groupdesk.events.EventsTestSupport.group;
import static io.groupdesk.events.EventsTestSupport.joined;
import static io.groupdesk.events.EventsTestSupport.left;
import static io.groupdesk.events.EventsTestSupport.mark;
import static io.groupdesk.events.EventsTestSupport.seenSince;
import static io.groupdesk.events.EventsTestSupport.since;
import static io.groupdesk.events.EventsTestSupport.user;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupdesk.access.Caller;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentChanges;
import io.groupdesk.agents.AgentService;
import io.groupdesk.agents.NewAgent;
import io.groupdesk.events.EventsTestSupport.Made;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupChanges;
import io.groupdesk.groups.GroupService;
import io.groupdesk.groups.NewGroup;
import io.groupdesk.memberships.BulkOutcome;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.MembershipService;
import io.groupdesk.memberships.NewMembership;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Transactions;
import io.groupdesk.shared.ValidationException;
import io.groupdesk.testing.Fixtures;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.TestCore;
import io.groupdesk.testing.TestDatabase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The catalogue of change events, in core terms: what each change of an agent, a group or a membership records, in
 * its own transaction, with the actor and the door; that a change that rolls back records nothing and leaves no gap
 * in the ids; and that writers at once in one account get consecutive ids.
 *
 * <p>Most tests use an account with no group, so that an agent's memberships are the ones the test makes.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ChangeEventsTest {
    private static TestCore core;
    private static Jdbi jdbi;
    private static AgentService agents;
    private static GroupService groups;
    private static MembershipService memberships;
    private static Fixtures fixtures;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start(TestDatabase database) {
        core = TestCore.start(database);
        jdbi = core.jdbi();
        agents = core.services().agents();
        groups = core.services().groups();
        memberships = core.services().memberships();
        fixtures = core.fixtures();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        core.close();
    }

    // ---- agents -------------------------------------------------------------------------------------------------

    @Test
    void agentCreateRecordsTheAgentThenEachGroupItJoinsAndItsDefault() {
        TestAccount account = fixtures.account();
        Group tier2 = fixtures.group(account.id(), "Tier 2");
        Group billing = fixtures.group(account.id(), "Billing");
        Caller admin = account.admin().caller();
        long mark = mark(jdbi, account.id());

        Agent ann = agents.create(
                admin,
                new NewAgent(
                        "Ann Lee",
                        "ann@example.test",
                        Optional.of(Role.AGENT),
                        AgentChanges.builder()
                                .phone("+1 555 0100")
                                .password("correct horse battery")
                                .groups(Set.of(billing.id()))
                                .defaultGroup(tier2.id())
                                .build()));

        List<Membership> joined = memberships.ofAgent(admin, ann.id());
        Membership inBilling = membershipIn(joined, billing);
        Membership inTier2 = membershipIn(joined, tier2);
        assertThat(joined).extracting(Membership::groupId).containsExactly(billing.id(), tier2.id());
        assertThat(seenSince(jdbi, account.id(), mark))
                .containsExactly(
                        user(
                                USER_CREATED,
                                ann.id(),
                                changes(
                                        "name",
                                        null,
                                        "Ann Lee",
                                        "email",
                                        null,
                                        "ann@example.test",
                                        "role",
                                        null,
                                        "agent",
                                        "phone",
                                        null,
                                        "+1 555 0100",
                                        "accepts_assignments",
                                        null,
                                        true,
                                        "suspended",
                                        null,
                                        false)),
                        // its groups, which leave out the account's default group: it never joins that one
                        joined(inBilling.id().value(), ann.id(), billing.id(), true),
                        defaultGroup(ann.id(), null, billing.id()),
                        joined(inTier2.id().value(), ann.id(), tier2.id(), false),
                        defaultGroup(ann.id(), billing.id(), tier2.id()));
        assertThat(since(jdbi, account.id(), mark))
                .extracting(Made::of)
                .containsOnly(new Made(account.admin().agent().id().value(), "system", null, null));
        assertThat(since(jdbi, account.id(), mark).toString()).doesNotContain("correct horse battery");
    }

    @Test
    void agentCreateWithoutGroupsRecordsJoiningTheAccountsDefaultGroup() {
        TestAccount account = fixtures.account();
        Caller admin = account.admin().caller();
        Group support = groups.accountDefault(admin).orElseThrow();
        long mark = mark(jdbi, account.id());

        Agent cleo = agents.create(admin, NewAgent.of("Cleo", "cleo@example.test", Role.ADMIN));

        Membership inSupport = memberships.ofAgent(admin, cleo.id()).get(0);
        assertThat(seenSince(jdbi, account.id(), mark))
                .containsExactly(
                        user(
                                USER_CREATED,
                                cleo.id(),
                                changes(
                                        "name",
                                        null,
                                        "Cleo",
                                        "email",
                                        null,
                                        "cleo@example.test",
                                        "role",
                                        null,
                                        "admin",
                                        "accepts_assignments",
                                        null,
                                        true,
                                        "suspended",
                                        null,
                                        false)),
                        joined(inSupport.id().value(), cleo.id(), support.id(), true),
                        defaultGroup(cleo.id(), null, support.id()));
    }

    @Test
    void agentUpdateRecordsOneEventPerKindOfChangeAndNoPassword() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        TestAgent bob = fixtures.agent(account.id(), Role.AGENT);
        long mark = mark(jdbi, account.id());

        agents.update(
                admin,
                bob.agent().id(),
                AgentChanges.builder()
                        .name("Robert")
                        .email("robert@example.test")
                        .role(Role.ADMIN)
                        .suspended(true)
                        .position("Lead")
                        .locale("de")
                        .password("a new secret phrase")
                        .build());

        AgentId id = bob.agent().id();
        assertThat(seenSince(jdbi, account.id(), mark))
                .containsExactly(
                        user(USER_NAME_CHANGED, id, changes("name", bob.agent().name(), "Robert")),
                        user(USER_EMAIL_CHANGED, id, changes("email", bob.email(), "robert@example.test")),
                        user(USER_ROLE_CHANGED, id, changes("role", "agent", "admin")),
                        user(USER_SUSPENDED_CHANGED, id, changes("suspended", false, true)),
                        user(USER_PROFILE_CHANGED, id, changes("position", null, "Lead", "locale", null, "de")),
                        user(USER_PASSWORD_CHANGED, id, "{}"));
        assertThat(since(jdbi, account.id(), mark).toString())
                .doesNotContain("a new secret phrase")
                .doesNotContain(bob.password());
    }

    @Test
    void agentUpdateThatChangesNothingRecordsNothing() {
        TestAccount account = fixtures.accountWithoutGroups();
        TestAgent bob = fixtures.agent(account.id(), Role.AGENT);
        long mark = mark(jdbi, account.id());

        agents.update(
                account.admin().caller(),
                bob.agent().id(),
                AgentChanges.builder().name(bob.agent().name()).build());

        assertThat(since(jdbi, account.id(), mark)).isEmpty();
    }

    @Test
    void settingAnAgentsGroupsMovesItsDefaultOnceToAGroupItKeeps() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        TestAgent bob = fixtures.agent(account.id(), Role.AGENT);
        Group first = fixtures.group(account.id(), "First");
        Group second = fixtures.group(account.id(), "Second");
        Group third = fixtures.group(account.id(), "Third");
        Group fourth = fixtures.group(account.id(), "Fourth");
        Membership inFirst = fixtures.membership(account.id(), bob, first); // bob's default
        Membership inSecond = fixtures.membership(account.id(), bob, second);
        fixtures.membership(account.id(), bob, third);
        long mark = mark(jdbi, account.id());

        agents.update(
                admin,
                bob.agent().id(),
                AgentChanges.builder().groups(Set.of(third.id(), fourth.id())).build());

        AgentId id = bob.agent().id();
        List<Membership> now = memberships.ofAgent(admin, id);
        assertThat(now).extracting(Membership::groupId).containsExactly(third.id(), fourth.id());
        assertThat(now).extracting(Membership::isDefault).containsExactly(true, false);
        // not to Second on the way, which leaves in the same change
        assertThat(seenSince(jdbi, account.id(), mark))
                .containsExactly(
                        left(inFirst),
                        defaultGroup(id, first.id(), third.id()),
                        left(inSecond),
                        joined(now.get(1).id().value(), id, fourth.id(), false));
    }

    @Test
    void agentDeleteRecordsItsMembershipsLeavingThenItsDeactivation() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        TestAgent bob = fixtures.agent(account.id(), Role.AGENT);
        Group first = fixtures.group(account.id(), "First");
        Group second = fixtures.group(account.id(), "Second");
        Membership inFirst = fixtures.membership(account.id(), bob, first);
        Membership inSecond = fixtures.membership(account.id(), bob, second);
        long mark = mark(jdbi, account.id());

        agents.delete(admin, bob.agent().id());

        AgentId id = bob.agent().id();
        assertThat(seenSince(jdbi, account.id(), mark))
                .containsExactly(
                        left(inFirst),
                        defaultGroup(id, first.id(), null),
                        left(inSecond),
                        user(USER_ACTIVE_CHANGED, id, changes("active", true, false)),
                        user(USER_DELETED, id, "{}"));
    }

    // ---- groups -------------------------------------------------------------------------------------------------

    @Test
    void groupCreateRecordsTheGroupThenItsMembers() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        TestAgent bob = fixtures.agent(account.id(), Role.AGENT);
        long mark = mark(jdbi, account.id());

        Group created = groups.create(
                admin,
                new NewGroup(
                        "Tier 2",
                        Optional.of("Escalations"),
                        Optional.of(false),
                        Optional.of(Set.of(bob.agent().id()))));

        Membership membership = memberships.ofAgent(admin, bob.agent().id()).get(0);
        assertThat(seenSince(jdbi, account.id(), mark))
                .containsExactly(
                        group(
                                GROUP_CREATED,
                                created.id(),
                                changes(
                                        "name",
                                        null,
                                        "Tier 2",
                                        "description",
                                        null,
                                        "Escalations",
                                        "is_public",
                                        null,
                                        false,
                                        "default",
                                        null,
                                        true)),
                        joined(membership.id().value(), bob.agent().id(), created.id(), true),
                        defaultGroup(bob.agent().id(), null, created.id()));
    }

    @Test
    void groupUpdateRecordsOnlyTheFieldsThatChanged() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        Group group = groups.create(admin, new NewGroup("Tier 2", Optional.of("Escalations"), Optional.of(true)));
        long mark = mark(jdbi, account.id());

        groups.update(
                admin,
                group.id(),
                new GroupChanges(Optional.of("Tier 2 (EU)"), Optional.of("Escalations"), Optional.of(false)));

        assertThat(seenSince(jdbi, account.id(), mark))
                .containsExactly(group(
                        GROUP_UPDATED, group.id(), changes("name", "Tier 2", "Tier 2 (EU)", "is_public", true, false)));
    }

    @Test
    void groupUpdateThatChangesNothingRecordsNothing() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        Group group = groups.create(admin, new NewGroup("Tier 2", Optional.of("Escalations"), Optional.of(true)));
        long mark = mark(jdbi, account.id());

        groups.update(
                admin,
                group.id(),
                new GroupChanges(Optional.of("Tier 2"), Optional.of("Escalations"), Optional.of(true)));

        assertThat(since(jdbi, account.id(), mark)).isEmpty();
    }

    @Test
    void groupDeleteRecordsItsMembersLeavingTheirDefaultsMovingAndTheDelete() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        TestAgent bob = fixtures.agent(account.id(), Role.AGENT);
        TestAgent cleo = fixtures.agent(account.id(), Role.AGENT);
        Group main = fixtures.group(account.id(), "Main"); // the account's default group
        Group leaving = fixtures.group(account.id(), "Leaving");
        Group other = fixtures.group(account.id(), "Other");
        Membership bobLeaving = fixtures.membership(account.id(), bob, leaving); // bob's default
        fixtures.membership(account.id(), bob, main);
        Membership bobOther = fixtures.membership(account.id(), bob, other);
        fixtures.membership(account.id(), cleo, main); // cleo's default
        Membership cleoLeaving = fixtures.membership(account.id(), cleo, leaving);
        Membership bobMain = memberships.ofAgent(admin, bob.agent().id()).get(1);
        long mark = mark(jdbi, account.id());

        groups.delete(admin, leaving.id(), GroupService.DefaultGroups.MOVE);

        assertThat(bobOther.groupId()).isEqualTo(other.id());
        assertThat(seenSince(jdbi, account.id(), mark))
                .containsExactly(
                        left(bobLeaving),
                        // to bob's oldest remaining membership
                        defaultGroup(bob.agent().id(), leaving.id(), bobMain.groupId()),
                        left(cleoLeaving),
                        group(GROUP_DELETED, leaving.id(), changes("deleted", false, true)));
    }

    // ---- memberships --------------------------------------------------------------------------------------------

    @Test
    void anAgentsFirstMembershipRecordsItsDefaultAndTheNextOnlyItself() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        TestAgent bob = fixtures.agent(account.id(), Role.AGENT);
        Group first = fixtures.group(account.id(), "First");
        Group second = fixtures.group(account.id(), "Second");
        long mark = mark(jdbi, account.id());

        Membership one = memberships.add(admin, new NewMembership(bob.agent().id(), first.id()));
        Membership two = memberships.add(admin, new NewMembership(bob.agent().id(), second.id()));

        assertThat(seenSince(jdbi, account.id(), mark))
                .containsExactly(
                        joined(one.id().value(), bob.agent().id(), first.id(), true),
                        defaultGroup(bob.agent().id(), null, first.id()),
                        joined(two.id().value(), bob.agent().id(), second.id(), false));
        assertThat(since(jdbi, account.id(), mark))
                .extracting(Made::of)
                .containsOnly(new Made(account.admin().agent().id().value(), "system", null, null));
    }

    @Test
    void removingTheDefaultMovesItToTheOldestRemainingThenToNone() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        TestAgent bob = fixtures.agent(account.id(), Role.AGENT);
        Group first = fixtures.group(account.id(), "First");
        Group second = fixtures.group(account.id(), "Second");
        Group third = fixtures.group(account.id(), "Third");
        Membership one = fixtures.membership(account.id(), bob, first);
        Membership two = fixtures.membership(account.id(), bob, second);
        Membership three = fixtures.membership(account.id(), bob, third);
        long mark = mark(jdbi, account.id());

        memberships.remove(admin, one.id(), Optional.empty());
        Membership twoAsDefault = memberships.get(admin, two.id(), Optional.empty());
        memberships.remove(admin, three.id(), Optional.empty());
        memberships.remove(admin, two.id(), Optional.empty());

        AgentId id = bob.agent().id();
        assertThat(twoAsDefault.isDefault()).isTrue();
        assertThat(seenSince(jdbi, account.id(), mark))
                .containsExactly(
                        left(one),
                        defaultGroup(id, first.id(), second.id()),
                        left(three),
                        left(twoAsDefault),
                        defaultGroup(id, second.id(), null));
    }

    @Test
    void makeDefaultRecordsTheDefaultGroupMovingOnly() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        TestAgent bob = fixtures.agent(account.id(), Role.AGENT);
        Group first = fixtures.group(account.id(), "First");
        Group second = fixtures.group(account.id(), "Second");
        fixtures.membership(account.id(), bob, first);
        Membership two = fixtures.membership(account.id(), bob, second);
        long mark = mark(jdbi, account.id());

        memberships.makeDefault(admin, bob.agent().id(), two.id());
        memberships.makeDefault(admin, bob.agent().id(), two.id()); // already: nothing moves

        assertThat(seenSince(jdbi, account.id(), mark))
                .containsExactly(defaultGroup(bob.agent().id(), first.id(), second.id()));
    }

    @Test
    void bulkAddAndRemoveRecordWhatEachDoneItemDidAndNothingForARefusedOne() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        TestAgent bob = fixtures.agent(account.id(), Role.AGENT);
        TestAgent cleo = fixtures.agent(account.id(), Role.AGENT);
        Group first = fixtures.group(account.id(), "First");
        Group second = fixtures.group(account.id(), "Second");
        Membership cleoFirst = fixtures.membership(account.id(), cleo, first);
        long mark = mark(jdbi, account.id());

        List<BulkOutcome> added = memberships.addMany(
                admin,
                List.of(
                        new NewMembership(bob.agent().id(), first.id()),
                        new NewMembership(cleo.agent().id(), first.id()), // already a member: refused
                        new NewMembership(bob.agent().id(), second.id())));
        long afterAdd = mark(jdbi, account.id());
        List<Membership> bobs = memberships.ofAgent(admin, bob.agent().id());
        memberships.removeMany(admin, List.of(bobs.get(0).id(), cleoFirst.id()));

        assertThat(added).extracting(BulkOutcome::success).containsExactly(true, false, true);
        assertThat(seenSince(jdbi, account.id(), mark).subList(0, (int) (afterAdd - mark)))
                .containsExactly(
                        joined(bobs.get(0).id().value(), bob.agent().id(), first.id(), true),
                        defaultGroup(bob.agent().id(), null, first.id()),
                        joined(bobs.get(1).id().value(), bob.agent().id(), second.id(), false));
        Membership bobSecondAsDefault = memberships.get(admin, bobs.get(1).id(), Optional.empty());
        assertThat(seenSince(jdbi, account.id(), afterAdd))
                .containsExactly(
                        left(bobs.get(0)),
                        defaultGroup(bob.agent().id(), first.id(), second.id()),
                        left(cleoFirst),
                        defaultGroup(cleo.agent().id(), first.id(), null));
        assertThat(bobSecondAsDefault.isDefault()).isTrue();
    }

    @Test
    void replacingAGroupsMembersRecordsThoseWhoLeaveAndThoseWhoJoin() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        TestAgent bob = fixtures.agent(account.id(), Role.AGENT);
        TestAgent cleo = fixtures.agent(account.id(), Role.AGENT);
        TestAgent dan = fixtures.agent(account.id(), Role.AGENT);
        Group main = fixtures.group(account.id(), "Main");
        Group other = fixtures.group(account.id(), "Other");
        fixtures.membership(account.id(), dan, other); // dan's default is elsewhere
        Membership bobMain = fixtures.membership(account.id(), bob, main); // bob's only group
        Membership cleoMain = fixtures.membership(account.id(), cleo, main);
        long mark = mark(jdbi, account.id());

        memberships.replaceMembers(
                admin, main.id(), Set.of(cleo.agent().id(), dan.agent().id()));

        Membership danMain = memberships.ofAgent(admin, dan.agent().id()).get(1);
        assertThat(cleoMain.isDefault()).isTrue();
        assertThat(seenSince(jdbi, account.id(), mark))
                .containsExactly(
                        left(bobMain),
                        defaultGroup(bob.agent().id(), main.id(), null),
                        joined(danMain.id().value(), dan.agent().id(), main.id(), false));
    }

    // ---- origin -------------------------------------------------------------------------------------------------

    @Test
    void eventsCarryTheOriginBoundOnTheThreadAndTheSystemAsNoActor() {
        TestAccount account = fixtures.accountWithoutGroups();
        long mark = mark(jdbi, account.id());

        try (io.groupdesk.events.Origin.Scope bound =
                new io.groupdesk.events.Origin(Via.XML, Optional.of("req-42"), Optional.of("192.0.2.7")).bind()) {
            groups.create(account.admin().caller(), NewGroup.named("From XML"));
        }
        groups.create(Caller.system(account.id()), NewGroup.named("From no door"));

        assertThat(since(jdbi, account.id(), mark))
                .extracting(Made::of)
                .containsExactly(
                        new Made(account.admin().agent().id().value(), "xml", "req-42", "192.0.2.7"),
                        new Made(null, "system", null, null));
    }

    // ---- what rolls back records nothing --------------------------------------------------------------------------

    @Test
    void aCreateThatFailsRecordsNothingAndLeavesNoGap() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        fixtures.group(account.id(), "Taken");
        long mark = mark(jdbi, account.id());

        assertThatThrownBy(() -> groups.create(admin, NewGroup.named("taken"))).isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> agents.create(
                        admin, NewAgent.of("Again", account.admin().email(), Role.AGENT)))
                .isInstanceOf(ConflictException.class);
        Group next = fixtures.group(account.id(), "Next");

        assertThat(since(jdbi, account.id(), mark))
                .extracting(Event::id, event -> event.type().key(), Event::sourceId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        mark + 1, GROUP_CREATED, next.id().value()));
    }

    @Test
    void aReplaceThatFailsAfterItStartedRecordsNothing() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        TestAgent bob = fixtures.agent(account.id(), Role.AGENT);
        TestAgent cleo = fixtures.agent(account.id(), Role.AGENT);
        Group hidden = fixtures.privateGroup(account.id(), "Hidden");
        fixtures.membership(account.id(), bob, hidden);
        long mark = mark(jdbi, account.id());

        // the members are replaced first; making a private group public is refused after that
        assertThatThrownBy(() -> groups.update(
                        admin,
                        hidden.id(),
                        new GroupChanges(
                                Optional.of("Visible"),
                                Optional.empty(),
                                Optional.of(true),
                                Optional.of(Set.of(cleo.agent().id())))))
                .isInstanceOf(ValidationException.class);
        Membership next = fixtures.membership(account.id(), cleo, hidden);

        assertThat(memberships.ofAgent(admin, bob.agent().id())).hasSize(1);
        assertThat(since(jdbi, account.id(), mark))
                .extracting(Event::id, event -> event.type().key())
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(mark + 1, MEMBERSHIP_CREATED),
                        org.assertj.core.groups.Tuple.tuple(mark + 2, DEFAULT_GROUP_CHANGED));
        assertThat(since(jdbi, account.id(), mark).get(0).sourceId())
                .isEqualTo(next.id().value());
    }

    @Test
    void workThatThrowsAfterAServiceCallInItsTransactionRecordsNothing() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        TestAgent bob = fixtures.agent(account.id(), Role.AGENT);
        Group group = fixtures.group(account.id(), "Group");
        Transactions transactions = core.services().transactions();
        long mark = mark(jdbi, account.id());

        assertThatThrownBy(() -> transactions.run(() -> {
                    memberships.add(admin, new NewMembership(bob.agent().id(), group.id()));
                    groups.update(admin, group.id(), GroupChanges.rename("Renamed"));
                    throw new IllegalStateException("the caller's own work fails");
                }))
                .isInstanceOf(IllegalStateException.class);
        Group renamed = groups.update(admin, group.id(), GroupChanges.rename("Renamed for good"));

        assertThat(memberships.ofAgent(admin, bob.agent().id())).isEmpty();
        assertThat(since(jdbi, account.id(), mark))
                .extracting(Event::id, event -> event.type().key(), Event::changes)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        mark + 1, GROUP_UPDATED, changes("name", "Group", renamed.name())));
    }

    // ---- writers at once ----------------------------------------------------------------------------------------

    @Test
    void writersAtOnceInOneAccountGetConsecutiveIdsAndEveryChangeItsEvents() throws Exception {
        int threads = 8;
        int addsEach = 25;
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        List<TestAgent> workers = new ArrayList<>();
        List<Group> targets = new ArrayList<>();
        for (int i = 0; i < threads; i++) {
            workers.add(fixtures.agent(account.id(), Role.AGENT));
        }
        for (int i = 0; i < addsEach; i++) {
            targets.add(fixtures.group(account.id(), "Concurrent " + i));
        }
        long mark = mark(jdbi, account.id());
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<List<Membership>>> results = new ArrayList<>();
        try {
            for (TestAgent worker : workers) {
                Callable<List<Membership>> adds = () -> {
                    go.await();
                    List<Membership> made = new ArrayList<>();
                    for (Group target : targets) {
                        made.add(memberships.add(
                                admin, new NewMembership(worker.agent().id(), target.id())));
                    }
                    return made;
                };
                results.add(pool.submit(adds));
            }
            go.countDown();
            List<Membership> made = new ArrayList<>();
            for (Future<List<Membership>> result : results) {
                made.addAll(result.get(120, TimeUnit.SECONDS));
            }

            List<Event> recorded = since(jdbi, account.id(), mark);
            int expected = threads * addsEach + threads; // each add, and each worker's first as its default
            assertThat(recorded)
                    .extracting(Event::id)
                    .containsExactlyElementsOf(LongStream.rangeClosed(mark + 1, mark + expected)
                            .boxed()
                            .toList());
            assertThat(mark(jdbi, account.id())).isEqualTo(mark + expected);
            Set<Long> joinedIds = new HashSet<>();
            recorded.stream()
                    .filter(event -> event.type() == EventType.USER_GROUP_MEMBERSHIP_CREATED)
                    .forEach(event -> joinedIds.add(event.sourceId()));
            assertThat(joinedIds)
                    .containsExactlyInAnyOrderElementsOf(
                            made.stream().map(m -> m.id().value()).toList());
            assertThat(recorded.stream().filter(event -> event.type() == EventType.USER_DEFAULT_GROUP_CHANGED))
                    .extracting(event -> event.agent().orElseThrow())
                    .containsExactlyInAnyOrderElementsOf(
                            workers.stream().map(w -> w.agent().id()).toList());
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void eachAccountNumbersItsOwnEventsFromOne() {
        AccountId fresh =
                core.services().accounts().create("numbered", "Numbered").id();

        Group first = groups.create(Caller.system(fresh), NewGroup.named("First"));

        assertThat(since(jdbi, fresh, 0))
                .extracting(Event::id, Event::sourceId)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1L, first.id().value()));
    }

    private static Membership membershipIn(List<Membership> memberships, Group group) {
        return memberships.stream()
                .filter(m -> m.groupId().equals(group.id()))
                .findFirst()
                .orElseThrow();
    }
}
