package io.groupdesk.api.console;

import io.groupdesk.agents.Agent;
import io.groupdesk.events.Event;
import io.groupdesk.events.Via;
import io.groupdesk.groups.Group;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/** A history in a table: who changed what, when and through which door, newest first. */
final class HistoryPages {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private HistoryPages() {}

    /** One change: its event, who made it ("System" for the system) and what it did, in words. */
    record Row(Event event, String actor, String description) {}

    /**
     * A page of changes.
     *
     * @param olderThan where the next, older page starts, when there is one
     * @param zone the zone the times are given in
     */
    record Rows(List<Row> rows, OptionalLong olderThan, ZoneId zone) {}

    /** What a history is about: its name, its page, and the list its page belongs to. */
    record Subject(String name, String path, String listName, String listPath) {
        static Subject of(Group group) {
            return new Subject(group.name(), "/console/groups/" + group.id().value(), "Groups", "/console/groups");
        }

        static Subject of(Agent agent) {
            return new Subject(agent.name(), "/console/agents/" + agent.id().value(), "Agents", "/console/agents");
        }

        String historyPath() {
            return path + "/history";
        }
    }

    /** The section of a group's or an agent's page: its latest changes and a link to the whole history. */
    static Html section(Subject subject, Rows rows) {
        return Html.of(
                """
                <section class="history" aria-labelledby="history-heading">
                <h2 id="history-heading">History</h2>
                {}
                <p><a href="{}">Full history<span class="visually-hidden"> of {}</span></a></p>
                </section>
                """,
                rows.rows().isEmpty() ? Html.of("<p>No changes recorded yet.</p>") : table(rows),
                subject.historyPath(),
                subject.name());
    }

    /** The whole history, a page at a time; {@code older} says whether this page continues a newer one. */
    static Html page(Viewer viewer, Subject subject, Rows rows, boolean older) {
        Html body;
        if (!rows.rows().isEmpty()) {
            body = table(rows);
        } else if (older) {
            body = Html.of("<p>No older changes.</p>");
        } else {
            body = Html.of("<p>No changes recorded yet.</p>");
        }
        Html pager = Html.EMPTY;
        if (older || rows.olderThan().isPresent()) {
            pager = Html.of(
                    "<nav class=\"pager\" aria-label=\"History pages\">{}{}</nav>",
                    Html.when(older, Html.of("<a href=\"{}\">Newest</a>", subject.historyPath())),
                    rows.olderThan().isPresent()
                            ? Html.of(
                                    "<a href=\"{}?before={}\" rel=\"next\">Older</a>",
                                    subject.historyPath(),
                                    rows.olderThan().getAsLong())
                            : Html.EMPTY);
        }
        return Layout.page(
                "History of " + subject.name(),
                Optional.of(viewer),
                Html.of(
                        """
                        <p class="crumbs"><a href="{}">{}</a> › <a href="{}">{}</a></p>
                        <h1>History of {}</h1>
                        {}
                        {}
                        """,
                        subject.listPath(),
                        subject.listName(),
                        subject.path(),
                        subject.name(),
                        subject.name(),
                        body,
                        pager));
    }

    private static Html table(Rows rows) {
        return Html.of(
                """
                <div class="table-wrap"><table id="history" class="history">
                <caption>Newest first, times in {}</caption>
                <thead><tr><th scope="col">Time</th><th scope="col">Who</th><th scope="col">What</th><th scope="col">Through</th></tr></thead>
                <tbody>{}</tbody>
                </table></div>
                """,
                zoneName(rows.zone()),
                Html.each(rows.rows(), row -> row(row, rows.zone())));
    }

    private static Html row(Row row, ZoneId zone) {
        Event event = row.event();
        Html actor = event.actor()
                .map(id -> Html.of("<a href=\"/console/agents/{}\">{}</a>", id.value(), row.actor()))
                .orElse(Html.text(row.actor()));
        return Html.of(
                "<tr data-event=\"{}\"><td data-label=\"Time\"><time datetime=\"{}\">{}</time></td>"
                        + "<td data-label=\"Who\">{}</td><td data-label=\"What\">{}</td>"
                        + "<td data-label=\"Through\">{}</td></tr>",
                event.id(),
                event.time().toString(),
                time(event.time(), zone),
                actor,
                row.description(),
                door(event.via()));
    }

    static String time(Instant time, ZoneId zone) {
        return TIME.format(time.atZone(zone));
    }

    static String zoneName(ZoneId zone) {
        return zone.normalized().equals(ZoneOffset.UTC) ? "UTC" : zone.getId();
    }

    /** The door a change came through, as people call it. */
    static String door(Via via) {
        return switch (via) {
            case API -> "Zendesk API";
            case XML -> "Zendesk XML API";
            case UDESK -> "Udesk API";
            case USEDESK -> "Usedesk API";
            case CONSOLE -> "Console";
            case IMPORT -> "Import";
            case SCIM -> "SCIM";
            case SYSTEM -> "System";
        };
    }
}
