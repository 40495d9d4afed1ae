package io.groupdesk.jobs;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

final class JdbcJobRepository implements JobRepository {
    private final Jdbi jdbi;

    JdbcJobRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void insert(Job job) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        """
                        INSERT INTO jobs
                            (account_id, id, job_type, status, total, progress, items, created_at, updated_at)
                        VALUES (:account, :id, :type, :status, :total, :progress, :items, :createdAt, :updatedAt)
                        """)
                .bind("account", job.accountId().value())
                .bind("id", job.id())
                .bind("type", job.type())
                .bind("status", job.status().name().toLowerCase(Locale.ROOT))
                .bind("total", job.total())
                .bind("progress", job.progress())
                .bind("items", JobItemsText.write(job.items()))
                .bind("createdAt", Sql.timestamp(job.createdAt()))
                .bind("updatedAt", Sql.timestamp(job.updatedAt()))
                .execute());
    }

    @Override
    public Optional<Job> find(AccountId account, String id) {
        return findAll(account, List.of(id)).stream().findFirst();
    }

    @Override
    public List<Job> findAll(AccountId account, Collection<String> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(handle -> withItems(
                handle,
                account,
                handle.createQuery(
                                "SELECT * FROM jobs WHERE account_id = :account AND id IN (<ids>) ORDER BY created_at, id")
                        .bind("account", account.value())
                        .bindList("ids", List.copyOf(ids))
                        .map((rs, ctx) -> job(rs))
                        .list()));
    }

    @Override
    public List<Job> recent(AccountId account, int limit) {
        return jdbi.withHandle(handle -> withItems(
                handle,
                account,
                handle.createQuery(
                                "SELECT * FROM jobs WHERE account_id = :account ORDER BY created_at DESC, id LIMIT :limit")
                        .bind("account", account.value())
                        .bind("limit", limit)
                        .map((rs, ctx) -> job(rs))
                        .list()));
    }

    /** Fills in the items of jobs stored before V11, which kept them as rows of {@code job_items}. */
    private static List<Job> withItems(Handle handle, AccountId account, List<Job> jobs) {
        List<String> older =
                jobs.stream().filter(job -> job.items() == null).map(Job::id).toList();
        if (older.isEmpty()) {
            return jobs;
        }
        Map<String, List<JobItem>> items = new HashMap<>();
        handle.createQuery(
                        """
                        SELECT * FROM job_items WHERE account_id = :account AND job_id IN (<ids>)
                        ORDER BY job_id, item_index
                        """)
                .bind("account", account.value())
                .bindList("ids", older)
                .map((rs, ctx) -> Map.entry(rs.getString("job_id"), item(rs)))
                .forEach(entry -> items.computeIfAbsent(entry.getKey(), k -> new ArrayList<>())
                        .add(entry.getValue()));
        return jobs.stream()
                .map(job -> job.items() != null
                        ? job
                        : new Job(
                                job.id(),
                                job.accountId(),
                                job.type(),
                                job.status(),
                                job.total(),
                                job.progress(),
                                List.copyOf(items.getOrDefault(job.id(), List.of())),
                                job.createdAt(),
                                job.updatedAt()))
                .toList();
    }

    /** A job as stored; its items are null when they are rows of {@code job_items} (stored before V11). */
    private static Job job(ResultSet rs) throws SQLException {
        String items = rs.getString("items");
        return new Job(
                rs.getString("id"),
                new AccountId(rs.getLong("account_id")),
                rs.getString("job_type"),
                Job.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getInt("total"),
                rs.getInt("progress"),
                items == null ? null : JobItemsText.read(items),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"));
    }

    private static JobItem item(ResultSet rs) throws SQLException {
        long record = rs.getLong("record_id");
        Long recordId = rs.wasNull() ? null : record;
        return new JobItem(
                rs.getInt("item_index"),
                recordId,
                rs.getString("action"),
                rs.getBoolean("success"),
                rs.getString("error"),
                rs.getString("details"));
    }
}
