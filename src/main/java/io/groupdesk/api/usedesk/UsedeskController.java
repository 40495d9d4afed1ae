package io.groupdesk.api.usedesk;

import io.groupdesk.access.Caller;
import io.groupdesk.access.Permission;
import io.groupdesk.accounts.Account;
import io.groupdesk.accounts.AccountService;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentChanges;
import io.groupdesk.agents.AgentService;
import io.groupdesk.agents.NewAgent;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupService;
import io.groupdesk.memberships.Membership;
import io.groupdesk.rosters.AgentFilter;
import io.groupdesk.rosters.AgentGroups;
import io.groupdesk.rosters.GroupMembers;
import io.groupdesk.rosters.RosterService;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Role;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;

/** Usedesk's group list and its agent methods, which are the only way Usedesk manages membership. */
final class UsedeskController {
    private final AccountService accounts;
    private final GroupService groups;
    private final AgentService agents;
    private final RosterService rosters;
    private final JsonMapper json;

    UsedeskController(
            AccountService accounts, GroupService groups, AgentService agents, RosterService rosters, JsonMapper json) {
        this.accounts = accounts;
        this.groups = groups;
        this.agents = agents;
        this.rosters = rosters;
        this.json = json;
    }

    /** {@code POST /groups}: every group of the account, deleted ones marked, with their agents. */
    void groups(Context ctx, Caller caller, UsedeskParams params) {
        Account account = accounts.get(caller);
        UsedeskJson render = renderer(caller);
        List<Object> out = new ArrayList<>();
        for (GroupMembers roster : rosters.allGroups(caller, true)) {
            Map<Long, Agent> byId = new HashMap<>();
            roster.members().forEach(member -> byId.put(member.agent().id().value(), member.agent()));
            List<Membership> ofGroup = roster.members().stream()
                    .map(GroupMembers.Member::membership)
                    .toList();
            out.add(render.group(roster.group(), account, ofGroup, byId));
        }
        send(ctx, out);
    }

    /** {@code POST /users}: agents, filtered by {@code user_type}, {@code group_id}, {@code query}, {@code user_id}. */
    void users(Context ctx, Caller caller, UsedeskParams params) {
        Account account = accounts.get(caller);
        UsedeskJson render = renderer(caller);
        List<AgentGroups> found = new ArrayList<>();
        Optional<Long> userId = params.id("user_id");
        if (userId.isPresent()) {
            AgentGroups roster = rosters.agent(caller, new AgentId(userId.get()));
            if (!roster.agent().active()) {
                throw new io.groupdesk.shared.NotFoundException(
                        "agent", roster.agent().id());
            }
            found.add(roster);
        } else {
            Set<Role> roles = roles(params.get("user_type").orElse("employee"));
            Optional<GroupId> group = params.id("group_id").map(GroupId::new);
            Optional<String> query =
                    params.get("query").filter(q -> !q.isEmpty()).map(q -> q.toLowerCase(Locale.ROOT));
            if (!roles.isEmpty()) {
                rosters.allAgents(caller, new AgentFilter(roles, true, group)).stream()
                        .filter(roster ->
                                query.map(q -> matches(roster.agent(), q)).orElse(true))
                        .forEach(found::add);
            }
        }
        List<Object> out = new ArrayList<>();
        for (AgentGroups roster : found) {
            Map<Long, Group> byId = new HashMap<>();
            roster.groups().forEach(placement -> byId.put(placement.group().id().value(), placement.group()));
            List<Membership> ofAgent = roster.groups().stream()
                    .map(AgentGroups.Placement::membership)
                    .toList();
            out.add(render.user(roster.agent(), ofAgent, byId, account));
        }
        send(ctx, out);
    }

    /** {@code POST /create/user}: {@code name}, {@code email}, {@code password} and {@code group} are required. */
    void createUser(Context ctx, Caller caller, UsedeskParams params) {
        caller.require(Permission.MANAGE_AGENTS); // before the parameters, so an agent's token learns nothing
        String name = params.required("name");
        String email = params.required("email");
        String password = params.required("password");
        GroupId group = new GroupId(params.requiredId("group"));
        groups.get(caller, group); // an unknown group is a 404 before anything is created
        AgentChanges.Builder details = AgentChanges.builder().password(password).defaultGroup(group);
        params.get("phone").ifPresent(details::phone);
        params.get("lang").filter(l -> !l.isEmpty()).ifPresent(details::locale);
        Optional<Role> role = params.get("role").filter(r -> !r.isEmpty()).map(UsedeskController::role);
        Agent agent = agents.create(caller, new NewAgent(name, email, role, details.build()));
        send(ctx, renderer(caller).success(agent.id().value()));
    }

    /** {@code POST /update/user}: {@code group} makes that group the agent's default, joining it if needed. */
    void updateUser(Context ctx, Caller caller, UsedeskParams params) {
        caller.require(Permission.MANAGE_AGENTS);
        AgentId id = new AgentId(params.requiredId("user_id"));
        AgentChanges.Builder changes = AgentChanges.builder();
        params.get("name").ifPresent(changes::name);
        params.get("email").ifPresent(changes::email);
        params.get("phone").ifPresent(changes::phone);
        params.get("lang").filter(l -> !l.isEmpty()).ifPresent(changes::locale);
        params.get("role")
                .filter(r -> !r.isEmpty())
                .map(UsedeskController::role)
                .ifPresent(changes::role);
        params.get("ticket_online_status").map(UsedeskController::bool).ifPresent(changes::acceptsAssignments);
        Optional<GroupId> group = params.id("group").map(GroupId::new);
        group.ifPresent(g -> {
            groups.get(caller, g);
            changes.defaultGroup(g);
        });
        Agent agent = agents.update(caller, id, changes.build());
        send(ctx, renderer(caller).success(agent.id().value()));
    }

    /** {@code POST /delete/user}. */
    void deleteUser(Context ctx, Caller caller, UsedeskParams params) {
        caller.require(Permission.MANAGE_AGENTS);
        Agent agent = agents.delete(caller, new AgentId(params.requiredId("user_id")));
        send(ctx, renderer(caller).success(agent.id().value()));
    }

    private UsedeskJson renderer(Caller caller) {
        return new UsedeskJson("true".equalsIgnoreCase(accounts.settings(caller).get(UsedeskJson.NUMERIC_SETTING)));
    }

    private void send(Context ctx, Object body) {
        ctx.status(200).contentType("application/json; charset=utf-8").result(json.writeValueAsBytes(body));
    }

    private static boolean matches(Agent agent, String query) {
        return agent.name().toLowerCase(Locale.ROOT).contains(query)
                || agent.email().toLowerCase(Locale.ROOT).contains(query);
    }

    private static Set<Role> roles(String userType) {
        return switch (userType.toLowerCase(Locale.ROOT)) {
            case "admin" -> EnumSet.of(Role.ADMIN);
            case "employee" -> EnumSet.of(Role.AGENT);
            case "support" -> EnumSet.noneOf(Role.class); // Usedesk's own support staff: Groupdesk has none
            default -> throw new UsedeskRequestException(400, "The user_type must be admin, employee or support.");
        };
    }

    private static Role role(String role) {
        return switch (role.toLowerCase(Locale.ROOT)) {
            case "admin" -> Role.ADMIN;
            case "employee", "agent" -> Role.AGENT;
            default -> throw new UsedeskRequestException(400, "The role must be admin or employee.");
        };
    }

    private static boolean bool(String value) {
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "1" -> true;
            case "false", "0" -> false;
            default -> throw new UsedeskRequestException(400, "Online statuses must be true or false.");
        };
    }
}
