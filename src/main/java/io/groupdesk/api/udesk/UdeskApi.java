package io.groupdesk.api.udesk;

import io.groupdesk.access.Caller;
import io.groupdesk.accounts.AccountService;
import io.groupdesk.agents.AgentService;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.Dialect;
import io.groupdesk.api.RequestLimits;
import io.groupdesk.api.RouteGuard;
import io.groupdesk.credentials.ApiTokenService;
import io.groupdesk.credentials.Authenticator;
import io.groupdesk.events.Via;
import io.groupdesk.groups.GroupService;
import io.groupdesk.memberships.MembershipService;
import io.groupdesk.rosters.RosterService;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.NotFoundException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import java.time.Clock;
import tools.jackson.databind.json.JsonMapper;

/** The Udesk open API under {@code /open_api_v1}, every method signed in its query string except {@code log_in}. */
public final class UdeskApi implements Dialect {
    private static final String BASE = "/open_api_v1";

    private final RouteGuard<Caller> guard;
    private final UdeskController controller;
    private final UdeskErrorMapper errors;

    /** The core services this dialect serves. */
    public record Services(
            AccountService accounts,
            Authenticator authenticator,
            ApiTokenService tokens,
            AgentService agents,
            GroupService groups,
            MembershipService memberships,
            RosterService rosters) {}

    public UdeskApi(
            Services services,
            AccountId fallbackAccount,
            JsonMapper json,
            Clock clock,
            RequestLimits limits,
            BaseUrl baseUrl) {
        this.errors = new UdeskErrorMapper(json);
        this.guard = new RouteGuard<>(
                Via.UDESK,
                services.accounts(),
                fallbackAccount,
                baseUrl,
                new UdeskAuthResolver(services.accounts(), services.authenticator(), clock, limits)::authenticate,
                RouteGuard.RateLimiting.of(limits),
                (ctx, failure, caller) -> errors.render(ctx, failure));
        this.controller = new UdeskController(
                services.groups(),
                services.agents(),
                services.memberships(),
                services.rosters(),
                services.tokens(),
                services.authenticator(),
                limits,
                json);
    }

    @Override
    public void register(RoutesConfig routes) {
        route(routes, HandlerType.GET, "/user_groups", controller::listGroups);
        route(routes, HandlerType.POST, "/user_groups", controller::createGroup);
        route(routes, HandlerType.GET, "/user_groups/{id}/agents", controller::groupAgents);
        route(routes, HandlerType.PUT, "/user_groups/{id}", controller::updateGroup);
        route(routes, HandlerType.DELETE, "/user_groups/{id}", controller::deleteGroup);
        route(routes, HandlerType.GET, "/agents", controller::listAgents);
        route(routes, HandlerType.POST, "/agents", controller::createAgent);
        route(routes, HandlerType.PUT, "/agents/{id}", controller::updateAgent);
        route(routes, HandlerType.DELETE, "/agents/{id}", controller::deleteAgent);
        routes.addHttpHandler(HandlerType.POST, BASE + "/log_in", guard.withoutCredentials(controller::logIn));
        // a path the open API does not have: Udesk's "not found" envelope, as for an unknown record
        Handler unknown = ctx -> errors.render(ctx, new NotFoundException("endpoint", ctx.path()));
        for (HandlerType method :
                new HandlerType[] {HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.DELETE}) {
            routes.addHttpHandler(method, BASE + "/*", unknown);
        }
    }

    private void route(RoutesConfig routes, HandlerType method, String path, RouteGuard.Endpoint<Caller> endpoint) {
        routes.addHttpHandler(method, BASE + path, guard.guard(endpoint));
    }
}
