package io.groupdesk.api.zendeskxml;

import io.groupdesk.access.Caller;
import io.groupdesk.accounts.AccountService;
import io.groupdesk.agents.AgentService;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.Dialect;
import io.groupdesk.api.RequestLimits;
import io.groupdesk.api.RouteGuard;
import io.groupdesk.api.zendeskcommon.ZendeskCredentials;
import io.groupdesk.credentials.Authenticator;
import io.groupdesk.events.Via;
import io.groupdesk.groups.GroupService;
import io.groupdesk.rosters.RosterService;
import io.groupdesk.shared.AccountId;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;
import tools.jackson.databind.json.JsonMapper;

/** The Zendesk classic groups API: {@code /groups.xml} and friends, and the same on {@code .json}, behind Basic auth. */
public final class ZendeskXmlApi implements Dialect {
    private final ZendeskXmlGroupsController groups;
    private final RouteGuard<Caller> guard;

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
        this.groups = new ZendeskXmlGroupsController(groupService, agentService, rosters, baseUrl, json);
        ZendeskXmlErrorMapper errors = new ZendeskXmlErrorMapper(json);
        this.guard = new RouteGuard<>(
                Via.XML,
                accounts,
                fallbackAccount,
                baseUrl,
                ZendeskCredentials.reader(authenticator, limits),
                RouteGuard.RateLimiting.of(limits),
                (ctx, failure, caller) -> errors.render(ctx, failure));
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

    private void route(RoutesConfig routes, HandlerType method, String path, RouteGuard.Endpoint<Caller> endpoint) {
        routes.addHttpHandler(method, path, guard.guard(endpoint));
    }
}
