package io.groupdesk.api.console;

import io.groupdesk.agents.Agent;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Slice;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One agent's page: the profile, suspend or reactivate, a page of the groups the viewer sees the agent in with the
 * default named and the total, for admins a button per group to make it the default or remove it and one to remove
 * several at once, a search to add the agent to groups, and the history.
 */
final class AgentPage {
    private AgentPage() {}

    /** A label and its value in the profile list. */
    private record Field(String label, Object value) {}

    /**
     * What the page shows of the agent's groups.
     *
     * @param memberships a page of the agent's memberships the viewer sees, oldest first, with their total
     * @param groups the groups of those memberships, by id
     * @param defaultGroup the agent's default group, when the viewer sees it
     * @param page the page of groups shown
     */
    record Groups(Slice<Membership> memberships, Map<GroupId, Group> groups, Optional<Group> defaultGroup, int page) {}

    /**
     * A search for groups to add the agent to.
     *
     * @param text what was searched for, blank before a search
     * @param found the groups found, each with whether the agent is in it already
     */
    record GroupChoices(String text, List<Found> found, boolean hasMore) {
        static final GroupChoices NONE = new GroupChoices("", List.of(), false);
    }

    record Found(Group group, boolean member) {}

    static final int GROUPS_PAGE_SIZE = 50;

    /**
     * @param history the history section, empty for a viewer who may not read it
     */
    static Html show(
            Viewer viewer,
            Agent agent,
            Groups groups,
            GroupChoices search,
            ZoneId zone,
            Html history,
            Optional<String> notice) {
        boolean manage = viewer.isAdmin() && agent.active();
        String path = "/console/agents/" + agent.id().value();
        return Layout.page(
                agent.name(),
                Optional.of(viewer),
                Html.of(
                        """
                        <p class="crumbs"><a href="/console/agents">Agents</a></p>
                        <h1 id="agent-name">{}</h1>
                        {}
                        <p class="meta">{} · {} · {}</p>
                        {}
                        <section class="card" aria-labelledby="profile-heading">
                        <h2 id="profile-heading">Profile</h2>
                        <dl class="profile">{}</dl>
                        </section>
                        <section aria-labelledby="groups-heading" id="groups">
                        <h2 id="groups-heading">Groups</h2>
                        {}
                        {}
                        </section>
                        {}
                        {}
                        """,
                        agent.name(),
                        Layout.notice(notice),
                        agent.role().key(),
                        status(agent),
                        groupCount(groups.memberships().total().orElse(0)),
                        Html.when(
                                viewer.isAdmin()
                                        && agent.active()
                                        && !agent.id().equals(viewer.agent().id()),
                                Html.of(
                                        "<div class=\"agent-actions\">{}</div>",
                                        AgentPages.suspendButton(
                                                viewer,
                                                agent,
                                                Html.of("<input type=\"hidden\" name=\"from\" value=\"agent\">")))),
                        Html.each(
                                fields(agent, zone),
                                field -> Html.of("<dt>{}</dt><dd>{}</dd>", field.label(), field.value())),
                        groups.defaultGroup()
                                .map(group -> Html.of(
                                        "<p id=\"default-group\">Default group: <a href=\"/console/groups/{}\">{}</a></p>",
                                        group.id().value(),
                                        group.name()))
                                .orElse(Html.EMPTY),
                        groupTable(viewer, agent, groups, manage, path),
                        Html.when(manage, addForm(viewer, agent, search, path)),
                        history));
    }

    private static String groupCount(long total) {
        return "in " + AgentPages.number(total) + (total == 1 ? " group" : " groups");
    }

    private static Html groupTable(Viewer viewer, Agent agent, Groups groups, boolean manage, String path) {
        Slice<Membership> page = groups.memberships();
        long total = page.total().orElse(0);
        int pages = AgentPages.pages(total, GROUPS_PAGE_SIZE);
        if (page.items().isEmpty()) {
            return total > 0
                    ? Html.of(
                            "<p id=\"past-end\">There is no page {} of groups: <a href=\"{}?groups_page={}#groups\">go to page {}</a>.</p>",
                            groups.page(),
                            path,
                            pages,
                            pages)
                    : Html.of("<p>Not in any group you can see.</p>");
        }
        long first = (long) (groups.page() - 1) * GROUPS_PAGE_SIZE + 1;
        Html rows = Html.each(page.items(), membership -> groupRow(membership, groups.groups(), manage, path));
        Html table = Html.of(
                """
                <div class="table-wrap"><table id="agent-groups">
                <caption>Groups {}–{} of {}, oldest membership first</caption>
                <thead><tr>{}<th scope="col">Group</th><th scope="col">Visibility</th>{}</tr></thead>
                <tbody>{}</tbody>
                </table></div>
                """,
                AgentPages.number(first),
                AgentPages.number(first + page.items().size() - 1),
                AgentPages.number(total),
                Html.when(manage, Html.of("<th scope=\"col\"><span class=\"visually-hidden\">Selected</span></th>")),
                Html.when(manage, Html.of("<th scope=\"col\">Actions</th>")),
                rows);
        Html pager = groupsPager(path, groups.page(), pages);
        if (!manage) {
            return Html.join(table, pager);
        }
        // one form around the table: a row's buttons name their membership, "Remove selected" takes the ticked ones
        return Html.of(
                """
                <form method="post" action="{}/groups/remove" id="agent-groups-form">
                {}<input type="hidden" name="groups_page" value="{}">
                {}
                <div class="bulk"><button type="submit" name="bulk" value="remove" class="danger">Remove from selected groups</button></div>
                </form>
                {}
                """,
                path,
                Forms.csrf(viewer),
                groups.page(),
                table,
                pager);
    }

    private static Html groupRow(Membership membership, Map<GroupId, Group> groups, boolean manage, String path) {
        Group group = groups.get(membership.groupId());
        if (group == null) {
            return Html.EMPTY; // gone between the two reads
        }
        String checkbox = "select-" + membership.id().value();
        return Html.of(
                "<tr data-group=\"{}\">{}<th scope=\"row\"><a href=\"/console/groups/{}\">{}</a>{}</th><td>{}{}</td>{}</tr>",
                group.id().value(),
                Html.when(
                        manage,
                        Html.of(
                                "<td class=\"select\"><input type=\"checkbox\" name=\"selected\" value=\"{}\" id=\"{}\">"
                                        + "<label for=\"{}\" class=\"visually-hidden\">Select {}</label></td>",
                                membership.id().value(),
                                checkbox,
                                checkbox,
                                group.name())),
                group.id().value(),
                group.name(),
                Html.when(membership.isDefault(), Html.of(" <span class=\"badge\">default</span>")),
                group.isPublic() ? "Public" : "Private",
                Html.when(group.deleted(), Html.of(" · deleted")),
                Html.when(manage, rowActions(membership, group, path)));
    }

    private static Html rowActions(Membership membership, Group group, String path) {
        return Html.of(
                "<td class=\"actions\">{}<button type=\"submit\" name=\"membership\" value=\"{}\" class=\"danger\">"
                        + "Remove<span class=\"visually-hidden\"> from {}</span></button></td>",
                Html.when(
                        !membership.isDefault(),
                        Html.of(
                                "<button type=\"submit\" name=\"membership\" value=\"{}\" formaction=\"{}/groups/default\""
                                        + " class=\"secondary\">Make default<span class=\"visually-hidden\"> {}</span></button> ",
                                membership.id().value(),
                                path,
                                group.name())),
                membership.id().value(),
                group.name());
    }

    private static Html groupsPager(String path, int page, int pages) {
        if (pages <= 1 && page <= 1) {
            return Html.EMPTY;
        }
        int current = Math.min(page, pages);
        return Html.of(
                """
                <nav class="pager" aria-label="Pages of groups">{}{}<span>Page {} of {}</span>{}{}</nav>
                """,
                Html.when(current > 1, Html.of("<a href=\"{}#groups\">First</a>", path)),
                Html.when(
                        current > 1,
                        Html.of("<a href=\"{}?groups_page={}#groups\" rel=\"prev\">Previous</a>", path, current - 1)),
                page,
                pages,
                Html.when(
                        page < pages,
                        Html.of("<a href=\"{}?groups_page={}#groups\" rel=\"next\">Next</a>", path, page + 1)),
                Html.when(page < pages, Html.of("<a href=\"{}?groups_page={}#groups\">Last</a>", path, pages)));
    }

    /** A search for groups (a GET of this page), and its results as a form that adds the agent to the ticked ones. */
    private static Html addForm(Viewer viewer, Agent agent, GroupChoices search, String path) {
        Html results = Html.EMPTY;
        if (!search.text().isEmpty()) {
            results = search.found().isEmpty()
                    ? Html.of("<p id=\"group-results-none\">No group matches “{}”.</p>", search.text())
                    : Html.of(
                            """
                            <form method="post" action="{}/groups" id="add-groups-form">
                            {}
                            <fieldset><legend>Groups matching “{}”{}</legend>
                            <ul class="choices">{}</ul>
                            </fieldset>
                            <button type="submit">Add to selected groups</button>
                            </form>
                            """,
                            path,
                            Forms.csrf(viewer),
                            search.text(),
                            search.hasMore()
                                    ? " (the first " + search.found().size() + "; narrow the search for more)"
                                    : "",
                            Html.each(search.found(), found -> choice(found)));
        }
        return Html.of(
                """
                <section class="card" aria-labelledby="add-groups-heading" id="add-groups">
                <h3 id="add-groups-heading">Add to groups</h3>
                <form method="get" action="{}#add-groups" class="filters" role="search" aria-label="Groups to add">
                <div class="field grow"><label for="group-q">Group name</label>
                <input id="group-q" name="group_q" type="search" value="{}" autocomplete="off"></div>
                <div class="field"><button type="submit" class="secondary">Find groups</button></div>
                </form>
                {}
                </section>
                """,
                path,
                search.text(),
                results);
    }

    private static Html choice(Found found) {
        Group group = found.group();
        String id = "add-group-" + group.id().value();
        return Html.of(
                "<li><input type=\"checkbox\" name=\"group\" value=\"{}\" id=\"{}\"{}>"
                        + "<label for=\"{}\">{}</label> <span class=\"meta\">{}{}</span></li>",
                group.id().value(),
                id,
                Html.when(found.member(), Html.of(" disabled")),
                id,
                group.name(),
                group.isPublic() ? "Public" : "Private",
                found.member() ? " · already a member" : "");
    }

    private static String status(Agent agent) {
        if (!agent.active()) {
            return "Deleted";
        }
        return agent.suspended() ? "Suspended" : "Active";
    }

    /** The profile's fields that hold a value, in the order an admin reads them. */
    private static List<Field> fields(Agent agent, ZoneId zone) {
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("Email", agent.email()));
        fields.add(new Field("Role", agent.role().key()));
        fields.add(new Field("Status", status(agent)));
        optional(fields, "Phone", agent.phone());
        optional(fields, "Position", agent.position());
        optional(fields, "Work id", agent.workId());
        optional(fields, "Alias", agent.alias());
        optional(fields, "Avatar URL", agent.avatarUrl());
        optional(fields, "Locale", agent.locale());
        optional(fields, "Time zone", agent.timeZone());
        fields.add(new Field("Accepts assignments", agent.acceptsAssignments() ? "Yes" : "No"));
        optional(fields, "Skill level", agent.skillLevel());
        String zoneName = HistoryPages.zoneName(zone);
        fields.add(new Field("Created", HistoryPages.time(agent.createdAt(), zone) + " " + zoneName));
        fields.add(new Field("Updated", HistoryPages.time(agent.updatedAt(), zone) + " " + zoneName));
        return fields;
    }

    private static void optional(List<Field> fields, String label, Object value) {
        if (value != null && !value.toString().isEmpty()) {
            fields.add(new Field(label, value));
        }
    }
}
