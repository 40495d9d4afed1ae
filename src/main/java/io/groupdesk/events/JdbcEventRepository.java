package io.groupdesk.events;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The events, the same SQL on H2 and PostgreSQL. */
final class JdbcEventRepository implements EventRepository {
    static final String COLUMNS =
            "e.account_id, e.id, e.type, e.occurred_at, e.source_id, e.source_label, e.agent_id, e.group_id,"
                    + " e.actor_id, e.via, e.request_id, e.ip_address, e.changes";

    private final Jdbi jdbi;

    JdbcEventRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public void stage(AccountId account, Instant at, List<Row> rows) {
        int size = rows.size();
        String[] types = new String[size];
        String[] sourceTypes = new String[size];
        Long[] sourceIds = new Long[size];
        String[] labels = new String[size];
        Long[] agents = new Long[size];
        Long[] groups = new Long[size];
        Long[] actors = new Long[size];
        String[] vias = new String[size];
        String[] requests = new String[size];
        String[] addresses = new String[size];
        String[] changes = new String[size];
        for (int i = 0; i < size; i++) {
            Row row = rows.get(i);
            NewEvent event = row.event();
            types[i] = event.type().key();
            sourceTypes[i] = event.type().source().key();
            sourceIds[i] = event.sourceId();
            labels[i] = event.sourceLabel().orElse(null);
            agents[i] = event.agent().map(AgentId::value).orElse(null);
            groups[i] = event.group().map(GroupId::value).orElse(null);
            actors[i] = row.actor().map(AgentId::value).orElse(null);
            vias[i] = row.origin().via().key();
            requests[i] = row.origin().requestId().orElse(null);
            addresses[i] = row.origin().clientAddress().orElse(null);
            changes[i] = JsonText.of(event.changes());
        }
        // the rows take their seq in the arrays' order, which is the order they were recorded in
        jdbi.useHandle(handle -> handle.createUpdate(
                        """
                        INSERT INTO event_outbox (account_id, type, occurred_at, source_type, source_id, source_label,
                            agent_id, group_id, actor_id, via, request_id, ip_address, changes)
                        SELECT :account, t.type, :at, t.source_type, t.source_id, t.source_label, t.agent_id,
                            t.group_id, t.actor_id, t.via, t.request_id, t.ip_address, t.changes
                        FROM UNNEST(:types, :sourceTypes, :sourceIds, :labels, :agents, :groups, :actors, :vias,
                            :requests, :addresses, :changes)
                            AS t (type, source_type, source_id, source_label, agent_id, group_id, actor_id, via,
                            request_id, ip_address, changes)
                        """)
                .bind("account", account.value())
                .bind("at", Sql.timestamp(at))
                .bindArray("types", String.class, (Object[]) types)
                .bindArray("sourceTypes", String.class, (Object[]) sourceTypes)
                .bindArray("sourceIds", Long.class, (Object[]) sourceIds)
                .bindArray("labels", String.class, (Object[]) labels)
                .bindArray("agents", Long.class, (Object[]) agents)
                .bindArray("groups", Long.class, (Object[]) groups)
                .bindArray("actors", Long.class, (Object[]) actors)
                .bindArray("vias", String.class, (Object[]) vias)
                .bindArray("requests", String.class, (Object[]) requests)
                .bindArray("addresses", String.class, (Object[]) addresses)
                .bindArray("changes", String.class, (Object[]) changes)
                .execute());
    }

    @Override
    public List<Long> staged(AccountId account, int limit) {
        return jdbi.withHandle(handle -> staged(handle, account, limit));
    }

    private static List<Long> staged(Handle handle, AccountId account, int limit) {
        return handle.createQuery("SELECT o.seq FROM event_outbox o"
                        + " WHERE o.account_id = :account ORDER BY o.account_id, o.seq FETCH FIRST :limit ROWS ONLY")
                .bind("account", account.value())
                .bind("limit", limit)
                .mapTo(Long.class)
                .list();
    }

    @Override
    public List<AccountId> stagedAccounts(int limit) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT DISTINCT o.account_id FROM event_outbox o FETCH FIRST :limit ROWS ONLY")
                .bind("limit", limit)
                .map((rs, ctx) -> new AccountId(rs.getLong(1)))
                .list());
    }

    @Override
    public int sequence(AccountId account, int limit) {
        return jdbi.inTransaction(handle -> {
            long last = lockCounter(handle, account);
            List<Long> keys = staged(handle, account, limit);
            if (!keys.isEmpty()) {
                move(handle, account, last, keys);
            }
            return keys.size();
        });
    }

    private static long lockCounter(Handle handle, AccountId account) {
        Optional<Long> last = handle.createQuery(
                        "SELECT last_id FROM event_counters WHERE account_id = :account FOR UPDATE")
                .bind("account", account.value())
                .mapTo(Long.class)
                .findOne();
        if (last.isPresent()) {
            return last.get();
        }
        // an account created before its counter was (only by hand): its first events start it
        handle.createUpdate("INSERT INTO event_counters (account_id, last_id) VALUES (:account, 0)")
                .bind("account", account.value())
                .execute();
        return 0L;
    }

    private static void move(Handle handle, AccountId account, long lastId, List<Long> keys) {
        int size = keys.size();
        Long[] seqs = keys.toArray(Long[]::new);
        Long[] ids = new Long[size];
        for (int i = 0; i < size; i++) {
            ids[i] = lastId + 1 + i;
        }
        int inserted = handle.createUpdate(
                        """
                        INSERT INTO events (account_id, id, type, occurred_at, source_type, source_id,
                            source_label, agent_id, group_id, actor_id, via, request_id, ip_address, changes)
                        SELECT o.account_id, t.id, o.type, o.occurred_at, o.source_type, o.source_id,
                            o.source_label, o.agent_id, o.group_id, o.actor_id, o.via, o.request_id,
                            o.ip_address, o.changes
                        FROM UNNEST(:seqs, :ids) AS t (seq, id)
                        JOIN event_outbox o ON o.account_id = :account AND o.seq = t.seq
                        """)
                .bind("account", account.value())
                .bindArray("seqs", Long.class, (Object[]) seqs)
                .bindArray("ids", Long.class, (Object[]) ids)
                .execute();
        int deleted = handle.createUpdate(
                        """
                        DELETE FROM event_outbox
                        WHERE account_id = :account AND seq BETWEEN :first AND :last AND seq = ANY(:seqs)
                        """)
                .bind("account", account.value())
                .bind("first", seqs[0])
                .bind("last", seqs[size - 1])
                .bindArray("seqs", Long.class, (Object[]) seqs)
                .execute();
        if (inserted != size || deleted != size) {
            // the rows were read under the counter's lock, and only its holder deletes them: never expected
            throw new IllegalStateException(
                    "moved " + inserted + " and deleted " + deleted + " of " + size + " staged events");
        }
        handle.createUpdate("UPDATE event_counters SET last_id = :last WHERE account_id = :account")
                .bind("account", account.value())
                .bind("last", lastId + size)
                .execute();
    }

    @Override
    public List<Event> after(AccountId account, long afterId, int limit) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM events e WHERE e.account_id = :account AND e.id > :after ORDER BY e.id"
                        + " FETCH FIRST :limit ROWS ONLY")
                .bind("account", account.value())
                .bind("after", afterId)
                .bind("limit", limit)
                .map((rs, ctx) -> event(rs))
                .list());
    }

    @Override
    public Optional<Event> find(AccountId account, long id) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM events e WHERE e.account_id = :account AND e.id = :id")
                .bind("account", account.value())
                .bind("id", id)
                .map((rs, ctx) -> event(rs))
                .findOne());
    }

    @Override
    public List<Event> concerning(
            AccountId account, Optional<AgentId> agent, Optional<GroupId> group, long beforeId, int limit) {
        // one of the two: each has its index, (account_id, agent_id, id) and (account_id, group_id, id)
        String column = agent.isPresent() ? "agent_id" : "group_id";
        long subject =
                agent.map(AgentId::value).orElseGet(() -> group.orElseThrow().value());
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS
                        + " FROM events e WHERE e.account_id = :account AND e." + column + " = :subject"
                        + " AND e.id < :before ORDER BY e.id DESC FETCH FIRST :limit ROWS ONLY")
                .bind("account", account.value())
                .bind("subject", subject)
                .bind("before", beforeId)
                .bind("limit", limit)
                .map((rs, ctx) -> event(rs))
                .list());
    }

    @Override
    public Optional<Long> oldestId(AccountId account) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT MIN(id) FROM events WHERE account_id = :account")
                .bind("account", account.value())
                .mapTo(Long.class)
                .findOne());
    }

    @Override
    public long lastId(AccountId account) {
        return jdbi.withHandle(
                handle -> handle.createQuery("SELECT last_id FROM event_counters WHERE account_id = :account")
                        .bind("account", account.value())
                        .mapTo(Long.class)
                        .findOne()
                        .orElse(0L));
    }

    /** An event from a row selected with {@link #COLUMNS}. */
    static Event event(ResultSet rs) throws SQLException {
        long agent = rs.getLong("agent_id");
        boolean hasAgent = !rs.wasNull();
        long group = rs.getLong("group_id");
        boolean hasGroup = !rs.wasNull();
        long actor = rs.getLong("actor_id");
        boolean hasActor = !rs.wasNull();
        return new Event(
                rs.getLong("id"),
                new AccountId(rs.getLong("account_id")),
                EventType.ofKey(rs.getString("type")).orElseThrow(),
                Sql.instant(rs, "occurred_at"),
                rs.getLong("source_id"),
                Optional.ofNullable(rs.getString("source_label")),
                hasAgent ? Optional.of(new AgentId(agent)) : Optional.empty(),
                hasGroup ? Optional.of(new GroupId(group)) : Optional.empty(),
                hasActor ? Optional.of(new AgentId(actor)) : Optional.empty(),
                Via.ofKey(rs.getString("via")),
                Optional.ofNullable(rs.getString("request_id")),
                Optional.ofNullable(rs.getString("ip_address")),
                rs.getString("changes"));
    }
}
