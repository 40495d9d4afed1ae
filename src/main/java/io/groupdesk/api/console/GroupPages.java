package io.groupdesk.api.console;

import io.groupdesk.agents.Agent;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupSort;
import io.groupdesk.memberships.Membership;
import io.groupdesk.rosters.GroupMembers;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Slice;
import io.groupdesk.shared.WeeklyHours;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** The groups list with its search, order, pager and create form, and one group's page with its members. */
final class GroupPages {
    private GroupPages() {}

    /** The notices of the groups pages' bulk forms, by the key a redirect names (see {@link Pages#notice}). */
    static final Map<String, String> NOTICES = Map.of(
            "members-added", "The members were added.",
            "members-removed", "The members were removed.",
            "defaults", "The group is now the default group of the ticked members.");

    /** What a group form held when it was refused, to show it again with the errors; or the group as stored. */
    record Draft(String name, String description, boolean isPrivate, String timeZone, Map<DayOfWeek, String> hours) {
        static final Draft EMPTY = new Draft("", "", false, "", Map.of());

        Draft {
            hours = Map.copyOf(hours);
        }

        static Draft of(Group group) {
            Map<DayOfWeek, String> hours = new EnumMap<>(DayOfWeek.class);
            group.workingHours().days().forEach((day, ranges) -> hours.put(day, rangesText(ranges)));
            return new Draft(
                    group.name(),
                    group.description() == null ? "" : group.description(),
                    !group.isPublic(),
                    group.timeZone() == null ? "" : group.timeZone(),
                    hours);
        }

        Draft withName(String value) {
            return new Draft(value, description, isPrivate, timeZone, hours);
        }

        Draft withDescription(String value) {
            return new Draft(name, value, isPrivate, timeZone, hours);
        }

        Draft withPrivate(boolean value) {
            return new Draft(name, description, value, timeZone, hours);
        }
    }

    /** What the groups list was asked for: the search text, the order and the page number. */
    record ListQuery(String text, GroupSort sort, int page) {
        /** The list's query string for another page or order, ending with {@code &} when it is not empty. */
        String base(GroupSort order) {
            StringBuilder query = new StringBuilder();
            if (!text.isEmpty()) {
                query.append("q=").append(Urls.encode(text)).append('&');
            }
            if (order == GroupSort.SIZE) {
                query.append("sort=size&");
            }
            return query.toString();
        }
    }

    /** A page of a group's members, as searched. */
    record MemberList(String text, int page, Slice<GroupMembers.Member> members) {}

    /** The agents an admin's search found to add, and which of them are members already. */
    record Candidates(String text, int page, Slice<Agent> found, Set<AgentId> members) {
        static final Candidates NONE =
                new Candidates("", 1, new Slice<>(List.of(), false, java.util.OptionalLong.empty()), Set.of());
    }

    // ---- the list -----------------------------------------------------------------------------------------------

    static Html list(
            Viewer viewer,
            ListQuery query,
            Slice<Group> groups,
            Map<GroupId, Long> sizes,
            Draft draft,
            FormErrors errors,
            Optional<String> notice) {
        long total = groups.total().orElseThrow();
        String caption = query.text().isEmpty()
                ? count(total, "group", "groups")
                : count(total, "group matches", "groups match") + " “" + query.text() + "”";
        Html rows;
        if (!groups.items().isEmpty()) {
            rows = Html.each(
                    groups.items(),
                    group -> Html.of(
                            "<tr><td data-label=\"Name\"><a href=\"/console/groups/{}\">{}</a>{}</td>"
                                    + "<td data-label=\"Visibility\">{}</td><td data-label=\"Members\" class=\"num\">{}</td>"
                                    + "<td data-label=\"Description\">{}</td></tr>",
                            group.id().value(),
                            group.name(),
                            Html.when(group.isDefault(), Html.of(" <span class=\"badge\">default</span>")),
                            group.isPublic() ? "Public" : "Private",
                            number(sizes.getOrDefault(group.id(), 0L)),
                            group.description() == null ? "" : group.description()));
        } else if (total > 0) {
            rows = Html.of(
                    "<tr><td colspan=\"4\">There is no page {}: the last is page {}. <a href=\"/console/groups?{}page={}\">Go to the last page</a>.</td></tr>",
                    number(query.page()),
                    number(lastPage(total)),
                    query.base(query.sort()),
                    lastPage(total));
        } else {
            rows = Html.of(
                    "<tr><td colspan=\"4\">{}</td></tr>",
                    query.text().isEmpty() ? "No groups yet." : "No group matches.");
        }
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
                        <label for="search-sort">Order</label>
                        <select id="search-sort" name="sort"><option value="name"{}>By name</option><option value="size"{}>By size, largest first</option></select>
                        <button type="submit">Search</button>
                        </form>
                        <div class="table-wrap"><table id="groups" class="stack">
                        <caption id="groups-caption">{}{}</caption>
                        <thead><tr><th scope="col"{}>{}</th><th scope="col">Visibility</th><th scope="col" class="num"{}>{}</th><th scope="col">Description</th></tr></thead>
                        <tbody>{}</tbody>
                        </table></div>
                        {}
                        {}
                        """,
                        Layout.notice(notice),
                        query.text(),
                        Html.when(query.sort() == GroupSort.NAME, Html.of(" selected")),
                        Html.when(query.sort() == GroupSort.SIZE, Html.of(" selected")),
                        caption,
                        query.sort() == GroupSort.SIZE ? ", largest first" : ", by name",
                        Html.when(query.sort() == GroupSort.NAME, Html.of(" aria-sort=\"ascending\"")),
                        sortLink(query, GroupSort.NAME, "Name"),
                        Html.when(query.sort() == GroupSort.SIZE, Html.of(" aria-sort=\"descending\"")),
                        sortLink(query, GroupSort.SIZE, "Members"),
                        rows,
                        pager(
                                "/console/groups",
                                "groups",
                                query.base(query.sort()),
                                hidden(
                                        query.text().isEmpty() ? null : "q",
                                        query.text(),
                                        query.sort() == GroupSort.SIZE ? "sort" : null,
                                        "size"),
                                query.page(),
                                total),
                        Html.when(viewer.isAdmin(), createForm(viewer, draft, errors))));
    }

    /** A column heading that orders the list by it; the current order's heading says so and links nowhere. */
    private static Html sortLink(ListQuery query, GroupSort order, String label) {
        if (query.sort() == order) {
            return Html.of("{}", label);
        }
        return Html.of(
                "<a href=\"/console/groups?{}\">{}<span class=\"visually-hidden\"> (order by {})</span></a>",
                trimAmpersand(new ListQuery(query.text(), order, 1).base(order)),
                label,
                order == GroupSort.SIZE ? "size, largest first" : "name");
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

    // ---- one group ----------------------------------------------------------------------------------------------

    /** One group: its details, its members a page at a time, and for admins the forms that change them. */
    static Html show(
            Viewer viewer,
            Group group,
            long size,
            MemberList list,
            Candidates candidates,
            Draft edit,
            FormErrors errors,
            Optional<String> notice,
            Html history) {
        boolean manage = viewer.isAdmin() && !group.deleted();
        long id = group.id().value();
        return Layout.page(
                group.name(),
                Optional.of(viewer),
                Html.of(
                        """
                        <p class="crumbs"><a href="/console/groups">Groups</a></p>
                        <h1 id="group-name">{}</h1>
                        {}
                        <p class="meta"><span id="group-size">{}</span> · {}{}{}</p>
                        {}
                        {}
                        <section class="members" aria-labelledby="members-heading">
                        <h2 id="members-heading">Members</h2>
                        <form method="get" action="/console/groups/{}" class="search" role="search">
                        <label for="members-q">Search members</label>
                        <input id="members-q" name="q" type="search" value="{}" placeholder="Name or email">
                        <button type="submit">Search</button>{}
                        </form>
                        {}
                        </section>
                        {}
                        {}
                        """,
                        group.name(),
                        Layout.notice(notice),
                        count(size, "member", "members"),
                        group.isPublic() ? "Public" : "Private",
                        Html.when(group.isDefault(), Html.of(" · the account's default group")),
                        Html.when(group.deleted(), Html.of(" · deleted")),
                        group.description() == null || group.description().isEmpty()
                                ? Html.EMPTY
                                : Html.of("<p class=\"description\">{}</p>", group.description()),
                        Forms.formErrors(errors.otherThan(List.of(
                                "name",
                                "description",
                                "agent",
                                "membership",
                                "time_zone",
                                "working_hours",
                                "public",
                                "private"))),
                        id,
                        list.text(),
                        Html.when(
                                !list.text().isEmpty(),
                                Html.of(" <a href=\"/console/groups/{}#members-heading\">Show all</a>", id)),
                        memberTable(viewer, group, list, manage, errors),
                        Html.when(manage, adminForms(viewer, group, candidates, edit, errors)),
                        history));
    }

    private static Html memberTable(Viewer viewer, Group group, MemberList list, boolean manage, FormErrors errors) {
        Slice<GroupMembers.Member> members = list.members();
        long total = members.total().orElseThrow();
        long id = group.id().value();
        String caption = list.text().isEmpty()
                ? count(total, "member", "members") + ", in the order they joined"
                : count(total, "member matches", "members match") + " “" + list.text() + "”";
        Html rows;
        if (!members.items().isEmpty()) {
            rows = Html.each(members.items(), member -> memberRow(viewer, member, manage));
        } else if (total > 0) {
            rows = Html.of(
                    "<tr><td colspan=\"5\">There is no page {}: the last is page {}. <a href=\"/console/groups/{}?{}page={}\">Go to the last page</a>.</td></tr>",
                    number(list.page()),
                    number(lastPage(total)),
                    id,
                    ConsoleGroupsController.memberListQuery(list.text(), "1"),
                    lastPage(total));
        } else {
            rows = Html.of(
                    "<tr><td colspan=\"5\">{}</td></tr>", list.text().isEmpty() ? "No members." : "No member matches.");
        }
        Html bulk = Html.when(
                manage && !members.items().isEmpty(),
                Html.of(
                        """
                        <form method="post" action="/console/groups/{}/memberships" id="bulk-members" class="bulk">
                        {}<input type="hidden" name="q" value="{}"><input type="hidden" name="page" value="{}">
                        <span id="bulk-members-label">With the ticked members:</span>
                        <button type="submit" name="action" value="default" class="secondary" aria-describedby="bulk-members-label">Make this their default group</button>
                        <button type="submit" name="action" value="remove" class="danger" aria-describedby="bulk-members-label">Remove from the group</button>
                        {}
                        </form>
                        """,
                        id,
                        Forms.csrf(viewer),
                        list.text(),
                        list.page(),
                        fieldError("bulk-members", "membership", "Ticked members", errors)));
        return Html.of(
                """
                <div class="table-wrap"><table id="members" class="stack">
                <caption id="members-caption">{}</caption>
                <thead><tr>{}<th scope="col">Name</th><th scope="col">Email</th><th scope="col">Default group</th>{}</tr></thead>
                <tbody>{}</tbody>
                </table></div>
                {}
                {}
                """,
                caption,
                Html.when(manage, Html.of("<th scope=\"col\"><span class=\"visually-hidden\">Tick</span></th>")),
                Html.when(viewer.isAdmin(), Html.of("<th scope=\"col\">Actions</th>")),
                rows,
                bulk,
                pager(
                        "/console/groups/" + id,
                        "members",
                        ConsoleGroupsController.memberListQuery(list.text(), "1"),
                        hidden(list.text().isEmpty() ? null : "q", list.text(), null, null),
                        list.page(),
                        total));
    }

    private static Html memberRow(Viewer viewer, GroupMembers.Member member, boolean manage) {
        Membership membership = member.membership();
        long id = membership.id().value();
        Html tick = Html.when(
                manage,
                Html.of(
                        "<td class=\"tick\"><input type=\"checkbox\" name=\"membership\" value=\"{}\" form=\"bulk-members\" id=\"tick-{}\">"
                                + "<label for=\"tick-{}\" class=\"visually-hidden\">{}</label></td>",
                        id,
                        id,
                        id,
                        member.agent().name()));
        Html actions = Html.when(
                viewer.isAdmin(),
                Html.of(
                        "<td class=\"actions\">{}{}</td>",
                        Html.when(
                                !membership.isDefault(),
                                Forms.button(
                                        viewer,
                                        "/console/memberships/" + id + "/default",
                                        "Make default",
                                        "secondary")),
                        Forms.button(viewer, "/console/memberships/" + id + "/delete", "Remove", "danger")));
        return Html.of(
                "<tr data-agent=\"{}\">{}<td data-label=\"Name\"><a href=\"/console/agents/{}\">{}</a>{}</td>"
                        + "<td data-label=\"Email\">{}</td><td data-label=\"Default group\">{}</td>{}</tr>",
                membership.agentId().value(),
                tick,
                membership.agentId().value(),
                member.agent().name(),
                Html.when(member.agent().suspended(), Html.of(" <span class=\"badge\">suspended</span>")),
                member.agent().email(),
                membership.isDefault()
                        ? Html.of("<span class=\"badge\">default</span>")
                        : Html.of("{}", member.defaultGroupName().orElse("")),
                actions);
    }

    private static Html adminForms(Viewer viewer, Group group, Candidates candidates, Draft edit, FormErrors errors) {
        long id = group.id().value();
        return Html.of(
                """
                <section class="card" aria-labelledby="add-heading">
                <h2 id="add-heading">Add members</h2>
                <form method="get" action="/console/groups/{}#add-heading" class="search" role="search" id="find-agents">
                <label for="find-agents-q">Find agents by name or email</label>
                <input id="find-agents-q" name="add_q" type="search" value="{}">
                <button type="submit">Find</button>
                </form>
                {}
                </section>
                <section class="card" aria-labelledby="settings-heading">
                <h2 id="settings-heading">Settings</h2>
                <form method="post" action="/console/groups/{}" id="edit-group" novalidate>
                {}{}{}
                <div class="field check"><input id="edit-group-private" name="private" type="checkbox" value="on"{}{}{}>
                <label for="edit-group-private">Private (only members and admins see it)</label></div>
                {}{}
                {}
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
                id,
                candidates.text(),
                candidateResults(viewer, group, candidates, errors),
                id,
                Forms.csrf(viewer),
                Forms.input("edit-group", "name", "Name", "text", edit.name(), errors, true),
                Forms.textarea("edit-group", "description", "Description", edit.description(), errors),
                Html.when(edit.isPrivate(), Html.of(" checked")),
                // a private group cannot be made public again: the box stays ticked
                Html.when(!group.isPublic(), Html.of(" disabled aria-describedby=\"edit-group-private-note\"")),
                Html.when(errors.has("public") || errors.has("private"), Html.of(" aria-invalid=\"true\"")),
                Html.when(
                        !group.isPublic(),
                        Html.of(
                                "<p class=\"hint\" id=\"edit-group-private-note\">A private group cannot be made public again.</p>")),
                fieldError("edit-group", "public", "Visibility", errors),
                Html.join(
                        Forms.input(
                                "edit-group",
                                "time_zone",
                                "Time zone (IANA name, e.g. Europe/Berlin; empty for the account's)",
                                "text",
                                edit.timeZone(),
                                errors,
                                false),
                        hoursFields(edit, errors)),
                Forms.button(viewer, "/console/groups/" + id + "/delete", "Delete group", "danger"));
    }

    private static Html candidateResults(Viewer viewer, Group group, Candidates candidates, FormErrors errors) {
        if (candidates.text().isEmpty()) {
            return Html.when(errors.has("agent"), fieldError("add-members", "agent", "Agents", errors));
        }
        Slice<Agent> found = candidates.found();
        long total = found.total().orElse(0);
        if (found.items().isEmpty()) {
            return Html.of(
                    "<p id=\"add-members-none\" role=\"status\">{}</p>",
                    total > 0
                            ? "No more agents match “" + candidates.text() + "”."
                            : "No agent matches “" + candidates.text() + "”.");
        }
        long id = group.id().value();
        Html rows = Html.each(found.items(), agent -> {
            boolean member = candidates.members().contains(agent.id());
            return Html.of(
                    "<li class=\"field check\"><input type=\"checkbox\" name=\"agent\" value=\"{}\" id=\"add-{}\"{}>"
                            + "<label for=\"add-{}\">{} <span class=\"email\">{}</span>{}</label></li>",
                    agent.id().value(),
                    agent.id().value(),
                    Html.when(member, Html.of(" disabled")),
                    agent.id().value(),
                    agent.name(),
                    agent.email(),
                    Html.when(member, Html.of(" <span class=\"badge\">already a member</span>")));
        });
        String more = "/console/groups/" + id + "?add_q=" + Urls.encode(candidates.text()) + "&";
        return Html.of(
                """
                <form method="post" action="/console/groups/{}/members" id="add-members">
                {}
                <fieldset><legend>{}, page {} of {}</legend>
                <ul class="choices">{}</ul></fieldset>
                {}
                <button type="submit">Add the ticked agents</button>
                </form>
                <nav class="pager" aria-label="Pages of agents found">{}{}</nav>
                """,
                id,
                Forms.csrf(viewer),
                count(total, "agent matches", "agents match") + " “" + candidates.text() + "”",
                number(candidates.page()),
                number(lastPage(total)),
                rows,
                fieldError("add-members", "agent", "Agents", errors),
                Html.when(
                        candidates.page() > 1,
                        Html.of(
                                "<a href=\"{}add_page={}#add-heading\" rel=\"prev\">Previous agents</a>",
                                more,
                                candidates.page() - 1)),
                Html.when(
                        found.hasMore(),
                        Html.of(
                                "<a href=\"{}add_page={}#add-heading\" rel=\"next\">More agents</a>",
                                more,
                                candidates.page() + 1)));
    }

    private static Html hoursFields(Draft edit, FormErrors errors) {
        List<Html> days = new ArrayList<>();
        for (DayOfWeek day : DayOfWeek.values()) {
            String field = hoursField(day);
            days.add(Html.of(
                    "<div class=\"field day\"><label for=\"edit-group-{}\">{}</label>"
                            + "<input id=\"edit-group-{}\" name=\"{}\" type=\"text\" value=\"{}\" aria-describedby=\"edit-group-hours-hint\"{}></div>",
                    field,
                    dayName(day),
                    field,
                    field,
                    edit.hours().getOrDefault(day, ""),
                    Html.when(errors.has("working_hours"), Html.of(" aria-invalid=\"true\""))));
        }
        return Html.of(
                """
                <fieldset class="hours{}"><legend>Working hours</legend>
                <p class="hint" id="edit-group-hours-hint">Ranges such as 09:00-12:00, 13:00-17:00; an empty day is a day off, and a week left empty uses the account's hours.</p>
                {}
                <div class="days">{}</div>
                </fieldset>
                """,
                errors.has("working_hours") ? " invalid" : "",
                fieldError("edit-group", "working_hours", "Working hours", errors),
                Html.join(days.toArray(Html[]::new)));
    }

    /** A form-level message about one field, focused (as the field controls are) so a keyboard user starts there. */
    private static Html fieldError(String formId, String field, String label, FormErrors errors) {
        String message = errors.message(field);
        if (message == null) {
            return Html.EMPTY;
        }
        return Html.of(
                "<p class=\"error\" id=\"{}-{}-error\" role=\"alert\" tabindex=\"-1\" autofocus>{} {}</p>",
                formId,
                field,
                label,
                message);
    }

    static String hoursField(DayOfWeek day) {
        return "hours_" + day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH).toLowerCase(Locale.ROOT);
    }

    static String dayName(DayOfWeek day) {
        return day.getDisplayName(TextStyle.FULL, Locale.ENGLISH);
    }

    private static String rangesText(List<WeeklyHours.Range> ranges) {
        List<String> parts = new ArrayList<>();
        for (WeeklyHours.Range range : ranges) {
            parts.add(WeeklyHours.text(range.start()) + "-" + WeeklyHours.text(range.end()));
        }
        return String.join(", ", parts);
    }

    // ---- the pager ----------------------------------------------------------------------------------------------

    /**
     * A pager with the total: "Page 3 of 120", first, previous, next and last links, and a form to jump to a page by
     * number (a GET, so it works without scripts).
     *
     * @param query the list's query string without its page, ending with {@code &} when not empty
     * @param hidden the hidden fields the jump form carries to keep the list's search and order
     */
    static Html pager(String path, String what, String query, Html hidden, int page, long total) {
        long last = lastPage(total);
        if (last <= 1 && page <= 1) {
            return Html.EMPTY;
        }
        String base = path + "?" + query;
        String jumpId = what + "-page";
        return Html.of(
                """
                <nav class="pager" aria-label="Pages of {}">
                {}{}
                <span class="where">Page {} of {}</span>
                {}{}
                <form method="get" action="{}" class="jump">{}<label for="{}">Page</label>
                <input id="{}" name="page" type="number" min="1" max="{}" value="{}" inputmode="numeric">
                <button type="submit" class="secondary">Go</button></form>
                </nav>
                """,
                what,
                Html.when(page > 1, Html.of("<a href=\"{}page=1\">First</a>", base)),
                Html.when(
                        page > 1,
                        Html.of("<a href=\"{}page={}\" rel=\"prev\">Previous</a>", base, Math.min(page - 1, last))),
                number(page),
                number(last),
                Html.when(page < last, Html.of("<a href=\"{}page={}\" rel=\"next\">Next</a>", base, page + 1)),
                Html.when(page < last, Html.of("<a href=\"{}page={}\">Last</a>", base, last)),
                path,
                hidden,
                jumpId,
                jumpId,
                last,
                page);
    }

    private static Html hidden(String name, String value, String otherName, String otherValue) {
        return Html.join(
                name == null ? Html.EMPTY : Html.of("<input type=\"hidden\" name=\"{}\" value=\"{}\">", name, value),
                otherName == null
                        ? Html.EMPTY
                        : Html.of("<input type=\"hidden\" name=\"{}\" value=\"{}\">", otherName, otherValue));
    }

    static long lastPage(long total) {
        return Math.max(1, (total + ConsoleGroupsController.PAGE_SIZE - 1) / ConsoleGroupsController.PAGE_SIZE);
    }

    private static String count(long n, String one, String many) {
        return number(n) + " " + (n == 1 ? one : many);
    }

    private static String number(long n) {
        return String.format(Locale.ENGLISH, "%,d", n);
    }

    private static String trimAmpersand(String query) {
        return query.endsWith("&") ? query.substring(0, query.length() - 1) : query;
    }
}
