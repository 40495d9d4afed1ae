package io.groupdesk.events;

import io.groupdesk.access.Visibility;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.MembershipId;
import io.groupdesk.shared.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * The reads of the event log, the same SQL on H2 and PostgreSQL. Each audit filter is read from the index that leads
 * with it (V16 and V18), and its ORDER BY starts with the index's equal columns so that H2 reads the page off it too.
 */
final class JdbcEventLogRepository implements EventLogRepository {
    private static final String NAMED = "SELECT " + JdbcEventRepository.COLUMNS
            + ", actor.name AS actor_name, ag.name AS agent_name, g.name AS group_name FROM events e"
            + " LEFT JOIN agents actor ON actor.account_id = e.account_id AND actor.id = e.actor_id"
            + " LEFT JOIN agents ag ON ag.account_id = e.account_id AND ag.id = e.agent_id"
            + " LEFT JOIN agent_groups g ON g.account_id = e.account_id AND g.id = e.group_id";
    private static final String MEMBERSHIP_COLUMNS =
            "m.id, m.agent_id, m.group_id, m.default_marker, m.created_at, m.updated_at";

    private final Jdbi jdbi;

    JdbcEventLogRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public List<Named> audit(
            AccountId account, AuditFilter filter, Optional<Long> afterId, boolean backwards, long offset, int limit) {
        return jdbi.withHandle(handle -> {
            Optional<Long> membershipAgent = membershipAgent(handle, account, filter);
            StringBuilder sql = new StringBuilder(NAMED).append(where(filter, membershipAgent));
            // the order of the page read: newest first is descending, and reading backwards turns it around
            boolean descending = filter.newestFirst() != backwards;
            afterId.ifPresent(id -> sql.append(descending ? " AND e.id < :cursor" : " AND e.id > :cursor"));
            String direction = descending ? " DESC" : "";
            sql.append(" ORDER BY ");
            for (String column : heldEqual(filter, membershipAgent)) {
                sql.append(column).append(direction).append(", ");
            }
            sql.append("e.id").append(direction).append(" LIMIT :limit");
            if (offset > 0) {
                sql.append(" OFFSET :offset");
            }
            Query query = bind(handle.createQuery(sql.toString()), account, filter, membershipAgent)
                    .bind("limit", limit);
            afterId.ifPresent(id -> query.bind("cursor", id));
            if (offset > 0) {
                query.bind("offset", offset);
            }
            return query.map((rs, ctx) -> named(rs)).list();
        });
    }

    @Override
    public long countAudit(AccountId account, AuditFilter filter) {
        return jdbi.withHandle(handle -> {
            Optional<Long> membershipAgent = membershipAgent(handle, account, filter);
            return bind(
                            handle.createQuery("SELECT COUNT(*) FROM events e" + where(filter, membershipAgent)),
                            account,
                            filter,
                            membershipAgent)
                    .mapTo(Long.class)
                    .one();
        });
    }

    private static String where(AuditFilter filter, Optional<Long> membershipAgent) {
        StringBuilder where = new StringBuilder(" WHERE e.account_id = :account");
        filter.sourceType().ifPresent(t -> where.append(" AND e.source_type = :sourceType"));
        filter.sourceId().ifPresent(id -> {
            where.append(" AND e.source_id = :sourceId");
            switch (filter.sourceType().orElse(SourceType.GROUP_MEMBERSHIP)) {
                case USER -> where.append(" AND e.agent_id = :sourceId");
                case GROUP -> where.append(" AND e.group_id = :sourceId");
                case GROUP_MEMBERSHIP -> {
                    if (filter.sourceType().isPresent() && membershipAgent.isPresent()) {
                        where.append(" AND e.agent_id = :membershipAgent");
                    }
                }
            }
        });
        filter.actor()
                .ifPresent(actor -> where.append(
                        actor.agent().isPresent() ? " AND e.actor_id = :actor" : " AND e.actor_id IS NULL"));
        filter.ipAddress().ifPresent(t -> where.append(" AND e.ip_address = :ip"));
        filter.action().ifPresent(action -> where.append(" AND e.type IN (<types>)"));
        filter.from().ifPresent(t -> where.append(" AND e.occurred_at >= :from"));
        filter.to().ifPresent(t -> where.append(" AND e.occurred_at <= :to"));
        return where.toString();
    }

    /** The equal columns of the index the filter is read from, in the index's order. */
    private static List<String> heldEqual(AuditFilter filter, Optional<Long> membershipAgent) {
        if (filter.sourceId().isPresent() && filter.sourceType().isPresent()) {
            switch (filter.sourceType().get()) {
                case USER -> {
                    return List.of("e.account_id", "e.agent_id");
                }
                case GROUP -> {
                    return List.of("e.account_id", "e.group_id");
                }
                case GROUP_MEMBERSHIP -> {
                    if (membershipAgent.isPresent()) {
                        return List.of("e.account_id", "e.agent_id");
                    }
                }
            }
        }
        if (filter.actor().isPresent() && filter.actor().get().agent().isPresent()) {
            return List.of("e.account_id", "e.actor_id");
        }
        if (filter.ipAddress().isPresent()) {
            return List.of("e.account_id", "e.ip_address");
        }
        return List.of("e.account_id");
    }

    /** The agent of the membership a filter names, while the membership exists. */
    private static Optional<Long> membershipAgent(Handle handle, AccountId account, AuditFilter filter) {
        if (filter.sourceType().orElse(null) != SourceType.GROUP_MEMBERSHIP
                || filter.sourceId().isEmpty()) {
            return Optional.empty();
        }
        return handle.createQuery("SELECT m.agent_id FROM memberships m WHERE m.account_id = :account AND m.id = :id")
                .bind("account", account.value())
                .bind("id", filter.sourceId().get())
                .mapTo(Long.class)
                .findOne();
    }

    private static Query bind(Query query, AccountId account, AuditFilter filter, Optional<Long> membershipAgent) {
        query.bind("account", account.value());
        membershipAgent.ifPresent(agent -> query.bind("membershipAgent", agent));
        filter.sourceType().ifPresent(t -> query.bind("sourceType", t.key()));
        filter.sourceId().ifPresent(id -> query.bind("sourceId", id));
        filter.actor().flatMap(AuditFilter.Actor::agent).ifPresent(a -> query.bind("actor", a.value()));
        filter.ipAddress().ifPresent(ip -> query.bind("ip", ip));
        filter.action().ifPresent(action -> {
            List<String> types = new ArrayList<>();
            for (EventType type : EventType.values()) {
                if (type.action() == action) {
                    types.add(type.key());
                }
            }
            query.bindList("types", types);
        });
        filter.from().ifPresent(t -> query.bind("from", Sql.timestamp(t)));
        filter.to().ifPresent(t -> query.bind("to", Sql.timestamp(t)));
        return query;
    }

    @Override
    public Optional<Named> auditEntry(AccountId account, long id) {
        return jdbi.withHandle(handle -> handle.createQuery(NAMED + " WHERE e.account_id = :account AND e.id = :id")
                .bind("account", account.value())
                .bind("id", id)
                .map((rs, ctx) -> named(rs))
                .findOne());
    }

    private static Named named(ResultSet rs) throws SQLException {
        return new Named(
                JdbcEventRepository.event(rs),
                Optional.ofNullable(rs.getString("actor_name")),
                Optional.ofNullable(rs.getString("agent_name")),
                Optional.ofNullable(rs.getString("group_name")));
    }

    @Override
    public Map<Long, String> groupNames(AccountId account, Collection<Long> ids) {
        if (ids.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(handle -> {
            Map<Long, String> names = new HashMap<>();
            handle.createQuery("SELECT g.id, g.name FROM agent_groups g WHERE g.account_id = :account"
                            + " AND g.id IN (<ids>)")
                    .bind("account", account.value())
                    .bindList("ids", List.copyOf(ids))
                    .map((rs, ctx) -> names.put(rs.getLong(1), rs.getString(2)))
                    .list();
            return names;
        });
    }

    @Override
    public Optional<Long> firstIdAfter(AccountId account, Instant time) {
        return firstId(account, time, ">");
    }

    @Override
    public Optional<Long> firstIdAtOrAfter(AccountId account, Instant time) {
        return firstId(account, time, ">=");
    }

    private Optional<Long> firstId(AccountId account, Instant time, String comparison) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT MIN(e.id) FROM events e WHERE e.account_id ="
                        + " :account AND e.occurred_at " + comparison + " :time")
                .bind("account", account.value())
                .bind("time", Sql.timestamp(time))
                .mapTo(Long.class)
                .findOne());
    }

    @Override
    public Instant historyStart() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT MIN(started_at) FROM event_history")
                .map((rs, ctx) -> Sql.instant(rs, 1))
                .findOne()
                .orElse(Instant.EPOCH));
    }

    @Override
    public boolean agentExists(AccountId account, AgentId agent) {
        return jdbi.withHandle(
                handle -> handle.createQuery("SELECT 1 FROM agents a WHERE a.account_id = :account AND a.id = :id")
                        .bind("account", account.value())
                        .bind("id", agent.value())
                        .mapTo(Integer.class)
                        .findOne()
                        .isPresent());
    }

    @Override
    public boolean groupVisible(AccountId account, GroupId group, Optional<AgentId> viewer) {
        return !visibleGroups(account, List.of(group), viewer).isEmpty();
    }

    @Override
    public Set<GroupId> visibleGroups(AccountId account, Collection<GroupId> groups, Optional<AgentId> viewer) {
        if (groups.isEmpty()) {
            return Set.of();
        }
        String sql = "SELECT g.id FROM agent_groups g WHERE g.account_id = :account AND g.id IN (<ids>)"
                + viewer.map(v -> " AND " + Visibility.groupVisibleSql("g")).orElse("");
        return jdbi.withHandle(handle -> {
            Query query = handle.createQuery(sql)
                    .bind("account", account.value())
                    .bindList(
                            "ids",
                            groups.stream().map(GroupId::value).distinct().toList());
            viewer.ifPresent(v -> query.bind(Visibility.VIEWER, v.value()));
            return new HashSet<>(
                    query.map((rs, ctx) -> new GroupId(rs.getLong(1))).list());
        });
    }

    @Override
    public List<MembershipAsOf> currentMemberships(
            AccountId account,
            MembershipScope scope,
            Instant asOf,
            Optional<AgentId> viewer,
            Optional<Long> beyondId,
            boolean descending,
            int limit) {
        StringBuilder sql = new StringBuilder("SELECT " + MEMBERSHIP_COLUMNS + " FROM memberships m")
                .append(membershipsWhere(scope, viewer));
        beyondId.ifPresent(id -> sql.append(descending ? " AND m.id < :cursor" : " AND m.id > :cursor"));
        String direction = descending ? " DESC" : "";
        sql.append(" ORDER BY m.account_id")
                .append(direction)
                .append(scope.group().isPresent() ? ", m.group_id" + direction : "")
                .append(", m.id")
                .append(direction)
                .append(" LIMIT :limit");
        return jdbi.withHandle(handle -> {
            Query query = bindMemberships(handle.createQuery(sql.toString()), account, scope, asOf, viewer)
                    .bind("limit", limit);
            beyondId.ifPresent(id -> query.bind("cursor", id));
            return query.map((rs, ctx) -> new MembershipAsOf(
                            new MembershipId(rs.getLong("id")),
                            new AgentId(rs.getLong("agent_id")),
                            new GroupId(rs.getLong("group_id")),
                            rs.getObject("default_marker") != null,
                            Sql.instant(rs, "created_at"),
                            Sql.instant(rs, "updated_at")))
                    .list();
        });
    }

    @Override
    public long countCurrentMemberships(
            AccountId account, MembershipScope scope, Instant asOf, Optional<AgentId> viewer) {
        return jdbi.withHandle(handle -> bindMemberships(
                        handle.createQuery("SELECT COUNT(*) FROM memberships m" + membershipsWhere(scope, viewer)),
                        account,
                        scope,
                        asOf,
                        viewer)
                .mapTo(Long.class)
                .one());
    }

    private static String membershipsWhere(MembershipScope scope, Optional<AgentId> viewer) {
        StringBuilder where = new StringBuilder(" WHERE m.account_id = :account AND m.created_at <= :asOf");
        scope.agent().ifPresent(a -> where.append(" AND m.agent_id = :agent"));
        scope.group().ifPresent(g -> where.append(" AND m.group_id = :group"));
        viewer.ifPresent(v -> where.append(" AND EXISTS (SELECT 1 FROM agent_groups g"
                + " WHERE g.account_id = m.account_id AND g.id = m.group_id AND "
                + Visibility.groupVisibleSql("g") + ")"));
        return where.toString();
    }

    private static Query bindMemberships(
            Query query, AccountId account, MembershipScope scope, Instant asOf, Optional<AgentId> viewer) {
        query.bind("account", account.value()).bind("asOf", Sql.timestamp(asOf));
        scope.agent().ifPresent(a -> query.bind("agent", a.value()));
        scope.group().ifPresent(g -> query.bind("group", g.value()));
        viewer.ifPresent(v -> query.bind(Visibility.VIEWER, v.value()));
        return query;
    }

    @Override
    public List<Event> eventsOf(AccountId account, MembershipScope scope, EventType type, long fromId) {
        String column = scope.agent().isPresent() ? "agent_id" : "group_id";
        long subject = scope.agent()
                .map(AgentId::value)
                .orElseGet(() -> scope.group().orElseThrow().value());
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + JdbcEventRepository.COLUMNS
                        + " FROM events e WHERE e.account_id = :account AND e." + column + " = :subject"
                        + " AND e.id >= :from AND e.type = :type ORDER BY e.account_id, e." + column + ", e.id")
                .bind("account", account.value())
                .bind("subject", subject)
                .bind("from", fromId)
                .bind("type", type.key())
                .map((rs, ctx) -> JdbcEventRepository.event(rs))
                .list());
    }

    @Override
    public Map<AgentId, GroupId> currentDefaults(AccountId account, Collection<AgentId> agents) {
        if (agents.isEmpty()) {
            return Map.of();
        }
        return jdbi.withHandle(handle -> {
            Map<AgentId, GroupId> defaults = new HashMap<>();
            handle.createQuery("SELECT m.agent_id, m.group_id FROM memberships m WHERE m.account_id = :account"
                            + " AND m.agent_id IN (<agents>) AND m.default_marker IS NOT NULL")
                    .bind("account", account.value())
                    .bindList(
                            "agents",
                            agents.stream().map(AgentId::value).distinct().toList())
                    .map((rs, ctx) -> defaults.put(new AgentId(rs.getLong(1)), new GroupId(rs.getLong(2))))
                    .list();
            return defaults;
        });
    }

    @Override
    public List<Event> defaultChanges(AccountId account, Collection<AgentId> agents, long fromId) {
        if (agents.isEmpty()) {
            return List.of();
        }
        List<Event> all = new ArrayList<>();
        for (AgentId agent : new HashSet<>(agents)) {
            all.addAll(eventsOf(account, MembershipScope.ofAgent(agent), EventType.USER_DEFAULT_GROUP_CHANGED, fromId));
        }
        all.sort(java.util.Comparator.comparingLong(Event::id));
        return all;
    }
}
