package io.groupdesk.bulk;

import io.groupdesk.agents.AgentChanges;
import io.groupdesk.agents.AgentService;
import io.groupdesk.agents.NewAgent;
import io.groupdesk.bulk.BulkRepository.AgentRow;
import io.groupdesk.bulk.BulkRepository.MembershipRow;
import io.groupdesk.bulk.BulkRepository.NewGroupRow;
import io.groupdesk.bulk.BulkRepository.StoredGroup;
import io.groupdesk.bulk.ImportOutcome.Kind;
import io.groupdesk.groups.GroupService;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.FieldViolation;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.ValidationException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;

/**
 * Loads an {@link ImportSet} into one account: groups, then agents, then memberships, each in batches of
 * {@link #BATCH_SIZE} rows per transaction.
 *
 * <p>The rules are the API's, checked in memory against what the account holds when the import starts: names and
 * emails validated as {@link GroupService} and {@link AgentService} validate them, group names unique among live
 * groups and emails among active agents (ignoring case), memberships only of active agents in live groups of the same
 * account, and exactly one default membership per agent that has any. The database's unique keys and foreign keys
 * stay the backstop against a writer running at the same time.
 *
 * <p>Rows are matched to stored ones by natural key (agents by email, groups by name, memberships by the pair), so
 * a second run of the same set creates nothing. Imported agents get no password: they sign in after a reset or with
 * an API token. Deleted groups and users of the source are skipped, and so is everything else a rule refuses, each
 * with its reason.
 */
public final class BulkImporter {
    /**
     * Rows per transaction: large enough to amortise round trips and, on H2, the file store each commit makes (a
     * commit writes every page the batch changed, and 1,000,000 memberships spread over their indexes change most of
     * them: 5,000 rows a batch loaded them into H2 in 108 s, 20,000 in 95 s, 50,000 in 86 s; PostgreSQL took the same
     * time with either), and small enough to keep a batch's locks and memory short (a few seconds, a few megabytes).
     */
    public static final int BATCH_SIZE = 50_000;

    /** New agents and groups past which the planner's statistics are refreshed before memberships go in. */
    private static final long ANALYZE_AFTER = 1000;

    private final BulkRepository repository;
    private final Clock clock;

    BulkImporter(BulkRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    public static BulkImporter jdbc(Jdbi jdbi, Clock clock) {
        return new BulkImporter(BulkRepository.jdbc(jdbi), clock);
    }

    /** Imports {@code data} into {@code account}; the account must exist. */
    public ImportOutcome importInto(AccountId account, ImportSet data, Progress progress) {
        ImportOutcome outcome = new ImportOutcome();
        Map<Long, Long> groupIds = importGroups(account, data.groups(), outcome, progress);
        Map<Long, String> skippedUsers = new HashMap<>();
        Map<Long, Long> agentIds = importUsers(account, data.users(), data.unset(), outcome, progress, skippedUsers);
        if (outcome.counts(Kind.GROUPS).created() + outcome.counts(Kind.USERS).created() >= ANALYZE_AFTER) {
            repository.refreshStatistics();
        }
        Set<Long> knownGroups = data.groups().stream().map(ImportSet.Group::id).collect(Collectors.toSet());
        importMemberships(
                account, data.memberships(), agentIds, groupIds, skippedUsers, knownGroups, outcome, progress);
        return outcome;
    }

    // ---- groups -------------------------------------------------------------------------------------------------

    private Map<Long, Long> importGroups(
            AccountId account, List<ImportSet.Group> groups, ImportOutcome outcome, Progress progress) {
        Map<String, StoredGroup> stored = repository.liveGroups(account);
        boolean hasDefault = stored.values().stream().anyMatch(StoredGroup::isDefault);
        Map<Long, String> keyOfSourceId = new HashMap<>();
        Set<String> seenKeys = new HashSet<>();
        List<NewGroupRow> inserts = new ArrayList<>();
        List<StoredGroup> updates = new ArrayList<>();
        int defaultIndex = -1;
        for (ImportSet.Group group : groups) {
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
            String key = name.toLowerCase(Locale.ROOT);
            if (keyOfSourceId.containsKey(group.id())) {
                outcome.skipped(Kind.GROUPS, group.source(), name, "duplicate id " + group.id());
                continue;
            }
            if (!seenKeys.add(key)) {
                outcome.skipped(Kind.GROUPS, group.source(), name, "duplicate name");
                continue;
            }
            keyOfSourceId.put(group.id(), key);
            StoredGroup existing = stored.get(key);
            if (existing == null) {
                if (group.isDefault() && !hasDefault && defaultIndex < 0) {
                    defaultIndex = inserts.size();
                }
                inserts.add(new NewGroupRow(name, description, group.isPublic(), false));
                continue;
            }
            // a private group cannot become public again: the stored flag wins over a public row
            boolean isPublic = existing.isPublic() && group.isPublic();
            if (Objects.equals(existing.description(), description) && existing.isPublic() == isPublic) {
                outcome.unchanged(Kind.GROUPS, 1);
            } else {
                updates.add(
                        new StoredGroup(existing.id(), existing.name(), description, isPublic, existing.isDefault()));
            }
        }
        if (!hasDefault && !inserts.isEmpty()) {
            // the account's first group is its default (GroupService.create): the source's default if it has one
            int index = Math.max(defaultIndex, 0);
            NewGroupRow first = inserts.get(index);
            inserts.set(index, new NewGroupRow(first.name(), first.description(), first.isPublic(), true));
        }
        writeInBatches(
                Kind.GROUPS,
                inserts,
                updates,
                outcome,
                progress,
                (insertBatch, updateBatch) -> repository.writeGroups(account, insertBatch, updateBatch, now()));
        Map<String, StoredGroup> after = inserts.isEmpty() ? stored : repository.liveGroups(account);
        return idsBySource(keyOfSourceId, key -> after.get(key).id());
    }

    // ---- users --------------------------------------------------------------------------------------------------

    private Map<Long, Long> importUsers(
            AccountId account,
            List<ImportSet.User> users,
            ImportSet.Unset unset,
            ImportOutcome outcome,
            Progress progress,
            Map<Long, String> skippedUsers) {
        Map<String, AgentRow> stored = repository.activeAgents(account);
        Map<Long, String> keyOfSourceId = new HashMap<>();
        Set<String> seenKeys = new HashSet<>();
        List<AgentRow> inserts = new ArrayList<>();
        List<AgentRow> updates = new ArrayList<>();
        for (ImportSet.User user : users) {
            String label = user.email() == null ? "#" + user.id() : user.email();
            Optional<String> refused = refusal(user);
            if (refused.isPresent()) {
                skip(outcome, skippedUsers, user, label, refused.get());
                continue;
            }
            String email = user.email().strip();
            String key = email.toLowerCase(Locale.ROOT);
            if (keyOfSourceId.containsKey(user.id())) {
                skip(outcome, skippedUsers, user, label, "duplicate id " + user.id());
                continue;
            }
            if (!seenKeys.add(key)) {
                skip(outcome, skippedUsers, user, label, "duplicate email");
                continue;
            }
            keyOfSourceId.put(user.id(), key);
            AgentRow existing = stored.get(key);
            AgentRow row = agentRow(user, email, existing, unset);
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
                (insertBatch, updateBatch) -> repository.writeAgents(account, insertBatch, updateBatch, now()));
        Map<String, AgentRow> after = inserts.isEmpty() ? stored : repository.activeAgents(account);
        return idsBySource(keyOfSourceId, key -> after.get(key).id());
    }

    /**
     * The agent as the import would store it, in the stored form: stripped, blank as null, a locale or time zone equal
     * to what the source shows for none kept as the stored agent has it (none, or that same value), and routing
     * fields kept as stored where the source has none. So an agent the row describes as it is compares equal, field
     * by field, to its stored row, and is not written.
     */
    private static AgentRow agentRow(ImportSet.User user, String email, AgentRow existing, ImportSet.Unset unset) {
        return new AgentRow(
                existing == null ? 0 : existing.id(),
                user.name().strip(),
                email,
                role(user).key(),
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
            AccountId account,
            List<ImportSet.Membership> memberships,
            Map<Long, Long> agentIds,
            Map<Long, Long> groupIds,
            Map<Long, String> skippedUsers,
            Set<Long> knownGroups,
            ImportOutcome outcome,
            Progress progress) {
        // what the account holds: every pair, and each agent's default group
        Set<Long> storedPairs = new HashSet<>();
        Map<Long, Long> storedDefault = new HashMap<>();
        for (MembershipRow row : repository.memberships(account)) {
            storedPairs.add(pair(row.agentId(), row.groupId()));
            if (row.isDefault()) {
                storedDefault.put(row.agentId(), row.groupId());
            }
        }
        // the rows to apply, by agent, in the order read; the first default row of an agent is its default
        Map<Long, List<MembershipRow>> byAgent = new LinkedHashMap<>();
        Map<Long, Long> wantedDefault = new HashMap<>();
        Set<Long> seenPairs = new HashSet<>();
        for (ImportSet.Membership membership : memberships) {
            String label = "user " + membership.userId() + " in group " + membership.groupId();
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
            byAgent.computeIfAbsent(agent, a -> new ArrayList<>()).add(new MembershipRow(agent, group, false));
            if (membership.isDefault()) {
                wantedDefault.putIfAbsent(agent, group);
            }
        }
        long total = seenPairs.size();
        progress.advanced("memberships", 0, total);
        BatchWriter writer = new BatchWriter(account, total, progress);
        List<Long> clears = new ArrayList<>();
        List<MembershipRow> sets = new ArrayList<>();
        List<MembershipRow> inserts = new ArrayList<>();
        int batchRows = 0;
        for (Map.Entry<Long, List<MembershipRow>> entry : byAgent.entrySet()) {
            long agent = entry.getKey();
            Long current = storedDefault.get(agent);
            Long wanted = wantedDefault.get(agent);
            Long target = wanted != null ? wanted : current;
            boolean moves = current != null && !current.equals(target);
            if (moves) {
                clears.add(agent);
                outcome.updated(Kind.MEMBERSHIPS, 1); // the old default row loses its mark
            }
            boolean defaultGiven = target != null && !moves && target.equals(current);
            for (MembershipRow row : entry.getValue()) {
                boolean exists = storedPairs.contains(pair(agent, row.groupId()));
                boolean isTarget = target == null ? !defaultGiven : target.equals(row.groupId());
                if (exists) {
                    if (isTarget && !defaultGiven) {
                        sets.add(new MembershipRow(agent, row.groupId(), true));
                        outcome.updated(Kind.MEMBERSHIPS, 1);
                        defaultGiven = true;
                    } else {
                        outcome.unchanged(Kind.MEMBERSHIPS, 1);
                    }
                } else {
                    boolean isDefault = isTarget && !defaultGiven;
                    inserts.add(new MembershipRow(agent, row.groupId(), isDefault));
                    outcome.created(Kind.MEMBERSHIPS, 1);
                    defaultGiven |= isDefault;
                }
            }
            batchRows += entry.getValue().size();
            if (batchRows >= BATCH_SIZE) {
                writer.submit(clears, sets, inserts, batchRows);
                clears = new ArrayList<>();
                sets = new ArrayList<>();
                inserts = new ArrayList<>();
                batchRows = 0;
            }
        }
        if (batchRows > 0) {
            writer.submit(clears, sets, inserts, batchRows);
        }
        writer.finish();
    }

    /**
     * Writes membership batches on {@link #WRITERS} connections at once. Each batch holds whole agents and no two
     * batches share one, so they touch disjoint keys of every unique index and cannot deadlock; the database does
     * the work of one batch on one core, and two keep a two-core server busy.
     */
    private final class BatchWriter {
        private static final int WRITERS = 2;

        private final AccountId account;
        private final long total;
        private final Progress progress;
        private final java.util.concurrent.ExecutorService pool;
        private final java.util.concurrent.Semaphore inFlight = new java.util.concurrent.Semaphore(WRITERS * 2);
        private final List<java.util.concurrent.Future<?>> pending = new ArrayList<>();
        private final java.util.concurrent.atomic.AtomicLong done = new java.util.concurrent.atomic.AtomicLong();
        private final java.util.concurrent.atomic.AtomicReference<RuntimeException> failure =
                new java.util.concurrent.atomic.AtomicReference<>();

        BatchWriter(AccountId account, long total, Progress progress) {
            this.account = account;
            this.total = total;
            this.progress = progress;
            this.pool = java.util.concurrent.Executors.newFixedThreadPool(WRITERS, runnable -> {
                Thread thread = new Thread(runnable, "groupdesk-import");
                thread.setDaemon(true);
                return thread;
            });
        }

        void submit(List<Long> clears, List<MembershipRow> sets, List<MembershipRow> inserts, int rows) {
            inFlight.acquireUninterruptibly(); // at most a few batches wait in memory
            pending.add(pool.submit(() -> {
                try {
                    repository.writeMemberships(account, clears, sets, inserts, now());
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
            BiConsumer<List<I>, List<U>> writeBatch) {
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

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
