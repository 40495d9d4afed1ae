package io.groupdesk.api.console;

import io.groupdesk.rosters.AgentGroups;
import io.groupdesk.shared.AgentId;
import io.javalin.http.Context;

/**
 * An agent's page. The roster is read as the viewer, so an agent sees no private group it is not in; the history is
 * an admin's only.
 */
final class ConsoleAgentPageController {
    private final ConsoleApi.Services services;
    private final Responses responses;
    private final ConsoleHistoryController history;

    ConsoleAgentPageController(ConsoleApi.Services services, Responses responses, ConsoleHistoryController history) {
        this.services = services;
        this.responses = responses;
        this.history = history;
    }

    void show(Context ctx, Viewer viewer) {
        AgentGroups roster = services.rosters().agent(viewer.caller(), new AgentId(Pages.id(ctx)));
        responses.html(
                ctx,
                200,
                AgentPage.show(
                        viewer, roster, ConsoleHistoryController.zone(viewer), history.recent(viewer, roster.agent())));
    }
}
