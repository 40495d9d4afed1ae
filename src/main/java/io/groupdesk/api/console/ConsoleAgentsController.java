package io.groupdesk.api.console;

import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentChanges;
import io.groupdesk.agents.NewAgent;
import io.groupdesk.api.FormBody;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import io.groupdesk.shared.ValidationException;
import io.javalin.http.Context;
import java.util.Optional;

/** The agents page: search and filter, page through with the total, create, suspend and reactivate. */
final class ConsoleAgentsController {
    static final int PAGE_SIZE = 25;

    private final ConsoleApi.Services services;
    private final Responses responses;

    ConsoleAgentsController(ConsoleApi.Services services, Responses responses) {
        this.services = services;
        this.responses = responses;
    }

    void list(Context ctx, Viewer viewer) {
        render(ctx, viewer, 200, AgentPages.Draft.EMPTY, FormErrors.NONE);
    }

    void create(Context ctx, Viewer viewer) {
        AgentPages.Draft draft =
                new AgentPages.Draft(form(ctx, "name"), form(ctx, "email").strip(), form(ctx, "role"));
        Optional<Role> role = Role.fromKey(draft.role());
        if (role.isEmpty()) {
            render(ctx, viewer, 422, draft, FormErrors.of("role", "must be agent or admin"));
            return;
        }
        NewAgent agent = NewAgent.of(draft.name(), draft.email(), role.get());
        String password = form(ctx, "password");
        if (!password.isEmpty()) {
            agent = agent.withPassword(password);
        }
        try {
            services.agents().create(viewer.caller(), agent);
        } catch (ValidationException e) {
            render(ctx, viewer, 422, draft, FormErrors.of(e));
            return;
        } catch (ConflictException e) {
            render(ctx, viewer, 422, draft, FormErrors.of(e));
            return;
        }
        responses.seeOther(ctx, "/console/agents?notice=agent-created");
    }

    /** Suspends or reactivates an agent, then returns to the list as it was, or to the agent's page it came from. */
    void setSuspended(Context ctx, Viewer viewer, boolean suspended) {
        AgentId id = new AgentId(Pages.id(ctx));
        services.agents()
                .update(
                        viewer.caller(),
                        id,
                        AgentChanges.builder().suspended(suspended).build());
        String notice = "notice=" + (suspended ? "suspended" : "reactivated");
        if (form(ctx, "from").equals("agent")) {
            responses.seeOther(ctx, "/console/agents/" + id.value() + "?" + notice);
            return;
        }
        String back = formQuery(ctx).path(pageOf(form(ctx, "page")));
        responses.seeOther(ctx, back + (back.contains("?") ? "&" : "?") + notice);
    }

    private void render(Context ctx, Viewer viewer, int status, AgentPages.Draft draft, FormErrors errors) {
        AgentPages.Query query = AgentPages.Query.of(
                ctx.queryParam("q"), ctx.queryParam("role"), ctx.queryParam("status"), Pages.number(ctx));
        Slice<Agent> agents = services.agents()
                .search(
                        viewer.caller(),
                        query.search(),
                        PageRequest.offset(query.page(), PAGE_SIZE).withTotal());
        var groupCounts = services.agents()
                .groupCounts(
                        viewer.caller(), agents.items().stream().map(Agent::id).toList());
        responses.html(
                ctx,
                status,
                AgentPages.list(viewer, query, PAGE_SIZE, agents, groupCounts, draft, errors, AgentPages.notice(ctx)));
    }

    private static AgentPages.Query formQuery(Context ctx) {
        return AgentPages.Query.of(form(ctx, "q"), form(ctx, "role"), form(ctx, "status"), 1);
    }

    private static int pageOf(String value) {
        try {
            int page = Integer.parseInt(value);
            return page < 1 || page > 100_000 ? 1 : page;
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    private static String form(Context ctx, String name) {
        return FormBody.first(ctx, name).orElse("");
    }
}
