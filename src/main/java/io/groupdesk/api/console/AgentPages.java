package io.groupdesk.api.console;

import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentSearch;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import io.javalin.http.Context;
import java.text.NumberFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The agents list: a search by name or email with filters, a page of agents with each one's number of groups, a pager
 * with the total and jumps, and for admins the create form and a suspend or reactivate button per agent.
 */
final class AgentPages {
    private AgentPages() {}

    // a redirect names a notice by key, so that a link cannot put words of its own on the page
    private static final Map<String, String> NOTICES = Map.of(
            "groups-added", "The agent was added to the groups.",
            "groups-partly-added", "Some groups were not added: the agent is in them already, or they were deleted.",
            "groups-removed", "The agent was removed from the groups.",
            "groups-none", "No group was chosen.",
            "default-changed", "The default group was changed.");

    /** The notice a redirect left for an agents page, the console's own or one of these pages'. */
    static Optional<String> notice(Context ctx) {
        return Pages.notice(ctx)
                .or(() -> Optional.ofNullable(ctx.queryParam("notice")).map(NOTICES::get));
    }

    /** What the create form held when it was refused. */
    record Draft(String name, String email, String role) {
        static final Draft EMPTY = new Draft("", "", "agent");
    }

    /** Which agents show: the statuses the list offers, each as a choice of the search's filters. */
    enum Status {
        LIVE("", "Active or suspended", "", Optional.of(true), Optional.empty()),
        ACTIVE("active", "Active", "active", Optional.of(true), Optional.of(false)),
        SUSPENDED("suspended", "Suspended", "suspended", Optional.of(true), Optional.of(true)),
        DELETED("deleted", "Deleted", "deleted", Optional.of(false), Optional.empty()),
        ANY("any", "Any, deleted too", "deleted ones included", Optional.empty(), Optional.empty());

        final String key;
        final String label;
        /** How the total line names the filter, e.g. "12 agents match, suspended". */
        final String phrase;

        final Optional<Boolean> active;
        final Optional<Boolean> suspended;

        Status(String key, String label, String phrase, Optional<Boolean> active, Optional<Boolean> suspended) {
            this.key = key;
            this.label = label;
            this.phrase = phrase;
            this.active = active;
            this.suspended = suspended;
        }

        static Status of(String key) {
            for (Status status : values()) {
                if (status.key.equals(key)) {
                    return status;
                }
            }
            return LIVE;
        }
    }

    /**
     * The list's query string as read: an unknown role or status is read as none.
     *
     * @param page the page asked for, which may lie past the last one
     */
    record Query(String text, Optional<Role> role, Status status, int page) {
        static Query of(String text, String role, String status, int page) {
            return new Query(text == null ? "" : text.strip(), Role.fromKey(role), Status.of(status), page);
        }

        AgentSearch search() {
            return new AgentSearch(text, role, status.active, status.suspended);
        }

        boolean filtered() {
            return !text.isEmpty() || role.isPresent() || status != Status.LIVE;
        }

        /** The list's address with this query on another page. */
        String path(int page) {
            StringBuilder path = new StringBuilder("/console/agents");
            String separator = "?";
            if (!text.isEmpty()) {
                path.append(separator).append("q=").append(Urls.encode(text));
                separator = "&";
            }
            if (role.isPresent()) {
                path.append(separator).append("role=").append(role.get().key());
                separator = "&";
            }
            if (status != Status.LIVE) {
                path.append(separator).append("status=").append(status.key);
                separator = "&";
            }
            if (page > 1) {
                path.append(separator).append("page=").append(page);
            }
            return path.toString();
        }
    }

    static Html list(
            Viewer viewer,
            Query query,
            int pageSize,
            Slice<Agent> agents,
            Map<AgentId, Long> groupCounts,
            Draft draft,
            FormErrors errors,
            Optional<String> notice) {
        long total = agents.total().orElse(0);
        int pages = pages(total, pageSize);
        boolean admin = viewer.isAdmin();
        Html rows = Html.each(
                agents.items(),
                agent -> Html.of(
                        "<tr data-agent=\"{}\"><td><a href=\"/console/agents/{}\">{}</a></td><td>{}</td>"
                                + "<td class=\"role\" data-label=\"Role\">{}</td><td class=\"status\" data-label=\"Status\">{}</td>"
                                + "<td class=\"number\" data-label=\"Groups\">{}</td>{}</tr>",
                        agent.id().value(),
                        agent.id().value(),
                        agent.name(),
                        agent.email(),
                        agent.role().key(),
                        status(agent),
                        groupCounts.getOrDefault(agent.id(), 0L),
                        Html.when(admin, Html.of("<td class=\"actions\">{}</td>", action(viewer, agent, query)))));
        Html table = agents.items().isEmpty()
                ? empty(query, total, pages)
                : Html.of(
                        """
                        <div class="table-wrap"><table id="agents">
                        <caption>{}</caption>
                        <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th><th scope="col" class="number">Groups</th>{}</tr></thead>
                        <tbody>{}</tbody>
                        </table></div>
                        """,
                        range(query.page(), pageSize, agents.items().size(), total),
                        Html.when(admin, Html.of("<th scope=\"col\">Actions</th>")),
                        rows);
        return Layout.page(
                "Agents",
                Optional.of(viewer),
                Html.of(
                        """
                        <h1>Agents</h1>
                        {}
                        {}
                        <p id="agent-total" class="total" role="status">{}</p>
                        {}
                        {}
                        {}
                        """,
                        Layout.notice(notice),
                        searchForm(query),
                        totalLine(query, total),
                        table,
                        pager(query, pages),
                        Html.when(admin, createForm(viewer, draft, errors))));
    }

    static int pages(long total, int pageSize) {
        return (int) Math.max(1, (total + pageSize - 1) / pageSize);
    }

    static String number(long value) {
        return NumberFormat.getIntegerInstance(Locale.ENGLISH).format(value);
    }

    private static String status(Agent agent) {
        if (!agent.active()) {
            return "Deleted";
        }
        return agent.suspended() ? "Suspended" : "Active";
    }

    private static Html searchForm(Query query) {
        return Html.of(
                """
                <form method="get" action="/console/agents" class="filters" role="search" aria-label="Agents">
                <div class="field grow"><label for="agents-q">Name or email</label>
                <input id="agents-q" name="q" type="search" value="{}" autocomplete="off"></div>
                <div class="field"><label for="agents-role">Role</label>
                <select id="agents-role" name="role"><option value="">Any role</option>{}</select></div>
                <div class="field"><label for="agents-status">Status</label>
                <select id="agents-status" name="status">{}</select></div>
                <div class="field"><button type="submit">Search</button></div>
                </form>
                """,
                query.text(),
                Html.each(
                        List.of(Role.ADMIN, Role.AGENT),
                        role -> Html.of(
                                "<option value=\"{}\"{}>{}</option>",
                                role.key(),
                                Html.when(query.role().equals(Optional.of(role)), Html.of(" selected")),
                                role.key())),
                Html.each(
                        List.of(Status.values()),
                        status -> Html.of(
                                "<option value=\"{}\"{}>{}</option>",
                                status.key,
                                Html.when(query.status() == status, Html.of(" selected")),
                                status.label)));
    }

    private static String totalLine(Query query, long total) {
        String agents = number(total) + (total == 1 ? " agent" : " agents");
        if (!query.filtered()) {
            return agents;
        }
        return agents
                + (total == 1 ? " matches" : " match")
                + (query.text().isEmpty() ? "" : " “" + query.text() + "”")
                + (query.role().isEmpty() ? "" : ", role " + query.role().get().key())
                + (query.status() == Status.LIVE ? "" : ", " + query.status().phrase);
    }

    private static String range(int page, int pageSize, int shown, long total) {
        long first = (long) (page - 1) * pageSize + 1;
        return "Agents " + number(first) + "–" + number(first + shown - 1) + " of " + number(total) + ", oldest first";
    }

    /** What an empty page says: nothing matches, or the page asked for lies past the last one. */
    private static Html empty(Query query, long total, int pages) {
        if (total > 0) {
            return Html.of(
                    "<p id=\"past-end\">There is no page {}: the {} {} fill {} {}. <a href=\"{}\">Go to page {}</a>.</p>",
                    number(query.page()),
                    number(total),
                    total == 1 ? "agent" : "agents",
                    number(pages),
                    pages == 1 ? "page" : "pages",
                    query.path(pages),
                    number(pages));
        }
        return Html.of(
                "<p id=\"no-agents\">{}</p>",
                query.filtered() ? "No agent matches. Change the search or the filters." : "No agents yet.");
    }

    /** First, previous, where we are of how many, next and last, and a field to jump to any page. */
    private static Html pager(Query query, int pages) {
        int page = query.page();
        if (pages <= 1 && page <= 1) {
            return Html.EMPTY;
        }
        int current = Math.min(page, pages);
        return Html.of(
                """
                <nav class="pager" aria-label="Pages of agents">{}{}<span>Page {} of {}</span>{}{}
                <form method="get" action="/console/agents" class="jump">{}{}{}
                <label for="agents-page">Go to page</label>
                <input id="agents-page" name="page" type="number" min="1" max="{}" value="{}" inputmode="numeric">
                <button type="submit" class="secondary">Go</button>
                </form></nav>
                """,
                Html.when(current > 1, Html.of("<a href=\"{}\">First</a>", query.path(1))),
                Html.when(
                        current > 1,
                        Html.of(
                                "<a href=\"{}\" rel=\"prev\">Previous</a>",
                                query.path(page > pages ? pages : page - 1))),
                number(page),
                number(pages),
                Html.when(page < pages, Html.of("<a href=\"{}\" rel=\"next\">Next</a>", query.path(page + 1))),
                Html.when(page < pages, Html.of("<a href=\"{}\">Last</a>", query.path(pages))),
                hidden("q", query.text(), !query.text().isEmpty()),
                hidden(
                        "role",
                        query.role().map(Role::key).orElse(""),
                        query.role().isPresent()),
                hidden("status", query.status().key, query.status() != Status.LIVE),
                pages,
                current);
    }

    private static Html hidden(String name, String value, boolean present) {
        return Html.when(present, Html.of("<input type=\"hidden\" name=\"{}\" value=\"{}\">", name, value));
    }

    /** The list's state as hidden fields of a form, so that its answer returns to the same page. */
    static Html returnTo(Query query) {
        return Html.join(
                hidden("q", query.text(), !query.text().isEmpty()),
                hidden(
                        "role",
                        query.role().map(Role::key).orElse(""),
                        query.role().isPresent()),
                hidden("status", query.status().key, query.status() != Status.LIVE),
                hidden("page", String.valueOf(query.page()), query.page() > 1));
    }

    private static Html action(Viewer viewer, Agent agent, Query query) {
        if (agent.id().equals(viewer.agent().id()) || !agent.active()) {
            return Html.EMPTY; // suspending yourself would end your own session mid-click
        }
        return suspendButton(viewer, agent, returnTo(query));
    }

    /** Suspend or reactivate, with the fields that say where to come back to. */
    static Html suspendButton(Viewer viewer, Agent agent, Html back) {
        String path = "/console/agents/" + agent.id().value() + (agent.suspended() ? "/reactivate" : "/suspend");
        return Html.of(
                "<form method=\"post\" action=\"{}\" class=\"inline\">{}{}<button type=\"submit\" class=\"{}\">{}"
                        + "<span class=\"visually-hidden\"> {}</span></button></form>",
                path,
                Forms.csrf(viewer),
                back,
                agent.suspended() ? "secondary" : "danger",
                agent.suspended() ? "Reactivate" : "Suspend",
                agent.name());
    }

    private static Html createForm(Viewer viewer, Draft draft, FormErrors errors) {
        return Html.of(
                """
                <section class="card">
                <h2>New agent</h2>
                <form method="post" action="/console/agents" id="create-agent" novalidate>
                {}{}{}{}
                <div class="field"><label for="create-agent-role">Role</label>
                <select id="create-agent-role" name="role"><option value="agent"{}>agent</option><option value="admin"{}>admin</option></select></div>
                {}
                <button type="submit">Create agent</button>
                </form>
                </section>
                """,
                Forms.csrf(viewer),
                Forms.formErrors(errors.otherThan(List.of("name", "email", "password"))),
                Forms.input("create-agent", "name", "Name", "text", draft.name(), errors, true),
                Forms.input("create-agent", "email", "Email", "email", draft.email(), errors, true),
                Html.when(!draft.role().equals("admin"), Html.of(" selected")),
                Html.when(draft.role().equals("admin"), Html.of(" selected")),
                Forms.input("create-agent", "password", "Password", "password", "", errors, false));
    }
}
