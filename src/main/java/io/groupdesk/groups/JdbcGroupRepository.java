package io.groupdesk.groups;

import io.groupdesk.access.Visibility;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.PlainQuery;
import io.groupdesk.shared.Slice;
import io.groupdesk.shared.Sql;
import io.groupdesk.shared.WeeklyHours;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

final class JdbcGroupRepository implements GroupRepository {
    private static final String COLUMNS =
            "g.account_id, g.id, g.name, g.description, g.is_public, g.default_marker, g.deleted, g.deleted_at,"
                    + " g.time_zone, g.working_hours, g.created_at, g.updated_at";
    private static final PlainQuery FIND =
            PlainQuery.of("SELECT " + COLUMNS + " FROM agent_groups g WHERE g.account_id = :account AND g.id = :id");
    private static final PlainQuery LOCK = PlainQuery.of(
            "SELECT " + COLUMNS + " FROM agent_groups g WHERE g.account_id = :account AND g.id = :id FOR UPDATE");
    /** The account's live groups: the sum of its {@link GroupTallies} slots, a fixed handful of rows by key. */
    private static final PlainQuery TALLY =
            PlainQuery.of("SELECT COALESCE(SUM(live_groups), 0) FROM group_tallies WHERE account_id = :account");

    private static final String VISIBLE = " AND " + Visibility.groupVisibleSql("g");

    private static final String MEMBER_OF = " AND EXISTS (SELECT 1 FROM memberships mo"
            + " WHERE mo.account_id = g.account_id AND mo.agent_id = :member AND mo.group_id = g.id)";

    private static final String NAME_CONTAINS = " AND LOWER(g.name) LIKE :namePattern ESCAPE '!'";
    private static final GroupFilter ALL_LIVE = new GroupFilter(false, Optional.empty(), Optional.empty());

    private final Jdbi jdbi;

    JdbcGroupRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Group> find(AccountId account, GroupId id) {
        return jdbi.withHandle(handle -> select(handle, account, id, FIND));
    }

    @Override
    public Optional<Group> lock(AccountId account, GroupId id) {
        return jdbi.withHandle(handle -> select(handle, account, id, LOCK));
    }

    private static Optional<Group> select(Handle handle, AccountId account, GroupId id, PlainQuery query) {
        return query.bind("account", account.value()).bind("id", id.value()).first(handle, JdbcGroupRepository::group);
    }

    @Override
    public List<Group> findAll(AccountId account, java.util.Collection<GroupId> ids) {
        if (ids.isEmpty()) {
            return List.of();
        }
        // the ids as an array joined on the key: H2 reads the whole account for account_id = ? AND id IN (...)
        return jdbi.withHandle(handle -> handle.createQuery("SELECT " + COLUMNS + " FROM UNNEST(:ids) AS t (id)"
                        + " JOIN agent_groups g ON g.account_id = :account AND g.id = t.id ORDER BY g.id")
                .bind("account", account.value())
                .bindArray(
                        "ids",
                        Long.class,
                        ids.stream().map(GroupId::value).distinct().toArray())
                .map((rs, ctx) -> group(rs))
                .list());
    }

    @Override
    public Optional<Group> findDefault(AccountId account) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM agent_groups g WHERE g.account_id = :account AND g.default_marker")
                .bind("account", account.value())
                .map((rs, ctx) -> group(rs))
                .findOne());
    }

    @Override
    public boolean agentExists(AccountId account, AgentId agent) {
        return jdbi.withHandle(handle -> handle.createQuery(
                                "SELECT COUNT(*) FROM agents WHERE account_id = :account AND id = :agent")
                        .bind("account", account.value())
                        .bind("agent", agent.value())
                        .mapTo(Long.class)
                        .one())
                > 0;
    }

    @Override
    public Slice<Group> list(AccountId account, GroupFilter filter, PageRequest page) {
        return jdbi.withHandle(handle -> {
            StringBuilder sql =
                    new StringBuilder("SELECT " + COLUMNS + " FROM agent_groups g WHERE g.account_id = :account");
            sql.append(where(filter));
            boolean descending = Sql.appendPage(sql, "g", page, "g.account_id");
            Query query = Sql.bindPage(bindFilter(handle.createQuery(sql.toString()), account, filter), page);
            List<Group> fetched = query.map((rs, ctx) -> group(rs)).list();
            OptionalLong total = page.counted() ? OptionalLong.of(count(account, filter)) : OptionalLong.empty();
            return Slice.fromOverfetch(fetched, page.size(), descending, total);
        });
    }

    @Override
    public Slice<Group> search(AccountId account, GroupFilter filter, GroupSort sort, PageRequest.Offset page) {
        if (filter.includeDeleted()) {
            throw new IllegalArgumentException("a search covers live groups only");
        }
        // the ORDER BY starts with the index's columns, account first, so that H2 reads the page off the index too:
        // agent_groups_name_uq (a live group's name_key is unique) or agent_groups_size_idx
        String order =
                switch (sort) {
                    case NAME -> " ORDER BY g.account_id, g.name_key";
                    case SIZE -> " ORDER BY g.account_id, g.member_count DESC, g.id";
                };
        return jdbi.withHandle(handle -> {
            String sql = "SELECT " + COLUMNS + " FROM agent_groups g WHERE g.account_id = :account" + where(filter)
                    + order + " LIMIT :limit OFFSET :offset";
            List<Group> fetched = Sql.bindPage(bindFilter(handle.createQuery(sql), account, filter), page)
                    .map((rs, ctx) -> group(rs))
                    .list();
            OptionalLong total = page.counted() ? OptionalLong.of(count(account, filter)) : OptionalLong.empty();
            return Slice.fromOverfetch(fetched, page.size(), false, total);
        });
    }

    @Override
    public java.util.Map<GroupId, Long> memberCounts(AccountId account, java.util.Collection<GroupId> ids) {
        java.util.Map<GroupId, Long> counts = new java.util.LinkedHashMap<>();
        if (ids.isEmpty()) {
            return counts;
        }
        jdbi.useHandle(handle -> handle.createQuery("SELECT g.id, g.member_count FROM UNNEST(:ids) AS t (id)"
                        + " JOIN agent_groups g ON g.account_id = :account AND g.id = t.id ORDER BY g.id")
                .bind("account", account.value())
                .bindArray(
                        "ids",
                        Long.class,
                        ids.stream().map(GroupId::value).distinct().toArray())
                .map((rs, ctx) -> java.util.Map.entry(new GroupId(rs.getLong(1)), rs.getLong(2)))
                .forEach(entry -> counts.put(entry.getKey(), entry.getValue())));
        return counts;
    }

    @Override
    public long count(AccountId account, GroupFilter filter) {
        // the tally knows only the account's live groups: any other filter counts rows
        if (filter.equals(ALL_LIVE)) {
            return jdbi.withHandle(handle -> TALLY.bind("account", account.value())
                    .first(handle, rs -> rs.getLong(1))
                    .orElseThrow());
        }
        return jdbi.withHandle(handle -> bindFilter(
                        handle.createQuery(
                                "SELECT COUNT(*) FROM agent_groups g WHERE g.account_id = :account" + where(filter)),
                        account,
                        filter)
                .mapTo(Long.class)
                .one());
    }

    private static String where(GroupFilter filter) {
        return (filter.includeDeleted() ? "" : " AND NOT g.deleted")
                + (filter.privateVisibleTo().isPresent() ? VISIBLE : "")
                + (filter.memberOf().isPresent() ? MEMBER_OF : "")
                + (filter.nameContains().isPresent() ? NAME_CONTAINS : "");
    }

    private static Query bindFilter(Query query, AccountId account, GroupFilter filter) {
        query.bind("account", account.value());
        filter.privateVisibleTo().ifPresent(viewer -> query.bind(Visibility.VIEWER, viewer.value()));
        filter.memberOf().ifPresent(member -> query.bind("member", member.value()));
        filter.nameContains().ifPresent(text -> query.bind("namePattern", Sql.containsPattern(text)));
        return query;
    }

    @Override
    public boolean nameTaken(AccountId account, String name, Optional<GroupId> except) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        """
                        SELECT id FROM agent_groups WHERE account_id = :account AND name_key = :nameKey
                        """)
                .bind("account", account.value())
                .bind("nameKey", nameKey(name))
                .mapTo(Long.class)
                .findOne()
                .filter(id -> except.map(e -> e.value() != id).orElse(true))
                .isPresent());
    }

    @Override
    public boolean hasDefaultElseLock(AccountId account) {
        return jdbi.withHandle(handle -> {
            if (hasDefault(handle, account)) {
                return true;
            }
            handle.createQuery("SELECT id FROM accounts WHERE id = :account FOR UPDATE")
                    .bind("account", account.value())
                    .mapTo(Long.class)
                    .one();
            return hasDefault(handle, account);
        });
    }

    private static boolean hasDefault(Handle handle, AccountId account) {
        return handle.createQuery("SELECT COUNT(*) FROM agent_groups WHERE account_id = :account AND default_marker")
                        .bind("account", account.value())
                        .mapTo(Long.class)
                        .one()
                > 0;
    }

    @Override
    public Group insert(AccountId account, NewGroup group, boolean isDefault, Instant now) {
        try {
            long id = jdbi.withHandle(handle -> handle.createUpdate(
                            """
                            INSERT INTO agent_groups
                                (account_id, name, name_key, description, is_public, default_marker, time_zone,
                                 working_hours, created_at, updated_at)
                            VALUES (:account, :name, :nameKey, :description, :isPublic, :defaultMarker, :timeZone,
                                    :workingHours, :now, :now)
                            """)
                    .bind("account", account.value())
                    .bind("name", group.name())
                    .bind("nameKey", nameKey(group.name()))
                    .bind("description", group.description().orElse(""))
                    .bind("isPublic", group.isPublic().orElse(true))
                    .bind("defaultMarker", isDefault ? Boolean.TRUE : null)
                    .bind("timeZone", group.timeZone().orElse(null))
                    .bind(
                            "workingHours",
                            group.workingHours()
                                    .filter(h -> !h.isEmpty())
                                    .map(WeeklyHours::format)
                                    .orElse(null))
                    .bind("now", Sql.timestamp(now))
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
            tally(account, id, 1);
            return find(account, new GroupId(id)).orElseThrow();
        } catch (UnableToExecuteStatementException e) {
            throw translate(e);
        }
    }

    @Override
    public void update(Group group, Instant now) {
        try {
            jdbi.useHandle(handle -> handle.createUpdate(
                            """
                            UPDATE agent_groups
                            SET name = :name, name_key = :nameKey, description = :description, is_public = :isPublic,
                                time_zone = :timeZone, working_hours = :workingHours, updated_at = :now
                            WHERE account_id = :account AND id = :id AND NOT deleted
                            """)
                    .bind("account", group.accountId().value())
                    .bind("id", group.id().value())
                    .bind("name", group.name())
                    .bind("nameKey", nameKey(group.name()))
                    .bind("description", group.description())
                    .bind("isPublic", group.isPublic())
                    .bind("timeZone", group.timeZone())
                    .bind(
                            "workingHours",
                            group.workingHours().isEmpty()
                                    ? null
                                    : group.workingHours().format())
                    .bind("now", Sql.timestamp(now))
                    .execute());
        } catch (UnableToExecuteStatementException e) {
            throw translate(e);
        }
    }

    @Override
    public void markDeleted(AccountId account, GroupId id, Instant now) {
        int marked = jdbi.withHandle(handle -> handle.createUpdate(
                        """
                        UPDATE agent_groups SET deleted = TRUE, deleted_at = :now, name_key = NULL, updated_at = :now
                        WHERE account_id = :account AND id = :id AND default_marker IS NULL AND NOT deleted
                        """)
                .bind("account", account.value())
                .bind("id", id.value())
                .bind("now", Sql.timestamp(now))
                .execute());
        if (marked > 0) {
            tally(account, id.value(), -1);
        }
    }

    /**
     * Adds {@code change} to the live-group tally slot of group {@code id}, in the caller's transaction (see
     * V6__group_tallies.sql): every insert of a live group and every soft delete goes through here.
     */
    private void tally(AccountId account, long id, int change) {
        jdbi.useHandle(handle -> GroupTallies.add(handle, account, id, change));
    }

    @Override
    public boolean isAnAgentsDefault(AccountId account, GroupId id) {
        return jdbi.withHandle(handle -> handle.createQuery(
                                """
                                SELECT COUNT(*) FROM memberships
                                WHERE account_id = :account AND group_id = :group AND default_marker
                                """)
                        .bind("account", account.value())
                        .bind("group", id.value())
                        .mapTo(Long.class)
                        .one())
                > 0;
    }

    @Override
    public List<Group> live(AccountId account) {
        return jdbi.withHandle(handle -> handle.createQuery(
                        "SELECT " + COLUMNS + " FROM agent_groups g WHERE g.account_id = :account AND NOT g.deleted")
                .bind("account", account.value())
                .setFetchSize(10_000)
                .map((rs, ctx) -> group(rs))
                .list());
    }

    @Override
    public List<Group> insertAll(AccountId account, List<GroupService.ImportedGroup> groups, Instant now) {
        if (groups.isEmpty()) {
            return List.of();
        }
        int size = groups.size();
        String[] names = new String[size];
        String[] keys = new String[size];
        String[] descriptions = new String[size];
        Boolean[] isPublic = new Boolean[size];
        Boolean[] defaults = new Boolean[size];
        for (int i = 0; i < size; i++) {
            GroupService.ImportedGroup group = groups.get(i);
            names[i] = group.name();
            keys[i] = nameKey(group.name());
            descriptions[i] = group.description();
            isPublic[i] = group.isPublic();
            defaults[i] = group.accountDefault() ? Boolean.TRUE : null;
        }
        java.util.Map<String, GroupService.ImportedGroup> byKey = new java.util.HashMap<>();
        for (GroupService.ImportedGroup group : groups) {
            byKey.put(nameKey(group.name()), group);
        }
        try {
            return jdbi.withHandle(handle -> {
                List<Group> created = handle.createUpdate(
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
                        .bind("now", Sql.timestamp(now))
                        .executeAndReturnGeneratedKeys("id", "name_key")
                        .map((rs, ctx) -> {
                            GroupService.ImportedGroup group = byKey.get(rs.getString("name_key"));
                            return new Group(
                                    new GroupId(rs.getLong("id")),
                                    account,
                                    group.name(),
                                    group.description(),
                                    group.isPublic(),
                                    group.accountDefault(),
                                    false,
                                    null,
                                    null,
                                    WeeklyHours.NONE,
                                    now,
                                    now);
                        })
                        .list();
                GroupTallies.add(handle, account, 0, size);
                return created;
            });
        } catch (org.jdbi.v3.core.JdbiException e) {
            throw translateImport(e);
        }
    }

    @Override
    public void updateAll(AccountId account, List<GroupService.ImportedGroup> groups, Instant now) {
        if (groups.isEmpty()) {
            return;
        }
        try {
            jdbi.useHandle(handle -> {
                PreparedBatch batch = handle.prepareBatch(
                        """
                        UPDATE agent_groups SET description = :description, is_public = :isPublic, updated_at = :now
                        WHERE account_id = :account AND id = :id AND NOT deleted
                        """);
                for (GroupService.ImportedGroup group : groups) {
                    batch.bind("account", account.value())
                            .bind("id", group.id().orElseThrow().value())
                            .bind("description", group.description())
                            .bind("isPublic", group.isPublic())
                            .bind("now", Sql.timestamp(now))
                            .add();
                }
                batch.execute();
            });
        } catch (org.jdbi.v3.core.JdbiException e) {
            throw translateImport(e);
        }
    }

    /** A batch of an import that breaks a unique key fails whole: some other writer changed the account meanwhile. */
    private static RuntimeException translateImport(org.jdbi.v3.core.JdbiException e) {
        return Sql.isUniqueViolation(e)
                ? new ConflictException("base", "another writer changed the account during the import: run it again")
                : e;
    }

    private static RuntimeException translate(UnableToExecuteStatementException e) {
        return Sql.isUniqueViolation(e) ? new ConflictException("name", "has already been taken") : e;
    }

    static String nameKey(String name) {
        return name.toLowerCase(Locale.ROOT);
    }

    /**
     * A row of {@link #COLUMNS}, read by position: every query here selects them first and in that order. By name,
     * the JDBC driver builds a map of the result's column names for each result, which on a read of one group cost as
     * much as mapping the row.
     */
    private static Group group(ResultSet rs) throws SQLException {
        return new Group(
                new GroupId(rs.getLong(2)),
                new AccountId(rs.getLong(1)),
                rs.getString(3), // name
                rs.getString(4), // description
                rs.getBoolean(5), // is_public
                rs.getObject(6) != null, // default_marker
                rs.getBoolean(7), // deleted
                Sql.instant(rs, 8), // deleted_at
                rs.getString(9), // time_zone
                WeeklyHours.parse(rs.getString(10)),
                Sql.instant(rs, 11), // created_at
                Sql.instant(rs, 12)); // updated_at
    }
}
