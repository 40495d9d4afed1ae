package io.groupdesk.rosters;

import io.groupdesk.access.Visibility;
import io.groupdesk.agents.Agent;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.MembershipId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.PlainQuery;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import io.groupdesk.shared.Sql;
import io.groupdesk.shared.WeeklyHours;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;

/**
 * The roster reads. A page costs the same few statements whatever its size: the page's rows, their count when asked
 * for, and then every membership of the page's rows with what it points at, in one statement over the page's ids.
 * Rows are read by position: each statement selects the column lists below in their order.
 */
final class JdbcRosterRepository implements RosterRepository {
    private static final int AGENT_COLUMN_COUNT = 18;
    private static final int MEMBERSHIP_COLUMN_COUNT = 7;

    private static final PlainQuery AGENT = PlainQuery.of(
            "SELECT " + agentColumns("a") + " FROM agents a WHERE a.account_id = :account AND a.id = :id");
    private static final PlainQuery GROUP = PlainQuery.of(
            "SELECT " + groupColumns("g") + " FROM agent_groups g WHERE g.account_id = :account AND g.id = :id");
    private static final PlainQuery VISIBLE_GROUP = PlainQuery.of("SELECT " + groupColumns("g")
            + " FROM agent_groups g WHERE g.account_id = :account AND g.id = :id AND "
            + Visibility.groupVisibleSql("g"));

    /**
     * The memberships of a list of agents with their groups. The statements below fix their join order, which H2
     * would otherwise choose from its row estimates: the memberships are a derived table, so that H2 starts from the
     * listed ids and looks each one up by key, and what they point at is joined LEFT (and the missing rows dropped),
     * because H2 keeps outer joins in the order written. Left free, H2 2.5 read every group of the account and looked
     * up each one's memberships among the ids; PostgreSQL turns the outer joins back into inner ones and plans as it
     * sees fit.
     */
    private static final String GROUPS_OF_AGENTS = "SELECT " + membershipColumns("m") + ", " + groupColumns("g")
            + " FROM (SELECT " + membershipColumns("x") + " FROM UNNEST(:agents) AS t (id)"
            + " JOIN memberships x ON x.account_id = :account AND x.agent_id = t.id) AS m"
            + " LEFT JOIN agent_groups g ON g.account_id = :account AND g.id = m.group_id";

    private static final String GROUPS_OF_AGENTS_ORDER = " ORDER BY m.agent_id, m.created_at, m.id";

    /**
     * What follows the memberships {@code m} of a roster of groups: their active agents and each one's default, which
     * a viewer bound as {@code :viewer} learns only when it may see that group.
     */
    private static String memberAgents(Optional<AgentId> viewer) {
        return " LEFT JOIN agents a ON a.account_id = :account AND a.id = m.agent_id"
                + " LEFT JOIN memberships d ON d.account_id = :account AND d.agent_id = a.id AND d.default_marker"
                + (viewer.isPresent()
                        ? " AND EXISTS (SELECT 1 FROM agent_groups dg WHERE dg.account_id = :account"
                                + " AND dg.id = d.group_id AND " + Visibility.groupVisibleSql("dg") + ")"
                        : "")
                + " LEFT JOIN agent_groups dn ON dn.account_id = :account AND dn.id = d.group_id"
                + " WHERE a.active";
    }

    private static final String MEMBERS_SELECT =
            "SELECT " + membershipColumns("m") + ", " + agentColumns("a") + ", d.group_id, dn.name";

    /** The active members of a list of groups, group by group in the order given, each in membership id order. */
    private static String membersOfGroups(Optional<AgentId> viewer) {
        return MEMBERS_SELECT
                + " FROM (SELECT t.ord, " + membershipColumns("x")
                + " FROM UNNEST(:groups) WITH ORDINALITY AS t (id, ord)"
                + " JOIN memberships x ON x.account_id = :account AND x.group_id = t.id) AS m"
                + memberAgents(viewer)
                + " ORDER BY m.ord, m.id";
    }

    private final Jdbi jdbi;

    JdbcRosterRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public Optional<Agent> agent(AccountId account, AgentId id) {
        return jdbi.withHandle(handle ->
                AGENT.bind("account", account.value()).bind("id", id.value()).first(handle, rs -> agent(rs, 1)));
    }

    @Override
    public Optional<Group> group(AccountId account, GroupId id, Optional<AgentId> viewer) {
        PlainQuery.Bound query = (viewer.isPresent() ? VISIBLE_GROUP : GROUP)
                .bind("account", account.value())
                .bind("id", id.value());
        viewer.ifPresent(agent -> query.bind(Visibility.VIEWER, agent.value()));
        return jdbi.withHandle(handle -> query.first(handle, rs -> group(rs, 1)));
    }

    @Override
    public Slice<AgentGroups> agents(
            AccountId account, AgentFilter filter, Optional<AgentId> viewer, PageRequest page) {
        return jdbi.withHandle(handle -> {
            StringBuilder where = new StringBuilder(" WHERE a.account_id = :account AND a.active");
            if (!filter.includeSuspended()) {
                where.append(" AND NOT a.suspended");
            }
            if (!filter.roles().isEmpty()) {
                where.append(" AND a.role IN (<roles>)");
            }
            filter.inGroup()
                    .ifPresent(group -> where.append(" AND EXISTS (SELECT 1 FROM memberships ig"
                            + " WHERE ig.account_id = a.account_id AND ig.agent_id = a.id AND ig.group_id = :group)"));
            StringBuilder sql = new StringBuilder("SELECT " + agentColumns("a") + " FROM agents a").append(where);
            boolean descending = Sql.appendPage(sql, "a", page, "a.account_id");
            List<Agent> fetched = Sql.bindPage(
                            bindAgentFilter(handle.createQuery(sql.toString()), account, filter), page)
                    .map((rs, ctx) -> agent(rs, 1))
                    .list();
            OptionalLong total = OptionalLong.empty();
            if (page.counted()) {
                total = OptionalLong.of(
                        bindAgentFilter(handle.createQuery("SELECT COUNT(*) FROM agents a" + where), account, filter)
                                .mapTo(Long.class)
                                .one());
            }
            Slice<Agent> slice = Slice.fromOverfetch(fetched, page.size(), descending, total);
            return new Slice<>(groupsOf(handle, account, slice.items(), viewer), slice.hasMore(), slice.total());
        });
    }

    private static Query bindAgentFilter(Query query, AccountId account, AgentFilter filter) {
        query.bind("account", account.value());
        if (!filter.roles().isEmpty()) {
            query.bindList(
                    "roles", filter.roles().stream().map(Role::key).sorted().toList());
        }
        filter.inGroup().ifPresent(group -> query.bind("group", group.value()));
        return query;
    }

    @Override
    public List<AgentGroups> groupsOf(AccountId account, List<Agent> agents, Optional<AgentId> viewer) {
        return jdbi.withHandle(handle -> groupsOf(handle, account, agents, viewer));
    }

    private static List<AgentGroups> groupsOf(
            Handle handle, AccountId account, List<Agent> agents, Optional<AgentId> viewer) {
        if (agents.isEmpty()) {
            return List.of();
        }
        String sql = GROUPS_OF_AGENTS
                + (viewer.isPresent() ? " AND " + Visibility.groupVisibleSql("g") : "")
                + " WHERE g.id IS NOT NULL"
                + GROUPS_OF_AGENTS_ORDER;
        Query query = handle.createQuery(sql)
                .bind("account", account.value())
                .bindArray(
                        "agents",
                        Long.class,
                        agents.stream()
                                .map(agent -> agent.id().value())
                                .distinct()
                                .toArray());
        viewer.ifPresent(agent -> query.bind(Visibility.VIEWER, agent.value()));
        Map<AgentId, List<AgentGroups.Placement>> byAgent = new HashMap<>();
        query.map((rs, ctx) -> new AgentGroups.Placement(membership(rs, 1), group(rs, 1 + MEMBERSHIP_COLUMN_COUNT)))
                .forEach(placement -> byAgent.computeIfAbsent(
                                placement.membership().agentId(), id -> new ArrayList<>())
                        .add(placement));
        return agents.stream()
                .map(agent -> new AgentGroups(agent, byAgent.getOrDefault(agent.id(), List.of())))
                .toList();
    }

    @Override
    public Slice<GroupMembers> groups(
            AccountId account, boolean includeDeleted, Optional<AgentId> viewer, PageRequest page) {
        return jdbi.withHandle(handle -> {
            String where = " WHERE g.account_id = :account"
                    + (includeDeleted ? "" : " AND NOT g.deleted")
                    + (viewer.isPresent() ? " AND " + Visibility.groupVisibleSql("g") : "");
            StringBuilder sql = new StringBuilder("SELECT " + groupColumns("g") + " FROM agent_groups g").append(where);
            boolean descending = Sql.appendPage(sql, "g", page, "g.account_id");
            List<Group> fetched = Sql.bindPage(bindViewer(handle.createQuery(sql.toString()), account, viewer), page)
                    .map((rs, ctx) -> group(rs, 1))
                    .list();
            OptionalLong total = OptionalLong.empty();
            if (page.counted()) {
                total = OptionalLong.of(
                        bindViewer(handle.createQuery("SELECT COUNT(*) FROM agent_groups g" + where), account, viewer)
                                .mapTo(Long.class)
                                .one());
            }
            Slice<Group> slice = Slice.fromOverfetch(fetched, page.size(), descending, total);
            return new Slice<>(membersOf(handle, account, slice.items(), viewer), slice.hasMore(), slice.total());
        });
    }

    private static Query bindViewer(Query query, AccountId account, Optional<AgentId> viewer) {
        query.bind("account", account.value());
        viewer.ifPresent(agent -> query.bind(Visibility.VIEWER, agent.value()));
        return query;
    }

    private static List<GroupMembers> membersOf(
            Handle handle, AccountId account, List<Group> groups, Optional<AgentId> viewer) {
        if (groups.isEmpty()) {
            return List.of();
        }
        Map<GroupId, List<GroupMembers.Member>> byGroup = new HashMap<>();
        bindViewer(handle.createQuery(membersOfGroups(viewer)), account, viewer)
                .bindArray(
                        "groups",
                        Long.class,
                        groups.stream()
                                .map(group -> group.id().value())
                                .distinct()
                                .toArray())
                .map((rs, ctx) -> member(rs))
                .forEach(member -> byGroup.computeIfAbsent(member.membership().groupId(), id -> new ArrayList<>())
                        .add(member));
        return groups.stream()
                .map(group -> new GroupMembers(group, byGroup.getOrDefault(group.id(), List.of())))
                .toList();
    }

    @Override
    public GroupMembers membersOf(AccountId account, Group group, OptionalInt limit, Optional<AgentId> viewer) {
        // the first memberships in the order of the group's index, so a limited read stops early
        String memberships = "SELECT " + membershipColumns("x")
                + " FROM memberships x WHERE x.account_id = :account AND x.group_id = :group"
                + (limit.isPresent() ? " ORDER BY x.account_id, x.group_id, x.id LIMIT :limit" : "");
        return jdbi.withHandle(handle -> {
            Query query = bindViewer(
                            handle.createQuery(MEMBERS_SELECT + " FROM (" + memberships + ") AS m"
                                    + memberAgents(viewer) + " ORDER BY m.id"),
                            account,
                            viewer)
                    .bind("group", group.id().value());
            limit.ifPresent(rows -> query.bind("limit", rows));
            return new GroupMembers(group, query.map((rs, ctx) -> member(rs)).list());
        });
    }

    @Override
    public Slice<GroupMembers.Member> members(
            AccountId account,
            GroupId group,
            Optional<String> text,
            Optional<AgentId> viewer,
            PageRequest.Offset page) {
        // the page of memberships first, read off the group's index in its order so that a page stops early; with a
        // text, each membership's agent is looked up by key and matched on its name or email
        String matching = text.isEmpty()
                ? " FROM memberships x WHERE x.account_id = :account AND x.group_id = :group"
                : " FROM memberships x JOIN agents xa ON xa.account_id = x.account_id AND xa.id = x.agent_id"
                        + " WHERE x.account_id = :account AND x.group_id = :group"
                        + " AND (LOWER(xa.name) LIKE :pattern ESCAPE '!' OR LOWER(xa.email) LIKE :pattern ESCAPE '!')";
        String memberships = "SELECT " + membershipColumns("x") + matching
                + " ORDER BY x.account_id, x.group_id, x.id LIMIT :limit OFFSET :offset";
        return jdbi.withHandle(handle -> {
            Query query = Sql.bindPage(
                            bindViewer(
                                    handle.createQuery(MEMBERS_SELECT + " FROM (" + memberships + ") AS m"
                                            + memberAgents(viewer) + " ORDER BY m.id"),
                                    account,
                                    viewer),
                            page)
                    .bind("group", group.value());
            text.ifPresent(value -> query.bind("pattern", Sql.containsPattern(value)));
            List<GroupMembers.Member> fetched =
                    query.map((rs, ctx) -> member(rs)).list();
            OptionalLong total = OptionalLong.empty();
            if (page.counted()) {
                Query count = handle.createQuery("SELECT COUNT(*)" + matching)
                        .bind("account", account.value())
                        .bind("group", group.value());
                text.ifPresent(value -> count.bind("pattern", Sql.containsPattern(value)));
                total = OptionalLong.of(count.mapTo(Long.class).one());
            }
            return Slice.fromOverfetch(fetched, page.size(), false, total);
        });
    }

    private static GroupMembers.Member member(ResultSet rs) throws SQLException {
        int defaultGroup = 1 + MEMBERSHIP_COLUMN_COUNT + AGENT_COLUMN_COUNT;
        long defaultId = rs.getLong(defaultGroup);
        // asked right after its own read: reading the other columns would answer wasNull for the last of them
        Optional<GroupId> defaultGroupId = rs.wasNull() ? Optional.empty() : Optional.of(new GroupId(defaultId));
        Optional<String> defaultGroupName =
                defaultGroupId.isPresent() ? Optional.of(rs.getString(defaultGroup + 1)) : Optional.empty();
        return new GroupMembers.Member(
                membership(rs, 1), agent(rs, 1 + MEMBERSHIP_COLUMN_COUNT), defaultGroupId, defaultGroupName);
    }

    private static String agentColumns(String alias) {
        return columns(
                alias,
                "account_id",
                "id",
                "name",
                "email",
                "role",
                "phone",
                "position",
                "work_id",
                "alias",
                "avatar_url",
                "locale",
                "time_zone",
                "accepts_assignments",
                "skill_level",
                "active",
                "suspended",
                "created_at",
                "updated_at");
    }

    private static String groupColumns(String alias) {
        return columns(
                alias,
                "account_id",
                "id",
                "name",
                "description",
                "is_public",
                "default_marker",
                "deleted",
                "deleted_at",
                "time_zone",
                "working_hours",
                "created_at",
                "updated_at");
    }

    private static String membershipColumns(String alias) {
        return columns(alias, "account_id", "id", "agent_id", "group_id", "default_marker", "created_at", "updated_at");
    }

    private static String columns(String alias, String... names) {
        StringBuilder list = new StringBuilder();
        for (String name : names) {
            list.append(list.isEmpty() ? "" : ", ").append(alias).append('.').append(name);
        }
        return list.toString();
    }

    /** A row of {@link #agentColumns} starting at column {@code at}. */
    private static Agent agent(ResultSet rs, int at) throws SQLException {
        int skill = rs.getInt(at + 13);
        Integer skillLevel = rs.wasNull() ? null : skill;
        return new Agent(
                new AgentId(rs.getLong(at + 1)),
                new AccountId(rs.getLong(at)),
                rs.getString(at + 2), // name
                rs.getString(at + 3), // email
                Role.fromKey(rs.getString(at + 4)).orElseThrow(),
                rs.getString(at + 5), // phone
                rs.getString(at + 6), // position
                rs.getString(at + 7), // work_id
                rs.getString(at + 8), // alias
                rs.getString(at + 9), // avatar_url
                rs.getString(at + 10), // locale
                rs.getString(at + 11), // time_zone
                rs.getBoolean(at + 12), // accepts_assignments
                skillLevel,
                rs.getBoolean(at + 14), // active
                rs.getBoolean(at + 15), // suspended
                Sql.instant(rs, at + 16), // created_at
                Sql.instant(rs, at + 17)); // updated_at
    }

    /** A row of {@link #groupColumns} starting at column {@code at}. */
    private static Group group(ResultSet rs, int at) throws SQLException {
        return new Group(
                new GroupId(rs.getLong(at + 1)),
                new AccountId(rs.getLong(at)),
                rs.getString(at + 2), // name
                rs.getString(at + 3), // description
                rs.getBoolean(at + 4), // is_public
                rs.getObject(at + 5) != null, // default_marker
                rs.getBoolean(at + 6), // deleted
                Sql.instant(rs, at + 7), // deleted_at
                rs.getString(at + 8), // time_zone
                WeeklyHours.parse(rs.getString(at + 9)),
                Sql.instant(rs, at + 10), // created_at
                Sql.instant(rs, at + 11)); // updated_at
    }

    /** A row of {@link #membershipColumns} starting at column {@code at}. */
    private static Membership membership(ResultSet rs, int at) throws SQLException {
        return new Membership(
                new MembershipId(rs.getLong(at + 1)),
                new AccountId(rs.getLong(at)),
                new AgentId(rs.getLong(at + 2)),
                new GroupId(rs.getLong(at + 3)),
                rs.getObject(at + 4) != null, // default_marker
                Sql.instant(rs, at + 5), // created_at
                Sql.instant(rs, at + 6)); // updated_at
    }
}
