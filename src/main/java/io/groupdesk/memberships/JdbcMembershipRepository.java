package io.groupdesk.memberships;

import io.groupdesk.access.Visibility;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.MembershipId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Slice;
import io.groupdesk.shared.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.mapper.RowMapper;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

final class JdbcMembershipRepository implements MembershipRepository {
    private static final String COLUMNS =
            "m.account_id, m.id, m.agent_id, m.group_id, m.default_marker, m.created_at, m.updated_at";

    /** How many rows one locking statement names at most. */
    private static final int LOCK_CHUNK = 1000;

    private static final String AGENT_STATE_SQL = "SELECT id, active, suspended FROM agents";
    private static final String GROUP_STATE_SQL = "SELECT id, deleted, is_public FROM agent_groups";
    private static final String LOCK_AGENTS_SQL = "SELECT x.id, x.active, x.suspended FROM UNNEST(:ids) AS t (id)"
            + " JOIN agents x ON x.account_id = :account AND x.id = t.id";
    private static final String LOCK_GROUPS_SQL = "SELECT x.id, x.deleted, x.is_public FROM UNNEST(:ids) AS t (id)"
            + " JOIN agent_groups x ON x.account_id = :account AND x.id = t.id";

    private final Jdbi jdbi;

    JdbcMembershipRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Map<AgentId, AgentState> lockAgents(AccountId account, Collection<AgentId> agents) {
        Map<AgentId, AgentState> locked = new LinkedHashMap<>();
        lock(
                        account,
                        LOCK_AGENTS_SQL,
                        agents.stream().map(AgentId::value).toList(),
                        JdbcMembershipRepository::agentState)
                .forEach(state -> locked.put(state.id(), state));
        return locked;
    }

    @Override
    public Map<GroupId, GroupState> lockGroups(AccountId account, Collection<GroupId> groups) {
        Map<GroupId, GroupState> locked = new LinkedHashMap<>();
        lock(
                        account,
                        LOCK_GROUPS_SQL,
                        groups.stream().map(GroupId::value).toList(),
                        JdbcMembershipRepository::groupState)
                .forEach(state -> locked.put(state.id(), state));
        return locked;
    }

    /**
     * Locks the rows {@code select} (of table {@code x}, joined to the ids as {@code t}) reads for these ids, in
     * ascending id order and in chunks, until the transaction ends. The ids come as an array joined on the key: H2
     * answers {@code account_id = ? AND id IN (...)} by reading every row of the account.
     */
    private <T> List<T> lock(AccountId account, String select, Collection<Long> ids, RowMapper<T> mapper) {
        List<Long> sorted = new TreeSet<>(ids).stream().toList();
        List<T> rows = new java.util.ArrayList<>();
        for (int from = 0; from < sorted.size(); from += LOCK_CHUNK) {
            List<Long> chunk = sorted.subList(from, Math.min(sorted.size(), from + LOCK_CHUNK));
            rows.addAll(jdbi.withHandle(handle -> handle.createQuery(select + " ORDER BY x.id FOR UPDATE OF x")
                    .bind("account", account.value())
                    .bindArray("ids", Long.class, chunk.toArray())
                    .map(mapper)
                    .list()));
        }
        return rows;
    }

    @Override
    public Optional<AgentState> agent(AccountId account, AgentId agent) {
        return jdbi.withHandle(
                handle -> handle.createQuery(AGENT_STATE_SQL + " WHERE account_id = :account AND id = :id")
                        .bind("account", account.value())
                        .bind("id", agent.value())
                        .map(JdbcMembershipRepository::agentState)
                        .findOne());
    }

    @Override
    public Optional<GroupState> group(AccountId account, GroupId group) {
        return jdbi.withHandle(
                handle -> handle.createQuery(GROUP_STATE_SQL + " WHERE account_id = :account AND id = :id")
                        .bind("account", account.value())
                        .bind("id", group.value())
                        .map(JdbcMembershipRepository::groupState)
                        .findOne());
    }

    private static AgentState agentState(ResultSet rs, StatementContext ctx) throws SQLException {
        return new AgentState(new AgentId(rs.getLong("id")), rs.getBoolean("active"), rs.getBoolean("suspended"));
    }

    private static GroupState groupState(ResultSet rs, StatementContext ctx) throws SQLException {
        return new GroupState(new GroupId(rs.getLong("id")), rs.getBoolean("deleted"), rs.getBoolean("is_public"));
    }

    @Override
    public Optional<Membership> find(AccountId account, MembershipId id) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM memberships m WHERE m.account_id = :account AND m.id = :id")
                .bind("account", account.value())
                .bind("id", id.value())
                .map(JdbcMembershipRepository::map)
                .findOne());
    }

    @Override
    public Optional<Membership> find(AccountId account, AgentId agent, GroupId group) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM memberships m"
                        + " WHERE m.account_id = :account AND m.agent_id = :agent AND m.group_id = :group")
                .bind("account", account.value())
                .bind("agent", agent.value())
                .bind("group", group.value())
                .map(JdbcMembershipRepository::map)
                .findOne());
    }

    @Override
    public List<Membership> ofGroups(AccountId account, Collection<GroupId> groups) {
        if (groups.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM UNNEST(:groups) AS t (id)"
                        + " JOIN memberships m ON m.account_id = :account AND m.group_id = t.id ORDER BY m.id")
                .bind("account", account.value())
                .bindArray(
                        "groups",
                        Long.class,
                        groups.stream().map(GroupId::value).distinct().toArray())
                .map(JdbcMembershipRepository::map)
                .list());
    }

    @Override
    public void activeMembers(AccountId account, List<GroupId> groups, Consumer<MembershipService.Member> each) {
        if (groups.isEmpty()) {
            return;
        }
        // the memberships are a derived table so that H2 starts from the group ids: joining all three at one level,
        // H2 2.5 read every membership of the account first, however few groups the roster names
        jdbi.useHandle(handle -> handle.createQuery(
                        """
                        SELECT m.group_id, m.agent_id, a.name
                        FROM (SELECT t.ord, x.id, x.group_id, x.agent_id
                              FROM UNNEST(:groups) WITH ORDINALITY AS t (id, ord)
                              JOIN memberships x ON x.account_id = :account AND x.group_id = t.id) AS m
                        JOIN agents a ON a.account_id = :account AND a.id = m.agent_id
                        WHERE a.active
                        ORDER BY m.ord, m.id
                        """)
                .bind("account", account.value())
                .bindArray(
                        "groups",
                        Long.class,
                        groups.stream().map(GroupId::value).distinct().toArray())
                .map((rs, ctx) -> new MembershipService.Member(
                        new GroupId(rs.getLong("group_id")), new AgentId(rs.getLong("agent_id")), rs.getString("name")))
                .forEach(each));
    }

    @Override
    public List<Membership> ofGroup(AccountId account, GroupId group) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM memberships m"
                        + " WHERE m.account_id = :account AND m.group_id = :group ORDER BY m.id")
                .bind("account", account.value())
                .bind("group", group.value())
                .map(JdbcMembershipRepository::map)
                .list());
    }

    @Override
    public List<Membership> ofAgent(AccountId account, AgentId agent) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM memberships m"
                        + " WHERE m.account_id = :account AND m.agent_id = :agent ORDER BY m.created_at, m.id")
                .bind("account", account.value())
                .bind("agent", agent.value())
                .map(JdbcMembershipRepository::map)
                .list());
    }

    @Override
    public Slice<Membership> list(
            AccountId account, MembershipFilter filter, Optional<AgentId> viewer, PageRequest page) {
        return jdbi.withHandle(handle -> {
            StringBuilder where = new StringBuilder(" WHERE m.account_id = :account");
            filter.agent().ifPresent(a -> where.append(" AND m.agent_id = :agent"));
            filter.group().ifPresent(g -> where.append(" AND m.group_id = :group"));
            if (filter.assignableOnly()) {
                where.append(" AND EXISTS (SELECT 1 FROM agents a WHERE a.account_id = m.account_id"
                        + " AND a.id = m.agent_id AND a.active AND NOT a.suspended AND a.accepts_assignments)");
            }
            viewer.ifPresent(v -> where.append(" AND EXISTS (SELECT 1 FROM agent_groups g"
                    + " WHERE g.account_id = m.account_id AND g.id = m.group_id AND "
                    + Visibility.groupVisibleSql("g") + ")"));
            StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM memberships m").append(where);
            // read in the order of the index the filter leads to: one agent's memberships are few, and sorted as they
            // are
            String[] heldEqual = filter.agent().isPresent()
                    ? new String[0]
                    : filter.group().isPresent()
                            ? new String[] {"m.account_id", "m.group_id"}
                            : new String[] {"m.account_id"};
            boolean descending = Sql.appendPage(sql, "m", page, heldEqual);
            Query query = Sql.bindPage(bind(handle.createQuery(sql.toString()), account, filter, viewer), page);
            List<Membership> fetched = query.map(JdbcMembershipRepository::map).list();
            OptionalLong total = OptionalLong.empty();
            if (page.counted()) {
                total = OptionalLong.of(
                        bind(handle.createQuery("SELECT COUNT(*) FROM memberships m" + where), account, filter, viewer)
                                .mapTo(Long.class)
                                .one());
            }
            return Slice.fromOverfetch(fetched, page.size(), descending, total);
        });
    }

    private static Query bind(Query query, AccountId account, MembershipFilter filter, Optional<AgentId> viewer) {
        query.bind("account", account.value());
        filter.agent().ifPresent(a -> query.bind("agent", a.value()));
        filter.group().ifPresent(g -> query.bind("group", g.value()));
        viewer.ifPresent(v -> query.bind(Visibility.VIEWER, v.value()));
        return query;
    }

    @Override
    public Membership insert(AccountId account, AgentId agent, GroupId group, boolean isDefault, Instant now) {
        try {
            long id = jdbi.withHandle(handle -> handle.createUpdate(
                            """
                            INSERT INTO memberships (account_id, agent_id, group_id, default_marker, created_at, updated_at)
                            VALUES (:account, :agent, :group, :defaultMarker, :now, :now)
                            """)
                    .bind("account", account.value())
                    .bind("agent", agent.value())
                    .bind("group", group.value())
                    .bind("defaultMarker", isDefault ? Boolean.TRUE : null)
                    .bind("now", Sql.timestamp(now))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
            jdbi.useHandle(handle -> MemberCounts.add(handle, account, Map.of(group.value(), 1L)));
            return new Membership(new MembershipId(id), account, agent, group, isDefault, now, now);
        } catch (UnableToExecuteStatementException e) {
            if (Sql.isUniqueViolation(e)) {
                throw new ConflictException("group", "The agent is already a member of this group");
            }
            throw e;
        }
    }

    @Override
    public List<Membership> insertAll(AccountId account, List<NewRow> rows, Instant now) {
        if (rows.isEmpty()) {
            return List.of();
        }
        try {
            // one statement for the whole list: as a JDBC batch PostgreSQL ran one INSERT per row
            Object[] agents = rows.stream().map(row -> row.agent().value()).toArray(Long[]::new);
            Object[] groups = rows.stream().map(row -> row.group().value()).toArray(Long[]::new);
            Object[] defaults = rows.stream()
                    .map(row -> row.isDefault() ? Boolean.TRUE : null)
                    .toArray(Boolean[]::new);
            Map<Map.Entry<Long, Long>, Long> ids = new HashMap<>();
            jdbi.useHandle(handle -> handle.createUpdate(
                            """
                            INSERT INTO memberships
                                (account_id, agent_id, group_id, default_marker, created_at, updated_at)
                            SELECT :account, t.agent_id, t.group_id, t.default_marker, :now, :now
                            FROM UNNEST(:agents, :groups, :defaults) AS t (agent_id, group_id, default_marker)
                            """)
                    .bind("account", account.value())
                    .bindArray("agents", Long.class, agents)
                    .bindArray("groups", Long.class, groups)
                    .bindArray("defaults", Boolean.class, defaults)
                    .bind("now", Sql.timestamp(now))
                    .executeAndReturnGeneratedKeys("id", "agent_id", "group_id")
                    .map((rs, ctx) ->
                            Map.entry(Map.entry(rs.getLong("agent_id"), rs.getLong("group_id")), rs.getLong("id")))
                    .forEach(e -> ids.put(e.getKey(), e.getValue())));
            jdbi.useHandle(handle -> MemberCounts.add(handle, account, MemberCounts.perGroup(rows, NewRow::group)));
            List<Membership> inserted = new java.util.ArrayList<>(rows.size());
            for (NewRow row : rows) {
                long id = ids.get(Map.entry(row.agent().value(), row.group().value()));
                inserted.add(new Membership(
                        new MembershipId(id), account, row.agent(), row.group(), row.isDefault(), now, now));
            }
            return inserted;
        } catch (UnableToExecuteStatementException e) {
            if (Sql.isUniqueViolation(e)) {
                throw new ConflictException("group", "The agent is already a member of this group");
            }
            throw e;
        }
    }

    @Override
    public void delete(AccountId account, MembershipId id) {
        jdbi.useHandle(handle -> {
            Optional<Long> group = handle.createQuery(
                            "SELECT group_id FROM memberships WHERE account_id = :account AND id = :id")
                    .bind("account", account.value())
                    .bind("id", id.value())
                    .mapTo(Long.class)
                    .findOne();
            int deleted = handle.createUpdate("DELETE FROM memberships WHERE account_id = :account AND id = :id")
                    .bind("account", account.value())
                    .bind("id", id.value())
                    .execute();
            if (deleted > 0) {
                MemberCounts.add(handle, account, Map.of(group.orElseThrow(), -1L));
            }
        });
    }

    @Override
    public void makeDefault(AccountId account, AgentId agent, MembershipId id, Instant now) {
        jdbi.useHandle(handle -> {
            handle.createUpdate(
                            """
                            UPDATE memberships SET default_marker = NULL, updated_at = :now
                            WHERE account_id = :account AND agent_id = :agent AND default_marker AND id <> :id
                            """)
                    .bind("account", account.value())
                    .bind("agent", agent.value())
                    .bind("id", id.value())
                    .bind("now", Sql.timestamp(now))
                    .execute();
            handle.createUpdate(
                            """
                            UPDATE memberships SET default_marker = TRUE, updated_at = :now
                            WHERE account_id = :account AND id = :id AND default_marker IS NULL
                            """)
                    .bind("account", account.value())
                    .bind("id", id.value())
                    .bind("now", Sql.timestamp(now))
                    .execute();
        });
    }

    @Override
    public Map<AgentId, GroupId> defaultGroups(
            AccountId account, Collection<AgentId> agents, Optional<AgentId> viewer) {
        Map<AgentId, GroupId> defaults = new LinkedHashMap<>();
        if (agents.isEmpty()) {
            return defaults;
        }
        String visible = viewer.isPresent()
                ? " AND EXISTS (SELECT 1 FROM agent_groups g WHERE g.account_id = :account AND g.id = m.group_id AND "
                        + Visibility.groupVisibleSql("g") + ")"
                : "";
        jdbi.useHandle(handle -> {
            Query query = handle.createQuery(
                            """
                            SELECT m.agent_id, m.group_id FROM UNNEST(:agents) AS t (id)
                            JOIN memberships m ON m.account_id = :account AND m.agent_id = t.id
                            WHERE m.default_marker
                            """
                                    + visible)
                    .bind("account", account.value())
                    .bindArray(
                            "agents",
                            Long.class,
                            agents.stream().map(AgentId::value).distinct().toArray());
            viewer.ifPresent(agent -> query.bind(Visibility.VIEWER, agent.value()));
            query.map((rs, ctx) -> Map.entry(new AgentId(rs.getLong("agent_id")), new GroupId(rs.getLong("group_id"))))
                    .forEach(entry -> defaults.put(entry.getKey(), entry.getValue()));
        });
        return defaults;
    }

    @Override
    public Present present(AccountId account, Collection<AgentId> agents, Collection<GroupId> groups) {
        if (agents.isEmpty()) {
            return new Present(new java.util.HashSet<>(), new java.util.HashSet<>());
        }
        List<Long> agentIds = agents.stream().map(AgentId::value).distinct().toList();
        List<Long> groupIds = groups.stream().map(GroupId::value).distinct().toList();
        java.util.Set<AgentId> inAnyGroup = new java.util.HashSet<>();
        java.util.Set<Map.Entry<AgentId, GroupId>> pairs = new java.util.HashSet<>();
        jdbi.useHandle(handle -> {
            handle.createQuery(
                            """
                            SELECT t.id FROM UNNEST(:agents) AS t (id)
                            WHERE EXISTS (SELECT 1 FROM memberships m
                                          WHERE m.account_id = :account AND m.agent_id = t.id)
                            """)
                    .bind("account", account.value())
                    .bindArray("agents", Long.class, agentIds.toArray())
                    .mapTo(Long.class)
                    .forEach(id -> inAnyGroup.add(new AgentId(id)));
            if (!groupIds.isEmpty()) {
                handle.createQuery(
                                """
                                SELECT m.agent_id, m.group_id FROM UNNEST(:agents) AS t (id)
                                JOIN memberships m ON m.account_id = :account AND m.agent_id = t.id
                                WHERE m.group_id IN (<groups>)
                                """)
                        .bind("account", account.value())
                        .bindArray("agents", Long.class, agentIds.toArray())
                        .bindList("groups", groupIds)
                        .map((rs, ctx) ->
                                Map.entry(new AgentId(rs.getLong("agent_id")), new GroupId(rs.getLong("group_id"))))
                        .forEach(pairs::add);
            }
        });
        return new Present(inAnyGroup, pairs);
    }

    @Override
    public boolean isMember(AccountId account, AgentId agent, GroupId group) {
        return find(account, agent, group).isPresent();
    }

    @Override
    public Map<GroupId, GroupState> groups(AccountId account, Collection<GroupId> groups) {
        Map<GroupId, GroupState> states = new HashMap<>();
        if (groups.isEmpty()) {
            return states;
        }
        jdbi.useHandle(handle -> handle.createQuery("SELECT x.id, x.deleted, x.is_public FROM UNNEST(:ids) AS t (id)"
                        + " JOIN agent_groups x ON x.account_id = :account AND x.id = t.id")
                .bind("account", account.value())
                .bindArray(
                        "ids",
                        Long.class,
                        groups.stream().map(GroupId::value).distinct().toArray())
                .map(JdbcMembershipRepository::groupState)
                .forEach(state -> states.put(state.id(), state)));
        return states;
    }

    @Override
    public Map<AgentId, List<Membership>> ofAgents(AccountId account, Collection<AgentId> agents) {
        Map<AgentId, List<Membership>> byAgent = new HashMap<>();
        if (agents.isEmpty()) {
            return byAgent;
        }
        jdbi.useHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM UNNEST(:agents) AS t (id)"
                        + " JOIN memberships m ON m.account_id = :account AND m.agent_id = t.id"
                        + " ORDER BY m.agent_id, m.created_at, m.id")
                .bind("account", account.value())
                .bindArray(
                        "agents",
                        Long.class,
                        agents.stream().map(AgentId::value).distinct().toArray())
                .map(JdbcMembershipRepository::map)
                .forEach(m -> byAgent.computeIfAbsent(m.agentId(), a -> new java.util.ArrayList<>())
                        .add(m)));
        return byAgent;
    }

    @Override
    public List<Membership> importRows(
            AccountId account,
            List<AgentId> clearDefaults,
            List<NewRow> markDefaults,
            List<NewRow> inserts,
            Instant now) {
        java.time.OffsetDateTime at = Sql.timestamp(now);
        try {
            return jdbi.withHandle(handle -> {
                if (!clearDefaults.isEmpty()) {
                    PreparedBatch batch = handle.prepareBatch(
                            """
                            UPDATE memberships SET default_marker = NULL, updated_at = :now
                            WHERE account_id = :account AND agent_id = :agent AND default_marker IS NOT NULL
                            """);
                    for (AgentId agent : clearDefaults) {
                        batch.bind("account", account.value())
                                .bind("agent", agent.value())
                                .bind("now", at)
                                .add();
                    }
                    batch.execute();
                }
                if (!markDefaults.isEmpty()) {
                    PreparedBatch batch = handle.prepareBatch(
                            """
                            UPDATE memberships SET default_marker = TRUE, updated_at = :now
                            WHERE account_id = :account AND agent_id = :agent AND group_id = :group
                            """);
                    for (NewRow row : markDefaults) {
                        batch.bind("account", account.value())
                                .bind("agent", row.agent().value())
                                .bind("group", row.group().value())
                                .bind("now", at)
                                .add();
                    }
                    batch.execute();
                }
                if (inserts.isEmpty()) {
                    return List.<Membership>of();
                }
                {
                    // one statement over arrays instead of a row per statement: the memberships are most of an import
                    int size = inserts.size();
                    Long[] agents = new Long[size];
                    Long[] groups = new Long[size];
                    Boolean[] defaults = new Boolean[size];
                    for (int i = 0; i < size; i++) {
                        NewRow row = inserts.get(i);
                        agents[i] = row.agent().value();
                        groups[i] = row.group().value();
                        defaults[i] = row.isDefault() ? Boolean.TRUE : null;
                    }
                    MemberCounts.add(handle, account, MemberCounts.perGroup(inserts, NewRow::group));
                    return handle.createUpdate(
                                    """
                                    INSERT INTO memberships
                                        (account_id, agent_id, group_id, default_marker, created_at, updated_at)
                                    SELECT :account, t.agent_id, t.group_id, t.default_marker, :now, :now
                                    FROM UNNEST(:agents, :groups, :defaults) AS t (agent_id, group_id, default_marker)
                                    """)
                            .bind("account", account.value())
                            .bindArray("agents", Long.class, (Object[]) agents)
                            .bindArray("groups", Long.class, (Object[]) groups)
                            .bindArray("defaults", Boolean.class, (Object[]) defaults)
                            .bind("now", at)
                            .executeAndReturnGeneratedKeys("id", "agent_id", "group_id", "default_marker")
                            .map((rs, ctx) -> new Membership(
                                    new MembershipId(rs.getLong("id")),
                                    account,
                                    new AgentId(rs.getLong("agent_id")),
                                    new GroupId(rs.getLong("group_id")),
                                    rs.getObject("default_marker") != null,
                                    now,
                                    now))
                            .list();
                }
            });
        } catch (org.jdbi.v3.core.JdbiException e) {
            if (Sql.isUniqueViolation(e)) {
                throw new ConflictException("base", "another writer changed the memberships meanwhile: run it again");
            }
            if (isForeignKeyViolation(e)) {
                throw new UnknownRow();
            }
            throw e;
        }
    }

    private static boolean isForeignKeyViolation(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && "23503".equals(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public java.util.Set<GroupId> deletedGroups(AccountId account) {
        // a deleted group has no name key: the name index finds the account's deleted groups alone
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT id FROM agent_groups WHERE account_id = :account AND name_key IS NULL")
                .bind("account", account.value())
                .mapTo(Long.class)
                .map(GroupId::new)
                .collect(java.util.stream.Collectors.toSet()));
    }

    @Override
    public void refreshStatistics() {
        jdbi.useHandle(handle -> {
            String product;
            try {
                product = handle.getConnection().getMetaData().getDatabaseProductName();
            } catch (SQLException e) {
                throw new IllegalStateException("cannot tell which database this is", e);
            }
            if (product.toLowerCase(java.util.Locale.ROOT).contains("postgres")) {
                handle.execute("ANALYZE agent_groups, agents, memberships");
            }
        });
    }

    private static Membership map(ResultSet rs, StatementContext ctx) throws SQLException {
        return new Membership(
                new MembershipId(rs.getLong("id")),
                new AccountId(rs.getLong("account_id")),
                new AgentId(rs.getLong("agent_id")),
                new GroupId(rs.getLong("group_id")),
                rs.getObject("default_marker") != null,
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"));
    }
}
