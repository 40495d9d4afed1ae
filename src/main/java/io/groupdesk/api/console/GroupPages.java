package io.groupdesk.api.console;

import io.groupdesk.agents.Agent;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.rosters.GroupMembers;
import io.groupdesk.shared.Slice;
import java.util.List;
import java.util.Optional;

/** The groups list with its search and create form, and one group's page with its members. */
final class GroupPages {
    private GroupPages() {}

    /** What the create form held when it was refused, to show it again with the errors. */
    record Draft(String name, String description, boolean isPrivate) {
        static final Draft EMPTY = new Draft("", "", false);
    }

    static Html list(
            Viewer viewer,
            String query,
            int page,
            Slice<Group> groups,
            Draft draft,
            FormErrors errors,
            Optional<String> notice) {
        String base = query.isEmpty() ? "/console/groups?" : "/console/groups?q=" + Urls.encode(query) + "&";
        Html rows = groups.items().isEmpty()
                ? Html.of(
                        "<tr><td colspan=\"3\">{}</td></tr>", query.isEmpty() ? "No groups yet." : "No group matches.")
                : Html.each(
                        groups.items(),
                        group -> Html.of(
                                "<tr><td><a href=\"/console/groups/{}\">{}</a>{}</td><td>{}</td><td>{}</td></tr>",
                                group.id().value(),
                                group.name(),
                                Html.when(group.isDefault(), Html.of(" <span class=\"badge\">default</span>")),
                                group.isPublic() ? "Public" : "Private",
                                group.description() == null ? "" : group.description()));
        return Layout.page(
                "Groups",
                Optional.of(viewer),
                Html.of(
                        """
                        <h1>Groups</h1>
                        {}
                        <form method="get" action="/console/groups" class="search" role="search">
                        <label for="search-q">Search groups</label>
                        <input id="search-q" name="q" type="search" value="{}">
                        <button type="submit">Search</button>
                        </form>
                        <div class="table-wrap"><table id="groups">
                        <thead><tr><th scope="col">Name</th><th scope="col">Visibility</th><th scope="col">Description</th></tr></thead>
                        <tbody>{}</tbody>
                        </table></div>
                        {}
                        {}
                        """,
                        Layout.notice(notice),
                        query,
                        rows,
                        Layout.pager(base, page, groups.hasMore()),
                        Html.when(viewer.isAdmin(), createForm(viewer, draft, errors))));
    }

    private static Html createForm(Viewer viewer, Draft draft, FormErrors errors) {
        return Html.of(
                """
                <section class="card">
                <h2>New group</h2>
                <form method="post" action="/console/groups" id="create-group" novalidate>
                {}{}{}{}
                <div class="field check"><input id="create-group-private" name="private" type="checkbox" value="on"{}>
                <label for="create-group-private">Private (only members and admins see it)</label></div>
                <button type="submit">Create group</button>
                </form>
                </section>
                """,
                Forms.csrf(viewer),
                Forms.formErrors(errors.otherThan(List.of("name", "description"))),
                Forms.input("create-group", "name", "Name", "text", draft.name(), errors, true),
                Forms.textarea("create-group", "description", "Description", draft.description(), errors),
                Html.when(draft.isPrivate(), Html.of(" checked")));
    }

    /** One group: its details, its members, and for admins the forms that change them. */
    static Html show(
            Viewer viewer,
            Group group,
            List<GroupMembers.Member> members,
            List<Agent> candidates,
            Draft edit,
            FormErrors errors,
            Optional<String> notice,
            Html history) {
        Html rows = members.isEmpty()
                ? Html.of("<tr><td colspan=\"4\">No members.</td></tr>")
                : Html.each(members, member -> memberRow(viewer, member));
        return Layout.page(
                group.name(),
                Optional.of(viewer),
                Html.of(
                        """
                        <p class="crumbs"><a href="/console/groups">Groups</a></p>
                        <h1 id="group-name">{}</h1>
                        {}
                        <p class="meta">{}{}{}</p>
                        {}
                        {}
                        <h2>Members</h2>
                        <div class="table-wrap"><table id="members">
                        <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Default group</th>{}</tr></thead>
                        <tbody>{}</tbody>
                        </table></div>
                        {}
                        {}
                        """,
                        group.name(),
                        Layout.notice(notice),
                        group.isPublic() ? "Public" : "Private",
                        Html.when(group.isDefault(), Html.of(" · the account's default group")),
                        Html.when(group.deleted(), Html.of(" · deleted")),
                        group.description() == null || group.description().isEmpty()
                                ? Html.EMPTY
                                : Html.of("<p class=\"description\">{}</p>", group.description()),
                        Forms.formErrors(errors.otherThan(List.of("name", "description", "agent"))),
                        Html.when(viewer.isAdmin(), Html.of("<th scope=\"col\">Actions</th>")),
                        rows,
                        Html.when(
                                viewer.isAdmin() && !group.deleted(),
                                adminForms(viewer, group, candidates, edit, errors)),
                        history));
    }

    private static Html memberRow(Viewer viewer, GroupMembers.Member member) {
        Membership membership = member.membership();
        Html actions = Html.when(
                viewer.isAdmin(),
                Html.of(
                        "<td class=\"actions\">{}{}</td>",
                        Html.when(
                                !membership.isDefault(),
                                Forms.button(
                                        viewer,
                                        "/console/memberships/"
                                                + membership.id().value() + "/default",
                                        "Make default",
                                        "secondary")),
                        Forms.button(
                                viewer,
                                "/console/memberships/" + membership.id().value() + "/delete",
                                "Remove",
                                "danger")));
        return Html.of(
                "<tr data-agent=\"{}\"><td><a href=\"/console/agents/{}\">{}</a></td><td>{}</td><td>{}</td>{}</tr>",
                membership.agentId().value(),
                membership.agentId().value(),
                member.agent().name(),
                member.agent().email(),
                membership.isDefault()
                        ? Html.of("<span class=\"badge\">default</span>")
                        : Html.of("{}", member.defaultGroupName().orElse("")),
                actions);
    }

    private static Html adminForms(Viewer viewer, Group group, List<Agent> candidates, Draft edit, FormErrors errors) {
        long id = group.id().value();
        Html add = candidates.isEmpty()
                ? Html.of("<p>Every active agent is already a member.</p>")
                : Html.of(
                        """
                        <form method="post" action="/console/groups/{}/members" id="add-member">
                        {}{}
                        <button type="submit">Add member</button>
                        </form>
                        """,
                        id,
                        Forms.csrf(viewer),
                        Forms.select(
                                "add-member",
                                "agent",
                                "Agent",
                                candidates.stream()
                                        .map(a -> new String[] {
                                            Long.toString(a.id().value()), a.name() + " <" + a.email() + ">"
                                        })
                                        .toList(),
                                errors));
        return Html.of(
                """
                <section class="card"><h2>Add a member</h2>{}</section>
                <section class="card">
                <h2>Rename or describe</h2>
                <form method="post" action="/console/groups/{}" id="edit-group" novalidate>
                {}{}{}
                <button type="submit">Save</button>
                </form>
                </section>
                <section class="card danger-zone">
                <h2>Delete</h2>
                <p>A deleted group keeps its history but loses its members and cannot be joined again. Members whose default group
                this is get their oldest remaining group as their default.</p>
                {}
                </section>
                """,
                add,
                id,
                Forms.csrf(viewer),
                Forms.input("edit-group", "name", "Name", "text", edit.name(), errors, true),
                Forms.textarea("edit-group", "description", "Description", edit.description(), errors),
                Forms.button(viewer, "/console/groups/" + id + "/delete", "Delete group", "danger"));
    }
}
