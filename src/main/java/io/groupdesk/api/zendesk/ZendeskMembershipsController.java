package io.groupdesk.api.zendesk;

import io.groupdesk.access.Caller;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentService;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.QueryString;
import io.groupdesk.events.EventLog;
import io.groupdesk.events.MembershipScope;
import io.groupdesk.groups.GroupService;
import io.groupdesk.jobs.Job;
import io.groupdesk.jobs.MembershipJobs;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.MembershipFilter;
import io.groupdesk.memberships.MembershipService;
import io.groupdesk.memberships.NewMembership;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Ids;
import io.groupdesk.shared.MembershipId;
import io.groupdesk.shared.Slice;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.JsonNode;

/** {@code /api/v2/group_memberships} and the user- and group-scoped forms of reference §2.1. */
final class ZendeskMembershipsController {
    private final MembershipService memberships;
    private final AgentService agents;
    private final GroupService groups;
    private final MembershipJobs jobs;
    private final EventLog events;
    private final ZendeskJson json;
    private final BaseUrl baseUrl;

    ZendeskMembershipsController(
            MembershipService memberships,
            AgentService agents,
            GroupService groups,
            MembershipJobs jobs,
            EventLog events,
            ZendeskJson json,
            BaseUrl baseUrl) {
        this.memberships = memberships;
        this.agents = agents;
        this.groups = groups;
        this.jobs = jobs;
        this.events = events;
        this.json = json;
        this.baseUrl = baseUrl;
    }

    void list(Context ctx, Caller caller) {
        sendList(ctx, caller, MembershipFilter.all());
    }

    void listOfUser(Context ctx, Caller caller) {
        AgentId user = userId(ctx);
        if (!sendAsOf(ctx, caller, MembershipScope.ofAgent(user))) {
            sendList(ctx, caller, MembershipFilter.ofAgent(user));
        }
    }

    void listOfGroup(Context ctx, Caller caller) {
        GroupId group = groupId(ctx);
        if (!sendAsOf(ctx, caller, MembershipScope.ofGroup(group))) {
            sendList(ctx, caller, MembershipFilter.ofGroup(group));
        }
    }

    /**
     * Answers a list with {@code as_of} (ISO 8601 or epoch seconds): the memberships as they were then, paged as
     * without it; {@code include} sideloads today's users and groups. Whether there was an {@code as_of} to answer.
     */
    private boolean sendAsOf(Context ctx, Caller caller, MembershipScope scope) {
        QueryString query = QueryString.parse(ctx.queryString());
        Optional<String> asOf = query.first("as_of").map(String::strip).filter(v -> !v.isEmpty());
        if (asOf.isEmpty()) {
            return false;
        }
        Instant time = ZendeskTimes.parse(asOf.get(), "as_of");
        ZendeskPaging paging = ZendeskPaging.parse(query);
        Slice<Membership> slice = events.membershipsAsOf(caller, scope, time, paging.request())
                .map(m -> new Membership(
                        m.id(), caller.account(), m.agent(), m.group(), m.isDefault(), m.createdAt(), m.updatedAt()));
        send(ctx, caller, query, paging, slice);
        return true;
    }

    void assignable(Context ctx, Caller caller) {
        sendList(ctx, caller, MembershipFilter.all().assignable());
    }

    void assignableOfGroup(Context ctx, Caller caller) {
        sendList(ctx, caller, MembershipFilter.ofGroup(groupId(ctx)).assignable());
    }

    private void sendList(Context ctx, Caller caller, MembershipFilter filter) {
        QueryString query = QueryString.parse(ctx.queryString());
        ZendeskPaging paging = ZendeskPaging.parse(query);
        send(ctx, caller, query, paging, memberships.list(caller, filter, paging.request()));
    }

    private void send(Context ctx, Caller caller, QueryString query, ZendeskPaging paging, Slice<Membership> slice) {
        String base = baseUrl.of(ctx);
        Map<String, Object> body = ZendeskPages.body(
                ctx,
                base,
                query,
                paging,
                "group_memberships",
                slice,
                m -> ZendeskMembershipJson.of(m, base),
                m -> m.id().value());
        Set<String> includes = ZendeskPages.includes(query);
        if (includes.contains("users")) {
            List<AgentId> ids =
                    slice.items().stream().map(Membership::agentId).distinct().toList();
            List<Agent> users = agents.getAll(caller, ids);
            Map<AgentId, GroupId> defaults = agents.defaultGroups(caller, ids);
            body.put(
                    "users",
                    users.stream()
                            .map(a -> ZendeskUserJson.of(a, Optional.ofNullable(defaults.get(a.id())), base))
                            .toList());
        }
        if (includes.contains("groups")) {
            List<GroupId> ids =
                    slice.items().stream().map(Membership::groupId).distinct().toList();
            body.put(
                    "groups",
                    groups.getAll(caller, ids).stream()
                            .map(g -> ZendeskGroupJson.of(g, base))
                            .toList());
        }
        json.send(ctx, 200, body);
    }

    void show(Context ctx, Caller caller) {
        Membership membership = memberships.get(caller, membershipId(ctx), Optional.empty());
        ZendeskETags.set(ctx, membership.id().value(), membership.updatedAt());
        json.send(
                ctx,
                200,
                ZendeskJson.object("group_membership", ZendeskMembershipJson.of(membership, baseUrl.of(ctx))));
    }

    void showOfUser(Context ctx, Caller caller) {
        Membership membership = memberships.get(caller, membershipId(ctx), Optional.of(userId(ctx)));
        ZendeskETags.set(ctx, membership.id().value(), membership.updatedAt());
        json.send(
                ctx,
                200,
                ZendeskJson.object("group_membership", ZendeskMembershipJson.of(membership, baseUrl.of(ctx))));
    }

    void create(Context ctx, Caller caller) {
        created(
                ctx,
                memberships.add(caller, ZendeskMembershipJson.newMembership(json.readObject(ctx), Optional.empty())));
    }

    void createOfUser(Context ctx, Caller caller) {
        AgentId user = userId(ctx);
        agents.get(caller, user); // an unknown user in the path is a 404, as for any other user-scoped route
        created(
                ctx,
                memberships.add(caller, ZendeskMembershipJson.newMembership(json.readObject(ctx), Optional.of(user))));
    }

    private void created(Context ctx, Membership membership) {
        String base = baseUrl.of(ctx);
        ctx.header("Location", ZendeskMembershipJson.url(base, membership.id().value()));
        ZendeskETags.set(ctx, membership.id().value(), membership.updatedAt());
        json.send(ctx, 201, ZendeskJson.object("group_membership", ZendeskMembershipJson.of(membership, base)));
    }

    void delete(Context ctx, Caller caller) {
        MembershipId id = membershipId(ctx);
        memberships.remove(caller, id, Optional.empty(), ZendeskETags.ifMatch(ctx, id.value()));
        ctx.status(204);
    }

    void deleteOfUser(Context ctx, Caller caller) {
        MembershipId id = membershipId(ctx);
        memberships.remove(caller, id, Optional.of(userId(ctx)), ZendeskETags.ifMatch(ctx, id.value()));
        ctx.status(204);
    }

    void makeDefault(Context ctx, Caller caller) {
        List<Membership> all = memberships.makeDefault(caller, userId(ctx), membershipId(ctx));
        String base = baseUrl.of(ctx);
        List<ZendeskMembershipJson> rendered =
                all.stream().map(m -> ZendeskMembershipJson.of(m, base)).toList();
        // reference §8.5: node-zendesk reads group_memberships, the Java client 1.5.2 reads results
        json.send(ctx, 200, ZendeskJson.object("group_memberships", rendered, "results", rendered));
    }

    void createMany(Context ctx, Caller caller) {
        JsonNode items = json.readObject(ctx).get("group_memberships");
        if (items == null || !items.isArray()) {
            throw ZendeskRequestException.badRequest(
                    "InvalidValue",
                    "The request body must be {\"group_memberships\": [{\"user_id\": …, \"group_id\": …}]}");
        }
        checkBulkSize(items.size());
        List<NewMembership> commands = new ArrayList<>();
        for (JsonNode item : items) {
            commands.add(bulkItem(item));
        }
        sendJob(ctx, jobs.addMemberships(caller, commands));
    }

    void destroyMany(Context ctx, Caller caller) {
        QueryString query = QueryString.parse(ctx.queryString());
        List<MembershipId> ids = new ArrayList<>();
        for (String value : query.all("ids")) {
            for (String raw : value.split(",")) {
                if (!raw.isBlank()) {
                    ids.add(new MembershipId(parsePositive(raw.strip())));
                }
            }
        }
        if (ids.isEmpty()) {
            throw ZendeskRequestException.badRequest(
                    "InvalidValue", "ids must list the memberships to delete: ?ids=1,2,3");
        }
        checkBulkSize(ids.size());
        sendJob(ctx, jobs.removeMemberships(caller, ids));
    }

    private void sendJob(Context ctx, Job job) {
        json.send(ctx, 200, ZendeskJson.object("job_status", ZendeskJobStatusJson.of(job, baseUrl.of(ctx))));
    }

    private static NewMembership bulkItem(JsonNode item) {
        if (!item.isObject()) {
            return new NewMembership(new AgentId(0), new GroupId(0));
        }
        long user = ZendeskFields.id(item, "user_id").orElse(0L);
        long group = ZendeskFields.id(item, "group_id").orElse(0L);
        return new NewMembership(new AgentId(user), new GroupId(group));
    }

    private static void checkBulkSize(int size) {
        if (size > MembershipService.MAX_BULK) {
            throw ZendeskRequestException.badRequest(
                    "TooManyValues", "At most " + MembershipService.MAX_BULK + " memberships can be changed at once");
        }
    }

    private static long parsePositive(String raw) {
        return Ids.parse(raw)
                .orElseThrow(() -> ZendeskRequestException.badRequest(
                        "InvalidValue", "ids must be positive integers separated by commas"));
    }

    private static MembershipId membershipId(Context ctx) {
        return new MembershipId(ZendeskIds.parse(ctx.pathParam("id"), "membership"));
    }

    static AgentId userId(Context ctx) {
        return new AgentId(ZendeskIds.parse(ctx.pathParam("user_id"), "user"));
    }

    private static GroupId groupId(Context ctx) {
        return new GroupId(ZendeskIds.parse(ctx.pathParam("group_id"), "group"));
    }
}
