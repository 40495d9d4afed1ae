package io.groupdesk.scim;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.MembershipId;
import io.groupdesk.shared.Sql;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

final class JdbcScimGroupRepository implements ScimGroupRepository {
    private static final String COLUMNS = "g.id, g.name, g.created_at, g.updated_at, sg.external_id";
    private static final String GROUPS = " FROM agent_groups g LEFT JOIN scim_groups sg ON sg.account_id = g.account_id"
            + " AND sg.group_id = g.id WHERE g.account_id = :account AND NOT g.deleted";

    private final Jdbi jdbi;

    JdbcScimGroupRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<ScimGroup> find(AccountId account, GroupId id) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + GROUPS + " AND g.id = :id")
                .bind("account", account.value())
                .bind("id", id.value())
                .map((rs, ctx) -> group(rs))
                .findOne());
    }

    @Override
    public ScimPage<ScimGroup> list(
            AccountId account, Optional<ScimFilterSql> filter, ScimQuery query, String orderBy) {
        return jdbi.withHandle(handle ->
                ScimListing.page(handle, COLUMNS, GROUPS, account, filter, query, orderBy, (rs, ctx) -> group(rs)));
    }

    @Override
    public Optional<MembershipId> membership(AccountId account, GroupId group, AgentId agent) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT id FROM memberships WHERE account_id = :account"
                        + " AND agent_id = :agent AND group_id = :group")
                .bind("account", account.value())
                .bind("agent", agent.value())
                .bind("group", group.value())
                .mapTo(Long.class)
                .findOne()
                .map(MembershipId::new));
    }

    @Override
    public void saveExternalId(AccountId account, GroupId id, String externalId) {
        jdbi.useHandle(handle -> {
            if (externalId == null) {
                handle.createUpdate("DELETE FROM scim_groups WHERE account_id = :account AND group_id = :id")
                        .bind("account", account.value())
                        .bind("id", id.value())
                        .execute();
                return;
            }
            int updated = handle.createUpdate("UPDATE scim_groups SET external_id = :externalId"
                            + " WHERE account_id = :account AND group_id = :id")
                    .bind("account", account.value())
                    .bind("id", id.value())
                    .bind("externalId", externalId)
                    .execute();
            if (updated == 0) {
                handle.createUpdate("INSERT INTO scim_groups (account_id, group_id, external_id)"
                                + " VALUES (:account, :id, :externalId)")
                        .bind("account", account.value())
                        .bind("id", id.value())
                        .bind("externalId", externalId)
                        .execute();
            }
        });
    }

    private static ScimGroup group(ResultSet rs) throws SQLException {
        return new ScimGroup(
                new GroupId(rs.getLong("id")),
                rs.getString("name"),
                rs.getString("external_id"),
                Sql.instant(rs, "created_at"),
                Sql.instant(rs, "updated_at"),
                Optional.empty());
    }
}
