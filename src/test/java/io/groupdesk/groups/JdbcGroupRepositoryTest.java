package io.groupdesk.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupdesk.accounts.AccountRepository;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentRepository;
import io.groupdesk.memberships.MembershipRepository;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.Cursor;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import io.groupdesk.shared.WeeklyHours;
import io.groupdesk.testing.TestDatabase;
import java.time.DayOfWeek;
import java.time.Instant;
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
 * Every query of {@link GroupRepository} on each database: reads, lists and counts with each filter and page kind,
 * writes, the name and default keys as constraints, soft delete, and tenant isolation.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class JdbcGroupRepositoryTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.123456Z");
    private static final GroupFilter LIVE = new GroupFilter(false, Optional.empty(), Optional.empty());
    private static final GroupFilter WITH_DELETED = new GroupFilter(true, Optional.empty(), Optional.empty());

    private static TestDatabase.Migrated database;
    private static GroupRepository groups;
    private static AccountRepository accounts;
    private static AgentRepository agents;
    private static MembershipRepository memberships;

    @Parameter
    TestDatabase kind;

    @BeforeParameterizedClassInvocation
    static void open(TestDatabase kind) {
        database = kind.migrated();
        Jdbi jdbi = database.jdbi();
        groups = GroupRepository.jdbc(jdbi);
        accounts = AccountRepository.jdbc(jdbi);
        agents = AgentRepository.jdbc(jdbi);
        memberships = MembershipRepository.jdbc(jdbi);
    }

    @AfterParameterizedClassInvocation
    static void close() {
        database.close();
    }

    // ---- find ---------------------------------------------------------------------------------------------------

    @Test
    void anInsertedGroupIsFoundWithEveryField() {
        AccountId account = account();
        WeeklyHours hours = WeeklyHours.of(
                Map.of(DayOfWeek.FRIDAY, List.<String[]>of(new String[] {"08:00", "12:00"})), "working_hours");

        Group inserted = groups.insert(
                account,
                new NewGroup(
                        "Night shift",
                        Optional.of("After hours"),
                        Optional.of(false),
                        Optional.empty(),
                        Optional.of("Asia/Tokyo"),
                        Optional.of(hours)),
                true,
                NOW);

        assertThat(groups.find(account, inserted.id()))
                .contains(new Group(
                        inserted.id(),
                        account,
                        "Night shift",
                        "After hours",
                        false,
                        true,
                        false,
                        null,
                        "Asia/Tokyo",
                        hours,
                        NOW,
                        NOW));
    }

    @Test
    void aGroupInsertedWithoutOptionsIsPublicWithAnEmptyDescriptionAndNoHoursOfItsOwn() {
        AccountId account = account();

        Group inserted = group(account, "Plain");

        Group stored = groups.find(account, inserted.id()).orElseThrow();
        assertThat(stored)
                .extracting(Group::isPublic, Group::isDefault, Group::description, Group::workingHours)
                .containsExactly(true, false, "", WeeklyHours.NONE);
    }

    @Test
    void findWithAnotherAccountIsEmpty() {
        Group group = group(account(), "Mine");

        assertThat(groups.find(account(), group.id())).isEmpty();
    }

    @Test
    void findAllReadsTheKnownIdsOfTheAccountInIdOrder() {
        AccountId account = account();
        Group first = group(account, "First");
        Group second = group(account, "Second");
        Group foreign = group(account(), "Foreign");

        List<Group> found =
                groups.findAll(account, List.of(second.id(), foreign.id(), new GroupId(Long.MAX_VALUE), first.id()));

        assertThat(found).extracting(Group::id).containsExactly(first.id(), second.id());
    }

    @Test
    void findAllOfNoIdsIsEmpty() {
        assertThat(groups.findAll(account(), List.of())).isEmpty();
    }

    @Test
    void findDefaultReadsTheAccountsDefaultGroupOnly() {
        AccountId account = account();
        AccountId other = account();
        group(account, "Plain");
        Group byDefault = groups.insert(account, NewGroup.named("Default"), true, NOW);

        assertThat(groups.findDefault(account).map(Group::id)).contains(byDefault.id());
        assertThat(groups.findDefault(other)).isEmpty();
    }

    @Test
    void agentExistsOnlyInItsOwnAccount() {
        AccountId account = account();
        Agent agent = agent(account);

        assertThat(groups.agentExists(account, agent.id())).isTrue();
        assertThat(groups.agentExists(account(), agent.id())).isFalse();
    }

    // ---- keys ---------------------------------------------------------------------------------------------------

    @Test
    void insertOfANameOfALiveGroupIgnoringCaseIsAConflict() {
        AccountId account = account();
        group(account, "Billing");

        assertThatThrownBy(() -> group(account, "BILLING"))
                .isInstanceOfSatisfying(
                        ConflictException.class,
                        conflict -> assertThat(conflict.violation().field()).isEqualTo("name"));
    }

    @Test
    void theSameNameMayBeInsertedInAnotherAccount() {
        group(account(), "Shared");
        AccountId other = account();

        Group theirs = group(other, "Shared");

        assertThat(groups.find(other, theirs.id())).isPresent();
    }

    @Test
    void aSecondDefaultGroupInAnAccountIsAConflict() {
        AccountId account = account();
        groups.insert(account, NewGroup.named("Default"), true, NOW);

        assertThatThrownBy(() -> groups.insert(account, NewGroup.named("Another default"), true, NOW))
                .isInstanceOf(ConflictException.class);
    }

    @Test
    void nameTakenIgnoresCaseDeletedGroupsAndTheExceptedGroup() {
        AccountId account = account();
        Group live = group(account, "Live");
        Group gone = group(account, "Gone");
        groups.markDeleted(account, gone.id(), NOW);

        assertThat(groups.nameTaken(account, "LIVE", Optional.empty())).isTrue();
        assertThat(groups.nameTaken(account, "live", Optional.of(live.id()))).isFalse();
        assertThat(groups.nameTaken(account, "Gone", Optional.empty())).isFalse();
        assertThat(groups.nameTaken(account(), "Live", Optional.empty())).isFalse();
    }

    // ---- update and delete --------------------------------------------------------------------------------------

    @Test
    void updateWritesEveryMutableField() {
        AccountId account = account();
        Group group = group(account, "Before");
        Instant later = NOW.plusSeconds(60);
        WeeklyHours hours = WeeklyHours.of(
                Map.of(DayOfWeek.MONDAY, List.<String[]>of(new String[] {"09:00", "17:00"})), "working_hours");
        Group changed = new Group(
                group.id(),
                account,
                "After",
                "Described",
                false,
                false,
                false,
                null,
                "Europe/Paris",
                hours,
                group.createdAt(),
                later);

        groups.update(changed, later);

        assertThat(groups.find(account, group.id())).contains(changed);
    }

    @Test
    void updateToANameOfAnotherLiveGroupIsAConflict() {
        AccountId account = account();
        group(account, "Taken");
        Group other = group(account, "Other");

        assertThatThrownBy(() -> groups.update(renamed(other, "taken"), NOW)).isInstanceOf(ConflictException.class);

        assertThat(groups.find(account, other.id()).orElseThrow().name()).isEqualTo("Other");
    }

    @Test
    void updateNamingAnotherAccountChangesNothing() {
        AccountId account = account();
        Group group = group(account, "Untouched");
        Group forged = new Group(
                group.id(),
                account(),
                "Forged",
                "",
                true,
                false,
                false,
                null,
                null,
                WeeklyHours.NONE,
                group.createdAt(),
                group.updatedAt());

        groups.update(forged, NOW.plusSeconds(1));

        assertThat(groups.find(account, group.id())).contains(group);
    }

    @Test
    void aDeletedGroupIsKeptMarkedAndItsNameIsFreeAgain() {
        AccountId account = account();
        Group group = group(account, "Seasonal");
        Instant later = NOW.plusSeconds(60);

        groups.markDeleted(account, group.id(), later);
        Group again = group(account, "seasonal");

        Group stored = groups.find(account, group.id()).orElseThrow();
        assertThat(stored)
                .extracting(Group::deleted, Group::deletedAt, Group::name)
                .containsExactly(true, later, "Seasonal");
        assertThat(again.id().value()).isGreaterThan(group.id().value());
    }

    @Test
    void aDeletedGroupIsNotUpdated() {
        AccountId account = account();
        Group group = group(account, "Frozen");
        groups.markDeleted(account, group.id(), NOW);

        groups.update(renamed(group, "Thawed"), NOW.plusSeconds(1));

        assertThat(groups.find(account, group.id()).orElseThrow().name()).isEqualTo("Frozen");
    }

    @Test
    void theDefaultGroupIsNotMarkedDeleted() {
        AccountId account = account();
        Group byDefault = groups.insert(account, NewGroup.named("Default"), true, NOW);

        groups.markDeleted(account, byDefault.id(), NOW.plusSeconds(1));

        assertThat(groups.find(account, byDefault.id()).orElseThrow().deleted()).isFalse();
    }

    @Test
    void markDeletedNamingAnotherAccountChangesNothing() {
        AccountId account = account();
        Group group = group(account, "Stays");

        groups.markDeleted(account(), group.id(), NOW.plusSeconds(1));

        assertThat(groups.find(account, group.id())).contains(group);
    }

    // ---- list and count -----------------------------------------------------------------------------------------

    @Test
    void listReadsLiveGroupsInIdOrderAndDeletedOnesWhenAsked() {
        AccountId account = account();
        Group first = group(account, "First");
        Group gone = group(account, "Gone");
        Group third = group(account, "Third");
        groups.markDeleted(account, gone.id(), NOW);
        group(account(), "Foreign");

        List<GroupId> live = ids(groups.list(account, LIVE, PageRequest.first(100)));
        List<GroupId> all = ids(groups.list(account, WITH_DELETED, PageRequest.first(100)));

        assertThat(live).containsExactly(first.id(), third.id());
        assertThat(all).containsExactly(first.id(), gone.id(), third.id());
    }

    @Test
    void aViewerSeesPublicGroupsAndThePrivateGroupsItIsIn() {
        AccountId account = account();
        Agent viewer = agent(account);
        Group open = group(account, "Open");
        Group ours = privateGroup(account, "Ours");
        privateGroup(account, "Hidden");
        memberships.insert(account, viewer.id(), ours.id(), true, NOW);
        GroupFilter visible = new GroupFilter(false, Optional.of(viewer.id()), Optional.empty());

        List<GroupId> seen = ids(groups.list(account, visible, PageRequest.first(100)));

        assertThat(seen).containsExactly(open.id(), ours.id());
        assertThat(groups.count(account, visible)).isEqualTo(2);
    }

    @Test
    void memberOfReadsTheGroupsOfOneAgent() {
        AccountId account = account();
        Agent agent = agent(account);
        Group joined = group(account, "Joined");
        group(account, "Not joined");
        memberships.insert(account, agent.id(), joined.id(), true, NOW);
        GroupFilter ofAgent = new GroupFilter(false, Optional.empty(), Optional.of(agent.id()));

        List<GroupId> found = ids(groups.list(account, ofAgent, PageRequest.first(100)));

        assertThat(found).containsExactly(joined.id());
        assertThat(groups.count(account, ofAgent)).isEqualTo(1);
    }

    @Test
    void nameContainsMatchesIgnoringCaseAndTakesWildcardsLiterally() {
        AccountId account = account();
        Group percent = group(account, "100% Done");
        group(account, "1000 done");
        Group underscore = group(account, "snake_case");
        group(account, "snakeXcase");

        List<GroupId> byPercent = ids(groups.list(account, containing("0% d"), PageRequest.first(100)));
        List<GroupId> byUnderscore = ids(groups.list(account, containing("E_C"), PageRequest.first(100)));
        List<GroupId> byBang = ids(groups.list(account, containing("!"), PageRequest.first(100)));

        assertThat(byPercent).containsExactly(percent.id());
        assertThat(byUnderscore).containsExactly(underscore.id());
        assertThat(byBang).isEmpty();
    }

    @Test
    void keysetPagesReadForwardAndBackward() {
        AccountId account = account();
        List<GroupId> all = List.of(
                group(account, "A").id(),
                group(account, "B").id(),
                group(account, "C").id(),
                group(account, "D").id(),
                group(account, "E").id());

        Slice<Group> first = groups.list(account, LIVE, PageRequest.first(2));
        Slice<Group> second = groups.list(
                account, LIVE, PageRequest.after(new Cursor(all.get(1).value()), 2));
        Slice<Group> last = groups.list(
                account, LIVE, PageRequest.after(new Cursor(all.get(3).value()), 2));
        Slice<Group> before = groups.list(
                account, LIVE, PageRequest.before(new Cursor(all.get(3).value()), 2));

        assertThat(List.of(ids(first), ids(second), ids(last), ids(before)))
                .containsExactly(all.subList(0, 2), all.subList(2, 4), all.subList(4, 5), all.subList(1, 3));
        assertThat(List.of(first.hasMore(), second.hasMore(), last.hasMore(), before.hasMore()))
                .containsExactly(true, true, false, true);
    }

    @Test
    void offsetPagesCountTheTotalWhenAsked() {
        AccountId account = account();
        List<GroupId> all = List.of(
                group(account, "A").id(),
                group(account, "B").id(),
                group(account, "C").id());

        Slice<Group> counted =
                groups.list(account, LIVE, PageRequest.offset(2, 2).withTotal());
        Slice<Group> uncounted = groups.list(account, LIVE, PageRequest.offset(1, 2));

        assertThat(ids(counted)).containsExactly(all.get(2));
        assertThat(counted.total()).hasValue(3);
        assertThat(ids(uncounted)).containsExactlyElementsOf(all.subList(0, 2));
        assertThat(uncounted.total()).isEmpty();
    }

    @Test
    void theCountOfLiveGroupsFollowsInsertsAndDeletes() {
        AccountId account = account();
        List<Group> created =
                List.of(group(account, "A"), group(account, "B"), group(account, "C"), group(account, "D"));
        group(account(), "Foreign");

        groups.markDeleted(account, created.get(1).id(), NOW);
        groups.markDeleted(account, created.get(1).id(), NOW);

        assertThat(groups.count(account, LIVE)).isEqualTo(3);
        assertThat(groups.count(account, WITH_DELETED)).isEqualTo(4);
    }

    @Test
    void anAccountWithoutGroupsCountsNone() {
        assertThat(groups.count(account(), LIVE)).isZero();
    }

    // ---- membership questions -----------------------------------------------------------------------------------

    @Test
    void isAnAgentsDefaultAnswersWhetherAnyMembershipOfTheGroupIsADefault() {
        AccountId account = account();
        Agent agent = agent(account);
        Group home = group(account, "Home");
        Group visited = group(account, "Visited");
        memberships.insert(account, agent.id(), home.id(), true, NOW);
        memberships.insert(account, agent.id(), visited.id(), false, NOW);

        assertThat(groups.isAnAgentsDefault(account, home.id())).isTrue();
        assertThat(groups.isAnAgentsDefault(account, visited.id())).isFalse();
        assertThat(groups.isAnAgentsDefault(account(), home.id())).isFalse();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static AccountId account() {
        String subdomain = "grp" + SEQUENCE.incrementAndGet();
        return accounts.insert(subdomain, subdomain, NOW).id();
    }

    private static Agent agent(AccountId account) {
        return agents.insert(account, "Agent", "agent" + SEQUENCE.incrementAndGet() + "@example.test", Role.AGENT, NOW);
    }

    private static Group group(AccountId account, String name) {
        return groups.insert(account, NewGroup.named(name), false, NOW);
    }

    private static Group privateGroup(AccountId account, String name) {
        return groups.insert(account, new NewGroup(name, Optional.empty(), Optional.of(false)), false, NOW);
    }

    private static GroupFilter containing(String text) {
        return new GroupFilter(false, Optional.empty(), Optional.empty(), Optional.of(text));
    }

    private static Group renamed(Group group, String name) {
        return new Group(
                group.id(),
                group.accountId(),
                name,
                group.description(),
                group.isPublic(),
                group.isDefault(),
                group.deleted(),
                group.deletedAt(),
                group.timeZone(),
                group.workingHours(),
                group.createdAt(),
                group.updatedAt());
    }

    private static List<GroupId> ids(Slice<Group> slice) {
        return slice.items().stream().map(Group::id).toList();
    }
}
