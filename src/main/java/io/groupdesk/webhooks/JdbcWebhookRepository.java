package io.groupdesk.webhooks;

import io.groupdesk.events.Event;
import io.groupdesk.events.EventType;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Slice;
import io.groupdesk.shared.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.function.ToIntFunction;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.Update;

/** Webhooks, invocations and attempts: the same SQL on H2 and PostgreSQL. */
final class JdbcWebhookRepository implements WebhookRepository {
    private static final String COLUMNS = "w.account_id, w.id, w.name, w.description, w.endpoint, w.http_method,"
            + " w.request_format, w.status, w.subscriptions, w.auth_type, w.auth_name, w.auth_secret,"
            + " w.custom_headers, w.signing_secret, w.created_at, w.created_by, w.updated_at, w.updated_by";
    private static final String INVOCATION_COLUMNS = "i.id, i.webhook_id, i.event_id, i.event_type, i.state,"
            + " i.attempts, i.next_attempt_at, i.last_status_code, i.webhook_deactivated, i.created_at,"
            + " i.completed_at";

    private final Jdbi jdbi;

    JdbcWebhookRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public long insert(Stored stored, long cursor) {
        Webhook webhook = stored.webhook();
        return jdbi.withHandle(handle -> bindFields(
                        handle.createUpdate(
                                """
                                INSERT INTO webhooks (account_id, name, description, endpoint, http_method,
                                    request_format, status, subscriptions, auth_type, auth_name, auth_secret,
                                    custom_headers, signing_secret, event_cursor, created_at, created_by, updated_at,
                                    updated_by)
                                VALUES (:account, :name, :description, :endpoint, :method, :format, :status,
                                    :subscriptions, :authType, :authName, :authSecret, :headers, :signingSecret,
                                    :cursor, :createdAt, :createdBy, :updatedAt, :updatedBy)
                                """),
                        stored)
                .bind("cursor", cursor)
                .bind("createdAt", Sql.timestamp(webhook.createdAt()))
                .bind("createdBy", webhook.createdBy().map(AgentId::value).orElse(null))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
    }

    private static Update bindFields(Update update, Stored stored) {
        Webhook webhook = stored.webhook();
        return update.bind("account", webhook.account().value())
                .bind("name", webhook.name())
                .bind("description", webhook.description())
                .bind("endpoint", webhook.endpoint())
                .bind("method", webhook.httpMethod())
                .bind("format", webhook.requestFormat())
                .bind("status", webhook.status().key())
                .bind(
                        "subscriptions",
                        String.join(
                                "\n",
                                webhook.subscriptions().stream()
                                        .map(EventType::key)
                                        .toList()))
                .bind(
                        "authType",
                        webhook.authentication().map(a -> a.type().key()).orElse(null))
                .bind(
                        "authName",
                        webhook.authentication().map(Authentication::name).orElse(null))
                .bind("authSecret", stored.sealedAuthSecret())
                .bind("headers", headersText(webhook.customHeaders()))
                .bind("signingSecret", stored.sealedSigningSecret())
                .bind("updatedAt", Sql.timestamp(webhook.updatedAt()))
                .bind("updatedBy", webhook.updatedBy().map(AgentId::value).orElse(null));
    }

    @Override
    public Optional<Stored> find(AccountId account, long id) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM webhooks w WHERE w.account_id = :account AND w.id = :id")
                .bind("account", account.value())
                .bind("id", id)
                .map((rs, ctx) -> stored(rs))
                .findOne());
    }

    @Override
    public Optional<Stored> findForDelivery(AccountId account, long id) {
        return find(account, id);
    }

    @Override
    public Slice<Stored> list(AccountId account, PageRequest page) {
        return jdbi.withHandle(handle -> {
            StringBuilder sql =
                    new StringBuilder("SELECT " + COLUMNS + " FROM webhooks w WHERE w.account_id = :account");
            boolean descending = Sql.appendPage(sql, "w", page, "w.account_id");
            Query query = handle.createQuery(sql.toString()).bind("account", account.value());
            List<Stored> fetched =
                    Sql.bindPage(query, page).map((rs, ctx) -> stored(rs)).list();
            return Slice.fromOverfetch(fetched, page.size(), descending, OptionalLong.empty());
        });
    }

    @Override
    public void update(Stored stored) {
        jdbi.useHandle(handle -> bindFields(
                        handle.createUpdate(
                                """
                                UPDATE webhooks SET name = :name, description = :description, endpoint = :endpoint,
                                    http_method = :method, request_format = :format, status = :status,
                                    subscriptions = :subscriptions, auth_type = :authType, auth_name = :authName,
                                    auth_secret = :authSecret, custom_headers = :headers,
                                    signing_secret = :signingSecret, updated_at = :updatedAt, updated_by = :updatedBy
                                WHERE account_id = :account AND id = :id
                                """),
                        stored)
                .bind("id", stored.webhook().id())
                .execute());
    }

    @Override
    public boolean delete(AccountId account, long id) {
        return jdbi.withHandle(
                handle -> handle.createUpdate("DELETE FROM webhooks WHERE account_id = :account AND id = :id")
                                .bind("account", account.value())
                                .bind("id", id)
                                .execute()
                        > 0);
    }

    @Override
    public List<Sealed> allSealed() {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT account_id, id, auth_secret, signing_secret FROM webhooks ORDER BY account_id, id")
                .map((rs, ctx) -> new Sealed(
                        new AccountId(rs.getLong("account_id")),
                        rs.getLong("id"),
                        rs.getString("auth_secret"),
                        rs.getString("signing_secret")))
                .list());
    }

    @Override
    public void reseal(Sealed sealed) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        """
                        UPDATE webhooks SET auth_secret = :auth, signing_secret = :signing
                        WHERE account_id = :account AND id = :id
                        """)
                .bind("auth", sealed.authSecret())
                .bind("signing", sealed.signingSecret())
                .bind("account", sealed.account().value())
                .bind("id", sealed.id())
                .execute());
    }

    @Override
    public List<Behind> lockBehind(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        """
                        SELECT w.account_id, w.id, w.event_cursor, w.subscriptions FROM webhooks w
                        WHERE w.status = 'active'
                          AND EXISTS (SELECT 1 FROM event_counters c
                                      WHERE c.account_id = w.account_id AND c.last_id > w.event_cursor)
                        ORDER BY w.account_id, w.id
                        FETCH FIRST :limit ROWS ONLY
                        FOR UPDATE SKIP LOCKED
                        """)
                .bind("limit", limit)
                .map((rs, ctx) -> new Behind(
                        new AccountId(rs.getLong("account_id")),
                        rs.getLong("id"),
                        rs.getLong("event_cursor"),
                        subscriptions(rs.getString("subscriptions"))))
                .list());
    }

    @Override
    public void insertInvocations(AccountId account, long webhook, List<Event> events, Instant now) {
        if (events.isEmpty()) {
            return;
        }
        Long[] ids = events.stream().map(Event::id).toArray(Long[]::new);
        String[] types = events.stream().map(event -> event.type().key()).toArray(String[]::new);
        jdbi.useHandle(handle -> handle.createUpdate(
                        """
                        INSERT INTO webhook_invocations (account_id, webhook_id, event_id, event_type, state, attempts,
                            next_attempt_at, created_at)
                        SELECT :account, :webhook, e.id, e.type, 'pending', 0, :now, :now
                        FROM UNNEST(:ids, :types) AS e (id, type)
                        """)
                .bind("account", account.value())
                .bind("webhook", webhook)
                .bindArray("ids", Long.class, (Object[]) ids)
                .bindArray("types", String.class, (Object[]) types)
                .bind("now", Sql.timestamp(now))
                .execute());
    }

    @Override
    public void moveCursor(AccountId account, long webhook, long cursor) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        "UPDATE webhooks SET event_cursor = :cursor WHERE account_id = :account AND id = :id")
                .bind("cursor", cursor)
                .bind("account", account.value())
                .bind("id", webhook)
                .execute());
    }

    @Override
    public List<Claimed> claim(Instant now, Instant until, String node, ToIntFunction<Queue> room) {
        return jdbi.withHandle(handle -> {
            // each active webhook's oldest pending invocation, its queue's head: one index look-up per webhook
            List<Head> heads = handle.createQuery(
                            """
                            SELECT h.account_id, h.webhook_id, h.id, h.attempts
                            FROM (SELECT w.account_id, w.id AS webhook_id,
                                         (SELECT MIN(p.id) FROM webhook_invocations p
                                          WHERE p.account_id = w.account_id AND p.webhook_id = w.id
                                            AND p.state = 'pending') AS head
                                  FROM webhooks w WHERE w.status = 'active') q
                            JOIN webhook_invocations h ON h.account_id = q.account_id AND h.id = q.head
                            """)
                    .map((rs, ctx) -> new Head(
                            new Queue(new AccountId(rs.getLong("account_id")), rs.getLong("webhook_id")),
                            rs.getLong("id"),
                            rs.getInt("attempts")))
                    .list();
            List<Claimed> claimed = new ArrayList<>();
            for (Head head : heads) {
                int places = room.applyAsInt(head.queue());
                if (places <= 0) {
                    continue;
                }
                // a head that failed is tried alone: the rest wait until the endpoint answers again
                boolean failing = head.attempts() > 0;
                claimed.addAll(handle.createQuery(
                                """
                                SELECT i.account_id, i.id, i.webhook_id, i.event_id, i.attempts
                                FROM webhook_invocations i
                                WHERE i.account_id = :account AND i.webhook_id = :webhook AND i.state = 'pending'
                                  AND i.id >= :head AND i.id <= :last
                                  AND i.next_attempt_at <= :now
                                  AND (i.claimed_until IS NULL OR i.claimed_until < :now)
                                ORDER BY i.id
                                FETCH FIRST :limit ROWS ONLY
                                FOR UPDATE SKIP LOCKED
                                """)
                        .bind("account", head.queue().account().value())
                        .bind("webhook", head.queue().webhookId())
                        .bind("head", head.id())
                        .bind("last", failing ? head.id() : Long.MAX_VALUE)
                        .bind("now", Sql.timestamp(now))
                        .bind("limit", failing ? 1 : places)
                        .map((rs, ctx) -> new Claimed(
                                new AccountId(rs.getLong("account_id")),
                                rs.getLong("id"),
                                rs.getLong("webhook_id"),
                                rs.getLong("event_id"),
                                rs.getInt("attempts")))
                        .list());
            }
            if (claimed.isEmpty()) {
                return claimed;
            }
            PreparedBatch lease = handle.prepareBatch(
                    """
                    UPDATE webhook_invocations SET claimed_until = :until, claimed_by = :node
                    WHERE account_id = :account AND id = :id
                    """);
            for (Claimed invocation : claimed) {
                lease.bind("until", Sql.timestamp(until))
                        .bind("node", node)
                        .bind("account", invocation.account().value())
                        .bind("id", invocation.id())
                        .add();
            }
            lease.execute();
            return claimed;
        });
    }

    private record Head(Queue queue, long id, int attempts) {}

    @Override
    public void record(List<Completed> completed, Instant now) {
        if (completed.isEmpty()) {
            return;
        }
        jdbi.useHandle(handle -> {
            PreparedBatch attempts = handle.prepareBatch(
                    """
                    INSERT INTO webhook_attempts (account_id, invocation_id, attempted_at, completed_at, outcome,
                        status_code, error, duration_ms)
                    SELECT :account, :invocation, :attemptedAt, :completedAt, :outcome, :status, :error, :duration
                    FROM webhook_invocations WHERE account_id = :account AND id = :invocation
                    """);
            PreparedBatch finished = handle.prepareBatch(
                    """
                    UPDATE webhook_invocations SET state = :state, attempts = :attempts, completed_at = :at,
                        last_status_code = COALESCE(:status, last_status_code), claimed_until = NULL,
                        claimed_by = NULL, webhook_deactivated = :deactivated
                    WHERE account_id = :account AND id = :id AND state = 'pending'
                    """);
            PreparedBatch retried = handle.prepareBatch(
                    """
                    UPDATE webhook_invocations SET attempts = :attempts, next_attempt_at = :next,
                        last_status_code = COALESCE(:status, last_status_code), claimed_until = NULL,
                        claimed_by = NULL
                    WHERE account_id = :account AND id = :id AND state = 'pending'
                    """);
            Map<Queue, Instant> deactivated = new LinkedHashMap<>();
            Map<Queue, Instant> recovered = new LinkedHashMap<>();
            for (Completed done : completed) {
                Claimed invocation = done.invocation();
                Attempt attempt = done.attempt();
                Integer status =
                        attempt.statusCode().isPresent() ? attempt.statusCode().getAsInt() : null;
                attempts.bind("account", invocation.account().value())
                        .bind("invocation", invocation.id())
                        .bind("attemptedAt", Sql.timestamp(attempt.attemptedAt()))
                        .bind("completedAt", Sql.timestamp(attempt.completedAt()))
                        .bind("outcome", attempt.outcome().key())
                        .bind("status", status)
                        .bind(
                                "error",
                                attempt.error()
                                        .map(e -> e.length() > 500 ? e.substring(0, 500) : e)
                                        .orElse(null))
                        .bind("duration", attempt.durationMillis())
                        .add();
                if (done.outcome() == Next.RETRY) {
                    retried.bind("attempts", done.attempts())
                            .bind("next", Sql.timestamp(done.next()))
                            .bind("status", status)
                            .bind("account", invocation.account().value())
                            .bind("id", invocation.id())
                            .add();
                    continue;
                }
                finished.bind("state", done.outcome() == Next.SUCCEEDED ? "succeeded" : "failed")
                        .bind("attempts", done.attempts())
                        .bind("at", Sql.timestamp(attempt.completedAt()))
                        .bind("status", status)
                        .bind("deactivated", done.outcome() == Next.FAILED)
                        .bind("account", invocation.account().value())
                        .bind("id", invocation.id())
                        .add();
                if (done.outcome() == Next.FAILED) {
                    deactivated.put(invocation.queue(), attempt.completedAt());
                } else if (done.outcome() == Next.SUCCEEDED && done.attempts() > 1) {
                    recovered.put(invocation.queue(), now);
                }
            }
            attempts.execute();
            if (finished.size() > 0) {
                finished.execute();
            }
            if (retried.size() > 0) {
                retried.execute();
            }
            deactivated.forEach((queue, at) -> handle.createUpdate(
                            """
                            UPDATE webhooks SET status = 'inactive', updated_at = :at
                            WHERE account_id = :account AND id = :id
                            """)
                    .bind("at", Sql.timestamp(at))
                    .bind("account", queue.account().value())
                    .bind("id", queue.webhookId())
                    .execute());
            // the endpoint answers again: what waited out a backoff behind the failing head goes now
            recovered.keySet().stream()
                    .filter(queue -> !deactivated.containsKey(queue))
                    .forEach(queue -> handle.createUpdate(
                                    """
                                    UPDATE webhook_invocations SET next_attempt_at = :now
                                    WHERE account_id = :account AND webhook_id = :webhook AND state = 'pending'
                                      AND attempts > 0 AND next_attempt_at > :now
                                    """)
                            .bind("now", Sql.timestamp(now))
                            .bind("account", queue.account().value())
                            .bind("webhook", queue.webhookId())
                            .execute());
        });
    }

    @Override
    public Slice<Invocation> invocations(AccountId account, long webhook, PageRequest page) {
        return jdbi.withHandle(handle -> {
            StringBuilder sql = new StringBuilder("SELECT " + INVOCATION_COLUMNS
                    + " FROM webhook_invocations i WHERE i.account_id = :account AND i.webhook_id = :webhook");
            boolean descending = Sql.appendPage(sql, "i", page, "i.account_id", "i.webhook_id");
            Query query = handle.createQuery(sql.toString())
                    .bind("account", account.value())
                    .bind("webhook", webhook);
            List<Invocation> fetched =
                    Sql.bindPage(query, page).map((rs, ctx) -> invocation(rs)).list();
            return Slice.fromOverfetch(fetched, page.size(), descending, OptionalLong.empty());
        });
    }

    @Override
    public Optional<Invocation> invocation(AccountId account, long webhook, long invocation) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + INVOCATION_COLUMNS
                        + " FROM webhook_invocations i WHERE i.account_id = :account AND i.webhook_id = :webhook"
                        + " AND i.id = :id")
                .bind("account", account.value())
                .bind("webhook", webhook)
                .bind("id", invocation)
                .map((rs, ctx) -> invocation(rs))
                .findOne());
    }

    @Override
    public List<Attempt> attempts(AccountId account, long invocation) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        """
                        SELECT id, invocation_id, attempted_at, completed_at, outcome, status_code, error, duration_ms
                        FROM webhook_attempts WHERE account_id = :account AND invocation_id = :invocation ORDER BY id
                        """)
                .bind("account", account.value())
                .bind("invocation", invocation)
                .map((rs, ctx) -> {
                    int status = rs.getInt("status_code");
                    boolean hasStatus = !rs.wasNull();
                    return new Attempt(
                            rs.getLong("id"),
                            rs.getLong("invocation_id"),
                            Sql.instant(rs, "attempted_at"),
                            Sql.instant(rs, "completed_at"),
                            Attempt.Outcome.ofKey(rs.getString("outcome")),
                            hasStatus ? OptionalInt.of(status) : OptionalInt.empty(),
                            Optional.ofNullable(rs.getString("error")),
                            rs.getLong("duration_ms"));
                })
                .list());
    }

    private static Invocation invocation(ResultSet rs) throws SQLException {
        int status = rs.getInt("last_status_code");
        boolean hasStatus = !rs.wasNull();
        return new Invocation(
                rs.getLong("id"),
                rs.getLong("webhook_id"),
                rs.getLong("event_id"),
                EventType.ofKey(rs.getString("event_type")).orElseThrow(),
                Invocation.State.ofKey(rs.getString("state")),
                rs.getInt("attempts"),
                Sql.instant(rs, "next_attempt_at"),
                hasStatus ? OptionalInt.of(status) : OptionalInt.empty(),
                rs.getBoolean("webhook_deactivated"),
                Sql.instant(rs, "created_at"),
                Optional.ofNullable(Sql.instant(rs, "completed_at")));
    }

    private static Stored stored(ResultSet rs) throws SQLException {
        String authType = rs.getString("auth_type");
        Optional<Authentication> authentication = authType == null
                ? Optional.empty()
                : Optional.of(new Authentication(
                        Authentication.Type.ofKey(authType).orElseThrow(), rs.getString("auth_name"), null));
        long createdBy = rs.getLong("created_by");
        boolean hasCreator = !rs.wasNull();
        long updatedBy = rs.getLong("updated_by");
        boolean hasUpdater = !rs.wasNull();
        Webhook webhook = new Webhook(
                rs.getLong("id"),
                new AccountId(rs.getLong("account_id")),
                rs.getString("name"),
                rs.getString("description"),
                rs.getString("endpoint"),
                rs.getString("http_method"),
                rs.getString("request_format"),
                Webhook.Status.ofKey(rs.getString("status")).orElseThrow(),
                subscriptions(rs.getString("subscriptions")),
                authentication,
                headers(rs.getString("custom_headers")),
                Sql.instant(rs, "created_at"),
                hasCreator ? Optional.of(new AgentId(createdBy)) : Optional.empty(),
                Sql.instant(rs, "updated_at"),
                hasUpdater ? Optional.of(new AgentId(updatedBy)) : Optional.empty());
        return new Stored(webhook, rs.getString("auth_secret"), rs.getString("signing_secret"));
    }

    private static List<EventType> subscriptions(String text) {
        List<EventType> types = new ArrayList<>();
        for (String key : text.split("\n")) {
            EventType.ofKey(key).ifPresent(types::add);
        }
        return List.copyOf(types);
    }

    private static String headersText(Map<String, String> headers) {
        StringBuilder text = new StringBuilder();
        headers.forEach(
                (name, value) -> text.append(name).append(": ").append(value).append('\n'));
        return text.toString();
    }

    private static Map<String, String> headers(String text) {
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            int colon = line.indexOf(": ");
            if (colon > 0) {
                headers.put(line.substring(0, colon), line.substring(colon + 2));
            }
        }
        return java.util.Collections.unmodifiableMap(headers);
    }
}
