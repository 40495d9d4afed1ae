package io.groupdesk.api.zendesk;

import io.groupdesk.access.Caller;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.credentials.ApiTokenService;
import io.groupdesk.credentials.CredentialRepository.TokenInfo;
import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.ValidationException;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /api/v2/api_tokens}: list, show, create, update (description) and delete, for admins. A created token acts as
 * the admin who created it; its secret is in the create answer only. Udesk sign-in tokens are never among these.
 */
final class ZendeskApiTokensController {
    private final ApiTokenService tokens;
    private final ZendeskJson json;
    private final BaseUrl baseUrl;

    ZendeskApiTokensController(ApiTokenService tokens, ZendeskJson json, BaseUrl baseUrl) {
        this.tokens = tokens;
        this.json = json;
        this.baseUrl = baseUrl;
    }

    void list(Context ctx, Caller caller) {
        List<TokenInfo> live = tokens.list(caller);
        String base = baseUrl.of(ctx);
        // every live token in one page: an account holds few, and Zendesk caps them at 256 (support article
        // 4408889192858)
        json.send(
                ctx,
                200,
                ZendeskJson.object(
                        "api_tokens",
                        live.stream().map(t -> ZendeskApiTokenJson.of(t, base)).toList(),
                        "next_page",
                        null,
                        "previous_page",
                        null,
                        "count",
                        live.size()));
    }

    void show(Context ctx, Caller caller) {
        json.send(ctx, 200, one(ZendeskApiTokenJson.of(tokens.get(caller, id(ctx)), baseUrl.of(ctx))));
    }

    void create(Context ctx, Caller caller) {
        // an empty body creates a token without a description, as Zendesk's "Add API token" does
        var body = json.readObject(ctx);
        String description =
                body.isEmpty() ? "" : ZendeskApiTokenJson.description(body).orElse("");
        ApiTokenService.IssuedToken issued = tokens.issue(
                caller,
                caller.agent().orElseThrow(() -> new IllegalStateException("an API caller is an agent")),
                description,
                Optional.empty());
        TokenInfo token = tokens.get(caller, issued.id());
        String base = baseUrl.of(ctx);
        ctx.header("Location", ZendeskApiTokenJson.url(base, token.id()));
        ctx.header("Cache-Control", "no-store");
        json.send(ctx, 201, one(ZendeskApiTokenJson.created(token, issued.secret(), base)));
    }

    void update(Context ctx, Caller caller) {
        long id = id(ctx);
        String description = ZendeskApiTokenJson.description(json.readObject(ctx))
                .orElseThrow(() -> ValidationException.of("description", Rule.BLANK, "is the only field to update"));
        json.send(ctx, 200, one(ZendeskApiTokenJson.of(tokens.describe(caller, id, description), baseUrl.of(ctx))));
    }

    void delete(Context ctx, Caller caller) {
        long id = id(ctx);
        if (tokens.revoke(caller, id) == ApiTokenService.Revocation.ALREADY_REVOKED) {
            // a deleted token is gone for Zendesk: deleting it again is a 404, like an unknown id
            throw new NotFoundException("token", id);
        }
        ctx.status(204);
    }

    private static Map<String, Object> one(Map<String, Object> token) {
        return ZendeskJson.object("api_token", token);
    }

    private static long id(Context ctx) {
        return ZendeskIds.parse(ctx.pathParam("id"), "api_token");
    }
}
