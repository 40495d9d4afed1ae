package io.groupdesk.reliability;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Writers that each own their agents and groups, so that each knows exactly what the store must hold after every
 * acknowledged write. The one write a writer had in flight when its node died may or may not have taken effect;
 * {@link #verify} accepts either outcome for that write only, then adopts what the store holds.
 */
final class CrashWorkload {
    private final List<Writer> writers = new ArrayList<>();
    private final AtomicInteger acknowledged = new AtomicInteger();
    private final List<String> unexpected = new CopyOnWriteArrayList<>();
    private final AtomicInteger lostCreates = new AtomicInteger();
    private final long defaultGroup;

    CrashWorkload(int writerCount, long seed, long defaultGroup) {
        this.defaultGroup = defaultGroup;
        for (int number = 0; number < writerCount; number++) {
            writers.add(new Writer(number, new Random(seed + number)));
        }
    }

    /** Writes acknowledged so far, over every round. */
    int acknowledged() {
        return acknowledged.get();
    }

    /** Acknowledged creates of agents and groups that a restarted node no longer has, over every round. */
    int lostCreates() {
        return lostCreates.get();
    }

    /** Answers that the model did not allow (a 4xx or 5xx to a write that had to succeed). */
    List<String> unexpected() {
        return unexpected;
    }

    /** Starts every writer on {@code client}; each stops at its first request the node does not answer. */
    List<Thread> start(ZendeskClient client) {
        List<Thread> threads = new ArrayList<>();
        for (Writer writer : writers) {
            Thread thread = new Thread(() -> writer.run(client), "crash-writer-" + writer.number);
            thread.start();
            threads.add(thread);
        }
        return threads;
    }

    /**
     * Checks every writer's acknowledged writes against what the node answers, allowing each writer's one write in
     * flight to have happened or not, and makes the models agree with the store for the next round.
     */
    void verify(Observed observed) {
        for (Writer writer : writers) {
            writer.verify(observed);
        }
    }

    private record Op(String kind, long agent, long group, String name) {}

    private final class Writer {
        private final int number;
        private final Random random;
        private final List<Long> agents = new ArrayList<>();
        private final Map<Long, String> liveGroups = new LinkedHashMap<>();
        private final Set<Long> deletedGroups = new HashSet<>();
        /** agent → (own group → membership id); every agent is also in the account's default group. */
        private final Map<Long, Map<Long, Long>> memberships = new HashMap<>();

        private final Map<Long, Long> defaults = new HashMap<>();
        /** Acknowledged agents a restarted node no longer had, each counted once in {@link #lostCreates}. */
        private final Set<Long> lostAgents = new HashSet<>();

        private Op pending;
        private int counter;

        Writer(int number, Random random) {
            this.number = number;
            this.random = random;
        }

        void run(ZendeskClient client) {
            try {
                while (true) {
                    step(client);
                }
            } catch (IOException nodeGone) {
                // the node died under this writer; pending holds the write whose outcome is unknown
            }
        }

        private void step(ZendeskClient client) throws IOException {
            int roll = random.nextInt(100);
            if (agents.size() < 2 || roll < 8) {
                String email =
                        "w" + number + "-a" + (++counter) + "-" + Long.toHexString(random.nextLong()) + "@crash.test";
                send(
                        client,
                        new Op("createAgent", 0, 0, email),
                        "POST",
                        "/api/v2/users.json",
                        "{\"user\":{\"name\":\"Writer " + number + " agent\",\"email\":\"" + email + "\"}}");
            } else if (liveGroups.size() < 2 || roll < 18) {
                String name = "W" + number + " group " + (++counter);
                send(
                        client,
                        new Op("createGroup", 0, 0, name),
                        "POST",
                        "/api/v2/groups.json",
                        "{\"group\":{\"name\":\"" + name + "\"}}");
            } else if (roll < 30) {
                long group = pick(liveGroups.keySet());
                String name = "W" + number + " renamed " + (++counter);
                send(
                        client,
                        new Op("rename", 0, group, name),
                        "PUT",
                        "/api/v2/groups/" + group + ".json",
                        "{\"group\":{\"name\":\"" + name + "\"}}");
            } else if (roll < 55) {
                long agent = pick(agents);
                List<Long> free = liveGroups.keySet().stream()
                        .filter(group -> !memberships.get(agent).containsKey(group))
                        .toList();
                if (free.isEmpty()) {
                    return;
                }
                long group = pick(free);
                send(
                        client,
                        new Op("add", agent, group, null),
                        "POST",
                        "/api/v2/group_memberships.json",
                        "{\"group_membership\":{\"user_id\":" + agent + ",\"group_id\":" + group + "}}");
            } else if (roll < 88) {
                long agent = pick(agents);
                List<Long> others = memberships.get(agent).keySet().stream()
                        .filter(group -> !group.equals(defaults.get(agent)))
                        .toList();
                if (others.isEmpty()) {
                    return;
                }
                long group = pick(others);
                long membership = memberships.get(agent).get(group);
                if (roll < 70) {
                    send(
                            client,
                            new Op("remove", agent, group, null),
                            "DELETE",
                            "/api/v2/group_memberships/" + membership + ".json",
                            null);
                } else {
                    send(
                            client,
                            new Op("makeDefault", agent, group, null),
                            "PUT",
                            "/api/v2/users/" + agent + "/group_memberships/" + membership + "/make_default.json",
                            null);
                }
            } else {
                List<Long> deletable = liveGroups.keySet().stream()
                        .filter(group -> !defaults.containsValue(group))
                        .toList();
                if (!deletable.isEmpty()) {
                    long group = pick(deletable);
                    send(
                            client,
                            new Op("deleteGroup", 0, group, null),
                            "DELETE",
                            "/api/v2/groups/" + group + ".json",
                            null);
                }
            }
        }

        private void send(ZendeskClient client, Op op, String method, String path, String body) throws IOException {
            pending = op;
            ZendeskClient.Reply reply = client.send(method, path, body);
            pending = null;
            if (reply.status() == 429) {
                sleep();
                return;
            }
            if (!reply.ok()) {
                unexpected.add(op + " answered " + reply);
                return;
            }
            apply(op, reply);
            acknowledged.incrementAndGet();
        }

        private void apply(Op op, ZendeskClient.Reply reply) {
            switch (op.kind()) {
                case "createAgent" -> {
                    long agent = reply.json().get("user").get("id").asLong();
                    agents.add(agent);
                    memberships.put(agent, new LinkedHashMap<>());
                    defaults.put(agent, defaultGroup);
                }
                case "createGroup" -> liveGroups.put(
                        reply.json().get("group").get("id").asLong(), op.name());
                case "rename" -> liveGroups.put(op.group(), op.name());
                case "add" -> memberships
                        .get(op.agent())
                        .put(
                                op.group(),
                                reply.json().get("group_membership").get("id").asLong());
                case "remove" -> memberships.get(op.agent()).remove(op.group());
                case "makeDefault" -> defaults.put(op.agent(), op.group());
                case "deleteGroup" -> {
                    liveGroups.remove(op.group());
                    deletedGroups.add(op.group());
                    memberships.values().forEach(groups -> groups.remove(op.group()));
                }
                default -> throw new IllegalStateException(op.kind());
            }
        }

        void verify(Observed observed) {
            Op unsure = pending;
            for (Map.Entry<Long, String> group : liveGroups.entrySet()) {
                Observed.Group seen = observed.groups().get(group.getKey());
                if (seen == null) {
                    lostCreates.incrementAndGet();
                }
                if (unsure != null
                        && unsure.group() == group.getKey()
                        && unsure.kind().equals("deleteGroup")) {
                    if (seen != null && seen.deleted()) {
                        continue;
                    }
                }
                Set<String> allowed = new HashSet<>(Set.of(group.getValue()));
                if (unsure != null && unsure.kind().equals("rename") && unsure.group() == group.getKey()) {
                    allowed.add(unsure.name());
                }
                expect(
                        seen != null && !seen.deleted() && allowed.contains(seen.name()),
                        "live group %s named %s: %s",
                        group.getKey(),
                        allowed,
                        seen);
            }
            for (long group : deletedGroups) {
                Observed.Group seen = observed.groups().get(group);
                expect(seen != null && seen.deleted(), "deleted group %s: %s", group, seen);
            }
            for (long agent : agents) {
                Map<Long, Long> expected = new HashMap<>(memberships.get(agent));
                Map<Long, Long> seen = new HashMap<>();
                Long seenDefault = null;
                boolean inDefaultGroup = false;
                for (Observed.Member member : observed.of(agent)) {
                    if (member.groupId() == defaultGroup) {
                        inDefaultGroup = true;
                    } else {
                        seen.put(member.groupId(), member.id());
                    }
                    if (member.isDefault()) {
                        seenDefault = member.groupId();
                    }
                }
                if (observed.of(agent).isEmpty() && lostAgents.add(agent)) {
                    lostCreates.incrementAndGet();
                }
                expect(inDefaultGroup, "agent %s still in the default group", agent);
                boolean sameMembers = seen.equals(expected);
                if (!sameMembers && unsure != null && unsure.agent() == agent) {
                    Map<Long, Long> withUnsure = new HashMap<>(expected);
                    if (unsure.kind().equals("add") && seen.containsKey(unsure.group())) {
                        withUnsure.put(unsure.group(), seen.get(unsure.group()));
                    } else if (unsure.kind().equals("remove")) {
                        withUnsure.remove(unsure.group());
                    }
                    sameMembers = seen.equals(withUnsure);
                }
                if (!sameMembers && unsure != null && unsure.kind().equals("deleteGroup")) {
                    Map<Long, Long> withUnsure = new HashMap<>(expected);
                    withUnsure.remove(unsure.group());
                    sameMembers = seen.equals(withUnsure);
                }
                expect(
                        sameMembers,
                        "agent %s memberships %s, store has %s (in flight: %s)",
                        agent,
                        expected,
                        seen,
                        unsure);
                boolean sameDefault = Objects.equals(seenDefault, defaults.get(agent))
                        || (unsure != null
                                && unsure.kind().equals("makeDefault")
                                && unsure.agent() == agent
                                && Objects.equals(seenDefault, unsure.group()));
                expect(
                        sameDefault,
                        "agent %s default %s, store has %s (in flight: %s)",
                        agent,
                        defaults.get(agent),
                        seenDefault,
                        unsure);
                memberships.put(agent, new LinkedHashMap<>(seen));
                defaults.put(agent, seenDefault);
            }
            for (Map.Entry<Long, String> group : List.copyOf(liveGroups.entrySet())) {
                Observed.Group seen = observed.groups().get(group.getKey());
                if (seen == null || seen.deleted()) {
                    liveGroups.remove(group.getKey());
                    deletedGroups.add(group.getKey());
                } else {
                    liveGroups.put(group.getKey(), seen.name());
                }
            }
            pending = null;
        }

        private void expect(boolean condition, String message, Object... arguments) {
            if (!condition) {
                unexpected.add("writer " + number + ": " + String.format(message, arguments));
            }
        }

        private long pick(Iterable<Long> choices) {
            List<Long> list = new ArrayList<>();
            choices.forEach(list::add);
            return list.get(random.nextInt(list.size()));
        }
    }

    private static void sleep() {
        try {
            Thread.sleep(100);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public String toString() {
        return writers.stream()
                .map(writer -> writer.agents.size() + " agents/" + writer.liveGroups.size() + " groups")
                .collect(Collectors.joining(", ", "writers[", "]"));
    }
}
