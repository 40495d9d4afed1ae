package io.groupdesk.api.zendesk;

import io.groupdesk.access.Authenticator;
import io.groupdesk.access.Caller;
import io.groupdesk.accounts.AccountId;
import io.groupdesk.accounts.AccountService;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.Dialect;
import io.groupdesk.groups.GroupService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import tools.jackson.databind.json.JsonMapper;

/** The Zendesk Support API v2: its routes, each with and without {@code .json}, behind Zendesk authentication. */
public final class ZendeskApi implements Dialect {
    private static final String V2 = "/api/v2";

    private final ZendeskAuthResolver auth;
    private final ZendeskErrorMapper errors;
    private final ZendeskRateLimitHeaders rateLimit;
    private final ZendeskGroupsController groups;

    public ZendeskApi(
            AccountService accounts,
            Authenticator authenticator,
            AccountId fallbackAccount,
            GroupService groupService,
            BaseUrl baseUrl,
            JsonMapper mapper,
            int rateLimitPerMinute) {
        ZendeskJson json = new ZendeskJson(mapper);
        this.auth = new ZendeskAuthResolver(accounts, authenticator, fallbackAccount);
        this.errors = new ZendeskErrorMapper(json);
        this.rateLimit = new ZendeskRateLimitHeaders(rateLimitPerMinute);
        this.groups = new ZendeskGroupsController(groupService, json, baseUrl);
    }

    @FunctionalInterface
    interface Endpoint {
        void handle(Context ctx, Caller caller) throws Exception;
    }

    @Override
    public void register(RoutesConfig routes) {
        // literal segments (count, assignable) before {id}, and each .json form before its bare form
        route(routes, HandlerType.GET, "/groups/assignable", groups::assignable);
        route(routes, HandlerType.GET, "/groups/count", groups::count);
        route(routes, HandlerType.GET, "/groups", groups::list);
        route(routes, HandlerType.POST, "/groups", groups::create);
        route(routes, HandlerType.GET, "/groups/{id}", groups::show);
        route(routes, HandlerType.PUT, "/groups/{id}", groups::update);
        route(routes, HandlerType.DELETE, "/groups/{id}", groups::delete);
        Handler invalidEndpoint = ctx -> errors.render(ctx, ZendeskRequestException.invalidEndpoint());
        for (HandlerType method : new HandlerType[] {
            HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.DELETE, HandlerType.PATCH
        }) {
            routes.addHttpHandler(method, V2 + "/*", invalidEndpoint);
        }
    }

    private void route(RoutesConfig routes, HandlerType method, String path, Endpoint endpoint) {
        Handler handler = ctx -> {
            try {
                AccountId account = auth.account(ctx);
                rateLimit.apply(ctx, account);
                endpoint.handle(ctx, auth.authenticate(ctx, account));
            } catch (Exception e) {
                errors.render(ctx, e);
            }
        };
        routes.addHttpHandler(method, V2 + path + ".json", handler);
        routes.addHttpHandler(method, V2 + path, handler);
    }
}
