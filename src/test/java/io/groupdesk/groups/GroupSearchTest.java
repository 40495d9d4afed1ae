package io.groupdesk.groups;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupdesk.access.Caller;
import io.groupdesk.memberships.MembershipFilter;
import io.groupdesk.memberships.MembershipService;
import io.groupdesk.memberships.NewMembership;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Searching groups by name, ordered by name or by size, with totals, and the member counts the groups keep. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class GroupSearchTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static GroupService groups;
    private static MembershipService memberships;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        groups = app.services().groups();
        memberships = app.services().memberships();
    }

    @Test
    void searchListsMatchingLiveGroupsByNameIgnoringCaseWithTheirTotal() {
        TestAccount account = app.fixtures().accountWithoutGroups();
        Caller admin = account.admin().caller();
        Group zulu = groups.create(admin, NewGroup.named("zulu billing"));
        Group alpha = groups.create(admin, NewGroup.named("Alpha Billing"));
        Group mike = groups.create(admin, NewGroup.named("MIKE BILLING"));
        groups.create(admin, NewGroup.named("Shipping"));
        groups.delete(
                admin, groups.create(admin, NewGroup.named("Billing gone")).id());

        Slice<Group> first = groups.search(
                admin,
                new GroupSearch(" bill ", GroupSort.NAME),
                PageRequest.offset(1, 2).withTotal());
        Slice<Group> second = groups.search(
                admin,
                new GroupSearch("bill", GroupSort.NAME),
                PageRequest.offset(2, 2).withTotal());

        assertThat(ids(first)).containsExactly(alpha.id(), mike.id());
        assertThat(first.hasMore()).isTrue();
        assertThat(first.total()).hasValue(3);
        assertThat(ids(second)).containsExactly(zulu.id());
        assertThat(second.hasMore()).isFalse();
        assertThat(groups.count(admin, new GroupSearch("BILL", GroupSort.SIZE))).isEqualTo(3);
    }

    @Test
    void anEmptyTextFindsEveryLiveGroupAndTheCountIsTheAccountsGroupCount() {
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        groups.create(admin, NewGroup.named("One"));
        groups.delete(admin, groups.create(admin, NewGroup.named("Two")).id());

        Slice<Group> all = groups.search(
                admin, GroupSearch.all(), PageRequest.offset(1, 100).withTotal());

        assertThat(all.total()).hasValue(groups.count(admin));
        assertThat(groups.count(admin, GroupSearch.all())).isEqualTo(groups.count(admin));
        assertThat(all.items()).hasSize((int) groups.count(admin));
    }

    @Test
    void bySizeTheLargestGroupComesFirstAndGroupsOfOneSizeByAge() {
        TestAccount account = app.fixtures().accountWithoutGroups();
        Caller admin = account.admin().caller();
        Group small = groups.create(admin, NewGroup.named("Small"));
        Group large = groups.create(admin, NewGroup.named("Large"));
        Group empty = groups.create(admin, NewGroup.named("Empty"));
        Group alsoSmall = groups.create(admin, NewGroup.named("Also small"));
        List<TestAgent> agents = List.of(
                app.fixtures().agent(account.id(), Role.AGENT),
                app.fixtures().agent(account.id(), Role.AGENT),
                app.fixtures().agent(account.id(), Role.AGENT));
        // every new agent joins the account's default group, "Small": two of them leave it again
        memberships.replaceMembers(
                admin, small.id(), Set.of(agents.get(0).agent().id()));
        memberships.replaceMembers(
                admin,
                large.id(),
                Set.of(
                        agents.get(0).agent().id(),
                        agents.get(1).agent().id(),
                        agents.get(2).agent().id()));
        memberships.add(admin, new NewMembership(agents.get(1).agent().id(), alsoSmall.id()));

        Slice<Group> bySize =
                groups.search(admin, GroupSearch.all().withSort(GroupSort.SIZE), PageRequest.offset(1, 10));

        assertThat(ids(bySize)).containsExactly(large.id(), small.id(), alsoSmall.id(), empty.id());
        assertThat(groups.memberCounts(admin, ids(bySize)))
                .containsExactly(
                        Map.entry(small.id(), 1L),
                        Map.entry(large.id(), 3L),
                        Map.entry(empty.id(), 0L),
                        Map.entry(alsoSmall.id(), 1L));
    }

    @Test
    void anAgentFindsAndCountsNoPrivateGroupItIsNotIn() {
        TestAccount account = app.fixtures().account();
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        Group open = app.fixtures().group(account.id(), "Desk open");
        Group mine = app.fixtures().privateGroup(account.id(), "Desk mine");
        Group hidden = app.fixtures().privateGroup(account.id(), "Desk hidden");
        app.fixtures().membership(account.id(), agent, mine);

        Slice<Group> found = groups.search(
                agent.caller(),
                new GroupSearch("desk", GroupSort.NAME),
                PageRequest.offset(1, 10).withTotal());

        assertThat(ids(found)).containsExactly(mine.id(), open.id());
        assertThat(found.total()).hasValue(2);
        assertThat(groups.count(agent.caller(), new GroupSearch("desk", GroupSort.SIZE)))
                .isEqualTo(2);
        assertThat(groups.memberCounts(agent.caller(), List.of(open.id(), mine.id(), hidden.id())))
                .containsOnlyKeys(open.id(), mine.id());
    }

    @Test
    void memberCountsSayWhatCountingTheMembershipsSaysAfterEveryKindOfWrite() {
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        Group support = groups.create(admin, NewGroup.named("Tier 1"));
        Group sales = groups.create(admin, NewGroup.named("Sales"));
        List<TestAgent> agents = List.of(
                app.fixtures().agent(account.id(), Role.AGENT),
                app.fixtures().agent(account.id(), Role.AGENT),
                app.fixtures().agent(account.id(), Role.AGENT),
                app.fixtures().agent(account.id(), Role.AGENT));

        memberships.addMany(
                admin,
                agents.stream()
                        .map(agent -> new NewMembership(agent.agent().id(), support.id()))
                        .toList());
        memberships.add(admin, new NewMembership(agents.get(0).agent().id(), sales.id()));
        memberships.remove(
                admin,
                memberships
                        .list(admin, MembershipFilter.ofGroup(support.id()), PageRequest.offset(1, 1))
                        .items()
                        .get(0)
                        .id(),
                Optional.empty());
        app.services().agents().delete(admin, agents.get(1).agent().id());
        memberships.importBatch(
                admin,
                List.of(new MembershipService.ImportedMemberships(
                        agents.get(2).agent().id(), List.of(sales.id()), Optional.empty())));
        Group doomed = groups.create(admin, NewGroup.named("Doomed"));
        memberships.replaceMembers(
                admin, doomed.id(), Set.of(agents.get(3).agent().id()));
        groups.delete(admin, doomed.id(), GroupService.DefaultGroups.MOVE);

        Map<GroupId, Long> counts = groups.memberCounts(admin, List.of(support.id(), sales.id(), doomed.id()));
        assertThat(counts.get(support.id()))
                .isEqualTo(listed(admin, support.id()))
                .isEqualTo(2);
        assertThat(counts.get(sales.id())).isEqualTo(listed(admin, sales.id())).isEqualTo(2);
        assertThat(counts.get(doomed.id())).isZero();
    }

    @Test
    void aSearchReadsNumberedPagesOnly() {
        Caller admin = app.fixtures().account().admin().caller();

        assertThatThrownBy(() -> groups.search(admin, GroupSearch.all(), PageRequest.first(10)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aTextHoldingNulFindsNothing() {
        Caller admin = app.fixtures().account().admin().caller();

        Slice<Group> found = groups.search(
                admin,
                new GroupSearch("a\0", GroupSort.NAME),
                PageRequest.offset(1, 10).withTotal());

        assertThat(found.items()).isEmpty();
        assertThat(found.total()).hasValue(0);
        assertThat(groups.count(admin, new GroupSearch("a\0", GroupSort.NAME))).isZero();
    }

    private static long listed(Caller caller, GroupId group) {
        return memberships
                .list(
                        caller,
                        MembershipFilter.ofGroup(group),
                        PageRequest.offset(1, 1).withTotal())
                .total()
                .orElseThrow();
    }

    private static List<GroupId> ids(Slice<Group> slice) {
        return slice.items().stream().map(Group::id).toList();
    }
}
