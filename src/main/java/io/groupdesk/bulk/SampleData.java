package io.groupdesk.bulk;

import io.groupdesk.agents.Agent;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.MembershipId;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.WeeklyHours;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * A synthetic helpdesk for demos and benchmarks, the same for the same seed: groups named like real teams (unique,
 * about one in ten private), agents with unique emails (about one in twenty an admin), and memberships spread with a
 * skew (most agents in a few groups, some in many, popular groups larger), where every agent with memberships has
 * exactly one default. Ids start at 1 as in a fresh account.
 */
public final class SampleData {
    private static final AccountId NO_ACCOUNT = new AccountId(0);
    private static final Instant EPOCH = Instant.parse("2024-01-01T09:00:00Z");

    private static final String[] FUNCTIONS = {
        "Support",
        "Billing",
        "Escalations",
        "Onboarding",
        "Returns",
        "Shipping",
        "Technical Support",
        "Sales",
        "Renewals",
        "Partnerships",
        "Enterprise Success",
        "VIP Care",
        "Fraud Review",
        "Compliance",
        "Payments",
        "Accounts",
        "Hardware",
        "Integrations",
        "Mobile App",
        "API Support",
        "Community",
        "Social Media",
        "Chat",
        "Phone Support",
        "Quality Assurance",
        "Training",
        "Localization",
        "Warranty",
        "Claims",
        "Logistics"
    };
    private static final String[] REGIONS = {
        "EMEA",
        "APAC",
        "Americas",
        "LATAM",
        "Nordics",
        "DACH",
        "UK & Ireland",
        "France",
        "Iberia",
        "Japan",
        "India",
        "ANZ"
    };
    private static final String[] TIERS = {"Tier 1", "Tier 2", "Tier 3", "Night Shift", "Weekend", "Specialists"};
    private static final String[] FIRST = {
        "Ada", "Grace", "Alan", "Linus", "Margaret", "Dennis", "Barbara", "Ken", "Frances", "Edsger", "Radia",
        "Tim", "Hedy", "John", "Katherine", "Donald", "Sophie", "Guido", "Annie", "Bjarne", "Jean", "Niklaus",
        "Carol", "Leslie", "Shafi", "Yukihiro", "Mary", "James", "Lynn", "Whitfield"
    };
    private static final String[] LAST = {
        "Lovelace", "Hopper", "Turing", "Torvalds", "Hamilton", "Ritchie", "Liskov", "Thompson", "Allen",
        "Dijkstra", "Perlman", "Berners-Lee", "Lamarr", "McCarthy", "Johnson", "Knuth", "Wilson", "van Rossum",
        "Easley", "Stroustrup", "Sammet", "Wirth", "Shaw", "Lamport", "Goldwasser", "Matsumoto", "Keller",
        "Gosling", "Conway", "Diffie"
    };

    /** The data set, in id order. */
    public record DataSet(List<Group> groups, List<Agent> agents, List<Membership> memberships) {}

    private SampleData() {}

    /**
     * Generates a data set.
     *
     * @param emailDomain the domain of every email, so several sets can live side by side
     * @throws IllegalArgumentException more memberships than agents times groups, or a negative count
     */
    public static DataSet generate(int groupCount, int agentCount, int membershipCount, long seed, String emailDomain) {
        if (groupCount < 0 || agentCount < 0 || membershipCount < 0) {
            throw new IllegalArgumentException("counts cannot be negative");
        }
        if ((long) groupCount * agentCount < membershipCount) {
            throw new IllegalArgumentException(String.format(
                    "%,d memberships do not fit in %,d agents times %,d groups",
                    membershipCount, agentCount, groupCount));
        }
        Random random = new Random(seed);
        List<Group> groups = new ArrayList<>(groupCount);
        for (int i = 0; i < groupCount; i++) {
            groups.add(group(i, random));
        }
        List<Agent> agents = new ArrayList<>(agentCount);
        for (int i = 0; i < agentCount; i++) {
            agents.add(agent(i, random, emailDomain));
        }
        int[] perAgent = membershipsPerAgent(agentCount, groupCount, membershipCount, random);
        List<Membership> memberships = new ArrayList<>(membershipCount);
        long nextId = 1;
        for (int a = 0; a < agentCount; a++) {
            List<Long> chosen = groupsOf(perAgent[a], groupCount, random);
            int defaultIndex = chosen.isEmpty() ? -1 : random.nextInt(chosen.size());
            for (int k = 0; k < chosen.size(); k++) {
                Instant at = EPOCH.plus(Duration.ofMinutes(nextId));
                memberships.add(new Membership(
                        new MembershipId(nextId++),
                        NO_ACCOUNT,
                        new AgentId(a + 1L),
                        new GroupId(chosen.get(k)),
                        k == defaultIndex,
                        at,
                        at));
            }
        }
        return new DataSet(groups, agents, memberships);
    }

    private static Group group(int i, Random random) {
        int f = i % FUNCTIONS.length;
        int r = (i / FUNCTIONS.length) % REGIONS.length;
        int t = (i / (FUNCTIONS.length * REGIONS.length)) % TIERS.length;
        int round = i / (FUNCTIONS.length * REGIONS.length * TIERS.length);
        String name = FUNCTIONS[f] + " " + REGIONS[r] + " " + TIERS[t] + (round == 0 ? "" : " " + (round + 1));
        boolean isPrivate = random.nextInt(10) == 0;
        Instant at = EPOCH.plus(Duration.ofSeconds(i));
        return new Group(
                new GroupId(i + 1L),
                NO_ACCOUNT,
                name,
                FUNCTIONS[f] + " for " + REGIONS[r] + " customers, " + TIERS[t].toLowerCase(Locale.ROOT),
                !isPrivate,
                i == 0,
                false,
                null,
                null,
                WeeklyHours.NONE,
                at,
                at);
    }

    private static Agent agent(int i, Random random, String emailDomain) {
        String first = FIRST[random.nextInt(FIRST.length)];
        String last = LAST[random.nextInt(LAST.length)];
        String local = (first + "." + last).toLowerCase(Locale.ROOT).replace(' ', '-');
        Instant at = EPOCH.plus(Duration.ofSeconds(i));
        return new Agent(
                new AgentId(i + 1L),
                NO_ACCOUNT,
                first + " " + last,
                local + "." + (i + 1) + "@" + emailDomain,
                random.nextInt(20) == 0 ? Role.ADMIN : Role.AGENT,
                null,
                null,
                null,
                null,
                null,
                "en-US",
                "UTC",
                true,
                null,
                true,
                false,
                at,
                at);
    }

    /** How many groups each agent joins: log-normal weights scaled to the total, so a few agents are in many. */
    private static int[] membershipsPerAgent(int agents, int groups, int total, Random random) {
        int[] counts = new int[agents];
        if (agents == 0 || total == 0) {
            return counts;
        }
        double[] weights = new double[agents];
        double sum = 0;
        for (int a = 0; a < agents; a++) {
            weights[a] = Math.exp(random.nextGaussian());
            sum += weights[a];
        }
        long assigned = 0;
        for (int a = 0; a < agents; a++) {
            counts[a] = (int) Math.min(groups, Math.floor(total * weights[a] / sum));
            assigned += counts[a];
        }
        // hand out what rounding and the cap left over, one each, to agents picked at random
        while (assigned < total) {
            int a = random.nextInt(agents);
            if (counts[a] < groups) {
                counts[a]++;
                assigned++;
            }
        }
        return counts;
    }

    /** {@code count} distinct group ids, popular groups (low ids) more often. */
    private static List<Long> groupsOf(int count, int groups, Random random) {
        List<Long> chosen = new ArrayList<>(count);
        if (count * 2 > groups) {
            // a large share of all groups: take every group in a random order and keep the first ones
            List<Long> all = new ArrayList<>(groups);
            for (long g = 1; g <= groups; g++) {
                all.add(g);
            }
            java.util.Collections.shuffle(all, random);
            chosen.addAll(all.subList(0, count));
            java.util.Collections.sort(chosen);
            return chosen;
        }
        java.util.Set<Long> seen = new HashSet<>();
        while (chosen.size() < count) {
            double u = random.nextDouble();
            long group = 1 + (long) Math.floor(groups * u * u);
            if (seen.add(group)) {
                chosen.add(group);
            }
        }
        return chosen;
    }
}
