package io.groupdesk.api.console;

import io.groupdesk.agents.Agent;
import io.groupdesk.api.FormBody;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupSearch;
import io.groupdesk.groups.GroupSort;
import io.groupdesk.memberships.BulkOutcome;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.MembershipFilter;
import io.groupdesk.memberships.MembershipService;
import io.groupdesk.memberships.NewMembership;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Ids;
import io.groupdesk.shared.MembershipId;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Slice;
import io.groupdesk.shared.ValidationException;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An agent's page and the changes made from it to the agent's groups. Everything is read and changed as the viewer,
 * so an agent sees no private group it is not in, and an agent's post of an admin's form is the core's refusal.
 */
final class ConsoleAgentPageController {
    /** How many groups a search for groups to add offers at once. */
    static final int GROUP_RESULTS = 20;

    private final ConsoleApi.Services services;
    private final Responses responses;
    private final ConsoleHistoryController history;

    ConsoleAgentPageController(ConsoleApi.Services services, Responses responses, ConsoleHistoryController history) {
        this.services = services;
        this.responses = responses;
        this.history = history;
    }

    void show(Context ctx, Viewer viewer) {
        Agent agent = services.agents().get(viewer.caller(), new AgentId(Pages.id(ctx)));
        int page = pageNumber(ctx.queryParam("groups_page"));
        Slice<Membership> memberships = services.memberships()
                .list(
                        viewer.caller(),
                        MembershipFilter.ofAgent(agent.id()),
                        PageRequest.offset(page, AgentPage.GROUPS_PAGE_SIZE).withTotal());
        Optional<GroupId> defaultGroup = services.memberships().defaultGroupOf(viewer.caller(), agent.id());
        List<GroupId> ids = new ArrayList<>(
                memberships.items().stream().map(Membership::groupId).toList());
        defaultGroup.ifPresent(ids::add);
        Map<GroupId, Group> groups = new HashMap<>();
        services.groups().getAll(viewer.caller(), ids).forEach(group -> groups.put(group.id(), group));
        AgentPage.Groups shown = new AgentPage.Groups(memberships, groups, defaultGroup.map(groups::get), page);
        responses.html(
                ctx,
                200,
                AgentPage.show(
                        viewer,
                        agent,
                        shown,
                        groupSearch(viewer, agent, ctx.queryParam("group_q")),
                        ConsoleHistoryController.zone(viewer),
                        history.recent(viewer, agent),
                        AgentPages.notice(ctx)));
    }

    /** The groups whose name holds {@code text}, for an admin adding an agent that may still join groups. */
    private AgentPage.GroupChoices groupSearch(Viewer viewer, Agent agent, String text) {
        String wanted = text == null ? "" : text.strip();
        if (wanted.isEmpty() || !viewer.isAdmin() || !agent.active()) {
            return AgentPage.GroupChoices.NONE;
        }
        Slice<Group> found = services.groups()
                .search(viewer.caller(), new GroupSearch(wanted, GroupSort.NAME), PageRequest.offset(1, GROUP_RESULTS));
        // one read of the agent's memberships rather than one question per group found
        java.util.Set<GroupId> joined = services.memberships().ofAgent(viewer.caller(), agent.id()).stream()
                .map(Membership::groupId)
                .collect(java.util.stream.Collectors.toSet());
        List<AgentPage.Found> results = found.items().stream()
                .map(group -> new AgentPage.Found(group, joined.contains(group.id())))
                .toList();
        return new AgentPage.GroupChoices(wanted, results, found.hasMore());
    }

    /** Adds the agent to the groups ticked in a search's results. */
    void addGroups(Context ctx, Viewer viewer) {
        AgentId agent = services.agents()
                .get(viewer.caller(), new AgentId(Pages.id(ctx)))
                .id();
        List<NewMembership> items = ids(ctx, "group").stream()
                .map(id -> new NewMembership(agent, new GroupId(id)))
                .toList();
        if (items.isEmpty()) {
            back(ctx, agent, "groups-none", "");
            return;
        }
        List<BulkOutcome> outcomes = services.memberships().addMany(viewer.caller(), items);
        back(ctx, agent, outcomes.stream().allMatch(BulkOutcome::success) ? "groups-added" : "groups-partly-added", "");
    }

    /** Removes the agent from one group (a row's button) or from every group ticked ("Remove from selected groups"). */
    void removeGroups(Context ctx, Viewer viewer) {
        AgentId agent = services.agents()
                .get(viewer.caller(), new AgentId(Pages.id(ctx)))
                .id();
        Optional<String> one = FormBody.first(ctx, "membership");
        String page = groupsPage(ctx);
        if (one.isPresent()) {
            services.memberships().remove(viewer.caller(), membership(one.get()), Optional.of(agent));
            back(ctx, agent, "groups-removed", page);
            return;
        }
        List<Long> selected = ids(ctx, "selected");
        if (selected.isEmpty()) {
            back(ctx, agent, "groups-none", page);
            return;
        }
        for (long id : selected) {
            try {
                services.memberships().remove(viewer.caller(), new MembershipId(id), Optional.of(agent));
            } catch (NotFoundException e) {
                // removed meanwhile: what was asked for holds
            }
        }
        back(ctx, agent, "groups-removed", page);
    }

    /** Makes one of the agent's memberships its default. */
    void makeDefault(Context ctx, Viewer viewer) {
        AgentId agent = services.agents()
                .get(viewer.caller(), new AgentId(Pages.id(ctx)))
                .id();
        MembershipId membership = membership(FormBody.first(ctx, "membership").orElse(""));
        services.memberships().makeDefault(viewer.caller(), agent, membership);
        back(ctx, agent, "default-changed", groupsPage(ctx));
    }

    private void back(Context ctx, AgentId agent, String notice, String groupsPage) {
        responses.seeOther(ctx, "/console/agents/" + agent.value() + "?notice=" + notice + groupsPage + "#groups");
    }

    /** The page of groups the form was posted from, as a query parameter to return to it. */
    private static String groupsPage(Context ctx) {
        int page = pageNumber(FormBody.first(ctx, "groups_page").orElse("1"));
        return page > 1 ? "&groups_page=" + page : "";
    }

    /** The ids posted under {@code name}, at most {@link MembershipService#MAX_BULK} of them. */
    private static List<Long> ids(Context ctx, String name) {
        List<Long> ids = new ArrayList<>();
        for (String value : FormBody.fields(ctx).getOrDefault(name, List.of())) {
            Ids.parse(value).ifPresent(id -> {
                if (!ids.contains(id)) {
                    ids.add(id);
                }
            });
        }
        if (ids.size() > MembershipService.MAX_BULK) {
            throw ValidationException.of(
                    name, Rule.INVALID, "names more than " + MembershipService.MAX_BULK + " groups at once");
        }
        return ids;
    }

    private static MembershipId membership(String value) {
        return new MembershipId(Ids.parse(value).orElse(-1));
    }

    private static int pageNumber(String value) {
        try {
            int page = Integer.parseInt(value == null ? "1" : value);
            return page < 1 || page > 100_000 ? 1 : page;
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
