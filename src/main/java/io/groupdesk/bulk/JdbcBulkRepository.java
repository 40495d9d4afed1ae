package io.groupdesk.bulk;

import io.groupdesk.groups.GroupTallies;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.Sql;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.jdbi.v3.core.statement.PreparedBatch;

/**
 * Plain SQL over the same tables and constraints as the feature repositories. The unique keys (live group names,
 * active emails, one default per agent and per account, one membership per pair) and the account-scoped foreign
 * keys stay the backstop: a batch that breaks one fails whole, as a {@link ConflictException}.
 */
final class JdbcBulkRepository implements BulkRepository {
    private final Jdbi jdbi;

    JdbcBulkRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Map<String, StoredGroup> liveGroups(AccountId account) {
        Map<String, StoredGroup> groups = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery(
                        """
                        SELECT id, name_key, name, description, is_public, default_marker FROM agent_groups
                        WHERE account_id = :account AND NOT deleted
                        """)
                .bind("account", account.value())
                .setFetchSize(10_000)
                .map((rs, ctx) -> Map.entry(
                        rs.getString("name_key"),
                        new StoredGroup(
                                rs.getLong("id"),
                                rs.getString("name"),
                                rs.getString("description"),
                                rs.getBoolean("is_public"),
                                rs.getObject("default_marker") != null)))
                .forEach(entry -> groups.put(entry.getKey(), entry.getValue())));
        return groups;
    }

    @Override
    public Map<String, AgentRow> activeAgents(AccountId account) {
        Map<String, AgentRow> agents = new HashMap<>();
        jdbi.useHandle(handle -> handle.createQuery(
                        """
                        SELECT id, name, email, email_key, role, suspended, phone, alias, locale, time_zone, position,
                               work_id, avatar_url, accepts_assignments, skill_level
                        FROM agents WHERE account_id = :account AND active
                        """)
                .bind("account", account.value())
                .setFetchSize(10_000)
                .map((rs, ctx) -> Map.entry(
                        rs.getString("email_key"),
                        new AgentRow(
                                rs.getLong("id"),
                                rs.getString("name"),
                                rs.getString("email"),
                                rs.getString("role"),
                                rs.getBoolean("suspended"),
                                rs.getString("phone"),
                                rs.getString("alias"),
                                rs.getString("locale"),
                                rs.getString("time_zone"),
                                rs.getString("position"),
                                rs.getString("work_id"),
                                rs.getString("avatar_url"),
                                rs.getBoolean("accepts_assignments"),
                                rs.getObject("skill_level") == null ? null : rs.getInt("skill_level"))))
                .forEach(entry -> agents.put(entry.getKey(), entry.getValue())));
        return agents;
    }

    @Override
    public List<MembershipRow> memberships(AccountId account) {
        // a cursor, not one result set in memory, so PostgreSQL streams a million rows (needs autocommit off)
        return jdbi.inTransaction(handle -> handle.createQuery(
                        "SELECT agent_id, group_id, default_marker FROM memberships WHERE account_id = :account")
                .bind("account", account.value())
                .setFetchSize(10_000)
                .map((rs, ctx) -> new MembershipRow(
                        rs.getLong("agent_id"), rs.getLong("group_id"), rs.getObject("default_marker") != null))
                .list());
    }

    @Override
    public void writeGroups(AccountId account, List<NewGroupRow> inserts, List<StoredGroup> updates, Instant now) {
        OffsetDateTime at = Sql.timestamp(now);
        inTransaction(handle -> {
            if (!inserts.isEmpty()) {
                int size = inserts.size();
                String[] names = new String[size];
                String[] keys = new String[size];
                String[] descriptions = new String[size];
                Boolean[] isPublic = new Boolean[size];
                Boolean[] defaults = new Boolean[size];
                for (int i = 0; i < size; i++) {
                    NewGroupRow group = inserts.get(i);
                    names[i] = group.name();
                    keys[i] = group.name().toLowerCase(Locale.ROOT);
                    descriptions[i] = group.description();
                    isPublic[i] = group.isPublic();
                    defaults[i] = group.isDefault() ? Boolean.TRUE : null;
                }
                handle.createUpdate(
                                """
                                INSERT INTO agent_groups (account_id, name, name_key, description, is_public,
                                                          default_marker, created_at, updated_at)
                                SELECT :account, t.name, t.name_key, t.description, t.is_public, t.default_marker,
                                       :now, :now
                                FROM UNNEST(:names, :keys, :descriptions, :isPublic, :defaults)
                                    AS t (name, name_key, description, is_public, default_marker)
                                """)
                        .bind("account", account.value())
                        .bindArray("names", String.class, (Object[]) names)
                        .bindArray("keys", String.class, (Object[]) keys)
                        .bindArray("descriptions", String.class, (Object[]) descriptions)
                        .bindArray("isPublic", Boolean.class, (Object[]) isPublic)
                        .bindArray("defaults", Boolean.class, (Object[]) defaults)
                        .bind("now", at)
                        .execute();
                GroupTallies.add(handle, account, 0, size);
            }
            if (!updates.isEmpty()) {
                PreparedBatch batch = handle.prepareBatch(
                        """
                        UPDATE agent_groups SET description = :description, is_public = :isPublic, updated_at = :now
                        WHERE account_id = :account AND id = :id AND NOT deleted
                        """);
                for (StoredGroup group : updates) {
                    batch.bind("account", account.value())
                            .bind("id", group.id())
                            .bind("description", group.description())
                            .bind("isPublic", group.isPublic())
                            .bind("now", at)
                            .add();
                }
                batch.execute();
            }
        });
    }

    @Override
    public void writeAgents(AccountId account, List<AgentRow> inserts, List<AgentRow> updates, Instant now) {
        OffsetDateTime at = Sql.timestamp(now);
        inTransaction(handle -> {
            if (!inserts.isEmpty()) {
                handle.createUpdate(
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
                        .bindArray("names", String.class, column(inserts, AgentRow::name))
                        .bindArray("emails", String.class, column(inserts, AgentRow::email))
                        .bindArray("keys", String.class, column(inserts, agent -> agent.email()
                                .trim()
                                .toLowerCase(Locale.ROOT)))
                        .bindArray("roles", String.class, column(inserts, AgentRow::role))
                        .bindArray(
                                "suspended",
                                Boolean.class,
                                inserts.stream().map(AgentRow::suspended).toArray())
                        .bindArray("phones", String.class, column(inserts, AgentRow::phone))
                        .bindArray("aliases", String.class, column(inserts, AgentRow::alias))
                        .bindArray("locales", String.class, column(inserts, AgentRow::locale))
                        .bindArray("zones", String.class, column(inserts, AgentRow::timeZone))
                        .bindArray("positions", String.class, column(inserts, AgentRow::position))
                        .bindArray("workIds", String.class, column(inserts, AgentRow::workId))
                        .bindArray("avatars", String.class, column(inserts, AgentRow::avatarUrl))
                        .bindArray(
                                "acceptsAssignments",
                                Boolean.class,
                                inserts.stream()
                                        .map(AgentRow::acceptsAssignments)
                                        .toArray(Boolean[]::new))
                        .bindArray(
                                "skillLevels",
                                Integer.class,
                                inserts.stream().map(AgentRow::skillLevel).toArray(Integer[]::new))
                        .bind("now", at)
                        .execute();
            }
            if (!updates.isEmpty()) {
                PreparedBatch batch = handle.prepareBatch(
                        """
                        UPDATE agents SET name = :name, email = :email, email_key = :emailKey, role = :role,
                            suspended = :suspended, phone = :phone, alias = :alias, locale = :locale,
                            time_zone = :timeZone, position = :position, work_id = :workId, avatar_url = :avatarUrl,
                            accepts_assignments = :acceptsAssignments, skill_level = :skillLevel, updated_at = :now
                        WHERE account_id = :account AND id = :id AND active
                        """);
                for (AgentRow agent : updates) {
                    bindAgent(batch, account, agent, at).bind("id", agent.id()).add();
                }
                batch.execute();
                List<AgentRow> suspended =
                        updates.stream().filter(AgentRow::suspended).toList();
                if (!suspended.isEmpty()) {
                    // a suspended agent's Udesk sign-in token is revoked, as AgentService.update revokes it
                    PreparedBatch revoke = handle.prepareBatch(
                            """
                            UPDATE api_tokens SET revoked_at = :now, sign_in_agent = NULL
                            WHERE account_id = :account AND sign_in_agent = :id
                            """);
                    for (AgentRow agent : suspended) {
                        revoke.bind("account", account.value())
                                .bind("id", agent.id())
                                .bind("now", at)
                                .add();
                    }
                    revoke.execute();
                }
            }
        });
    }

    private static Object[] column(List<AgentRow> rows, java.util.function.Function<AgentRow, String> field) {
        return rows.stream().map(field).toArray(String[]::new);
    }

    private static PreparedBatch bindAgent(PreparedBatch batch, AccountId account, AgentRow agent, OffsetDateTime at) {
        return batch.bind("account", account.value())
                .bind("name", agent.name())
                .bind("email", agent.email())
                .bind("emailKey", agent.email().trim().toLowerCase(Locale.ROOT))
                .bind("role", agent.role())
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
                .bind("now", at);
    }

    @Override
    public void refreshStatistics() {
        jdbi.useHandle(handle -> {
            String product;
            try {
                product = handle.getConnection().getMetaData().getDatabaseProductName();
            } catch (java.sql.SQLException e) {
                throw new IllegalStateException("cannot tell which database this is", e);
            }
            if (product.toLowerCase(Locale.ROOT).contains("postgres")) {
                handle.execute("ANALYZE agent_groups, agents, memberships");
            }
        });
    }

    @Override
    public void writeMemberships(
            AccountId account,
            List<Long> clearDefaults,
            List<MembershipRow> setDefaults,
            List<MembershipRow> inserts,
            Instant now) {
        OffsetDateTime at = Sql.timestamp(now);
        inTransaction(handle -> {
            if (!clearDefaults.isEmpty()) {
                PreparedBatch batch = handle.prepareBatch(
                        """
                        UPDATE memberships SET default_marker = NULL, updated_at = :now
                        WHERE account_id = :account AND agent_id = :agent AND default_marker IS NOT NULL
                        """);
                for (long agent : clearDefaults) {
                    batch.bind("account", account.value())
                            .bind("agent", agent)
                            .bind("now", at)
                            .add();
                }
                batch.execute();
            }
            if (!setDefaults.isEmpty()) {
                PreparedBatch batch = handle.prepareBatch(
                        """
                        UPDATE memberships SET default_marker = TRUE, updated_at = :now
                        WHERE account_id = :account AND agent_id = :agent AND group_id = :group
                        """);
                for (MembershipRow row : setDefaults) {
                    batch.bind("account", account.value())
                            .bind("agent", row.agentId())
                            .bind("group", row.groupId())
                            .bind("now", at)
                            .add();
                }
                batch.execute();
            }
            if (!inserts.isEmpty()) {
                // one statement over arrays instead of a row per statement: the memberships are most of an import
                int size = inserts.size();
                Long[] agents = new Long[size];
                Long[] groups = new Long[size];
                Boolean[] defaults = new Boolean[size];
                for (int i = 0; i < size; i++) {
                    MembershipRow row = inserts.get(i);
                    agents[i] = row.agentId();
                    groups[i] = row.groupId();
                    defaults[i] = row.isDefault() ? Boolean.TRUE : null;
                }
                handle.createUpdate(
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
                        .execute();
            }
        });
    }

    private void inTransaction(java.util.function.Consumer<Handle> work) {
        try {
            jdbi.useTransaction(work::accept);
        } catch (JdbiException e) {
            if (Sql.isUniqueViolation(e)) {
                throw new ConflictException(
                        "base", "another writer changed the account during the import: run it again");
            }
            throw e;
        }
    }
}
