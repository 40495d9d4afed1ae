package io.groupdesk.groups;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupdesk.access.Caller;
import io.groupdesk.accounts.Account;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.Cursor;
import io.groupdesk.shared.FieldViolation;
import io.groupdesk.shared.ForbiddenException;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
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
