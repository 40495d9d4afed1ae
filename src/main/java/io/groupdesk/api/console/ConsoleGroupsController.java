package io.groupdesk.api.console;

import io.groupdesk.agents.Agent;
import io.groupdesk.api.FormBody;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupChanges;
import io.groupdesk.groups.GroupService;
import io.groupdesk.groups.NewGroup;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.NewMembership;
import io.groupdesk.rosters.GroupMembers;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Ids;
import io.groupdesk.shared.MembershipId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Slice;
import io.groupdesk.shared.ValidationException;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** The groups pages: list and search, create, show with members, rename and describe, delete, and memberships. */
final class ConsoleGroupsController {
    static final int PAGE_SIZE = 25;
    /** Members shown on a group's page, and agents offered to add; larger groups are managed through the API. */
    static final int MEMBERS_SHOWN = PageRequest.MAX_SIZE;

    private final ConsoleApi.Services services;
    private final Responses responses;
    private final ConsoleHistoryController history;

    ConsoleGroupsController(ConsoleApi.Services services, Responses responses, ConsoleHistoryController history) {
        this.services = services;
        this.responses = responses;
        this.history = history;
    }

    void list(Context ctx, Viewer viewer) {
        renderList(ctx, viewer, 200, GroupPages.Draft.EMPTY, FormErrors.NONE);
    }

    void create(Context ctx, Viewer viewer) {
        GroupPages.Draft draft = new GroupPages.Draft(
                form(ctx, "name"),
                form(ctx, "description"),
                FormBody.first(ctx, "private").isPresent());
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
        String query = Optional.ofNullable(ctx.queryParam("q")).orElse("").strip();
        int page = Pages.number(ctx);
        PageRequest request = PageRequest.offset(page, PAGE_SIZE);
        Slice<Group> groups = query.isEmpty()
                ? services.groups().list(viewer.caller(), GroupService.Scope.ALL, false, request)
                : services.groups().search(viewer.caller(), query, request);
        responses.html(ctx, status, GroupPages.list(viewer, query, page, groups, draft, errors, Pages.notice(ctx)));
    }

    void show(Context ctx, Viewer viewer) {
        GroupMembers roster = roster(viewer, groupId(ctx));
        Group group = roster.group();
        renderGroup(
                ctx,
                viewer,
                200,
                roster,
                new GroupPages.Draft(group.name(), nullToEmpty(group.description()), false),
                FormErrors.NONE);
    }

    void update(Context ctx, Viewer viewer) {
        GroupId id = groupId(ctx);
        GroupPages.Draft draft = new GroupPages.Draft(form(ctx, "name"), form(ctx, "description"), false);
        try {
            services.groups()
                    .update(
                            viewer.caller(),
                            id,
                            new GroupChanges(
                                    Optional.of(draft.name()), Optional.of(draft.description()), Optional.empty()));
        } catch (ValidationException e) {
            renderGroup(ctx, viewer, 422, roster(viewer, id), draft, FormErrors.of(e));
            return;
        } catch (ConflictException e) {
            renderGroup(ctx, viewer, 422, roster(viewer, id), draft, FormErrors.of(e));
            return;
        }
        responses.seeOther(ctx, "/console/groups/" + id.value() + "?notice=saved");
    }

    void delete(Context ctx, Viewer viewer) {
        GroupId id = groupId(ctx);
        try {
            // the page says so: members whose default this was fall back to their oldest other group
            services.groups().delete(viewer.caller(), id, GroupService.DefaultGroups.MOVE);
        } catch (ValidationException e) {
            GroupMembers roster = roster(viewer, id);
            Group group = roster.group();
            renderGroup(
                    ctx,
                    viewer,
                    422,
                    roster,
                    new GroupPages.Draft(group.name(), nullToEmpty(group.description()), false),
                    FormErrors.of(e));
            return;
        }
        responses.seeOther(ctx, "/console/groups?notice=deleted");
    }

    void addMember(Context ctx, Viewer viewer) {
        GroupId id = groupId(ctx);
        try {
            AgentId agent = new AgentId(Ids.parse(form(ctx, "agent")).orElseThrow(NumberFormatException::new));
            services.memberships().add(viewer.caller(), new NewMembership(agent, id));
        } catch (NumberFormatException e) {
            renderGroupWithError(ctx, viewer, id, FormErrors.of("agent", "is not one of the offered agents"));
            return;
        } catch (ValidationException e) {
            renderGroupWithError(ctx, viewer, id, FormErrors.of(e));
            return;
        } catch (ConflictException e) {
            renderGroupWithError(ctx, viewer, id, FormErrors.of("agent", "is already a member"));
            return;
        }
        responses.seeOther(ctx, "/console/groups/" + id.value() + "?notice=added");
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

    private void renderGroupWithError(Context ctx, Viewer viewer, GroupId id, FormErrors errors) {
        GroupMembers roster = roster(viewer, id);
        Group group = roster.group();
        renderGroup(
                ctx,
                viewer,
                422,
                roster,
                new GroupPages.Draft(group.name(), nullToEmpty(group.description()), false),
                errors);
    }

    /** A group with the members its page shows: those of its first {@link #MEMBERS_SHOWN} memberships. */
    private GroupMembers roster(Viewer viewer, GroupId id) {
        return services.rosters().group(viewer.caller(), id, MEMBERS_SHOWN);
    }

    private void renderGroup(
            Context ctx, Viewer viewer, int status, GroupMembers roster, GroupPages.Draft draft, FormErrors errors) {
        Group group = roster.group();
        List<Agent> candidates = List.of();
        if (viewer.isAdmin() && !group.deleted()) {
            Set<AgentId> in =
                    roster.members().stream().map(member -> member.agent().id()).collect(Collectors.toSet());
            candidates =
                    services
                            .agents()
                            .list(viewer.caller(), Set.of(), false, PageRequest.offset(1, MEMBERS_SHOWN))
                            .items()
                            .stream()
                            .filter(agent -> !in.contains(agent.id()))
                            .toList();
        }
        responses.html(
                ctx,
                status,
                GroupPages.show(
                        viewer,
                        group,
                        roster.members(),
                        candidates,
                        draft,
                        errors,
                        Pages.notice(ctx),
                        history.recent(viewer, group)));
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

    private static String nullToEmpty(String value) {
        return value == null ? "" : value;
    }
}
