package io.groupdesk.api.console;

import io.groupdesk.agents.Agent;
import io.groupdesk.shared.Slice;
import java.util.List;
import java.util.Optional;

/** The agents list, with for admins the create form and a suspend or reactivate button per agent. */
final class AgentPages {
    private AgentPages() {}

    /** What the create form held when it was refused. */
    record Draft(String name, String email, String role) {
        static final Draft EMPTY = new Draft("", "", "agent");
    }

    static Html list(
            Viewer viewer, int page, Slice<Agent> agents, Draft draft, FormErrors errors, Optional<String> notice) {
        Html rows = Html.each(
                agents.items(),
                agent -> Html.of(
                        "<tr data-agent=\"{}\"><td><a href=\"/console/agents/{}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td>{}</tr>",
                        agent.id().value(),
                        agent.id().value(),
                        agent.name(),
                        agent.email(),
                        agent.role().key(),
                        agent.suspended() ? "Suspended" : "Active",
                        Html.when(viewer.isAdmin(), Html.of("<td class=\"actions\">{}</td>", action(viewer, agent)))));
        return Layout.page(
                "Agents",
                Optional.of(viewer),
                Html.of(
                        """
                        <h1>Agents</h1>
                        {}
                        <div class="table-wrap"><table id="agents">
                        <thead><tr><th scope="col">Name</th><th scope="col">Email</th><th scope="col">Role</th><th scope="col">Status</th>{}</tr></thead>
                        <tbody>{}</tbody>
                        </table></div>
                        {}
                        {}
                        """,
                        Layout.notice(notice),
                        Html.when(viewer.isAdmin(), Html.of("<th scope=\"col\">Actions</th>")),
                        rows,
                        Layout.pager("/console/agents?", page, agents.hasMore()),
                        Html.when(viewer.isAdmin(), createForm(viewer, draft, errors))));
    }

    private static Html action(Viewer viewer, Agent agent) {
        if (agent.id().equals(viewer.agent().id())) {
            return Html.EMPTY; // suspending yourself would end your own session mid-click
        }
        String path = "/console/agents/" + agent.id().value();
        return agent.suspended()
                ? Forms.button(viewer, path + "/reactivate", "Reactivate", "secondary")
                : Forms.button(viewer, path + "/suspend", "Suspend", "danger");
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
