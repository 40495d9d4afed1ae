package io.groupdesk.bulk;

import io.groupdesk.access.Caller;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentChanges;
import io.groupdesk.agents.AgentService;
import io.groupdesk.agents.ImportedAgent;
import io.groupdesk.agents.NewAgent;
import io.groupdesk.bulk.ImportOutcome.Kind;
import io.groupdesk.events.Origin;
import io.groupdesk.events.Via;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupService;
import io.groupdesk.groups.GroupService.ImportedGroup;
import io.groupdesk.memberships.MembershipService;
import io.groupdesk.memberships.MembershipService.ImportedMemberships;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.FieldViolation;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.ValidationException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Loads an {@link ImportSet} into one account through the core: groups, then agents, then memberships, each in
 * batches of {@link #BATCH_SIZE} rows, written by the bulk operations of {@link GroupService}, {@link AgentService}
 * and {@link MembershipService} as the system of the account, one transaction a batch. This class touches no table.
 *
 * <p>What stays here is planning: rows are matched to stored ones by natural key (agents by email, groups by name,
 * memberships by the pair), so a second run of the same set creates nothing; rows a rule refuses are skipped with
 * their reason, checked with the core's own checks ({@link GroupService#checkedName}, {@link
 * AgentService#violations}) before the batches are formed. The core applies its rules again as it writes: names and
 * emails valid and unique (the database's unique keys the backstop against a writer running at the same time), a
 * private group never made public, the account's first group its default, memberships only of active agents in
 * live groups, and exactly one default membership per agent that has any. Imported agents get no password: they
 * sign in after a reset or with an API token. Deleted groups and users of the source are skipped.
 */
public final class BulkImporter {
    /**
     * Rows per transaction: large enough to amortise round trips and, on H2, the file store each commit makes (a
     * commit writes every page the batch changed, and memberships spread over their indexes change most of them, so
     * fewer, larger batches load faster there; PostgreSQL does not mind), and small enough to keep a batch's locks
     * and memory short (a few seconds, a few megabytes).
     */
    public static final int BATCH_SIZE = 50_000;

    /** New agents and groups past which the planner's statistics are refreshed before memberships go in. */
    private static final long ANALYZE_AFTER = 1000;

    private static final Origin IMPORT = Origin.of(Via.IMPORT);

    private final GroupService groups;
    private final AgentService agents;
    private final MembershipService memberships;

    private BulkImporter(GroupService groups, AgentService agents, MembershipService memberships) {
        this.groups = groups;
        this.agents = agents;
        this.memberships = memberships;
    }

    /** An importer writing through these core services. */
    public static BulkImporter of(GroupService groups, AgentService agents, MembershipService memberships) {
        return new BulkImporter(groups, agents, memberships);
    }

    /**
     * Imports {@code data} into {@code account}; the account must exist. The events of what it changes are the
     * system's, via {@code import}.
     */
    public ImportOutcome importInto(AccountId account, ImportSet data, Progress progress) {
        try (Origin.Scope origin = IMPORT.bind()) {
            return importAs(Caller.system(account), data, progress);
        }
    }

    private ImportOutcome importAs(Caller system, ImportSet data, Progress progress) {
        ImportOutcome outcome = new ImportOutcome();
        Map<Long, Long> groupIds = importGroups(system, data.groups(), outcome, progress);
        Map<Long, String> skippedUsers = new HashMap<>();
        Map<Long, Long> agentIds = importUsers(system, data.users(), data.unset(), outcome, progress, skippedUsers);
        if (outcome.counts(Kind.GROUPS).created() + outcome.counts(Kind.USERS).created() >= ANALYZE_AFTER) {
            memberships.refreshStatistics(system);
        }
        Set<Long> knownGroups = data.groups().stream().map(ImportSet.Group::id).collect(Collectors.toSet());
        importMemberships(system, data.memberships(), agentIds, groupIds, skippedUsers, knownGroups, outcome, progress);
        return outcome;
    }

    // ---- groups -------------------------------------------------------------------------------------------------

    private Map<Long, Long> importGroups(
            Caller system, List<ImportSet.Group> rows, ImportOutcome outcome, Progress progress) {
        Map<String, Group> stored = groups.liveByName(system);
        boolean hasDefault = stored.values().stream().anyMatch(Group::isDefault);
        Map<Long, String> keyOfSourceId = new HashMap<>();
        Set<String> seenKeys = new HashSet<>();
        List<ImportedGroup> inserts = new ArrayList<>();
        List<ImportedGroup> updates = new ArrayList<>();
        int defaultIndex = -1;
        for (ImportSet.Group group : rows) {
            String name;
            String description;
            try {
                name = GroupService.checkedName(group.name());
                description = group.description() == null ? null : GroupService.checkedDescription(group.description());
            } catch (ValidationException e) {
                outcome.skipped(Kind.GROUPS, group.source(), String.valueOf(group.name()), invalid(e));
                continue;
            }
            if (group.deleted()) {
                outcome.skipped(Kind.GROUPS, group.source(), name, "deleted (deleted groups are not imported)");
                continue;
            }
            String key = GroupService.nameKey(name);
            if (keyOfSourceId.containsKey(group.id())) {
                outcome.skipped(Kind.GROUPS, group.source(), name, "duplicate id " + group.id());
                continue;
            }
            if (!seenKeys.add(key)) {
                outcome.skipped(Kind.GROUPS, group.source(), name, "duplicate name");
                continue;
            }
            keyOfSourceId.put(group.id(), key);
            Group existing = stored.get(key);
            if (existing == null) {
                if (group.isDefault() && !hasDefault && defaultIndex < 0) {
                    defaultIndex = inserts.size();
                }
                inserts.add(ImportedGroup.added(name, description, group.isPublic()));
                continue;
            }
            ImportedGroup change = ImportedGroup.over(existing, description, group.isPublic());
            if (change.changes(existing)) {
                updates.add(change);
            } else {
                outcome.unchanged(Kind.GROUPS, 1);
            }
        }
        if (!hasDefault && !inserts.isEmpty()) {
            // the candidate for the account's default group: the source's default if it has one, else the first
            int index = Math.max(defaultIndex, 0);
            inserts.set(index, inserts.get(index).asAccountDefault());
        }
        writeInBatches(
                Kind.GROUPS,
                inserts,
                updates,
                outcome,
                progress,
                (insertBatch, updateBatch) -> groups.importBatch(
                        system,
                        Stream.concat(insertBatch.stream(), updateBatch.stream())
                                .toList()));
        Map<String, Group> after = inserts.isEmpty() ? stored : groups.liveByName(system);
        return idsBySource(keyOfSourceId, key -> after.get(key).id().value());
    }

    // ---- users --------------------------------------------------------------------------------------------------

    private Map<Long, Long> importUsers(
            Caller system,
            List<ImportSet.User> users,
            ImportSet.Unset unset,
            ImportOutcome outcome,
            Progress progress,
            Map<Long, String> skippedUsers) {
        Map<String, Agent> stored = agents.activeByEmail(system);
        Map<Long, String> keyOfSourceId = new HashMap<>();
        Set<String> seenKeys = new HashSet<>();
        List<ImportedAgent> inserts = new ArrayList<>();
        List<ImportedAgent> updates = new ArrayList<>();
        for (ImportSet.User user : users) {
            String label = user.email() == null ? "#" + user.id() : user.email();
            Optional<String> refused = refusal(user);
            if (refused.isPresent()) {
                skip(outcome, skippedUsers, user, label, refused.get());
                continue;
            }
            String email = user.email().strip();
            String key = AgentService.emailKey(email);
            if (keyOfSourceId.containsKey(user.id())) {
                skip(outcome, skippedUsers, user, label, "duplicate id " + user.id());
                continue;
            }
            if (!seenKeys.add(key)) {
                skip(outcome, skippedUsers, user, label, "duplicate email");
                continue;
            }
            keyOfSourceId.put(user.id(), key);
            ImportedAgent existing =
                    Optional.ofNullable(stored.get(key)).map(ImportedAgent::of).orElse(null);
            ImportedAgent row = agentRow(user, email, existing, unset);
            if (existing == null) {
                inserts.add(row);
            } else if (existing.sameFieldsAs(row)) {
                outcome.unchanged(Kind.USERS, 1);
            } else {
                updates.add(row);
            }
        }
        writeInBatches(
                Kind.USERS,
                inserts,
                updates,
                outcome,
                progress,
                (insertBatch, updateBatch) -> agents.importBatch(
                        system,
                        Stream.concat(insertBatch.stream(), updateBatch.stream())
                                .toList()));
        Map<String, Agent> after = inserts.isEmpty() ? stored : agents.activeByEmail(system);
        return idsBySource(keyOfSourceId, key -> after.get(key).id().value());
    }

    /**
     * The agent as the import would store it, in the stored form: stripped, blank as null, a locale or time zone equal
     * to what the source shows for none kept as the stored agent has it (none, or that same value), and routing
     * fields kept as stored where the source has none. So an agent the row describes as it is compares equal, field
     * by field, to its stored row, and is not written.
     */
    private static ImportedAgent agentRow(
            ImportSet.User user, String email, ImportedAgent existing, ImportSet.Unset unset) {
        return new ImportedAgent(
                existing == null ? Optional.empty() : existing.id(),
                user.name().strip(),
                email,
                role(user),
                user.suspended(),
                blankToNull(user.phone()),
                blankToNull(user.alias()),
                unlessUnset(blankToNull(user.locale()), unset.locale(), existing == null ? null : existing.locale()),
                unlessUnset(
                        blankToNull(user.timeZone()), unset.timeZone(), existing == null ? null : existing.timeZone()),
                blankToNull(user.position()),
                blankToNull(user.workId()),
                blankToNull(user.avatarUrl()),
                user.routing() != null
                        ? user.routing().acceptsAssignments()
                        : existing == null || existing.acceptsAssignments(),
                user.routing() != null ? user.routing().skillLevel() : existing == null ? null : existing.skillLevel());
    }

    /**
     * {@code value}, unless it is what the source shows for no value ({@code shownForNone}): then the stored value
     * when that shows the same (none, or this very value), else none.
     */
    private static String unlessUnset(String value, String shownForNone, String stored) {
        if (value == null || !value.equals(shownForNone)) {
            return value;
        }
        return stored == null || stored.equals(shownForNone) ? stored : null;
    }

    private static void skip(
            ImportOutcome outcome, Map<Long, String> skippedUsers, ImportSet.User user, String label, String reason) {
        outcome.skipped(Kind.USERS, user.source(), label, reason);
        skippedUsers.putIfAbsent(user.id(), reason);
    }

    /** Why a user cannot be imported, checked as {@link AgentService#create} checks an agent. */
    private static Optional<String> refusal(ImportSet.User user) {
        String role = user.role() == null ? "" : user.role().strip().toLowerCase(Locale.ROOT);
        if (role.isEmpty()) {
            return Optional.of("no role");
        }
        if (Role.fromKey(role).isEmpty()) {
            return Optional.of("role " + role);
        }
        if (!user.active()) {
            return Optional.of("deleted (inactive users are not imported)");
        }
        AgentChanges.Builder details = AgentChanges.builder();
        Optional.ofNullable(user.phone()).ifPresent(details::phone);
        Optional.ofNullable(user.alias()).ifPresent(details::alias);
        Optional.ofNullable(user.locale()).ifPresent(details::locale);
        Optional.ofNullable(user.timeZone()).ifPresent(details::timeZone);
        Optional.ofNullable(user.position()).ifPresent(details::position);
        Optional.ofNullable(user.workId()).ifPresent(details::workId);
        Optional.ofNullable(user.avatarUrl()).ifPresent(details::avatarUrl);
        Optional.ofNullable(user.routing()).map(ImportSet.Routing::skillLevel).ifPresent(details::skillLevel);
        List<FieldViolation> violations =
                AgentService.violations(new NewAgent(user.name(), user.email(), Role.fromKey(role), details.build()));
        return violations.isEmpty() ? Optional.empty() : Optional.of(invalid(new ValidationException(violations)));
    }

    private static Role role(ImportSet.User user) {
        return Role.fromKey(user.role().strip().toLowerCase(Locale.ROOT)).orElseThrow();
    }

    // ---- memberships --------------------------------------------------------------------------------------------

    private void importMemberships(
            Caller system,
            List<ImportSet.Membership> rows,
            Map<Long, Long> agentIds,
            Map<Long, Long> groupIds,
            Map<Long, String> skippedUsers,
            Set<Long> knownGroups,
            ImportOutcome outcome,
            Progress progress) {
        // the rows to apply, by agent, in the order read; the first default row of an agent names its default
        Map<Long, List<ImportSet.Membership>> byAgent = new LinkedHashMap<>();
        Map<Long, Long> wantedDefault = new HashMap<>();
        Set<Long> seenPairs = new HashSet<>();
        for (ImportSet.Membership membership : rows) {
            String label = label(membership);
            Long agent = agentIds.get(membership.userId());
            Long group = groupIds.get(membership.groupId());
            if (agent == null) {
                String why = skippedUsers.get(membership.userId());
                outcome.skipped(
                        Kind.MEMBERSHIPS,
                        membership.source(),
                        label,
                        why == null ? "unknown user" : "user not imported (" + why + ")");
                continue;
            }
            if (group == null) {
                outcome.skipped(
                        Kind.MEMBERSHIPS,
                        membership.source(),
                        label,
                        knownGroups.contains(membership.groupId()) ? "group not imported" : "unknown group");
                continue;
            }
            if (!seenPairs.add(pair(agent, group))) {
                outcome.skipped(Kind.MEMBERSHIPS, membership.source(), label, "duplicate");
                continue;
            }
            byAgent.computeIfAbsent(agent, a -> new ArrayList<>()).add(membership);
            if (membership.isDefault()) {
                wantedDefault.putIfAbsent(agent, group);
            }
        }
        long total = seenPairs.size();
        progress.advanced("memberships", 0, total);
        BatchWriter writer = new BatchWriter(system, outcome, total, progress);
        List<ImportedMemberships> batch = new ArrayList<>();
        // the source rows of each agent of the batch, in the same order, for the report of a refused one
        List<List<ImportSet.Membership>> sources = new ArrayList<>();
        int batchRows = 0;
        for (Map.Entry<Long, List<ImportSet.Membership>> entry : byAgent.entrySet()) {
            long agent = entry.getKey();
            List<GroupId> groupsOfAgent = new ArrayList<>(entry.getValue().size());
            for (ImportSet.Membership membership : entry.getValue()) {
                groupsOfAgent.add(new GroupId(groupIds.get(membership.groupId())));
            }
            sources.add(entry.getValue());
            batch.add(new ImportedMemberships(
                    new AgentId(agent),
                    groupsOfAgent,
                    Optional.ofNullable(wantedDefault.get(agent)).map(GroupId::new)));
            batchRows += groupsOfAgent.size();
            if (batchRows >= BATCH_SIZE) {
                writer.submit(batch, sources, batchRows);
                batch = new ArrayList<>();
                sources = new ArrayList<>();
                batchRows = 0;
            }
        }
        try {
            if (batchRows > 0) {
                writer.submit(batch, sources, batchRows);
            }
            writer.finish();
        } finally {
            // the batches leave the groups' member counts alone, so that they run side by side
            memberships.recountMembers(system);
        }
    }

    private static String label(ImportSet.Membership membership) {
        return "user " + membership.userId() + " in group " + membership.groupId();
    }

    /**
     * Writes membership batches on {@link #WRITERS} connections at once. Each batch holds whole agents and no two
     * batches share one, so they lock disjoint agents and touch disjoint keys of every unique index; the database
     * does the work of one batch on one core, and two keep a two-core server busy.
     */
    private final class BatchWriter {
        private static final int WRITERS = 2;

        private final Caller system;
        private final ImportOutcome outcome;
        private final long total;
        private final Progress progress;
        private final java.util.concurrent.ExecutorService pool;
        private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(WRITERS * 2);
        private final List<java.util.concurrent.Future<?>> pending = new ArrayList<>();
        private final java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicBoolean analyzed =
                new java.util.concurrent.atomic.AtomicBoolean();
        private final java.util.concurrent.atomic.AtomicReference<RuntimeException> failure =
                new java.util.concurrent.atomic.AtomicReference<>();

        BatchWriter(Caller system, ImportOutcome outcome, long total, Progress progress) {
            this.system = system;
            this.outcome = outcome;
            this.total = total;
            this.progress = progress;
            this.pool = java.util.concurrent.Executors.newFixedThreadPool(WRITERS, runnable -> {
                Thread thread = new Thread(runnable, "groupdesk-import");
                thread.setDaemon(true);
                return thread;
            });
        }

        void submit(List<ImportedMemberships> batch, List<List<ImportSet.Membership>> sources, int rows) {
            inFlight.acquireUninterruptibly(); // at most a few batches wait in memory
            pending.add(pool.submit(() -> {
                try (Origin.Scope origin = IMPORT.bind()) {
                    MembershipService.ImportResult result = memberships.importBatch(system, batch);
                    if (total > BATCH_SIZE && analyzed.compareAndSet(false, true)) {
                        // the statistics were taken with no memberships: the core's read of a batch's stored
                        // memberships would be planned as a scan of the account's, longer with every batch
                        memberships.refreshStatistics(system);
                    }
                    synchronized (outcome) {
                        outcome.created(Kind.MEMBERSHIPS, result.created());
                        outcome.updated(Kind.MEMBERSHIPS, result.updated());
                        outcome.unchanged(Kind.MEMBERSHIPS, result.unchanged());
                        for (MembershipService.Refusal refusal : result.refused()) {
                            ImportSet.Membership source = source(batch, sources, refusal);
                            outcome.skipped(Kind.MEMBERSHIPS, source.source(), label(source), refusal.reason());
                        }
                    }
                    progress.advanced("memberships", done.addAndGet(rows), total);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    inFlight.release();
                }
            }));
            pending.removeIf(java.util.concurrent.Future::isDone);
            if (failure.get() != null) {
                finish();
            }
        }

        /** The source row of a refused membership of {@code batch}. */
        private ImportSet.Membership source(
                List<ImportedMemberships> batch,
                List<List<ImportSet.Membership>> sources,
                MembershipService.Refusal refusal) {
            for (int i = 0; i < batch.size(); i++) {
                if (batch.get(i).agent().equals(refusal.agent())) {
                    return sources.get(i).get(batch.get(i).groups().indexOf(refusal.group()));
                }
            }
            throw new IllegalStateException("a refusal of a membership the batch does not hold");
        }

        /** Waits for every batch; the first failure is thrown as it was thrown in its writer. */
        void finish() {
            try {
                for (java.util.concurrent.Future<?> batch : pending) {
                    batch.get();
                }
            } catch (java.util.concurrent.ExecutionException e) {
                failure.compareAndSet(null, new IllegalStateException(e.getCause()));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure.compareAndSet(null, new IllegalStateException("interrupted while importing memberships", e));
            } finally {
                pool.shutdown();
            }
            if (failure.get() != null) {
                pool.shutdownNow();
                throw failure.get();
            }
        }
    }

    /** Both ids in one long (each id under 2^31, which identity columns starting at 1 stay under for long). */
    private static long pair(long agent, long group) {
        if (agent >= (1L << 31) || group >= (1L << 32)) {
            throw new IllegalStateException("ids too large for the import's pair index: " + agent + ", " + group);
        }
        return (agent << 32) | group;
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** Writes new and changed rows of one kind in batches of {@link #BATCH_SIZE}, one transaction each. */
    private static <I, U> void writeInBatches(
            Kind kind,
            List<I> inserts,
            List<U> updates,
            ImportOutcome outcome,
            Progress progress,
            java.util.function.BiConsumer<List<I>, List<U>> writeBatch) {
        String label = kind.plural();
        long total = inserts.size() + updates.size();
        long done = 0;
        progress.advanced(label, 0, total);
        for (int from = 0; from < Math.max(inserts.size(), updates.size()); from += BATCH_SIZE) {
            List<I> insertBatch = slice(inserts, from);
            List<U> updateBatch = slice(updates, from);
            writeBatch.accept(insertBatch, updateBatch);
            done += insertBatch.size() + updateBatch.size();
            progress.advanced(label, done, total);
        }
        outcome.created(kind, inserts.size());
        outcome.updated(kind, updates.size());
    }

    /** The stored id of every imported source id, looked up by the natural key it was matched on. */
    private static Map<Long, Long> idsBySource(Map<Long, String> keyOfSourceId, Function<String, Long> storedId) {
        Map<Long, Long> ids = new HashMap<>();
        keyOfSourceId.forEach((sourceId, key) -> ids.put(sourceId, storedId.apply(key)));
        return ids;
    }

    private static <T> List<T> slice(List<T> rows, int from) {
        return from >= rows.size() ? List.of() : rows.subList(from, Math.min(rows.size(), from + BATCH_SIZE));
    }

    private static String invalid(ValidationException e) {
        return "invalid "
                + e.violations().stream()
                        .map(v -> v.field() + " (" + v.message() + ")")
                        .collect(Collectors.joining(", "));
    }

    private static String blankToNull(String value) {
        return value == null || value.isBlank() ? null : value.strip();
    }
}
