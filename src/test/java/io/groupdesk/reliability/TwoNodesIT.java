package io.groupdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.groupdesk.Groupdesk;
import io.groupdesk.config.Config;
import io.groupdesk.testing.TestDatabase;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * Two Groupdesk nodes on one PostgreSQL schema, written to at once on the same groups and memberships. Neither node
 * may break a rule the other relies on, and what one node acknowledged the other must show.
 */
class TwoNodesIT {
    private static final int THREADS = 6;
    private static final int REQUESTS_PER_THREAD = 60;

    @TempDir
    Path directory;

    @Test
    void concurrentWritesThroughTwoNodesKeepEveryRuleAndShowEveryAcknowledgedWrite() throws Exception {
        assumeTrue(TestDatabase.all().anyMatch(TestDatabase.POSTGRESQL::equals), "GROUPDESK_TEST_PG_URL is unset");
        TestDatabase.Scratch database = TestDatabase.POSTGRESQL.create();
        Map<String, String> environment = environment(database);
        try (database;
                Groupdesk first = start(environment);
                Groupdesk second = start(environment)) {
            // given
            List<ZendeskClient> nodes = List.of(new ZendeskClient(first.port()), new ZendeskClient(second.port()));
            List<Long> agents = new ArrayList<>();
            List<Long> groups = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 4; i++) {
                agents.add(created(
                                nodes.get(i % 2),
                                "/api/v2/users.json",
                                "{\"user\":{\"name\":\"Shared " + i + "\",\"email\":\"shared" + i + "@two.test\"}}")
                        .get("user")
                        .get("id")
                        .asLong());
                groups.add(
                        created(nodes.get(i % 2), "/api/v2/groups.json", "{\"group\":{\"name\":\"Shared " + i + "\"}}")
                                .get("group")
                                .get("id")
                                .asLong());
            }
            Ledger ledger = new Ledger();

            // when
            ExecutorService pool = Executors.newFixedThreadPool(THREADS);
            List<Future<?>> futures = new ArrayList<>();
            for (int thread = 0; thread < THREADS; thread++) {
                int number = thread;
                futures.add(pool.submit(() -> {
                    Random random = new Random(number);
                    for (int request = 0; request < REQUESTS_PER_THREAD; request++) {
                        ZendeskClient node = nodes.get((number + request) % 2);
                        ledger.step(node, random, agents, groups, number + "-" + request);
                    }
                    return null;
                }));
            }
            for (Future<?> future : futures) {
                future.get(120, TimeUnit.SECONDS);
            }
            pool.shutdown();

            // then
            assertThat(ledger.refused).as("answers other than 2xx, 404 or 422").isEmpty();
            DatabaseRules.assertHold(database.url(), database.user(), database.password());
            Observed one = Observed.read(nodes.get(0));
            Observed other = Observed.read(nodes.get(1));
            assertThat(other).as("the second node's view").isEqualTo(one);
            for (ZendeskClient node : nodes) {
                ledger.assertVisible(Observed.read(node));
            }
            // and a write through either node is read back at once through the other
            for (int i = 0; i < groups.size(); i++) {
                long group = groups.get(i);
                if (one.groups().get(group).deleted()) {
                    continue;
                }
                String name = "Final " + i;
                ZendeskClient writer = nodes.get(i % 2);
                ZendeskClient reader = nodes.get((i + 1) % 2);
                assertThat(writer.send(
                                        "PUT",
                                        "/api/v2/groups/" + group + ".json",
                                        "{\"group\":{\"name\":\"" + name + "\"}}")
                                .status())
                        .isEqualTo(200);
                assertThat(reader.get("/api/v2/groups/" + group + ".json")
                                .json()
                                .get("group")
                                .get("name")
                                .asString())
                        .isEqualTo(name);
            }
            System.out.printf(
                    "two nodes: %d requests, %d acknowledged, %d answered 404/422%n",
                    THREADS * REQUESTS_PER_THREAD, ledger.acknowledged.get(), ledger.declined.get());
        }
    }

    /** What the nodes acknowledged, and which later requests may have undone it. */
    private static final class Ledger {
        final AtomicInteger acknowledged = new AtomicInteger();
        final AtomicInteger declined = new AtomicInteger();
        final List<String> refused = new CopyOnWriteArrayList<>();
        final Set<Long> createdGroups = ConcurrentHashMap.newKeySet();
        final Set<Long> deletedGroups = ConcurrentHashMap.newKeySet();
        final Set<Long> groupDeletionsTried = ConcurrentHashMap.newKeySet();
        final Map<Long, Set<String>> renames = new ConcurrentHashMap<>();
        final Map<Long, Long> membershipGroups = new ConcurrentHashMap<>();
        final Map<Long, Long> membershipAgents = new ConcurrentHashMap<>();
        final Set<Long> removedMemberships = ConcurrentHashMap.newKeySet();
        final Set<Long> removalsTried = ConcurrentHashMap.newKeySet();

        void step(ZendeskClient node, Random random, List<Long> agents, List<Long> groups, String tag)
                throws IOException {
            long agent = agents.get(random.nextInt(agents.size()));
            long group = groups.get(random.nextInt(groups.size()));
            List<Long> known = List.copyOf(membershipGroups.keySet());
            long membership = known.isEmpty() ? 0 : known.get(random.nextInt(known.size()));
            int roll = random.nextInt(100);
            if (roll < 25) {
                ZendeskClient.Reply reply = send(
                        node,
                        "POST",
                        "/api/v2/group_memberships.json",
                        "{\"group_membership\":{\"user_id\":" + agent + ",\"group_id\":" + group + "}}");
                if (reply.ok()) {
                    JsonNode created = reply.json().get("group_membership");
                    membershipGroups.put(created.get("id").asLong(), group);
                    membershipAgents.put(created.get("id").asLong(), agent);
                }
            } else if (roll < 40 && membership != 0) {
                removalsTried.add(membership);
                if (send(node, "DELETE", "/api/v2/group_memberships/" + membership + ".json", null)
                        .ok()) {
                    removedMemberships.add(membership);
                }
            } else if (roll < 55 && membership != 0) {
                send(
                        node,
                        "PUT",
                        "/api/v2/users/" + membershipAgents.get(membership) + "/group_memberships/" + membership
                                + "/make_default.json",
                        null);
            } else if (roll < 70) {
                // names that differ only in case race for the same live name
                String name = random.nextBoolean() ? "Contested " + tag : (roll % 2 == 0 ? "RACE" : "race");
                if (send(node, "PUT", "/api/v2/groups/" + group + ".json", "{\"group\":{\"name\":\"" + name + "\"}}")
                        .ok()) {
                    renames.computeIfAbsent(group, g -> ConcurrentHashMap.newKeySet())
                            .add(name);
                }
            } else if (roll < 80) {
                ZendeskClient.Reply reply =
                        send(node, "POST", "/api/v2/groups.json", "{\"group\":{\"name\":\"Made " + tag + "\"}}");
                if (reply.ok()) {
                    long id = reply.json().get("group").get("id").asLong();
                    createdGroups.add(id);
                    groups.add(id);
                }
            } else if (roll < 88) {
                groupDeletionsTried.add(group);
                if (send(node, "DELETE", "/api/v2/groups/" + group + ".json", null)
                        .ok()) {
                    deletedGroups.add(group);
                }
            } else {
                long partner = agents.get(random.nextInt(agents.size()));
                ZendeskClient.Reply reply = send(
                        node,
                        "POST",
                        "/api/v2/group_memberships/create_many.json",
                        "{\"group_memberships\":[{\"user_id\":" + agent + ",\"group_id\":" + group + "},{\"user_id\":"
                                + partner + ",\"group_id\":" + group + "}]}");
                if (reply.ok()) {
                    JsonNode results = reply.json().get("job_status").get("results");
                    long[] owners = {agent, partner};
                    for (int item = 0; item < results.size(); item++) {
                        JsonNode result = results.get(item);
                        if (result.path("success").asBoolean(false) && result.hasNonNull("id")) {
                            membershipGroups.put(result.get("id").asLong(), group);
                            membershipAgents.put(result.get("id").asLong(), owners[item]);
                        }
                    }
                }
            }
        }

        private ZendeskClient.Reply send(ZendeskClient node, String method, String path, String body)
                throws IOException {
            ZendeskClient.Reply reply = node.send(method, path, body);
            if (reply.ok()) {
                acknowledged.incrementAndGet();
            } else if (reply.status() == 404 || reply.status() == 422) {
                declined.incrementAndGet();
            } else {
                refused.add(method + " " + path + " " + body + " answered " + reply);
            }
            return reply;
        }

        void assertVisible(Observed observed) {
            for (long group : createdGroups) {
                assertThat(observed.groups()).as("created group").containsKey(group);
            }
            for (long group : deletedGroups) {
                assertThat(observed.groups().get(group).deleted())
                        .as("deleted group %s", group)
                        .isTrue();
            }
            for (Map.Entry<Long, Set<String>> renamed : renames.entrySet()) {
                assertThat(renamed.getValue())
                        .as("acknowledged names of group %s", renamed.getKey())
                        .contains(observed.groups().get(renamed.getKey()).name());
            }
            Map<Long, Observed.Member> members = new HashMap<>();
            observed.membersByAgent().values().forEach(list -> list.forEach(m -> members.put(m.id(), m)));
            for (Map.Entry<Long, Long> created : membershipGroups.entrySet()) {
                long membership = created.getKey();
                if (removedMemberships.contains(membership)) {
                    assertThat(members).as("removed membership").doesNotContainKey(membership);
                } else if (!removalsTried.contains(membership) && !groupDeletionsTried.contains(created.getValue())) {
                    assertThat(members).as("created membership").containsKey(membership);
                }
            }
        }
    }

    private static JsonNode created(ZendeskClient node, String path, String body) throws IOException {
        ZendeskClient.Reply reply = node.send("POST", path, body);
        assertThat(reply.status()).as(reply.toString()).isEqualTo(201);
        return reply.json();
    }

    private static Groupdesk start(Map<String, String> environment) {
        return Groupdesk.start(Config.from(environment), new PrintStream(OutputStream.nullOutputStream()));
    }

    /** The configuration of every node on {@code database}, secret key included; each node takes a port of its own. */
    private Map<String, String> environment(TestDatabase.Scratch database) {
        Map<String, String> environment = new HashMap<>(
                GroupdeskProcess.environment(database.url(), database.user(), database.password(), directory));
        environment.put("SERVER_PORT", "0");
        return environment;
    }
}
