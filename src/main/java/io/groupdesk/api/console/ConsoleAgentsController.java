package io.groupdesk.api.console;

import io.groupdesk.agents.AgentChanges;
import io.groupdesk.agents.NewAgent;
import io.groupdesk.api.FormBody;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.ValidationException;
import io.javalin.http.Context;
import java.util.Optional;
import java.util.Set;

/** The agents page: list, create, suspend and reactivate. */
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

    void setSuspended(Context ctx, Viewer viewer, boolean suspended) {
        AgentId id = new AgentId(Pages.id(ctx));
        services.agents()
                .update(
                        viewer.caller(),
                        id,
                        AgentChanges.builder().suspended(suspended).build());
        responses.seeOther(ctx, "/console/agents?notice=" + (suspended ? "suspended" : "reactivated"));
    }

    private void render(Context ctx, Viewer viewer, int status, AgentPages.Draft draft, FormErrors errors) {
        int page = Pages.number(ctx);
        var agents = services.agents().list(viewer.caller(), Set.of(), true, PageRequest.offset(page, PAGE_SIZE));
        responses.html(ctx, status, AgentPages.list(viewer, page, agents, draft, errors, Pages.notice(ctx)));
    }

    private static String form(Context ctx, String name) {
        return FormBody.first(ctx, name).orElse("");
    }
}
