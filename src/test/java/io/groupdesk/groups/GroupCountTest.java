package io.groupdesk.groups;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The group count comes from a tally the writes keep; it must always say what listing the groups says. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class GroupCountTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static GroupService groups;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        groups = app.services().groups();
    }

    @Test
    void countFollowsCreatesAndDeletes() {
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        long before = groups.count(admin);

        List<Group> created = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            created.add(groups.create(admin, NewGroup.named("Team " + i)));
        }
        groups.delete(admin, created.get(3).id());
        groups.delete(admin, created.get(11).id());
        groups.delete(admin, created.get(11).id());

        assertThat(groups.count(admin)).isEqualTo(before + 18).isEqualTo(listed(admin));
    }

    @Test
    void refusedWritesLeaveTheCountAlone() {
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        Group taken = groups.create(admin, NewGroup.named("Taken"));
        long before = groups.count(admin);

        try {
            groups.create(admin, NewGroup.named("TAKEN"));
        } catch (RuntimeException expected) {
            // a name already in use: nothing is created
        }
        Group defaultGroup = groups.list(admin, GroupService.Scope.ALL, false, PageRequest.first(100)).items().stream()
                .filter(Group::isDefault)
                .findFirst()
                .orElseThrow();
        try {
            groups.delete(admin, defaultGroup.id());
        } catch (RuntimeException expected) {
            // the account's default group cannot be deleted
        }

        assertThat(taken.deleted()).isFalse();
        assertThat(groups.count(admin)).isEqualTo(before).isEqualTo(listed(admin));
    }

    @Test
    void concurrentCreatesAndDeletesAreAllCounted() throws Exception {
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        List<Group> doomed = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            doomed.add(groups.create(admin, NewGroup.named("Doomed " + i)));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<?>> work = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                int n = i;
                work.add(pool.submit(() -> groups.create(admin, NewGroup.named("Parallel " + n))));
            }
            for (Group group : doomed) {
                work.add(pool.submit(() -> groups.delete(admin, group.id())));
            }
            for (Future<?> future : work) {
                future.get(60, SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }

        assertThat(groups.count(admin)).isEqualTo(listed(admin)).isEqualTo(1 + 40);
    }

    @Test
    void agentsCountOnlyTheGroupsTheyCanSee() {
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        var agent = app.fixtures().agent(account.id(), Role.AGENT);
        app.fixtures().privateGroup(account.id(), "Hidden");

        assertThat(groups.count(agent.caller())).isEqualTo(groups.count(admin) - 1);
    }

    private static long listed(Caller caller) {
        long total = 0;
        PageRequest page = PageRequest.first(100);
        while (true) {
            var slice = groups.list(caller, GroupService.Scope.ALL, false, page);
            total += slice.items().size();
            if (!slice.hasMore()) {
                return total;
            }
            page = PageRequest.after(
                    new io.groupdesk.shared.Cursor(
                            slice.items().get(slice.items().size() - 1).id().value()),
                    100);
        }
    }
}
