package io.groupdesk.scim;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

final class JdbcScimRepository implements ScimRepository {
    private static final String USER_COLUMNS = "a.id, a.role, a.name, a.email, a.phone, a.position, a.work_id,"
            + " a.locale, a.time_zone, a.suspended, a.created_at, a.updated_at, s.user_name, s.external_id,"
            + " s.given_name, s.family_name, s.department";
    private static final String USERS = " FROM agents a LEFT JOIN scim_users s ON s.account_id = a.account_id"
            + " AND s.agent_id = a.id WHERE a.account_id = :account AND a.active";

    private final Jdbi jdbi;

    JdbcScimRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<ScimUser> findUser(AccountId account, AgentId id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + USER_COLUMNS + USERS + " AND a.id = :id")
                .bind("account", account.value())
                .bind("id", id.value())
                .map((rs, ctx) -> user(rs))
                .findOne()
                .map(user ->
                        user.withGroups(groups(handle, account, List.of(id)).getOrDefault(id, List.of()))));
    }

    @Override
    public ScimPage<ScimUser> listUsers(
            AccountId account, Optional<ScimFilterSql> filter, ScimQuery query, String orderBy) {
        return jdbi.withHandle(handle -> {
            ScimPage<ScimUser> page = ScimListing.page(
                    handle, USER_COLUMNS, USERS, account, filter, query, orderBy, (rs, ctx) -> user(rs));
            List<ScimUser> users = page.resources();
            Map<AgentId, List<ScimUser.GroupRef>> groups =
                    groups(handle, account, users.stream().map(ScimUser::id).toList());
            return new ScimPage<>(
                    users.stream()
                            .map(user -> user.withGroups(groups.getOrDefault(user.id(), List.of())))
                            .toList(),
                    page.totalResults(),
                    page.startIndex());
        });
    }

    private static Map<AgentId, List<ScimUser.GroupRef>> groups(Handle handle, AccountId account, List<AgentId> ids) {
        Map<AgentId, List<ScimUser.GroupRef>> groups = new HashMap<>();
        if (ids.isEmpty()) {
            return groups;
        }
        handle.createQuery("SELECT m.agent_id, g.id, g.name FROM UNNEST(:ids) AS t (id) JOIN memberships m"
                        + " ON m.account_id = :account AND m.agent_id = t.id JOIN agent_groups g"
                        + " ON g.account_id = m.account_id AND g.id = m.group_id AND NOT g.deleted"
                        + " ORDER BY m.agent_id, g.id")
                .bind("account", account.value())
                .bindArray("ids", Long.class, ids.stream().map(AgentId::value).toArray())
                .map((rs, ctx) -> Map.entry(
                        new AgentId(rs.getLong(1)), new ScimUser.GroupRef(new GroupId(rs.getLong(2)), rs.getString(3))))
                .forEach(entry -> groups.computeIfAbsent(entry.getKey(), k -> new ArrayList<>())
                        .add(entry.getValue()));
        return groups;
    }

    @Override
    public List<ScimUser.GroupRef> groupsOf(AccountId account, AgentId id) {
        return jdbi.withHandle(handle -> groups(handle, account, List.of(id)).getOrDefault(id, List.of()));
    }

    @Override
    public boolean lockAgent(AccountId account, AgentId id) {
        return jdbi.withHandle(handle -> handle.createQuery(
                                "SELECT id FROM agents WHERE account_id = :account AND id = :id AND active FOR UPDATE")
                        .bind("account", account.value())
                        .bind("id", id.value())
                        .mapTo(Long.class)
                        .findOne())
                .isPresent();
    }

    @Override
    public boolean userNameTaken(AccountId account, String userNameKey, Optional<AgentId> except) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*)" + USERS + " AND a.id <> :except"
                                + " AND (s.user_name_key = :key OR (s.user_name_key IS NULL AND a.email_key = :key))")
                        .bind("account", account.value())
                        .bind("except", except.map(AgentId::value).orElse(0L))
                        .bind("key", userNameKey)
                        .mapTo(Long.class)
                        .one())
                > 0;
    }

    @Override
    public void saveUser(AccountId account, AgentId id, UserExtras extras) {
        String key = extras.userName() == null ? null : ScimRepository.key(extras.userName());
        jdbi.useHandle(handle -> {
            if (key != null) {
                // a deleted agent's name is free again (its row is kept for the agent's history)
                handle.createUpdate("UPDATE scim_users SET user_name = NULL, user_name_key = NULL"
                                + " WHERE account_id = :account AND user_name_key = :key AND agent_id IN"
                                + " (SELECT id FROM agents WHERE account_id = :account AND NOT active)")
                        .bind("account", account.value())
                        .bind("key", key)
                        .execute();
            }
            if (extras.isEmpty()) {
                handle.createUpdate("DELETE FROM scim_users WHERE account_id = :account AND agent_id = :id")
                        .bind("account", account.value())
                        .bind("id", id.value())
                        .execute();
                return;
            }
            try {
                int updated = bindExtras(
                                handle.createUpdate("UPDATE scim_users SET user_name = :userName,"
                                        + " user_name_key = :key, external_id = :externalId, given_name = :givenName,"
                                        + " family_name = :familyName, department = :department"
                                        + " WHERE account_id = :account AND agent_id = :id"),
                                account,
                                id,
                                extras,
                                key)
                        .execute();
                if (updated == 0) {
                    bindExtras(
                                    handle.createUpdate("INSERT INTO scim_users (account_id, agent_id, user_name,"
                                            + " user_name_key, external_id, given_name, family_name, department)"
                                            + " VALUES (:account, :id, :userName, :key, :externalId, :givenName,"
                                            + " :familyName, :department)"),
                                    account,
                                    id,
                                    extras,
                                    key)
                            .execute();
                }
            } catch (UnableToExecuteStatementException e) {
                if (Sql.isUniqueViolation(e)) {
                    throw new ConflictException("userName", "is already taken in this account");
                }
                throw e;
            }
        });
    }

    private static <T extends org.jdbi.v3.core.statement.SqlStatement<T>> T bindExtras(
            T statement, AccountId account, AgentId id, UserExtras extras, String key) {
        return statement
                .bind("account", account.value())
                .bind("id", id.value())
                .bind("userName", extras.userName())
                .bind("key", key)
                .bind("externalId", extras.externalId())
                .bind("givenName", extras.givenName())
                .bind("familyName", extras.familyName())
                .bind("department", extras.department());
    }

    @Override
    public void forgetUserName(AccountId account, AgentId id) {
        jdbi.useHandle(handle -> handle.createUpdate("UPDATE scim_users SET user_name = NULL, user_name_key = NULL"
                        + " WHERE account_id = :account AND agent_id = :id")
                .bind("account", account.value())
                .bind("id", id.value())
                .execute());
    }

    private static ScimUser user(ResultSet rs) throws SQLException {
        String email = rs.getString("email");
        String userName = rs.getString("user_name");
        return new ScimUser(
                new AgentId(rs.getLong("id")),
                Role.fromKey(rs.getString("role")).orElseThrow(),
                userName == null ? email : userName,
                email,
                rs.getString("name"),
                rs.getString("external_id"),
                rs.getString("given_name"),
                rs.getString("family_name"),
                rs.getString("phone"),
                rs.getString("locale"),
                rs.getString("time_zone"),
                rs.getString("position"),
                rs.getString("work_id"),
                rs.getString("department"),
                !rs.getBoolean("suspended"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"),
                List.of());
    }
}
