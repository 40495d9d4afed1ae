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
    public long reserve(AccountId account, int count) {
        return jdbi.withHandle(handle -> {
            int updated = handle.createUpdate(
                            "UPDATE event_counters SET last_id = last_id + :count WHERE account_id = :account")
                    .bind("count", count)
                    .bind("account", account.value())
                    .execute();
            if (updated == 0) {
                // an account created before its counter was (only by hand): its first events start it
                handle.createUpdate("INSERT INTO event_counters (account_id, last_id) VALUES (:account, :count)")
                        .bind("count", count)
                        .bind("account", account.value())
                        .execute();
                return (long) count;
            }
            return handle.createQuery("SELECT last_id FROM event_counters WHERE account_id = :account")
                    .bind("account", account.value())
                    .mapTo(Long.class)
                    .one();
        });
    }

    @Override
    public void insert(AccountId account, long firstId, Instant at, List<Row> rows) {
        int size = rows.size();
        Long[] ids = new Long[size];
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
            ids[i] = firstId + i;
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
        jdbi.useHandle(handle -> handle.createUpdate(
                        """
                        INSERT INTO events (account_id, id, type, occurred_at, source_type, source_id, source_label,
                            agent_id, group_id, actor_id, via, request_id, ip_address, changes)
                        SELECT :account, t.id, t.type, :at, t.source_type, t.source_id, t.source_label, t.agent_id,
                            t.group_id, t.actor_id, t.via, t.request_id, t.ip_address, t.changes
                        FROM UNNEST(:ids, :types, :sourceTypes, :sourceIds, :labels, :agents, :groups, :actors, :vias,
                            :requests, :addresses, :changes)
                            AS t (id, type, source_type, source_id, source_label, agent_id, group_id, actor_id, via,
                            request_id, ip_address, changes)
                        """)
                .bind("account", account.value())
                .bind("at", Sql.timestamp(at))
                .bindArray("ids", Long.class, (Object[]) ids)
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
