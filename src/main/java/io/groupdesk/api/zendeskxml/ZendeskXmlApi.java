package io.groupdesk.api.zendeskxml;

import io.groupdesk.access.Caller;
import io.groupdesk.accounts.AccountService;
import io.groupdesk.agents.AgentService;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.Dialect;
import io.groupdesk.api.RequestLimits;
import io.groupdesk.api.zendeskcommon.ZendeskCredentials;
import io.groupdesk.credentials.Authenticator;
import io.groupdesk.credentials.Credentials;
import io.groupdesk.credentials.RateLimit;
import io.groupdesk.groups.GroupService;
import io.groupdesk.rosters.RosterService;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.UnauthenticatedException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import tools.jackson.databind.json.JsonMapper;

/** The Zendesk classic groups API: {@code /groups.xml} and friends, and the same on {@code .json}, behind Basic auth. */
public final class ZendeskXmlApi implements Dialect {
    private final AccountService accounts;
    private final Authenticator authenticator;
    private final AccountId fallbackAccount;
    private final ZendeskXmlGroupsController groups;
    private final ZendeskXmlErrorMapper errors;
    private final RequestLimits limits;
    private final BaseUrl baseUrl;

    public ZendeskXmlApi(
            AccountService accounts,
            Authenticator authenticator,
            AccountId fallbackAccount,
            GroupService groupService,
            AgentService agentService,
            RosterService rosters,
            BaseUrl baseUrl,
            JsonMapper json,
            RequestLimits limits) {
        this.accounts = accounts;
        this.baseUrl = baseUrl;
        this.limits = limits;
        this.authenticator = authenticator;
        this.fallbackAccount = fallbackAccount;
        this.groups = new ZendeskXmlGroupsController(groupService, agentService, rosters, baseUrl, json);
        this.errors = new ZendeskXmlErrorMapper(json);
    }

    @FunctionalInterface
    interface Endpoint {
        void handle(Context ctx, Caller caller) throws Exception;
    }

    @Override
    public void register(RoutesConfig routes) {
        for (String format : new String[] {".xml", ".json"}) {
            route(routes, HandlerType.GET, "/groups" + format, groups::list);
            route(routes, HandlerType.POST, "/groups" + format, groups::create);
            route(routes, HandlerType.GET, "/groups/{id}/users" + format, groups::users);
            route(routes, HandlerType.GET, "/groups/{id}" + format, groups::show);
            route(routes, HandlerType.PUT, "/groups/{id}" + format, groups::update);
            route(routes, HandlerType.DELETE, "/groups/{id}" + format, groups::destroy);
        }
    }

    private void route(RoutesConfig routes, HandlerType method, String path, Endpoint endpoint) {
        Handler handler = ctx -> {
            try {
                AccountId account = accounts.forHost(baseUrl.host(ctx), fallbackAccount);
                Credentials credentials = ZendeskCredentials.parse(ctx.header("Authorization"))
                        .orElseThrow(UnauthenticatedException::new);
                Caller caller = limits.authenticate(ctx, account, credentials, authenticator);
                limits.spend(account).ifPresent(RateLimit.Quota::enforce);
                endpoint.handle(ctx, caller);
            } catch (Exception e) {
                errors.render(ctx, e);
            }
        };
        routes.addHttpHandler(method, path, handler);
    }
}
