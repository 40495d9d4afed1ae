package io.groupdesk.jobs;

import io.groupdesk.accounts.AccountId;
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
        jdbi.useHandle(handle -> {
            handle.createUpdate(
                            """
                            INSERT INTO jobs (account_id, id, job_type, status, total, progress, created_at, updated_at)
                            VALUES (:account, :id, :type, :status, :total, :progress, :createdAt, :updatedAt)
                            """)
                    .bind("account", job.accountId().value())
                    .bind("id", job.id())
                    .bind("type", job.type())
                    .bind("status", job.status().name().toLowerCase(Locale.ROOT))
                    .bind("total", job.total())
                    .bind("progress", job.progress())
                    .bind("createdAt", Sql.timestamp(job.createdAt()))
                    .bind("updatedAt", Sql.timestamp(job.updatedAt()))
                    .execute();
            if (job.items().isEmpty()) {
                return;
            }
            // one statement for every item: as a JDBC batch PostgreSQL ran one INSERT per item
            List<JobItem> items = job.items();
            handle.createUpdate(
                            """
                            INSERT INTO job_items
                                (account_id, job_id, item_index, record_id, action, success, error, details)
                            SELECT :account, :job, t.item_index, t.record_id, t.action, t.success, t.error, t.details
                            FROM UNNEST(:indexes, :records, :actions, :successes, :errors, :details)
                                AS t (item_index, record_id, action, success, error, details)
                            """)
                    .bind("account", job.accountId().value())
                    .bind("job", job.id())
                    .bindArray("indexes", Integer.class, column(items, JobItem::index))
                    .bindArray("records", Long.class, column(items, JobItem::recordId))
                    .bindArray("actions", String.class, column(items, JobItem::action))
                    .bindArray("successes", Boolean.class, column(items, JobItem::success))
                    .bindArray("errors", String.class, column(items, JobItem::error))
                    .bindArray("details", String.class, column(items, JobItem::details))
                    .execute();
        });
    }

    private static Object[] column(List<JobItem> items, java.util.function.Function<JobItem, Object> value) {
        return items.stream().map(value).toArray();
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

    private static List<Job> withItems(Handle handle, AccountId account, List<Job> jobs) {
        if (jobs.isEmpty()) {
            return jobs;
        }
        Map<String, List<JobItem>> items = new HashMap<>();
        handle.createQuery(
                        """
                        SELECT * FROM job_items WHERE account_id = :account AND job_id IN (<ids>)
                        ORDER BY job_id, item_index
                        """)
                .bind("account", account.value())
                .bindList("ids", jobs.stream().map(Job::id).toList())
                .map((rs, ctx) -> Map.entry(rs.getString("job_id"), item(rs)))
                .forEach(entry -> items.computeIfAbsent(entry.getKey(), k -> new ArrayList<>())
                        .add(entry.getValue()));
        return jobs.stream()
                .map(job -> new Job(
                        job.id(),
                        job.accountId(),
                        job.type(),
                        job.status(),
                        job.total(),
                        job.progress(),
                        items.getOrDefault(job.id(), List.of()),
                        job.createdAt(),
                        job.updatedAt()))
                .toList();
    }

    private static Job job(ResultSet rs) throws SQLException {
        return new Job(
                rs.getString("id"),
                new AccountId(rs.getLong("account_id")),
                rs.getString("job_type"),
                Job.Status.valueOf(rs.getString("status").toUpperCase(Locale.ROOT)),
                rs.getInt("total"),
                rs.getInt("progress"),
                List.of(),
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
