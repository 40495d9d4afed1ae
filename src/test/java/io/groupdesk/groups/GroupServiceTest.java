package io.groupdesk.groups;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.groupdesk.access.Caller;
import io.groupdesk.accounts.Account;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.MembershipFilter;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.Cursor;
import io.groupdesk.shared.FieldViolation;
import io.groupdesk.shared.ForbiddenException;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import io.groupdesk.shared.ValidationException;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class GroupServiceTest {
    private static final int THREADS = 8;
    private static final int ROUNDS = 5;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static GroupService groups;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        groups = app.services().groups();
    }

    // ---- the default group --------------------------------------------------------------------------------------

    @Test
    void firstGroupOfAnAccountIsItsDefault() {
        Caller caller = Caller.system(emptyAccount().id());

        Group first = groups.create(caller, NewGroup.named("First"));
        Group second = groups.create(caller, NewGroup.named("Second"));

        assertThat(first.isDefault()).isTrue();
        assertThat(second.isDefault()).isFalse();
        assertThat(groups.get(caller, first.id()).isDefault()).isTrue();
        assertThat(groups.get(caller, second.id()).isDefault()).isFalse();
    }

    @Test
    void exactlyOneDefaultWhenFirstGroupsAreCreatedConcurrently() throws Exception {
        for (int round = 1; round <= ROUNDS; round++) {
            Caller caller = Caller.system(emptyAccount().id());

            Outcomes outcomes = race(n -> groups.create(caller, NewGroup.named("G" + n)));

            assertThat(outcomes.failures()).as("round %d", round).isEmpty();
            assertThat(outcomes.created())
                    .filteredOn(Group::isDefault)
                    .as("round %d", round)
                    .hasSize(1);
            List<Group> stored = everyGroup(caller);
            assertThat(stored).as("round %d", round).hasSize(THREADS);
            assertThat(stored)
                    .filteredOn(Group::isDefault)
                    .as("round %d", round)
                    .hasSize(1);
        }
    }

    // ---- names --------------------------------------------------------------------------------------------------

    @Test
    void concurrentCreatesOfOneNameLetExactlyOneSucceed() throws Exception {
        Caller caller = app.fixtures().account().admin().caller();
        for (int round = 1; round <= ROUNDS; round++) {
            String name = "Hot seat " + round;

            // half the threads use another case: the name is one name ignoring case
            Outcomes outcomes =
                    race(n -> groups.create(caller, NewGroup.named(n % 2 == 0 ? name : name.toUpperCase(Locale.ROOT))));

            assertThat(outcomes.created()).as("round %d", round).hasSize(1);
            assertThat(outcomes.failures())
                    .as("round %d", round)
                    .hasSize(THREADS - 1)
                    .allSatisfy(failure -> assertThat(failure)
                            .isInstanceOfSatisfying(ConflictException.class, conflict -> assertThat(
                                            conflict.violation().field())
                                    .isEqualTo("name")));
            assertThat(everyGroup(caller))
                    .filteredOn(group -> group.name().equalsIgnoreCase(name))
                    .extracting(Group::id)
                    .containsExactly(outcomes.created().get(0).id());
        }
    }

    @Test
    void namesAreUniqueIgnoringCase() {
        Caller caller = app.fixtures().account().admin().caller();
        Group billing = groups.create(caller, NewGroup.named("Billing"));
        Group other = groups.create(caller, NewGroup.named("Other"));

        assertThatThrownBy(() -> groups.create(caller, NewGroup.named("BILLING")))
                .isInstanceOfSatisfying(
                        ConflictException.class,
                        conflict -> assertThat(conflict.violation().rule()).isEqualTo(FieldViolation.Rule.TAKEN));
        assertThatThrownBy(() -> groups.create(caller, NewGroup.named("  billing  ")))
                .isInstanceOf(ConflictException.class);
        assertThatThrownBy(() -> groups.update(caller, other.id(), GroupChanges.rename("bILLING")))
                .isInstanceOf(ConflictException.class);

        assertThat(groups.get(caller, other.id()).name()).isEqualTo("Other");
        assertThat(everyGroup(caller))
                .filteredOn(group -> group.name().equalsIgnoreCase("billing"))
                .extracting(Group::id)
                .containsExactly(billing.id());
    }

    @Test
    void renamingAGroupToAnotherCaseOfItsOwnNameIsAllowed() {
        Caller caller = app.fixtures().account().admin().caller();
        Group group = groups.create(caller, NewGroup.named("Lower case"));

        Group renamed = groups.update(caller, group.id(), GroupChanges.rename("LOWER CASE"));

        assertThat(renamed.name()).isEqualTo("LOWER CASE");
        assertThat(groups.get(caller, group.id()).name()).isEqualTo("LOWER CASE");
    }

    @Test
    void deletedGroupsNameIsFreeAgain() {
        Caller caller = app.fixtures().account().admin().caller();
        Group seasonal = groups.create(caller, NewGroup.named("Seasonal"));
        groups.delete(caller, seasonal.id());

        Group again = groups.create(caller, NewGroup.named("SEASONAL"));
        Group renamed = groups.update(caller, again.id(), GroupChanges.rename("Seasonal"));

        assertThat(again.id()).isNotEqualTo(seasonal.id());
        assertThat(renamed.name()).isEqualTo("Seasonal");
        Group old = groups.get(caller, seasonal.id());
        assertThat(old.deleted()).isTrue();
        assertThat(old.deletedAt()).isNotNull();
        assertThat(old.name()).isEqualTo("Seasonal");
    }

    // ---- tenancy ------------------------------------------------------------------------------------------------

    @Test
    void listsNeverMixAccounts() {
        TestAccount ours = app.fixtures().account();
        TestAccount theirs = app.fixtures().account();
        Group ourGroup = groups.create(ours.admin().caller(), NewGroup.named("Ours"));
        Group theirGroup = groups.create(theirs.admin().caller(), NewGroup.named("Theirs"));
        groups.delete(
                theirs.admin().caller(),
                groups.create(theirs.admin().caller(), NewGroup.named("Theirs gone"))
                        .id());

        List<Group> ourList = everyGroup(ours.admin().caller());
        List<Group> theirList = everyGroup(theirs.admin().caller());

        assertThat(ourList).isNotEmpty().allSatisfy(group -> assertThat(group.accountId())
                .isEqualTo(ours.id()));
        assertThat(theirList).isNotEmpty().allSatisfy(group -> assertThat(group.accountId())
                .isEqualTo(theirs.id()));
        assertThat(ourList).extracting(Group::name).containsExactly("Support", "Ours");
        assertThat(theirList).extracting(Group::name).containsExactly("Support", "Theirs", "Theirs gone");
        assertThat(groups.count(ours.admin().caller())).isEqualTo(2);
        assertThat(groups.count(theirs.admin().caller())).isEqualTo(2);
        assertThat(ourList).extracting(Group::id).doesNotContain(theirGroup.id());
        assertThat(theirList).extracting(Group::id).doesNotContain(ourGroup.id());
    }

    @Test
    void anotherAccountsGroupIsNotFound() {
        TestAccount ours = app.fixtures().account();
        TestAccount theirs = app.fixtures().account();
        Group theirGroup = groups.create(theirs.admin().caller(), NewGroup.named("Not yours"));
        Caller caller = ours.admin().caller();

        assertThatThrownBy(() -> groups.get(caller, theirGroup.id())).isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> groups.update(caller, theirGroup.id(), GroupChanges.rename("Taken over")))
                .isInstanceOf(NotFoundException.class);
        assertThatThrownBy(() -> groups.delete(caller, theirGroup.id())).isInstanceOf(NotFoundException.class);

        Group stored = groups.get(theirs.admin().caller(), theirGroup.id());
        assertThat(stored.name()).isEqualTo("Not yours");
        assertThat(stored.deleted()).isFalse();
    }

    // ---- permissions --------------------------------------------------------------------------------------------

    @Test
    void agentMayNotCreateUpdateOrDelete() {
        TestAccount account = app.fixtures().account();
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        Group group = groups.create(account.admin().caller(), NewGroup.named("Admins only"));

        assertThatThrownBy(() -> groups.create(agent.caller(), NewGroup.named("By an agent")))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> groups.update(agent.caller(), group.id(), GroupChanges.rename("Renamed by agent")))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> groups.delete(agent.caller(), group.id())).isInstanceOf(ForbiddenException.class);

        Group stored = groups.get(agent.caller(), group.id());
        assertThat(stored.name()).isEqualTo("Admins only");
        assertThat(stored.deleted()).isFalse();
        assertThat(everyGroup(account.admin().caller())).extracting(Group::name).doesNotContain("By an agent");
    }

    // ---- paging -------------------------------------------------------------------------------------------------

    @Test
    void keysetPagesReadTheSameRowsAsOffsetPages() {
        Caller caller = app.fixtures().account().admin().caller();
        for (int i = 1; i <= 9; i++) {
            Group group = groups.create(caller, NewGroup.named("Paged " + i));
            if (i == 4) {
                groups.delete(caller, group.id());
            }
        }
        List<GroupId> all = ids(groups.list(caller, GroupService.Scope.ALL, false, PageRequest.first(100)));

        List<GroupId> byOffset = new ArrayList<>();
        Slice<Group> offsetPage;
        int page = 0;
        do {
            offsetPage = groups.list(
                    caller,
                    GroupService.Scope.ALL,
                    false,
                    PageRequest.offset(++page, 3).withTotal());
            assertThat(offsetPage.total()).hasValue(all.size());
            byOffset.addAll(ids(offsetPage));
        } while (offsetPage.hasMore());

        List<GroupId> byKeyset = new ArrayList<>();
        Slice<Group> keysetPage = groups.list(caller, GroupService.Scope.ALL, false, PageRequest.first(3));
        byKeyset.addAll(ids(keysetPage));
        while (keysetPage.hasMore()) {
            keysetPage =
                    groups.list(caller, GroupService.Scope.ALL, false, PageRequest.after(cursorOfLast(keysetPage), 3));
            assertThat(keysetPage.total()).isEmpty();
            byKeyset.addAll(ids(keysetPage));
        }

        assertThat(all).hasSize(9);
        assertThat(byOffset).isEqualTo(all);
        assertThat(byKeyset).isEqualTo(all);
        assertThat(page).isEqualTo(3);
    }

    @Test
    void keysetPagesReadBackwardsGiveTheSameRows() {
        Caller caller = app.fixtures().account().admin().caller();
        for (int i = 1; i <= 7; i++) {
            groups.create(caller, NewGroup.named("Backwards " + i));
        }
        List<GroupId> all = ids(groups.list(caller, GroupService.Scope.ALL, false, PageRequest.first(100)));
        Cursor beyondTheEnd = new Cursor(all.get(all.size() - 1).value() + 1);

        List<GroupId> backwards = new ArrayList<>();
        Slice<Group> slice = groups.list(caller, GroupService.Scope.ALL, false, PageRequest.before(beyondTheEnd, 3));
        backwards.addAll(0, ids(slice));
        while (slice.hasMore()) {
            Cursor first = new Cursor(slice.items().get(0).id().value());
            slice = groups.list(caller, GroupService.Scope.ALL, false, PageRequest.before(first, 3));
            backwards.addAll(0, ids(slice));
        }

        assertThat(all).hasSize(8);
        assertThat(backwards).isEqualTo(all);
    }

    // ---- create and update rules --------------------------------------------------------------------------------

    @Test
    void createRefusesABlankName() {
        Caller caller = app.fixtures().account().admin().caller();

        assertThatThrownBy(() -> groups.create(caller, NewGroup.named("   ")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field, FieldViolation::rule)
                        .containsExactly(tuple("name", FieldViolation.Rule.BLANK)));

        assertThat(everyGroup(caller)).extracting(Group::name).containsExactly("Support");
    }

    @Test
    void createRefusesANameOver255Characters() {
        Caller caller = app.fixtures().account().admin().caller();

        assertThatThrownBy(() -> groups.create(caller, NewGroup.named("g".repeat(256))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field, FieldViolation::rule)
                        .containsExactly(tuple("name", FieldViolation.Rule.TOO_LONG)));
    }

    @Test
    void createStripsTheNameAndKeepsA255CharacterOne() {
        Caller caller = app.fixtures().account().admin().caller();
        String longest = "g".repeat(255);

        Group padded = groups.create(caller, NewGroup.named("  Padded  "));
        Group longestGroup = groups.create(caller, NewGroup.named(longest));

        assertThat(List.of(
                        groups.get(caller, padded.id()).name(),
                        groups.get(caller, longestGroup.id()).name()))
                .containsExactly("Padded", longest);
    }

    @Test
    void createRefusesADescriptionOver4000Characters() {
        Caller caller = app.fixtures().account().admin().caller();

        assertThatThrownBy(() ->
                        groups.create(caller, new NewGroup("Wordy", Optional.of("d".repeat(4001)), Optional.empty())))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field)
                        .containsExactly("description"));
    }

    @Test
    void aNewGroupIsPublicUnlessAskedOtherwise() {
        Caller caller = app.fixtures().account().admin().caller();

        Group open = groups.create(caller, NewGroup.named("Open"));
        Group closed = groups.create(caller, new NewGroup("Closed", Optional.empty(), Optional.of(false)));

        assertThat(List.of(
                        groups.get(caller, open.id()).isPublic(),
                        groups.get(caller, closed.id()).isPublic()))
                .containsExactly(true, false);
    }

    @Test
    void aPrivateGroupCannotBecomePublic() {
        Caller caller = app.fixtures().account().admin().caller();
        Group closed = groups.create(caller, new NewGroup("Closed", Optional.empty(), Optional.of(false)));

        assertThatThrownBy(() -> groups.update(
                        caller, closed.id(), new GroupChanges(Optional.empty(), Optional.empty(), Optional.of(true))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field, FieldViolation::rule)
                        .containsExactly(tuple("public", FieldViolation.Rule.IMMUTABLE)));

        assertThat(groups.get(caller, closed.id()).isPublic()).isFalse();
    }

    @Test
    void aPublicGroupMayBecomePrivate() {
        Caller caller = app.fixtures().account().admin().caller();
        Group open = groups.create(caller, NewGroup.named("Going private"));

        groups.update(caller, open.id(), new GroupChanges(Optional.empty(), Optional.empty(), Optional.of(false)));

        assertThat(groups.get(caller, open.id()).isPublic()).isFalse();
    }

    @Test
    void anUpdateChangingNothingKeepsTheVersion() {
        Caller caller = app.fixtures().account().admin().caller();
        Group group = groups.create(caller, NewGroup.named("Steady"));

        Group same = groups.update(caller, group.id(), GroupChanges.rename("Steady"));

        assertThat(same.updatedAt()).isEqualTo(group.updatedAt());
    }

    @Test
    void anUpdateChangesTheDescriptionAndMovesTheVersionForward() {
        Caller caller = app.fixtures().account().admin().caller();
        Group group = groups.create(caller, NewGroup.named("Described"));

        Group updated = groups.update(
                caller, group.id(), new GroupChanges(Optional.empty(), Optional.of("Now described"), Optional.empty()));

        assertThat(updated.description()).isEqualTo("Now described");
        assertThat(updated.updatedAt()).isAfter(group.updatedAt());
    }

    @Test
    void createWithMembersPutsExactlyThoseAgentsInTheGroup() {
        TestAccount account = app.fixtures().account();
        TestAgent first = app.fixtures().agent(account.id(), Role.AGENT);
        TestAgent second = app.fixtures().agent(account.id(), Role.AGENT);

        Group group = groups.create(
                account.admin().caller(),
                new NewGroup(
                        "Staffed",
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(Set.of(first.agent().id(), second.agent().id()))));

        assertThat(memberAgents(account.admin().caller(), group.id()))
                .containsExactlyInAnyOrder(first.agent().id(), second.agent().id());
    }

    @Test
    void anUpdateWithMembersReplacesThem() {
        TestAccount account = app.fixtures().account();
        TestAgent leaving = app.fixtures().agent(account.id(), Role.AGENT);
        TestAgent joining = app.fixtures().agent(account.id(), Role.AGENT);
        Group group = groups.create(
                account.admin().caller(),
                new NewGroup(
                        "Rotating",
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(Set.of(leaving.agent().id()))));

        groups.update(
                account.admin().caller(),
                group.id(),
                new GroupChanges(
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of(Set.of(joining.agent().id()))));

        assertThat(memberAgents(account.admin().caller(), group.id()))
                .containsExactly(joining.agent().id());
    }

    @Test
    void searchFindsLiveGroupsWhoseNameContainsTheTextIgnoringCase() {
        Caller caller = app.fixtures().account().admin().caller();
        Group billing = groups.create(caller, NewGroup.named("Billing EU"));
        Group rebilling = groups.create(caller, NewGroup.named("Re-billing"));
        groups.create(caller, NewGroup.named("Shipping"));
        groups.delete(
                caller, groups.create(caller, NewGroup.named("Billing old")).id());

        Slice<Group> found = groups.search(caller, "BILL", PageRequest.first(100));

        assertThat(ids(found)).containsExactly(billing.id(), rebilling.id());
    }

    @Test
    void searchTakesWildcardsLiterally() {
        Caller caller = app.fixtures().account().admin().caller();
        Group percent = groups.create(caller, NewGroup.named("100% done"));
        groups.create(caller, NewGroup.named("100 done"));

        Slice<Group> found = groups.search(caller, "0%", PageRequest.first(100));

        assertThat(ids(found)).containsExactly(percent.id());
    }

    @Test
    void searchForTextHoldingNulFindsNothing() {
        Caller caller = app.fixtures().account().admin().caller();
        groups.create(caller, NewGroup.named("Anything"));

        Slice<Group> found = groups.search(caller, "Any\0", PageRequest.first(100));

        assertThat(found.items()).isEmpty();
    }

    @Test
    void aCreateNamingAnInactiveMemberCreatesNothing() {
        TestAccount account = app.fixtures().account();
        TestAgent gone = app.fixtures().agent(account.id(), Role.AGENT);
        app.services().agents().delete(account.admin().caller(), gone.agent().id());

        assertThatThrownBy(() -> groups.create(
                        account.admin().caller(),
                        new NewGroup(
                                "Half made",
                                Optional.empty(),
                                Optional.empty(),
                                Optional.of(Set.of(gone.agent().id())))))
                .isInstanceOf(ValidationException.class);

        assertThat(everyGroup(account.admin().caller())).extracting(Group::name).doesNotContain("Half made");
    }

    @Test
    void aGroupTimeZoneMustBeAnIanaNameAndABlankOneClearsIt() {
        Caller caller = app.fixtures().account().admin().caller();
        Group group = groups.create(
                caller,
                new NewGroup(
                        "Zoned",
                        Optional.empty(),
                        Optional.empty(),
                        Optional.empty(),
                        Optional.of("Europe/Berlin"),
                        Optional.empty()));

        assertThatThrownBy(() -> groups.update(caller, group.id(), zoneChange("Mars/Olympus")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field)
                        .containsExactly("time_zone"));
        String kept = groups.get(caller, group.id()).timeZone();
        groups.update(caller, group.id(), zoneChange(" "));

        assertThat(kept).isEqualTo("Europe/Berlin");
        assertThat(groups.get(caller, group.id()).timeZone()).isNull();
    }

    @Test
    void anAgentCountsOnlyTheGroupsItSees() {
        TestAccount account = app.fixtures().account();
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        app.fixtures().privateGroup(account.id(), "Hidden");
        app.fixtures().group(account.id(), "Open");

        long seen = groups.count(agent.caller());

        assertThat(seen).isEqualTo(2);
        assertThat(groups.count(account.admin().caller())).isEqualTo(3);
    }

    // ---- delete -------------------------------------------------------------------------------------------------

    @Test
    void aDeletedGroupKeepsItsIdAndIsLeftOutOfListsUnlessAsked() {
        Caller caller = app.fixtures().account().admin().caller();
        Group group = groups.create(caller, NewGroup.named("Retired"));

        Group deleted = groups.delete(caller, group.id());

        assertThat(deleted).extracting(Group::id, Group::deleted).containsExactly(group.id(), true);
        assertThat(ids(groups.list(caller, GroupService.Scope.ALL, false, PageRequest.first(100))))
                .doesNotContain(group.id());
        assertThat(ids(groups.list(caller, GroupService.Scope.ALL, true, PageRequest.first(100))))
                .contains(group.id());
    }

    @Test
    void deletingAGroupRemovesItsMemberships() {
        TestAccount account = app.fixtures().account();
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        Group group = groups.create(account.admin().caller(), NewGroup.named("Disbanded"));
        app.fixtures().membership(account.id(), agent, group);

        groups.delete(account.admin().caller(), group.id());

        assertThat(memberAgents(account.admin().caller(), group.id())).isEmpty();
    }

    @Test
    void deletingADeletedGroupChangesNothing() {
        Caller caller = app.fixtures().account().admin().caller();
        Group group = groups.create(caller, NewGroup.named("Twice"));
        Group deleted = groups.delete(caller, group.id());

        Group again = groups.delete(caller, group.id());

        assertThat(again).isEqualTo(deleted);
    }

    @Test
    void deletingADeletedGroupAsLiveIsNotFound() {
        Caller caller = app.fixtures().account().admin().caller();
        Group group = groups.create(caller, NewGroup.named("Gone already"));
        groups.delete(caller, group.id());

        assertThatThrownBy(() -> groups.deleteLive(caller, group.id(), GroupService.DefaultGroups.REFUSE))
                .isInstanceOf(NotFoundException.class);
    }

    @Test
    void aDeletedGroupCannotBeChanged() {
        Caller caller = app.fixtures().account().admin().caller();
        Group group = groups.create(caller, NewGroup.named("Frozen"));
        groups.delete(caller, group.id());

        assertThatThrownBy(() -> groups.update(caller, group.id(), GroupChanges.rename("Thawed")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::rule)
                        .containsExactly(FieldViolation.Rule.IMMUTABLE));

        assertThat(groups.get(caller, group.id()).name()).isEqualTo("Frozen");
    }

    @Test
    void theAccountsDefaultGroupCannotBeDeleted() {
        Caller caller = app.fixtures().account().admin().caller();
        Group support = groups.accountDefault(caller).orElseThrow();

        assertThatThrownBy(() -> groups.delete(caller, support.id(), GroupService.DefaultGroups.MOVE))
                .isInstanceOf(ValidationException.class);

        assertThat(groups.get(caller, support.id()).deleted()).isFalse();
    }

    @Test
    void anAgentsDefaultGroupIsNotDeletedWhenAskedToRefuse() {
        TestAccount account = app.fixtures().account();
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        Group group = groups.create(account.admin().caller(), NewGroup.named("Home"));
        app.fixtures().membership(account.id(), agent, group);
        app.services()
                .memberships()
                .makeDefaultGroup(account.admin().caller(), agent.agent().id(), group.id());

        assertThatThrownBy(() -> groups.delete(account.admin().caller(), group.id()))
                .isInstanceOf(ValidationException.class);

        assertThat(groups.get(account.admin().caller(), group.id()).deleted()).isFalse();
    }

    @Test
    void deletingAnAgentsDefaultGroupWhenAskedToMoveMovesTheDefault() {
        TestAccount account = app.fixtures().account();
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        Group support = groups.accountDefault(account.admin().caller()).orElseThrow();
        Group group = groups.create(account.admin().caller(), NewGroup.named("Home"));
        app.fixtures().membership(account.id(), agent, group);
        app.services()
                .memberships()
                .makeDefaultGroup(account.admin().caller(), agent.agent().id(), group.id());

        groups.delete(account.admin().caller(), group.id(), GroupService.DefaultGroups.MOVE);

        assertThat(app.services()
                        .memberships()
                        .defaultGroupOf(account.admin().caller(), agent.agent().id()))
                .contains(support.id());
    }

    // ---- visibility ---------------------------------------------------------------------------------------------

    @Test
    void aPrivateGroupIsNotFoundForAnAgentOutsideIt() {
        TestAccount account = app.fixtures().account();
        TestAgent outsider = app.fixtures().agent(account.id(), Role.AGENT);
        Group secret = app.fixtures().privateGroup(account.id(), "Secret");

        assertThatThrownBy(() -> groups.get(outsider.caller(), secret.id())).isInstanceOf(NotFoundException.class);
        assertThat(ids(groups.list(outsider.caller(), GroupService.Scope.ALL, false, PageRequest.first(100))))
                .doesNotContain(secret.id());
    }

    @Test
    void aPrivateGroupIsSeenByItsMembersAndAdmins() {
        TestAccount account = app.fixtures().account();
        TestAgent insider = app.fixtures().agent(account.id(), Role.AGENT);
        Group secret = app.fixtures().privateGroup(account.id(), "Secret");
        app.fixtures().membership(account.id(), insider, secret);

        List<GroupId> seenByMember =
                ids(groups.list(insider.caller(), GroupService.Scope.ALL, false, PageRequest.first(100)));
        List<GroupId> seenByAdmin =
                ids(groups.list(account.admin().caller(), GroupService.Scope.ALL, false, PageRequest.first(100)));

        assertThat(seenByMember).contains(secret.id());
        assertThat(seenByAdmin).contains(secret.id());
    }

    @Test
    void theGroupsOfAnAgentLeaveOutPrivateGroupsTheViewerIsNotIn() {
        TestAccount account = app.fixtures().account();
        TestAgent viewer = app.fixtures().agent(account.id(), Role.AGENT);
        TestAgent other = app.fixtures().agent(account.id(), Role.AGENT);
        Group secret = app.fixtures().privateGroup(account.id(), "Secret");
        app.fixtures().membership(account.id(), other, secret);
        Group support = groups.accountDefault(account.admin().caller()).orElseThrow();

        Slice<Group> seen = groups.listOfAgent(viewer.caller(), other.agent().id(), PageRequest.first(100));

        assertThat(ids(seen)).containsExactly(support.id());
        assertThat(groups.countOfAgent(account.admin().caller(), other.agent().id()))
                .isEqualTo(2);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** An account made directly through the service, so it has no group and no default yet. */
    private static Account emptyAccount() {
        String subdomain = "svc" + SEQUENCE.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 100000, 36);
        return app.services().accounts().create(subdomain, subdomain);
    }

    private static List<Group> everyGroup(Caller caller) {
        return groups.list(caller, GroupService.Scope.ALL, true, PageRequest.first(100))
                .items();
    }

    private static GroupChanges zoneChange(String zone) {
        return new GroupChanges(
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.of(zone),
                Optional.empty());
    }

    private static List<io.groupdesk.shared.AgentId> memberAgents(Caller caller, GroupId group) {
        return app
                .services()
                .memberships()
                .list(caller, MembershipFilter.ofGroup(group), PageRequest.first(100))
                .items()
                .stream()
                .map(Membership::agentId)
                .toList();
    }

    private static List<GroupId> ids(Slice<Group> slice) {
        return slice.items().stream().map(Group::id).toList();
    }

    private static Cursor cursorOfLast(Slice<Group> slice) {
        return new Cursor(slice.items().get(slice.items().size() - 1).id().value());
    }

    private record Outcomes(List<Group> created, List<Throwable> failures) {}

    /** Runs {@code work} on {@value #THREADS} threads released at the same moment. */
    private static Outcomes race(IntFunction<Group> work) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CountDownLatch ready = new CountDownLatch(THREADS);
        CountDownLatch start = new CountDownLatch(1);
        try {
            List<Future<Group>> futures = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    start.await();
                    return work.apply(n);
                }));
            }
            assertThat(ready.await(30, SECONDS)).isTrue();
            start.countDown();
            List<Group> created = new ArrayList<>();
            List<Throwable> failures = new ArrayList<>();
            for (Future<Group> future : futures) {
                try {
                    created.add(future.get(60, SECONDS));
                } catch (ExecutionException e) {
                    failures.add(e.getCause());
                } catch (TimeoutException e) {
                    throw new AssertionError("a racing create did not finish", e);
                }
            }
            return new Outcomes(created, failures);
        } finally {
            pool.shutdownNow();
        }
    }
}
