package io.groupdesk.agents;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import io.groupdesk.shared.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

final class JdbcAgentRepository implements AgentRepository {
    private static final String COLUMNS =
            "a.account_id, a.id, a.name, a.email, a.role, a.phone, a.position, a.work_id, a.alias, a.avatar_url,"
                    + " a.locale, a.time_zone, a.accepts_assignments, a.skill_level, a.active, a.suspended,"
                    + " a.created_at, a.updated_at";

    private final Jdbi jdbi;

    JdbcAgentRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Agent> find(AccountId account, AgentId id) {
        return jdbi.withHandle(handle -> select(handle, account, id, ""));
    }

    @Override
    public List<Agent> findAll(AccountId account, java.util.Collection<AgentId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        // the ids as an array joined on the key: H2 reads the whole account for account_id = ? AND id IN (...)
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM UNNEST(:ids) AS t (id)"
                        + " JOIN agents a ON a.account_id = :account AND a.id = t.id ORDER BY a.id")
                .bind("account", account.value())
                .bindArray(
                        "ids",
                        Long.class,
                        ids.stream().map(AgentId::value).distinct().toArray())
                .map(JdbcAgentRepository::map)
                .list());
    }

    @Override
    public List<Agent> membersOf(AccountId account, java.util.Collection<GroupId> groups, int limit) {
        if (groups.isEmpty()) {
            return List.of();
        }
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM agents a"
                        + " WHERE a.account_id = :account AND a.active AND EXISTS (SELECT 1 FROM memberships m"
                        + " WHERE m.account_id = a.account_id AND m.agent_id = a.id AND m.group_id IN (<groups>))"
                        + " ORDER BY a.id LIMIT :limit")
                .bind("account", account.value())
                .bindList(
                        "groups", groups.stream().map(GroupId::value).distinct().toList())
                .bind("limit", limit)
                .map(JdbcAgentRepository::map)
                .list());
    }

    @Override
    public Optional<Agent> lock(AccountId account, AgentId id) {
        return jdbi.withHandle(handle -> select(handle, account, id, " FOR UPDATE"));
    }

    private static Optional<Agent> select(Handle handle, AccountId account, AgentId id, String suffix) {
        return handle.createQuery(
                        "SELECT " + COLUMNS + " FROM agents a WHERE a.account_id = :account AND a.id = :id" + suffix)
                .bind("account", account.value())
                .bind("id", id.value())
                .map(JdbcAgentRepository::map)
                .findOne();
    }

    @Override
    public Slice<Agent> list(
            AccountId account, Set<Role> roles, boolean includeSuspended, Optional<GroupId> inGroup, PageRequest page) {
        return jdbi.withHandle(handle -> {
            StringBuilder where = new StringBuilder(" WHERE a.account_id = :account AND a.active");
            if (!includeSuspended) {
                where.append(" AND NOT a.suspended");
            }
            if (!roles.isEmpty()) {
                where.append(" AND a.role IN (<roles>)");
            }
            inGroup.ifPresent(g -> where.append(" AND EXISTS (SELECT 1 FROM memberships m WHERE m.account_id ="
                    + " a.account_id AND m.agent_id = a.id AND m.group_id = :group)"));
            StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM agents a").append(where);
            boolean descending = Sql.appendPage(sql, "a", page, "a.account_id");
            Query query = Sql.bindPage(bind(handle.createQuery(sql.toString()), account, roles, inGroup), page);
            List<Agent> fetched = query.map(JdbcAgentRepository::map).list();
            OptionalLong total = OptionalLong.empty();
            if (page.counted()) {
                total = OptionalLong.of(
                        bind(handle.createQuery("SELECT COUNT(*) FROM agents a" + where), account, roles, inGroup)
                                .mapTo(Long.class)
                                .one());
            }
            return Slice.fromOverfetch(fetched, page.size(), descending, total);
        });
    }

    @Override
    public Slice<Agent> search(AccountId account, AgentSearch search, PageRequest page) {
        return jdbi.withHandle(handle -> {
            String where = searchWhere(search);
            if (page.counted() && !search.text().isEmpty() && page instanceof PageRequest.Offset offset) {
                return searchCounted(handle, account, search, where, offset);
            }
            StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM agents a").append(where);
            boolean descending = Sql.appendPage(sql, "a", page, "a.account_id");
            List<Agent> fetched = Sql.bindPage(bindSearch(handle.createQuery(sql.toString()), account, search), page)
                    .map(JdbcAgentRepository::map)
                    .list();
            OptionalLong total =
                    page.counted() ? OptionalLong.of(count(handle, account, search, where)) : OptionalLong.empty();
            return Slice.fromOverfetch(fetched, page.size(), descending, total);
        });
    }

    /**
     * A page of a text search with its total in one pass: no index serves the text, so the page and the count would
     * each read every row of the account; the total rides on each row of the page instead. Only a page that comes
     * back empty past the first is counted on its own, to tell how far the end is.
     */
    private static Slice<Agent> searchCounted(
            Handle handle, AccountId account, AgentSearch search, String where, PageRequest.Offset page) {
        StringBuilder sql =
                new StringBuilder("SELECT " + COLUMNS + ", COUNT(*) OVER () AS matching FROM agents a").append(where);
        Sql.appendPage(sql, "a", page, "a.account_id");
        long[] matching = {0};
        List<Agent> fetched = Sql.bindPage(bindSearch(handle.createQuery(sql.toString()), account, search), page)
                .map((rs, ctx) -> {
                    matching[0] = rs.getLong("matching");
                    return map(rs, ctx);
                })
                .list();
        long total = !fetched.isEmpty() || page.page() == 1 ? matching[0] : count(handle, account, search, where);
        return Slice.fromOverfetch(fetched, page.size(), false, OptionalLong.of(total));
    }

    @Override
    public long count(AccountId account, AgentSearch search) {
        return jdbi.withHandle(handle -> count(handle, account, search, searchWhere(search)));
    }

    private static long count(Handle handle, AccountId account, AgentSearch search, String where) {
        return bindSearch(handle.createQuery("SELECT COUNT(*) FROM agents a" + where), account, search)
                .mapTo(Long.class)
                .one();
    }

    /**
     * The conditions of a search. The text is a substring of the lower-cased name or email, which no B-tree index
     * serves: the account's rows are read off its key, which on 50,000 agents stays well inside a page's budget
     * (docs/console.md has the figures).
     */
    private static String searchWhere(AgentSearch search) {
        StringBuilder where = new StringBuilder(" WHERE a.account_id = :account");
        search.active().ifPresent(active -> where.append(active ? " AND a.active" : " AND NOT a.active"));
        search.suspended()
                .ifPresent(suspended -> where.append(suspended ? " AND a.suspended" : " AND NOT a.suspended"));
        search.role().ifPresent(role -> where.append(" AND a.role = :role"));
        if (!search.text().isEmpty()) {
            // an active agent's email_key is its email in lower case already: one LOWER a row fewer
            where.append(" AND (LOWER(a.name) LIKE :text ESCAPE '!'"
                    + " OR COALESCE(a.email_key, LOWER(a.email)) LIKE :text ESCAPE '!')");
        }
        return where.toString();
    }

    private static Query bindSearch(Query query, AccountId account, AgentSearch search) {
        query.bind("account", account.value());
        search.role().ifPresent(role -> query.bind("role", role.key()));
        if (!search.text().isEmpty()) {
            query.bind("text", Sql.containsPattern(search.text()));
        }
        return query;
    }

    @Override
    public java.util.Map<AgentId, Long> groupCounts(
            AccountId account, java.util.Collection<AgentId> ids, Optional<AgentId> viewer) {
        if (ids.isEmpty()) {
            return java.util.Map.of();
        }
        // each agent's memberships off the pair key (account_id, agent_id, group_id), each group by its key: live
        // groups only, as the APIs count an agent's groups
        String sql = "SELECT m.agent_id, COUNT(*) FROM UNNEST(:ids) AS t (id)"
                + " JOIN memberships m ON m.account_id = :account AND m.agent_id = t.id"
                + " JOIN agent_groups g ON g.account_id = m.account_id AND g.id = m.group_id AND NOT g.deleted"
                + viewer.map(v -> " AND " + io.groupdesk.access.Visibility.groupVisibleSql("g"))
                        .orElse("")
                + " GROUP BY m.agent_id";
        return jdbi.withHandle(handle -> {
            Query query = handle.createQuery(sql)
                    .bind("account", account.value())
                    .bindArray(
                            "ids",
                            Long.class,
                            ids.stream().map(AgentId::value).distinct().toArray());
            viewer.ifPresent(v -> query.bind(io.groupdesk.access.Visibility.VIEWER, v.value()));
            java.util.Map<AgentId, Long> counts = new java.util.HashMap<>();
            query.map((rs, ctx) -> java.util.Map.entry(new AgentId(rs.getLong(1)), rs.getLong(2)))
                    .forEach(entry -> counts.put(entry.getKey(), entry.getValue()));
            return counts;
        });
    }

    @Override
    public List<Agent> changedSince(
            AccountId account, Instant from, long afterId, Optional<Instant> before, int limit) {
        // the range on updated_at alone, so both databases read it off agents_changed_idx (V18)
        String sql = "SELECT " + COLUMNS + " FROM agents a WHERE a.account_id = :account AND a.updated_at >= :from"
                + " AND (a.updated_at > :from OR a.id > :after)"
                + before.map(b -> " AND a.updated_at < :before").orElse("")
                + " ORDER BY a.account_id, a.updated_at, a.id LIMIT :limit";
        return jdbi.withHandle(handle -> {
            Query query = handle.createQuery(sql)
                    .bind("account", account.value())
                    .bind("from", Sql.timestamp(from))
                    .bind("after", afterId)
                    .bind("limit", limit);
            before.ifPresent(b -> query.bind("before", Sql.timestamp(b)));
            return query.map(JdbcAgentRepository::map).list();
        });
    }

    private static Query bind(Query query, AccountId account, Set<Role> roles, Optional<GroupId> inGroup) {
        query.bind("account", account.value());
        if (!roles.isEmpty()) {
            query.bindList("roles", roles.stream().map(Role::key).sorted().toList());
        }
        inGroup.ifPresent(g -> query.bind("group", g.value()));
        return query;
    }

    @Override
    public Agent insert(AccountId account, String name, String email, Role role, Instant now) {
        try {
            long id = jdbi.withHandle(handle -> handle.createUpdate(
                            """
                            INSERT INTO agents (account_id, name, email, email_key, role, created_at, updated_at)
                            VALUES (:account, :name, :email, :emailKey, :role, :now, :now)
                            """)
                    .bind("account", account.value())
                    .bind("name", name)
                    .bind("email", email)
                    .bind("emailKey", emailKey(email))
                    .bind("role", role.key())
                    .bind("now", Sql.timestamp(now))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
            return find(account, new AgentId(id)).orElseThrow();
        } catch (UnableToExecuteStatementException e) {
            throw translate(e, email);
        }
    }

    @Override
    public void update(Agent agent, Instant now) {
        try {
            jdbi.useHandle(handle -> handle.createUpdate(
                            """
                            UPDATE agents SET name = :name, email = :email, email_key = :emailKey, role = :role,
                                phone = :phone, position = :position, work_id = :workId, alias = :alias,
                                avatar_url = :avatarUrl, locale = :locale, time_zone = :timeZone,
                                accepts_assignments = :acceptsAssignments, skill_level = :skillLevel,
                                suspended = :suspended, updated_at = :now
                            WHERE account_id = :account AND id = :id AND active
                            """)
                    .bind("account", agent.accountId().value())
                    .bind("id", agent.id().value())
                    .bind("name", agent.name())
                    .bind("email", agent.email())
                    .bind("emailKey", emailKey(agent.email()))
                    .bind("role", agent.role().key())
                    .bind("phone", agent.phone())
                    .bind("position", agent.position())
                    .bind("workId", agent.workId())
                    .bind("alias", agent.alias())
                    .bind("avatarUrl", agent.avatarUrl())
                    .bind("locale", agent.locale())
                    .bind("timeZone", agent.timeZone())
                    .bind("acceptsAssignments", agent.acceptsAssignments())
                    .bind("skillLevel", agent.skillLevel())
                    .bind("suspended", agent.suspended())
                    .bind("now", Sql.timestamp(now))
                    .execute());
        } catch (UnableToExecuteStatementException e) {
            throw translate(e, agent.email());
        }
    }

    @Override
    public void deactivate(AccountId account, AgentId id, Instant now) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        """
                        UPDATE agents SET active = FALSE, email_key = NULL, updated_at = :now
                        WHERE account_id = :account AND id = :id AND active
                        """)
                .bind("account", account.value())
                .bind("id", id.value())
                .bind("now", Sql.timestamp(now))
                .execute());
    }

    @Override
    public List<Agent> active(AccountId account) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM agents a WHERE a.account_id = :account AND a.active")
                .bind("account", account.value())
                .setFetchSize(10_000)
                .map(JdbcAgentRepository::map)
                .list());
    }

    @Override
    public List<Agent> insertAll(AccountId account, List<ImportedAgent> agents, Instant now) {
        if (agents.isEmpty()) {
            return List.of();
        }
        java.util.Map<String, ImportedAgent> byKey = new java.util.HashMap<>();
        agents.forEach(agent -> byKey.put(emailKey(agent.email()), agent));
        try {
            return jdbi.withHandle(handle -> handle.createUpdate(
                            """
                            INSERT INTO agents (account_id, name, email, email_key, role, suspended, phone, alias,
                                                locale, time_zone, position, work_id, avatar_url,
                                                accepts_assignments, skill_level, created_at, updated_at)
                            SELECT :account, t.name, t.email, t.email_key, t.role, t.suspended, t.phone, t.alias,
                                   t.locale, t.time_zone, t.position, t.work_id, t.avatar_url,
                                   t.accepts_assignments, t.skill_level, :now, :now
                            FROM UNNEST(:names, :emails, :keys, :roles, :suspended, :phones, :aliases, :locales,
                                        :zones, :positions, :workIds, :avatars, :acceptsAssignments, :skillLevels)
                                AS t (name, email, email_key, role, suspended, phone, alias, locale, time_zone,
                                      position, work_id, avatar_url, accepts_assignments, skill_level)
                            """)
                    .bind("account", account.value())
                    .bindArray("names", String.class, column(agents, ImportedAgent::name))
                    .bindArray("emails", String.class, column(agents, ImportedAgent::email))
                    .bindArray("keys", String.class, column(agents, agent -> emailKey(agent.email())))
                    .bindArray("roles", String.class, column(agents, agent -> agent.role()
                            .key()))
                    .bindArray(
                            "suspended",
                            Boolean.class,
                            agents.stream().map(ImportedAgent::suspended).toArray(Boolean[]::new))
                    .bindArray("phones", String.class, column(agents, ImportedAgent::phone))
                    .bindArray("aliases", String.class, column(agents, ImportedAgent::alias))
                    .bindArray("locales", String.class, column(agents, ImportedAgent::locale))
                    .bindArray("zones", String.class, column(agents, ImportedAgent::timeZone))
                    .bindArray("positions", String.class, column(agents, ImportedAgent::position))
                    .bindArray("workIds", String.class, column(agents, ImportedAgent::workId))
                    .bindArray("avatars", String.class, column(agents, ImportedAgent::avatarUrl))
                    .bindArray(
                            "acceptsAssignments",
                            Boolean.class,
                            agents.stream()
                                    .map(ImportedAgent::acceptsAssignments)
                                    .toArray(Boolean[]::new))
                    .bindArray(
                            "skillLevels",
                            Integer.class,
                            agents.stream().map(ImportedAgent::skillLevel).toArray(Integer[]::new))
                    .bind("now", Sql.timestamp(now))
                    .executeAndReturnGeneratedKeys("id", "email_key")
                    .map((rs, ctx) ->
                            byKey.get(rs.getString("email_key")).added(new AgentId(rs.getLong("id")), account, now))
                    .list());
        } catch (org.jdbi.v3.core.JdbiException e) {
            throw translateImport(e);
        }
    }

    @Override
    public void updateAll(AccountId account, List<ImportedAgent> agents, Instant now) {
        if (agents.isEmpty()) {
            return;
        }
        try {
            jdbi.useHandle(handle -> {
                PreparedBatch batch = handle.prepareBatch(
                        """
                        UPDATE agents SET name = :name, email = :email, email_key = :emailKey, role = :role,
                            suspended = :suspended, phone = :phone, alias = :alias, locale = :locale,
                            time_zone = :timeZone, position = :position, work_id = :workId, avatar_url = :avatarUrl,
                            accepts_assignments = :acceptsAssignments, skill_level = :skillLevel, updated_at = :now
                        WHERE account_id = :account AND id = :id AND active
                        """);
                for (ImportedAgent agent : agents) {
                    batch.bind("account", account.value())
                            .bind("id", agent.id().orElseThrow().value())
                            .bind("name", agent.name())
                            .bind("email", agent.email())
                            .bind("emailKey", emailKey(agent.email()))
                            .bind("role", agent.role().key())
                            .bind("suspended", agent.suspended())
                            .bind("phone", agent.phone())
                            .bind("alias", agent.alias())
                            .bind("locale", agent.locale())
                            .bind("timeZone", agent.timeZone())
                            .bind("position", agent.position())
                            .bind("workId", agent.workId())
                            .bind("avatarUrl", agent.avatarUrl())
                            .bind("acceptsAssignments", agent.acceptsAssignments())
                            .bindByType("skillLevel", agent.skillLevel(), Integer.class)
                            .bind("now", Sql.timestamp(now))
                            .add();
                }
                batch.execute();
            });
        } catch (org.jdbi.v3.core.JdbiException e) {
            throw translateImport(e);
        }
    }

    private static Object[] column(List<ImportedAgent> rows, java.util.function.Function<ImportedAgent, String> field) {
        return rows.stream().map(field).toArray(String[]::new);
    }

    /** A batch of an import that breaks a unique key fails whole: some other writer changed the account meanwhile. */
    private static RuntimeException translateImport(org.jdbi.v3.core.JdbiException e) {
        return Sql.isUniqueViolation(e)
                ? new ConflictException("base", "another writer changed the account during the import: run it again")
                : e;
    }

    private static RuntimeException translate(UnableToExecuteStatementException e, String email) {
        return Sql.isUniqueViolation(e)
                ? new ConflictException("email", email + " is already being used by another user")
                : e;
    }

    static String emailKey(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    static Agent map(ResultSet rs, StatementContext ctx) throws SQLException {
        int skill = rs.getInt("skill_level");
        Integer skillLevel = rs.wasNull() ? null : skill;
        return new Agent(
                new AgentId(rs.getLong("id")),
                new AccountId(rs.getLong("account_id")),
                rs.getString("name"),
                rs.getString("email"),
                Role.fromKey(rs.getString("role")).orElseThrow(),
                rs.getString("phone"),
                rs.getString("position"),
                rs.getString("work_id"),
                rs.getString("alias"),
                rs.getString("avatar_url"),
                rs.getString("locale"),
                rs.getString("time_zone"),
                rs.getBoolean("accepts_assignments"),
                skillLevel,
                rs.getBoolean("active"),
                rs.getBoolean("suspended"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"));
    }
}
