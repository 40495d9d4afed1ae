package io.groupdesk.api.console;

import io.groupdesk.agents.Agent;
import io.groupdesk.events.Change;
import io.groupdesk.events.ChangeDescription;
import io.groupdesk.events.Event;
import io.groupdesk.events.EventHistory;
import io.groupdesk.events.EventType;
import io.groupdesk.groups.Group;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Ids;
import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A group's or an agent's history: the latest changes on its page for admins, and its own page, newest first, paged
 * with "Older". The core answers an agent's request with its refusal, which the console shows as its 403 page.
 */
final class ConsoleHistoryController {
    /** Changes shown on a group's or an agent's own page. */
    static final int RECENT = 20;
    /** Changes on one page of a full history. */
    static final int PAGE_SIZE = 25;

    private final ConsoleApi.Services services;
    private final Responses responses;

    ConsoleHistoryController(ConsoleApi.Services services, Responses responses) {
        this.services = services;
        this.responses = responses;
    }

    void ofGroup(Context ctx, Viewer viewer) {
        GroupId id = new GroupId(Pages.id(ctx));
        // read first, so that another account's id is the not-found page rather than an empty history
        Group group = services.groups().get(viewer.caller(), id);
        OptionalLong before = before(ctx);
        EventHistory.Page page = services.history().ofGroup(viewer.caller(), id, before, PAGE_SIZE);
        responses.html(
                ctx,
                200,
                HistoryPages.page(viewer, HistoryPages.Subject.of(group), rows(viewer, page), before.isPresent()));
    }

    void ofAgent(Context ctx, Viewer viewer) {
        AgentId id = new AgentId(Pages.id(ctx));
        Agent agent = services.agents().get(viewer.caller(), id);
        OptionalLong before = before(ctx);
        EventHistory.Page page = services.history().ofAgent(viewer.caller(), id, before, PAGE_SIZE);
        responses.html(
                ctx,
                200,
                HistoryPages.page(viewer, HistoryPages.Subject.of(agent), rows(viewer, page), before.isPresent()));
    }

    /** The history section of a group's page: for admins its latest changes, for anyone else nothing. */
    Html recent(Viewer viewer, Group group) {
        if (!viewer.isAdmin()) {
            return Html.EMPTY;
        }
        EventHistory.Page page = services.history().ofGroup(viewer.caller(), group.id(), OptionalLong.empty(), RECENT);
        return HistoryPages.section(HistoryPages.Subject.of(group), rows(viewer, page));
    }

    /** The history section of an agent's page: for admins its latest changes, for anyone else nothing. */
    Html recent(Viewer viewer, Agent agent) {
        if (!viewer.isAdmin()) {
            return Html.EMPTY;
        }
        EventHistory.Page page = services.history().ofAgent(viewer.caller(), agent.id(), OptionalLong.empty(), RECENT);
        return HistoryPages.section(HistoryPages.Subject.of(agent), rows(viewer, page));
    }

    /** The zone a page gives its times in: the account's, or UTC when the account names none this JVM knows. */
    static ZoneId zone(Viewer viewer) {
        String zone = viewer.account().timeZone();
        if (zone == null || zone.isBlank()) {
            return ZoneOffset.UTC;
        }
        try {
            return ZoneId.of(zone);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    /**
     * The page's events with the names of the agents and groups they mention, read in one query for the agents and
     * one for the groups, however many rows the page has.
     */
    private HistoryPages.Rows rows(Viewer viewer, EventHistory.Page page) {
        Set<AgentId> agentIds = new HashSet<>();
        Set<GroupId> groupIds = new HashSet<>();
        for (Event event : page.events()) {
            event.agent().ifPresent(agentIds::add);
            event.actor().ifPresent(agentIds::add);
            event.group().ifPresent(groupIds::add);
            if (event.type() == EventType.USER_DEFAULT_GROUP_CHANGED) {
                Change change = event.changeMap().get("default_group_id");
                if (change != null) {
                    groupId(change.from()).ifPresent(groupIds::add);
                    groupId(change.to()).ifPresent(groupIds::add);
                }
            }
        }
        Map<AgentId, String> agentNames = agentIds.isEmpty()
                ? Map.of()
                : services.agents().getAll(viewer.caller(), agentIds).stream()
                        .collect(Collectors.toMap(Agent::id, Agent::name));
        Map<GroupId, String> groupNames = groupIds.isEmpty()
                ? Map.of()
                : services.groups().getAll(viewer.caller(), groupIds).stream()
                        .collect(Collectors.toMap(Group::id, Group::name));
        ChangeDescription.Names names = new ChangeDescription.Names() {
            @Override
            public String agent(AgentId agent) {
                return agentNames.getOrDefault(agent, "agent " + agent.value());
            }

            @Override
            public String group(GroupId group) {
                return groupNames.getOrDefault(group, "group " + group.value());
            }
        };
        Function<Event, HistoryPages.Row> row = event -> new HistoryPages.Row(
                event, event.actor().map(names::agent).orElse("System"), ChangeDescription.of(event, names));
        return new HistoryPages.Rows(page.events().stream().map(row).toList(), page.olderThan(), zone(viewer));
    }

    private static Optional<GroupId> groupId(Object value) {
        return value instanceof Number number ? Optional.of(new GroupId(number.longValue())) : Optional.empty();
    }

    /** The {@code before} query parameter: the id of the oldest event already shown; absent or unreadable, none. */
    private static OptionalLong before(Context ctx) {
        return Ids.parse(ctx.queryParam("before"));
    }
}
