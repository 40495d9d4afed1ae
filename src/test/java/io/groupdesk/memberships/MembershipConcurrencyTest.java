package io.groupdesk.memberships;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupChanges;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.GroupdeskException;
import io.groupdesk.shared.MembershipId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Transactions;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Many clients changing the same memberships at once, over HTTP against the real core and database. Every request
 * must get a definite answer (2xx, 404 or 422, never a 5xx), and afterwards the membership rules must still hold.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class MembershipConcurrencyTest {
    private static final int REQUESTS = 50;
    private static final int THREADS = 16;

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
    }

    @Test
    void concurrentAddsRemovesAndDefaultChangesKeepEveryRule() throws Exception {
        TestAccount account = app.fixtures().account();
        List<TestAgent> agents = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            agents.add(app.fixtures().agent(account.id(), Role.AGENT));
        }
        List<Group> groups = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            groups.add(app.fixtures().group(account.id(), "Contended " + i));
        }
        List<Membership> existing = new ArrayList<>();
        for (TestAgent agent : agents) {
            existing.addAll(app.services()
                    .memberships()
                    .ofAgent(account.admin().caller(), agent.agent().id()));
            existing.add(app.fixtures().membership(account.id(), agent, groups.get(0)));
            existing.add(app.fixtures().membership(account.id(), agent, groups.get(1)));
        }
        List<Supplier<Response>> requests = new ArrayList<>();
        for (int n = 0; n < REQUESTS; n++) {
            TestAgent agent = agents.get(n % agents.size());
            Group group = groups.get((n / agents.size()) % groups.size());
            Membership target = existing.get((n * 7) % existing.size());
            long owner = target.agentId().value();
            long partner = agents.get((n + 1) % agents.size()).agent().id().value();
            long alsoRemoved = existing.get((n * 3) % existing.size()).id().value();
            requests.add(
                    switch (n % 5) {
                        case 0 -> () -> http.post("/api/v2/group_memberships.json")
                                .host(account.host())
                                .as(account.admin())
                                .json("{\"group_membership\":{\"user_id\":"
                                        + agent.agent().id().value() + ",\"group_id\":"
                                        + group.id().value() + "}}")
                                .send();
                        case 1 -> () -> http.delete("/api/v2/users/" + owner + "/group_memberships/"
                                        + target.id().value() + ".json")
                                .host(account.host())
                                .as(account.admin())
                                .send();
                        case 2 -> () -> http.put("/api/v2/users/" + owner + "/group_memberships/"
                                        + target.id().value() + "/make_default.json")
                                .host(account.host())
                                .as(account.admin())
                                .send();
                        case 3 -> () -> http.post("/api/v2/group_memberships/create_many.json")
                                .host(account.host())
                                .as(account.admin())
                                .json("{\"group_memberships\":[{\"user_id\":"
                                        + agent.agent().id().value()
                                        + ",\"group_id\":" + group.id().value() + "},{\"user_id\":"
                                        + partner
                                        + ",\"group_id\":" + group.id().value() + "}]}")
                                .send();
                        default -> () -> http.delete("/api/v2/group_memberships/destroy_many.json?ids="
                                        + target.id().value() + ","
                                        + alsoRemoved)
                                .host(account.host())
                                .as(account.admin())
                                .send();
                    });
        }

        List<Response> responses = runTogether(requests);

        assertThat(responses).hasSize(REQUESTS);
        assertAnswered(responses);
        assertRulesHold(account, agents);
    }

    @Test
    void groupDeletionRacingMembershipCreationLeavesNoMembershipInADeletedGroup() throws Exception {
        Race race = raceGroupDeletion(false, 10);

        assertAnswered(race.responses());
        assertDeletedGroupsAreEmpty(race);
        assertRulesHold(race.account(), race.agents());
    }

    @Test
    void groupDeletionRacingNewDefaultsKeepsExactlyOneDefaultPerAgent() throws Exception {
        Race race = raceGroupDeletion(true, 30);

        assertAnswered(race.responses());
        assertDeletedGroupsAreEmpty(race);
        assertRulesHold(race.account(), race.agents());
    }

    @Test
    void deletingAGroupWhileANewMemberMakesItItsDefaultKeepsOneDefault() throws Exception {
        TestAccount account = app.fixtures().account();
        Caller caller = account.admin().caller();
        TestAgent member = app.fixtures().agent(account.id(), Role.AGENT);
        TestAgent joiner = app.fixtures().agent(account.id(), Role.AGENT);
        Group group = app.fixtures().group(account.id(), "Closing");
        app.fixtures().membership(account.id(), member, group);
        Membership membersDefault = app.services()
                .memberships()
                .ofAgent(caller, member.agent().id())
                .get(0);
        Transactions transactions = new Transactions(app.groupdesk().database().jdbi());
        ExecutorService pool = Executors.newFixedThreadPool(3);
        CountDownLatch memberLocked = new CountDownLatch(1);
        CountDownLatch releaseMember = new CountDownLatch(1);
        CountDownLatch defaultChanged = new CountDownLatch(1);
        CountDownLatch releaseDefault = new CountDownLatch(1);
        try {
            // an unrelated change of the member's memberships holds the member's lock for a while
            Future<?> memberChange = pool.submit(() -> transactions.run(() -> {
                app.services().memberships().makeDefault(caller, member.agent().id(), membersDefault.id());
                memberLocked.countDown();
                await(releaseMember);
            }));
            assertThat(memberLocked.await(30, TimeUnit.SECONDS)).isTrue();
            // the group's deletion starts and waits for that member
            Future<Response> deletion =
                    pool.submit(() -> http.delete("/api/v2/groups/" + group.id().value() + ".json")
                            .host(account.host())
                            .as(account.admin())
                            .send());
            Thread.sleep(500);
            // meanwhile another agent joins the group and starts making it its default
            Response joined = http.post("/api/v2/users/" + joiner.agent().id().value() + "/group_memberships.json")
                    .host(account.host())
                    .as(account.admin())
                    .json("{\"group_membership\":{\"group_id\":" + group.id().value() + "}}")
                    .send();
            assertThat(joined.status()).as(joined.toString()).isEqualTo(201);
            MembershipId joinedId = new MembershipId(
                    joined.json().get("group_membership").get("id").asLong());
            Future<?> newDefault = pool.submit(() -> transactions.run(() -> {
                app.services().memberships().makeDefault(caller, joiner.agent().id(), joinedId);
                defaultChanged.countDown();
                await(releaseDefault);
            }));
            assertThat(defaultChanged.await(30, TimeUnit.SECONDS)).isTrue();
            // the deletion goes on while the new default is not yet committed, then the new default commits
            releaseMember.countDown();
            memberChange.get(30, TimeUnit.SECONDS);
            Thread.sleep(500);
            releaseDefault.countDown();
            newDefault.get(30, TimeUnit.SECONDS);

            Response deleted = deletion.get(60, TimeUnit.SECONDS);

            assertAnswered(List.of(deleted));
            if (app.services().groups().get(caller, group.id()).deleted()) {
                assertThat(app.services()
                                .memberships()
                                .list(caller, MembershipFilter.ofGroup(group.id()), PageRequest.first(100))
                                .items())
                        .isEmpty();
            }
            assertRulesHold(account, List.of(member, joiner));
        } finally {
            releaseMember.countDown();
            releaseDefault.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void aRecountWhileAMemberJoinsCountsTheJoinOnce() throws Exception {
        TestAccount account = app.fixtures().account();
        Caller caller = account.admin().caller();
        TestAgent joiner = app.fixtures().agent(account.id(), Role.AGENT);
        Group group = app.fixtures().group(account.id(), "Recounted");
        Transactions transactions = new Transactions(app.groupdesk().database().jdbi());
        ExecutorService pool = Executors.newFixedThreadPool(2);
        CountDownLatch joined = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        try {
            // the join has added its membership and its group's count, and has not committed
            Future<?> join = pool.submit(() -> transactions.run(() -> {
                app.services()
                        .memberships()
                        .add(caller, new NewMembership(joiner.agent().id(), group.id()));
                joined.countDown();
                await(commit);
            }));
            await(joined);
            // the recount an import ends with starts meanwhile, and waits for the group's row
            Future<?> recount = pool.submit(() -> app.services().memberships().recountMembers(caller));
            Thread.sleep(500);
            commit.countDown();
            join.get(30, TimeUnit.SECONDS);
            recount.get(30, TimeUnit.SECONDS);

            assertThat(app.services().groups().memberCounts(caller, List.of(group.id())))
                    .containsEntry(group.id(), 1L);
        } finally {
            commit.countDown();
            pool.shutdownNow();
        }
    }

    @Test
    void concurrentGroupUpdatesAgentDeletesAndMembershipChangesFinishWithoutDeadlock() throws Exception {
        TestAccount account = app.fixtures().account();
        Caller caller = account.admin().caller();
        List<TestAgent> agents = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            agents.add(app.fixtures().agent(account.id(), Role.AGENT));
        }
        List<Group> groups = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            groups.add(app.fixtures().group(account.id(), "Locked " + i));
        }
        for (TestAgent agent : agents) {
            app.fixtures().membership(account.id(), agent, groups.get(0));
            app.fixtures().membership(account.id(), agent, groups.get(1));
        }
        List<Supplier<Optional<RuntimeException>>> changes = new ArrayList<>();
        for (int n = 0; n < 80; n++) {
            int round = n;
            TestAgent agent = agents.get((n * 3) % agents.size());
            Group group = groups.get((n / 4) % groups.size());
            changes.add(
                    switch (n % 5) {
                        case 0, 1 -> () -> outcome(() -> app.services()
                                .groups()
                                .update(
                                        caller,
                                        group.id(),
                                        new GroupChanges(
                                                Optional.empty(),
                                                Optional.empty(),
                                                Optional.empty(),
                                                Optional.of(members(agents, round)))));
                        case 2 -> () -> outcome(() -> app.services()
                                .memberships()
                                .add(caller, new NewMembership(agent.agent().id(), group.id())));
                        case 3 -> () ->
                                outcome(() -> app
                                        .services()
                                        .memberships()
                                        .ofAgent(caller, agent.agent().id())
                                        .stream()
                                        .findFirst()
                                        .ifPresent(m ->
                                                app.services().memberships().remove(caller, m.id(), Optional.empty())));
                        default -> () -> outcome(() -> {
                            // two of the agents are deleted, again and again: only the first delete changes anything
                            TestAgent deleted = agents.get(round % 2);
                            app.services()
                                    .agents()
                                    .delete(caller, deleted.agent().id());
                        });
                    });
        }

        List<Optional<RuntimeException>> outcomes = runTogether(changes);

        assertThat(outcomes).hasSize(changes.size());
        assertThat(outcomes.stream().flatMap(Optional::stream).toList())
                .as("every change succeeds or is refused by a rule, none fails on a deadlock or a lock timeout")
                .allSatisfy(failure -> assertThat(failure).isInstanceOf(GroupdeskException.class));
        assertRulesHold(account, agents);
        for (TestAgent deleted : agents.subList(0, 2)) {
            assertThat(app.services()
                            .memberships()
                            .ofAgent(caller, deleted.agent().id()))
                    .as("memberships of deleted agent %s", deleted.agent().id())
                    .isEmpty();
        }
    }

    /** A rotating half of the agents, so concurrent replaces of one group's members overlap without being equal. */
    private static Set<AgentId> members(List<TestAgent> agents, int round) {
        Set<AgentId> members = new HashSet<>();
        for (int i = 0; i < agents.size() / 2; i++) {
            members.add(agents.get((round + i) % agents.size()).agent().id());
        }
        return members;
    }

    /** Runs a change, answering the failure it ended with, if any. */
    private static Optional<RuntimeException> outcome(Runnable change) {
        try {
            change.run();
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.of(e);
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(30, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private record Race(TestAccount account, List<TestAgent> agents, List<Group> groups, List<Response> responses) {}

    /**
     * Round after round, a fresh group is deleted by several requests while agents join it, each join (when asked)
     * followed at once by making the new membership the agent's default.
     */
    private static Race raceGroupDeletion(boolean makeDefault, int rounds) throws Exception {
        TestAccount account = app.fixtures().account();
        List<TestAgent> agents = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            agents.add(app.fixtures().agent(account.id(), Role.AGENT));
        }
        List<Response> responses = new ArrayList<>();
        List<Group> raced = new ArrayList<>();
        for (int round = 0; round < rounds; round++) {
            Group group = app.fixtures().group(account.id(), "Raced " + round);
            raced.add(group);
            List<Supplier<Response>> requests = new ArrayList<>();
            for (TestAgent agent : agents) {
                requests.add(() -> {
                    Response joined = http.post(
                                    "/api/v2/users/" + agent.agent().id().value() + "/group_memberships.json")
                            .host(account.host())
                            .as(account.admin())
                            .json("{\"group_membership\":{\"group_id\":"
                                    + group.id().value() + "}}")
                            .send();
                    if (!makeDefault || joined.status() != 201) {
                        return joined;
                    }
                    long membership =
                            joined.json().get("group_membership").get("id").asLong();
                    return http.put("/api/v2/users/" + agent.agent().id().value() + "/group_memberships/" + membership
                                    + "/make_default.json")
                            .host(account.host())
                            .as(account.admin())
                            .send();
                });
                requests.add(() -> http.delete("/api/v2/groups/" + group.id().value() + ".json")
                        .host(account.host())
                        .as(account.admin())
                        .send());
            }
            responses.addAll(runTogether(requests));
        }
        return new Race(account, agents, raced, responses);
    }

    private static void assertAnswered(List<Response> responses) {
        assertThat(responses).allSatisfy(response -> assertThat(response.status())
                .as(response.toString())
                .satisfiesAnyOf(
                        status -> assertThat(status).isBetween(200, 299),
                        status -> assertThat(status).isEqualTo(404),
                        status -> assertThat(status).isEqualTo(422)));
    }

    private static void assertDeletedGroupsAreEmpty(Race race) {
        Caller caller = race.account().admin().caller();
        for (Group group : race.groups()) {
            if (app.services().groups().get(caller, group.id()).deleted()) {
                assertThat(app.services()
                                .memberships()
                                .list(caller, MembershipFilter.ofGroup(group.id()), PageRequest.first(100))
                                .items())
                        .as("memberships of deleted group %s", group.name())
                        .isEmpty();
            }
        }
    }

    /**
     * Every agent with memberships has exactly one default, no agent is twice in a group, and no membership is in
     * a deleted group; read through the core services only.
     */
    private static void assertRulesHold(TestAccount account, List<TestAgent> agents) {
        Caller caller = account.admin().caller();
        List<AgentId> ids = agents.stream().map(a -> a.agent().id()).toList();
        Map<AgentId, GroupId> defaults = app.services().memberships().defaultGroupsOf(caller, ids);
        for (TestAgent agent : agents) {
            AgentId id = agent.agent().id();
            List<Membership> memberships = app.services().memberships().ofAgent(caller, id);
            List<GroupId> groupIds =
                    memberships.stream().map(Membership::groupId).toList();

            assertThat(new HashSet<>(groupIds)).as("groups of %s", id).hasSameSizeAs(groupIds);
            if (memberships.isEmpty()) {
                assertThat(defaults).as("default of %s", id).doesNotContainKey(id);
            } else {
                assertThat(memberships)
                        .as("defaults of %s among %s", id, memberships)
                        .filteredOn(Membership::isDefault)
                        .singleElement()
                        .satisfies(m -> assertThat(defaults.get(id)).isEqualTo(m.groupId()));
            }
            for (Membership membership : memberships) {
                assertThat(app.services()
                                .groups()
                                .get(caller, membership.groupId())
                                .deleted())
                        .as("group of %s", membership)
                        .isFalse();
            }
        }
        Set<GroupId> seen = new HashSet<>();
        for (Membership membership : app.services()
                .memberships()
                .list(caller, MembershipFilter.all(), PageRequest.first(100))
                .items()) {
            if (seen.add(membership.groupId())) {
                assertThat(app.services()
                                .groups()
                                .get(caller, membership.groupId())
                                .deleted())
                        .as("group of %s", membership)
                        .isFalse();
            }
        }
    }

    /** Sends every request at the same moment from a fixed pool, and collects each answer. */
    private static <T> List<T> runTogether(List<Supplier<T>> requests) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            CountDownLatch ready = new CountDownLatch(Math.min(THREADS, requests.size()));
            CountDownLatch go = new CountDownLatch(1);
            List<Future<T>> futures = new ArrayList<>();
            for (Supplier<T> request : requests) {
                Callable<T> task = () -> {
                    ready.countDown();
                    go.await();
                    return request.get();
                };
                futures.add(pool.submit(task));
            }
            assertThat(ready.await(30, TimeUnit.SECONDS)).isTrue();
            go.countDown();
            List<T> responses = new ArrayList<>();
            for (Future<T> future : futures) {
                responses.add(future.get(120, TimeUnit.SECONDS));
            }
            return responses;
        } finally {
            pool.shutdownNow();
        }
    }
}
