package io.groupdesk.agents;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupdesk.accounts.AccountRepository;
import io.groupdesk.credentials.CredentialRepository;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupRepository;
import io.groupdesk.groups.NewGroup;
import io.groupdesk.memberships.MembershipRepository;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.Cursor;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import io.groupdesk.testing.TestDatabase;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every query of {@link AgentRepository} on each database: reads, lists with each filter and page kind, writes, the
 * email key as a constraint, and tenant isolation (another account's id finds and changes nothing).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class JdbcAgentRepositoryTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.123456Z");

    private static TestDatabase.Migrated database;
    private static Jdbi jdbi;
    private static AgentRepository agents;
    private static AccountRepository accounts;
    private static GroupRepository groups;
    private static MembershipRepository memberships;

    @Parameter
    TestDatabase kind;

    @BeforeParameterizedClassInvocation
    static void open(TestDatabase kind) {
        database = kind.migrated();
        jdbi = database.jdbi();
        agents = AgentRepository.jdbc(jdbi);
        accounts = AccountRepository.jdbc(jdbi);
        groups = GroupRepository.jdbc(jdbi);
        memberships = MembershipRepository.jdbc(jdbi);
    }

    @AfterParameterizedClassInvocation
    static void close() {
        database.close();
    }

    // ---- find ---------------------------------------------------------------------------------------------------

    @Test
    void anInsertedAgentIsFoundWithItsDefaults() {
        AccountId account = account();

        Agent inserted = agents.insert(account, "Ada", "Ada@Example.test", Role.ADMIN, NOW);

        assertThat(agents.find(account, inserted.id()))
                .contains(new Agent(
                        inserted.id(),
                        account,
                        "Ada",
                        "Ada@Example.test",
                        Role.ADMIN,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        null,
                        true,
                        null,
                        true,
                        false,
                        NOW,
                        NOW));
    }

    @Test
    void findWithAnotherAccountIsEmpty() {
        AccountId account = account();
        Agent agent = agent(account, "Mine");

        assertThat(agents.find(account(), agent.id())).isEmpty();
    }

    @Test
    void findAllReadsTheKnownIdsOfTheAccountInIdOrder() {
        AccountId account = account();
        Agent first = agent(account, "First");
        Agent second = agent(account, "Second");
        Agent foreign = agent(account(), "Foreign");

        List<Agent> found = agents.findAll(
                account, List.of(second.id(), foreign.id(), new AgentId(Long.MAX_VALUE), first.id(), second.id()));

        assertThat(found).extracting(Agent::id).containsExactly(first.id(), second.id());
    }

    @Test
    void findAllOfNoIdsIsEmpty() {
        assertThat(agents.findAll(account(), List.of())).isEmpty();
    }

    // ---- insert and update --------------------------------------------------------------------------------------

    @Test
    void insertOfAnEmailOfAnActiveAgentIgnoringCaseIsAConflict() {
        AccountId account = account();
        agents.insert(account, "First", "same@example.test", Role.AGENT, NOW);

        assertThatThrownBy(() -> agents.insert(account, "Second", " SAME@example.test", Role.AGENT, NOW))
                .isInstanceOfSatisfying(
                        ConflictException.class,
                        conflict -> assertThat(conflict.violation().field()).isEqualTo("email"));
    }

    @Test
    void theSameEmailMayBeInsertedInAnotherAccount() {
        agents.insert(account(), "Ours", "shared@example.test", Role.AGENT, NOW);
        AccountId theirs = account();

        Agent theirAgent = agents.insert(theirs, "Theirs", "shared@example.test", Role.AGENT, NOW);

        assertThat(agents.find(theirs, theirAgent.id())).isPresent();
    }

    @Test
    void updateWritesEveryMutableField() {
        AccountId account = account();
        Agent agent = agent(account, "Before");
        Instant later = NOW.plus(1, ChronoUnit.HOURS);
        Agent changed = new Agent(
                agent.id(),
                account,
                "After",
                "after@example.test",
                Role.ADMIN,
                "+1 555 0100",
                "Lead",
                "W-7",
                "Ace",
                "https://example.test/a.png",
                "de",
                "Europe/Berlin",
                false,
                7,
                true,
                true,
                agent.createdAt(),
                later);

        agents.update(changed, later);

        assertThat(agents.find(account, agent.id())).contains(changed);
    }

    @Test
    void anUpdateLeavesThePasswordHashToTheCredentials() {
        AccountId account = account();
        Agent agent = agents.insert(account, "Hashed", email(), Role.AGENT, NOW);
        CredentialRepository.jdbc(jdbi).storePasswordHash(account, agent.id(), "stored-hash");

        agents.update(withEmail(agent, "renamed@example.test"), NOW);

        assertThat(passwordHash(account, agent.id())).isEqualTo("stored-hash");
    }

    @Test
    void updateToAnEmailOfAnotherActiveAgentIsAConflict() {
        AccountId account = account();
        Agent first = agent(account, "First");
        Agent second = agent(account, "Second");

        assertThatThrownBy(() -> agents.update(withEmail(second, first.email().toUpperCase()), NOW))
                .isInstanceOf(ConflictException.class);

        assertThat(agents.find(account, second.id()).orElseThrow().email()).isEqualTo(second.email());
    }

    @Test
    void updateNamingAnotherAccountChangesNothing() {
        AccountId account = account();
        Agent agent = agent(account, "Untouched");
        Agent forged = new Agent(
                agent.id(),
                account(),
                "Forged",
                agent.email(),
                agent.role(),
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                true,
                null,
                true,
                false,
                agent.createdAt(),
                agent.updatedAt());

        agents.update(forged, NOW);

        assertThat(agents.find(account, agent.id())).contains(agent);
    }

    // ---- deactivate ---------------------------------------------------------------------------------------------

    @Test
    void aDeactivatedAgentIsKeptInactiveAndItsEmailIsFreeAgain() {
        AccountId account = account();
        Agent agent = agent(account, "Leaving");
        Instant later = NOW.plusSeconds(60);

        agents.deactivate(account, agent.id(), later);
        Agent again = agents.insert(account, "Arriving", agent.email(), Role.AGENT, later);

        Agent stored = agents.find(account, agent.id()).orElseThrow();
        assertThat(stored).extracting(Agent::active, Agent::updatedAt).containsExactly(false, later);
        assertThat(again.id().value()).isGreaterThan(agent.id().value());
    }

    @Test
    void aDeactivatedAgentIsNotUpdated() {
        AccountId account = account();
        Agent agent = agent(account, "Gone");
        agents.deactivate(account, agent.id(), NOW);

        agents.update(withEmail(agent, "revived@example.test"), NOW.plusSeconds(1));

        assertThat(agents.find(account, agent.id()).orElseThrow().email()).isEqualTo(agent.email());
    }

    @Test
    void deactivateNamingAnotherAccountChangesNothing() {
        AccountId account = account();
        Agent agent = agent(account, "Stays");

        agents.deactivate(account(), agent.id(), NOW.plusSeconds(1));

        assertThat(agents.find(account, agent.id())).contains(agent);
    }

    // ---- list ---------------------------------------------------------------------------------------------------

    @Test
    void listReadsActiveAgentsInIdOrder() {
        AccountId account = account();
        Agent first = agent(account, "First");
        Agent gone = agent(account, "Gone");
        Agent third = agent(account, "Third");
        agents.deactivate(account, gone.id(), NOW);
        agent(account(), "Foreign");

        Slice<Agent> slice = agents.list(account, Set.of(), true, Optional.empty(), PageRequest.first(100));

        assertThat(ids(slice)).containsExactly(first.id(), third.id());
    }

    @Test
    void listFiltersByRole() {
        AccountId account = account();
        Agent admin = agents.insert(account, "Admin", email(), Role.ADMIN, NOW);
        Agent agent = agents.insert(account, "Agent", email(), Role.AGENT, NOW);

        List<AgentId> admins = ids(agents.list(account, Set.of(Role.ADMIN), true, Optional.empty(), first100()));
        List<AgentId> plain = ids(agents.list(account, Set.of(Role.AGENT), true, Optional.empty(), first100()));
        List<AgentId> both =
                ids(agents.list(account, Set.of(Role.ADMIN, Role.AGENT), true, Optional.empty(), first100()));

        assertThat(admins).containsExactly(admin.id());
        assertThat(plain).containsExactly(agent.id());
        assertThat(both).containsExactly(admin.id(), agent.id());
    }

    @Test
    void listLeavesOutSuspendedAgentsUnlessAsked() {
        AccountId account = account();
        Agent active = agent(account, "Active");
        Agent suspended = agent(account, "Suspended");
        agents.update(suspended(suspended), NOW);

        List<AgentId> without = ids(agents.list(account, Set.of(), false, Optional.empty(), first100()));
        List<AgentId> with = ids(agents.list(account, Set.of(), true, Optional.empty(), first100()));

        assertThat(without).containsExactly(active.id());
        assertThat(with).containsExactly(active.id(), suspended.id());
    }

    @Test
    void listInAGroupReadsItsMembersOnly() {
        AccountId account = account();
        Agent member = agent(account, "Member");
        agent(account, "Outsider");
        Group group = group(account, "Roster");
        memberships.insert(account, member.id(), group.id(), true, NOW);

        Slice<Agent> slice = agents.list(account, Set.of(), true, Optional.of(group.id()), first100());

        assertThat(ids(slice)).containsExactly(member.id());
    }

    @Test
    void listInAGroupOfAnotherAccountIsEmpty() {
        AccountId theirs = account();
        Agent member = agent(theirs, "Member");
        Group group = group(theirs, "Theirs");
        memberships.insert(theirs, member.id(), group.id(), true, NOW);

        Slice<Agent> slice = agents.list(account(), Set.of(), true, Optional.of(group.id()), first100());

        assertThat(slice.items()).isEmpty();
    }

    @Test
    void keysetPagesReadForwardAndBackward() {
        AccountId account = account();
        List<AgentId> all = List.of(
                agent(account, "A").id(),
                agent(account, "B").id(),
                agent(account, "C").id(),
                agent(account, "D").id(),
                agent(account, "E").id());

        Slice<Agent> first = agents.list(account, Set.of(), true, Optional.empty(), PageRequest.first(2));
        Slice<Agent> second = agents.list(
                account,
                Set.of(),
                true,
                Optional.empty(),
                PageRequest.after(new Cursor(all.get(1).value()), 2));
        Slice<Agent> last = agents.list(
                account,
                Set.of(),
                true,
                Optional.empty(),
                PageRequest.after(new Cursor(all.get(3).value()), 2));
        Slice<Agent> before = agents.list(
                account,
                Set.of(),
                true,
                Optional.empty(),
                PageRequest.before(new Cursor(all.get(3).value()), 2));

        assertThat(List.of(ids(first), ids(second), ids(last), ids(before)))
                .containsExactly(all.subList(0, 2), all.subList(2, 4), all.subList(4, 5), all.subList(1, 3));
        assertThat(List.of(first.hasMore(), second.hasMore(), last.hasMore(), before.hasMore()))
                .containsExactly(true, true, false, true);
        assertThat(first.total()).isEmpty();
    }

    @Test
    void offsetPagesCountTheTotalWhenAsked() {
        AccountId account = account();
        List<AgentId> all = List.of(
                agent(account, "A").id(),
                agent(account, "B").id(),
                agent(account, "C").id());
        Agent gone = agent(account, "Gone");
        agents.deactivate(account, gone.id(), NOW);

        Slice<Agent> counted = agents.list(
                account,
                Set.of(),
                true,
                Optional.empty(),
                PageRequest.offset(2, 2).withTotal());
        Slice<Agent> uncounted = agents.list(account, Set.of(), true, Optional.empty(), PageRequest.offset(1, 2));

        assertThat(ids(counted)).containsExactly(all.get(2));
        assertThat(counted.total()).hasValue(3);
        assertThat(counted.hasMore()).isFalse();
        assertThat(ids(uncounted)).containsExactlyElementsOf(all.subList(0, 2));
        assertThat(uncounted.total()).isEmpty();
    }

    // ---- members of groups --------------------------------------------------------------------------------------

    @Test
    void membersOfReadsActiveMembersOfAnyOfTheGroupsOnceEachUpToTheLimit() {
        AccountId account = account();
        Agent both = agent(account, "Both");
        Agent one = agent(account, "One");
        Agent gone = agent(account, "Gone");
        Agent other = agent(account, "Other");
        Group first = group(account, "First");
        Group second = group(account, "Second");
        Group third = group(account, "Third");
        memberships.insert(account, both.id(), first.id(), true, NOW);
        memberships.insert(account, both.id(), second.id(), false, NOW);
        memberships.insert(account, one.id(), second.id(), true, NOW);
        memberships.insert(account, gone.id(), first.id(), true, NOW);
        memberships.insert(account, other.id(), third.id(), true, NOW);
        agents.deactivate(account, gone.id(), NOW);

        List<Agent> members = agents.membersOf(account, List.of(first.id(), second.id()), 10);
        List<Agent> limited = agents.membersOf(account, List.of(first.id(), second.id()), 1);

        assertThat(members).extracting(Agent::id).containsExactly(both.id(), one.id());
        assertThat(limited).extracting(Agent::id).containsExactly(both.id());
    }

    @Test
    void membersOfAnotherAccountsGroupIsEmpty() {
        AccountId theirs = account();
        Agent member = agent(theirs, "Member");
        Group group = group(theirs, "Theirs");
        memberships.insert(theirs, member.id(), group.id(), true, NOW);

        assertThat(agents.membersOf(account(), List.of(group.id()), 10)).isEmpty();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static AccountId account() {
        String subdomain = "agt" + SEQUENCE.incrementAndGet();
        return accounts.insert(subdomain, subdomain, NOW).id();
    }

    private static Agent agent(AccountId account, String name) {
        return agents.insert(account, name, email(), Role.AGENT, NOW);
    }

    private static Group group(AccountId account, String name) {
        return groups.insert(account, NewGroup.named(name), false, NOW);
    }

    private static String email() {
        return "agent" + SEQUENCE.incrementAndGet() + "@example.test";
    }

    private static PageRequest first100() {
        return PageRequest.first(100);
    }

    private static List<AgentId> ids(Slice<Agent> slice) {
        return slice.items().stream().map(Agent::id).toList();
    }

    private static String passwordHash(AccountId account, AgentId agent) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT password_hash FROM agents WHERE account_id = :account AND id = :id")
                .bind("account", account.value())
                .bind("id", agent.value())
                .mapTo(String.class)
                .one());
    }

    private static Agent withEmail(Agent agent, String email) {
        return new Agent(
                agent.id(),
                agent.accountId(),
                agent.name(),
                email,
                agent.role(),
                agent.phone(),
                agent.position(),
                agent.workId(),
                agent.alias(),
                agent.avatarUrl(),
                agent.locale(),
                agent.timeZone(),
                agent.acceptsAssignments(),
                agent.skillLevel(),
                agent.active(),
                agent.suspended(),
                agent.createdAt(),
                agent.updatedAt());
    }

    private static Agent suspended(Agent agent) {
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
                agent.acceptsAssignments(),
                agent.skillLevel(),
                agent.active(),
                true,
                agent.createdAt(),
                agent.updatedAt());
    }
}
