package io.groupdesk.api.console;

import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentSearch;
import io.groupdesk.api.FormBody;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupChanges;
import io.groupdesk.groups.GroupSearch;
import io.groupdesk.groups.GroupService;
import io.groupdesk.groups.GroupSort;
import io.groupdesk.groups.NewGroup;
import io.groupdesk.memberships.BulkOutcome;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.MembershipService;
import io.groupdesk.memberships.NewMembership;
import io.groupdesk.rosters.GroupMembers;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.GroupdeskException;
import io.groupdesk.shared.Ids;
import io.groupdesk.shared.MembershipId;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Slice;
import io.groupdesk.shared.ValidationException;
import io.groupdesk.shared.WeeklyHours;
import io.javalin.http.Context;
import java.time.DayOfWeek;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The groups pages: the list with its search, order and pager; one group's page with its members a page at a time,
 * adding members found by a search of agents, removing them or making it their default one by one or for a
 * selection, and the group's settings.
 */
final class ConsoleGroupsController {
    static final int PAGE_SIZE = 25;

    private final ConsoleApi.Services services;
    private final Responses responses;
    private final ConsoleHistoryController history;

    ConsoleGroupsController(ConsoleApi.Services services, Responses responses, ConsoleHistoryController history) {
        this.services = services;
        this.responses = responses;
        this.history = history;
    }

    // ---- the list -----------------------------------------------------------------------------------------------

    void list(Context ctx, Viewer viewer) {
        renderList(ctx, viewer, 200, GroupPages.Draft.EMPTY, FormErrors.NONE);
    }

    void create(Context ctx, Viewer viewer) {
        GroupPages.Draft draft = GroupPages.Draft.EMPTY
                .withName(form(ctx, "name"))
                .withDescription(form(ctx, "description"))
                .withPrivate(FormBody.first(ctx, "private").isPresent());
        NewGroup group = new NewGroup(
                draft.name(),
                draft.description().isBlank() ? Optional.empty() : Optional.of(draft.description()),
                Optional.of(!draft.isPrivate()));
        Group created;
        try {
            created = services.groups().create(viewer.caller(), group);
        } catch (ValidationException e) {
            renderList(ctx, viewer, 422, draft, FormErrors.of(e));
            return;
        } catch (ConflictException e) {
            renderList(ctx, viewer, 422, draft, FormErrors.of(e));
            return;
        }
        responses.seeOther(ctx, "/console/groups/" + created.id().value() + "?notice=created");
    }

    private void renderList(Context ctx, Viewer viewer, int status, GroupPages.Draft draft, FormErrors errors) {
        GroupPages.ListQuery query = new GroupPages.ListQuery(text(ctx, "q"), sort(ctx), Pages.number(ctx));
        Slice<Group> groups = services.groups()
                .search(
                        viewer.caller(),
                        new GroupSearch(query.text(), query.sort()),
                        PageRequest.offset(query.page(), PAGE_SIZE).withTotal());
        Map<GroupId, Long> sizes = services.groups()
                .memberCounts(
                        viewer.caller(), groups.items().stream().map(Group::id).toList());
        responses.html(ctx, status, GroupPages.list(viewer, query, groups, sizes, draft, errors, notice(ctx)));
    }

    private static GroupSort sort(Context ctx) {
        return "size".equals(ctx.queryParam("sort")) ? GroupSort.SIZE : GroupSort.NAME;
    }

    // ---- one group ----------------------------------------------------------------------------------------------

    void show(Context ctx, Viewer viewer) {
        Group group = services.groups().get(viewer.caller(), groupId(ctx));
        renderGroup(ctx, viewer, 200, group, GroupPages.Draft.of(group), FormErrors.NONE);
    }

    void update(Context ctx, Viewer viewer) {
        GroupId id = groupId(ctx);
        Group current = services.groups().get(viewer.caller(), id);
        Map<DayOfWeek, String> hours = new EnumMap<>(DayOfWeek.class);
        for (DayOfWeek day : DayOfWeek.values()) {
            hours.put(day, form(ctx, GroupPages.hoursField(day)));
        }
        GroupPages.Draft draft = new GroupPages.Draft(
                form(ctx, "name"),
                form(ctx, "description"),
                // a private group stays private: its box is shown checked and cannot be cleared
                !current.isPublic() || FormBody.first(ctx, "private").isPresent(),
                form(ctx, "time_zone"),
                hours);
        try {
            services.groups()
                    .update(
                            viewer.caller(),
                            id,
                            new GroupChanges(
                                    Optional.of(draft.name()),
                                    Optional.of(draft.description()),
                                    Optional.of(!draft.isPrivate()),
                                    Optional.empty(),
                                    Optional.of(draft.timeZone().strip()),
                                    Optional.of(workingHours(hours))));
        } catch (ValidationException e) {
            renderGroup(ctx, viewer, 422, current, draft, FormErrors.of(e));
            return;
        } catch (ConflictException e) {
            renderGroup(ctx, viewer, 422, current, draft, FormErrors.of(e));
            return;
        }
        responses.seeOther(ctx, "/console/groups/" + id.value() + "?notice=saved");
    }

    /**
     * The week's hours from one field a day, each a comma-separated list of ranges such as {@code 09:00-12:00}; an
     * empty field is a day off, and all empty is "none of its own".
     *
     * @throws ValidationException a range that is not two times joined by a dash, or that {@link WeeklyHours} refuses
     */
    static WeeklyHours workingHours(Map<DayOfWeek, String> fields) {
        Map<DayOfWeek, List<String[]>> days = new EnumMap<>(DayOfWeek.class);
        fields.forEach((day, text) -> {
            List<String[]> ranges = new ArrayList<>();
            for (String range : text.split(",")) {
                if (range.isBlank()) {
                    continue;
                }
                String[] ends = range.strip().split("\\s*-\\s*", -1);
                if (ends.length != 2) {
                    throw ValidationException.of(
                            "working_hours",
                            io.groupdesk.shared.FieldViolation.Rule.INVALID,
                            "on " + GroupPages.dayName(day) + " are not ranges such as 09:00-17:00");
                }
                ranges.add(ends);
            }
            if (!ranges.isEmpty()) {
                days.put(day, ranges);
            }
        });
        return WeeklyHours.of(days, "working_hours");
    }

    void delete(Context ctx, Viewer viewer) {
        GroupId id = groupId(ctx);
        try {
            // the page says so: members whose default this was fall back to their oldest other group
            services.groups().delete(viewer.caller(), id, GroupService.DefaultGroups.MOVE);
        } catch (ValidationException e) {
            Group group = services.groups().get(viewer.caller(), id);
            renderGroup(ctx, viewer, 422, group, GroupPages.Draft.of(group), FormErrors.of(e));
            return;
        }
        responses.seeOther(ctx, "/console/groups?notice=deleted");
    }

    /** Adds the agents ticked in the results of an agent search, in one go. */
    void addMembers(Context ctx, Viewer viewer) {
        GroupId id = groupId(ctx);
        List<AgentId> agents = new ArrayList<>();
        for (String value : FormBody.fields(ctx).getOrDefault("agent", List.of())) {
            Optional<Long> agent = Ids.parse(value).stream().boxed().findFirst();
            if (agent.isEmpty()) {
                renderGroupWithError(ctx, viewer, id, "agent", "is not one of the agents found");
                return;
            }
            if (!agents.contains(new AgentId(agent.get()))) {
                agents.add(new AgentId(agent.get()));
            }
        }
        if (agents.isEmpty()) {
            renderGroupWithError(ctx, viewer, id, "agent", "must be chosen: tick at least one agent");
            return;
        }
        if (agents.size() > MembershipService.MAX_BULK) {
            renderGroupWithError(ctx, viewer, id, "agent", "can be at most " + MembershipService.MAX_BULK + " at once");
            return;
        }
        // the group first: another account's id, or a group the admin cannot see, is the not-found page
        services.groups().get(viewer.caller(), id);
        List<BulkOutcome> outcomes = services.memberships()
                .addMany(
                        viewer.caller(),
                        agents.stream()
                                .map(agent -> new NewMembership(agent, id))
                                .toList());
        List<String> refused = refusals(viewer, outcomes, index -> agents.get(index));
        if (!refused.isEmpty()) {
            renderGroupWithError(ctx, viewer, id, "agent", String.join("; ", refused));
            return;
        }
        responses.seeOther(
                ctx, "/console/groups/" + id.value() + "?notice=" + (agents.size() == 1 ? "added" : "members-added"));
    }

    /** What a bulk write refused, one line per agent: "Ada Lovelace: is already a member". */
    private List<String> refusals(
            Viewer viewer, List<BulkOutcome> outcomes, java.util.function.IntFunction<AgentId> agentOf) {
        List<BulkOutcome> failed =
                outcomes.stream().filter(outcome -> !outcome.success()).toList();
        if (failed.isEmpty()) {
            return List.of();
        }
        Map<AgentId, String> names = new LinkedHashMap<>();
        services.agents()
                .getAll(
                        viewer.caller(),
                        failed.stream().map(o -> agentOf.apply(o.index())).toList())
                .forEach(agent -> names.put(agent.id(), agent.name()));
        return failed.stream()
                .map(outcome -> {
                    AgentId agent = agentOf.apply(outcome.index());
                    GroupdeskException failure = outcome.failure().orElseThrow();
                    String why = failure instanceof ConflictException ? "is already a member" : failure.getMessage();
                    return names.getOrDefault(agent, "Agent " + agent.value()) + ": " + why;
                })
                .toList();
    }

    /** Removes the ticked members, or makes this group their default: {@code action} is {@code remove} or {@code default}. */
    void changeMembers(Context ctx, Viewer viewer) {
        GroupId id = groupId(ctx);
        String back = "/console/groups/" + id.value() + "?" + memberListQuery(form(ctx, "q"), form(ctx, "page"));
        String action = form(ctx, "action");
        List<MembershipId> chosen = new ArrayList<>();
        for (String value : FormBody.fields(ctx).getOrDefault("membership", List.of())) {
            Ids.parse(value).ifPresent(membership -> chosen.add(new MembershipId(membership)));
        }
        if (chosen.isEmpty()) {
            renderGroupWithError(ctx, viewer, id, "membership", "must be chosen: tick at least one member");
            return;
        }
        if (chosen.size() > MembershipService.MAX_BULK) {
            renderGroupWithError(
                    ctx, viewer, id, "membership", "can be at most " + MembershipService.MAX_BULK + " at once");
            return;
        }
        services.groups().get(viewer.caller(), id);
        // only memberships of this group: an id of another group's membership is not one this page offered
        List<Membership> memberships = new ArrayList<>();
        for (MembershipId membership : chosen) {
            Membership found = services.memberships().get(viewer.caller(), membership, Optional.empty());
            if (!found.groupId().equals(id)) {
                throw new NotFoundException("membership", membership);
            }
            memberships.add(found);
        }
        switch (action) {
            case "remove" -> {
                services.memberships()
                        .removeMany(
                                viewer.caller(),
                                memberships.stream().map(Membership::id).toList());
                responses.seeOther(ctx, back + "notice=" + (chosen.size() == 1 ? "removed" : "members-removed"));
            }
            case "default" -> {
                for (Membership membership : memberships) {
                    if (!membership.isDefault()) {
                        services.memberships().makeDefault(viewer.caller(), membership.agentId(), membership.id());
                    }
                }
                responses.seeOther(ctx, back + "notice=" + (chosen.size() == 1 ? "default" : "defaults"));
            }
            default -> renderGroupWithError(ctx, viewer, id, "action", "must be Remove or Make default");
        }
    }

    void removeMember(Context ctx, Viewer viewer) {
        MembershipId id = membershipId(ctx);
        Membership membership = services.memberships().get(viewer.caller(), id, Optional.empty());
        services.memberships().remove(viewer.caller(), id, Optional.empty());
        responses.seeOther(ctx, "/console/groups/" + membership.groupId().value() + "?notice=removed");
    }

    void makeDefault(Context ctx, Viewer viewer) {
        MembershipId id = membershipId(ctx);
        Membership membership = services.memberships().get(viewer.caller(), id, Optional.empty());
        services.memberships().makeDefault(viewer.caller(), membership.agentId(), id);
        responses.seeOther(ctx, "/console/groups/" + membership.groupId().value() + "?notice=default");
    }

    private void renderGroupWithError(Context ctx, Viewer viewer, GroupId id, String field, String message) {
        Group group = services.groups().get(viewer.caller(), id);
        renderGroup(ctx, viewer, 422, group, GroupPages.Draft.of(group), FormErrors.of(field, message));
    }

    private void renderGroup(
            Context ctx, Viewer viewer, int status, Group group, GroupPages.Draft draft, FormErrors errors) {
        // a form posted keeps the member list it was posted from: its q and page come with the form
        String q = ctx.method().name().equals("POST") ? form(ctx, "q").strip() : text(ctx, "q");
        int page = ctx.method().name().equals("POST") ? number(form(ctx, "page")) : Pages.number(ctx);
        Slice<GroupMembers.Member> members = services.rosters()
                .members(
                        viewer.caller(),
                        group.id(),
                        q,
                        PageRequest.offset(page, PAGE_SIZE).withTotal());
        long size = services.groups()
                .memberCounts(viewer.caller(), List.of(group.id()))
                .getOrDefault(group.id(), 0L);
        GroupPages.Candidates candidates = GroupPages.Candidates.NONE;
        String addText = text(ctx, "add_q");
        if (viewer.isAdmin() && !group.deleted() && !addText.isEmpty()) {
            int addPage = number(Optional.ofNullable(ctx.queryParam("add_page")).orElse("1"));
            Slice<Agent> found = services.agents()
                    .search(
                            viewer.caller(),
                            new AgentSearch(addText, Optional.empty(), Optional.of(true), Optional.empty()),
                            PageRequest.offset(addPage, PAGE_SIZE).withTotal());
            Set<AgentId> already = services.memberships()
                    .membersAmong(
                            viewer.caller(),
                            group.id(),
                            found.items().stream().map(Agent::id).toList());
            candidates = new GroupPages.Candidates(addText, addPage, found, already);
        }
        responses.html(
                ctx,
                status,
                GroupPages.show(
                        viewer,
                        group,
                        size,
                        new GroupPages.MemberList(q, page, members),
                        candidates,
                        draft,
                        errors,
                        notice(ctx),
                        history.recent(viewer, group)));
    }

    /** The notice a redirect named, among the groups pages' own and the console's. */
    private static Optional<String> notice(Context ctx) {
        return Optional.ofNullable(ctx.queryParam("notice"))
                .map(GroupPages.NOTICES::get)
                .or(() -> Pages.notice(ctx));
    }

    /** The query string of a member list, ending with {@code &} when it is not empty. */
    static String memberListQuery(String q, String page) {
        StringBuilder query = new StringBuilder();
        if (!q.isBlank()) {
            query.append("q=").append(Urls.encode(q.strip())).append('&');
        }
        int number = number(page);
        if (number > 1) {
            query.append("page=").append(number).append('&');
        }
        return query.toString();
    }

    private static int number(String text) {
        try {
            int page = Integer.parseInt(text.strip());
            return page < 1 || page > 100_000 ? 1 : page;
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static GroupId groupId(Context ctx) {
        return new GroupId(Pages.id(ctx));
    }

    private static MembershipId membershipId(Context ctx) {
        return new MembershipId(Pages.id(ctx));
    }

    private static String form(Context ctx, String name) {
        return FormBody.first(ctx, name).orElse("");
    }

    /** A query parameter as typed, stripped; empty when absent. */
    private static String text(Context ctx, String name) {
        return Optional.ofNullable(ctx.queryParam(name)).orElse("").strip();
    }
}
