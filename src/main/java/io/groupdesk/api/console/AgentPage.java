package io.groupdesk.api.console;

import io.groupdesk.agents.Agent;
import io.groupdesk.groups.Group;
import io.groupdesk.rosters.AgentGroups;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** One agent's page: the profile, the groups the viewer sees the agent in with the default named, and its history. */
final class AgentPage {
    private AgentPage() {}

    /** A label and its value in the profile list. */
    private record Field(String label, Object value) {}

    /**
     * @param history the history section, empty for a viewer who may not read it
     */
    static Html show(Viewer viewer, AgentGroups roster, ZoneId zone, Html history) {
        Agent agent = roster.agent();
        Optional<Group> defaultGroup = roster.groups().stream()
                .filter(placement -> placement.membership().isDefault())
                .map(AgentGroups.Placement::group)
                .findFirst();
        Html groups = roster.groups().isEmpty()
                ? Html.of("<p>Not in any group you can see.</p>")
                : Html.of(
                        """
                        <div class="table-wrap"><table id="agent-groups">
                        <caption>Oldest membership first</caption>
                        <thead><tr><th scope="col">Group</th><th scope="col">Visibility</th></tr></thead>
                        <tbody>{}</tbody>
                        </table></div>
                        """,
                        Html.each(roster.groups(), AgentPage::groupRow));
        return Layout.page(
                agent.name(),
                Optional.of(viewer),
                Html.of(
                        """
                        <p class="crumbs"><a href="/console/agents">Agents</a></p>
                        <h1 id="agent-name">{}</h1>
                        <p class="meta">{} · {}</p>
                        <section class="card" aria-labelledby="profile-heading">
                        <h2 id="profile-heading">Profile</h2>
                        <dl class="profile">{}</dl>
                        </section>
                        <section aria-labelledby="groups-heading">
                        <h2 id="groups-heading">Groups</h2>
                        {}
                        {}
                        </section>
                        {}
                        """,
                        agent.name(),
                        agent.role().key(),
                        status(agent),
                        Html.each(
                                fields(agent, zone),
                                field -> Html.of("<dt>{}</dt><dd>{}</dd>", field.label(), field.value())),
                        defaultGroup
                                .map(group -> Html.of(
                                        "<p id=\"default-group\">Default group: <a href=\"/console/groups/{}\">{}</a></p>",
                                        group.id().value(),
                                        group.name()))
                                .orElse(Html.EMPTY),
                        groups,
                        history));
    }

    private static Html groupRow(AgentGroups.Placement placement) {
        Group group = placement.group();
        return Html.of(
                "<tr data-group=\"{}\"><th scope=\"row\"><a href=\"/console/groups/{}\">{}</a>{}</th><td>{}{}</td></tr>",
                group.id().value(),
                group.id().value(),
                group.name(),
                Html.when(placement.membership().isDefault(), Html.of(" <span class=\"badge\">default</span>")),
                group.isPublic() ? "Public" : "Private",
                Html.when(group.deleted(), Html.of(" · deleted")));
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
