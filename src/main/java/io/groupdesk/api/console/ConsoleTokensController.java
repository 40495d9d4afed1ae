package io.groupdesk.api.console;

import io.groupdesk.api.FormBody;
import io.groupdesk.credentials.ApiTokenService;
import io.groupdesk.shared.ValidationException;
import io.javalin.http.Context;
import java.util.Optional;

/** The API tokens page: list, create (the secret shown once, on the answer) and revoke; admins only. */
final class ConsoleTokensController {
    private final ConsoleApi.Services services;
    private final Responses responses;

    ConsoleTokensController(ConsoleApi.Services services, Responses responses) {
        this.services = services;
        this.responses = responses;
    }

    void list(Context ctx, Viewer viewer) {
        render(ctx, viewer, 200, "", FormErrors.NONE, Optional.empty());
    }

    /** Answers the page itself, not a redirect: the secret must not travel in a URL, and is shown on this answer only. */
    void create(Context ctx, Viewer viewer) {
        String description = FormBody.first(ctx, "description").orElse("").strip();
        ApiTokenService.IssuedToken issued;
        try {
            issued = services.tokens().issue(viewer.caller(), viewer.agent().id(), description, Optional.empty());
        } catch (ValidationException e) {
            render(ctx, viewer, 422, description, FormErrors.of(e), Optional.empty());
            return;
        }
        render(ctx, viewer, 201, "", FormErrors.NONE, Optional.of(issued.secret()));
    }

    void revoke(Context ctx, Viewer viewer) {
        services.tokens().revoke(viewer.caller(), Pages.id(ctx));
        responses.seeOther(ctx, "/console/tokens?notice=token-revoked");
    }

    private void render(
            Context ctx, Viewer viewer, int status, String draft, FormErrors errors, Optional<String> created) {
        var tokens = services.tokens().list(viewer.caller());
        responses.html(ctx, status, TokenPages.list(viewer, tokens, draft, errors, created, Pages.notice(ctx)));
    }
}
