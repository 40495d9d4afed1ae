package io.groupdesk.api.usedesk;

import io.groupdesk.access.Caller;
import io.groupdesk.accounts.AccountService;
import io.groupdesk.agents.AgentService;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.Dialect;
import io.groupdesk.api.RequestLimits;
import io.groupdesk.api.RouteGuard;
import io.groupdesk.credentials.Authenticator;
import io.groupdesk.credentials.Credentials;
import io.groupdesk.events.Via;
import io.groupdesk.groups.GroupService;
import io.groupdesk.rosters.RosterService;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.UnauthenticatedException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Usedesk API, at the root (as api.usedesk.ru serves it) and under {@code /uapi} (as secure.usedesk.com does).
 * Every method takes POST; {@code /groups} and {@code /users} take GET too, as some clients send it.
 */
public final class UsedeskApi implements Dialect {
    private static final String[] PREFIXES = {"", "/uapi"};

    private final UsedeskController controller;
    private final RouteGuard<Signed> guard;

    /** A request's caller, and the parameters its {@code api_token} was read from. */
    record Signed(Caller caller, UsedeskParams params) {}

    public UsedeskApi(
            AccountService accounts,
            Authenticator authenticator,
            AccountId fallbackAccount,
            GroupService groups,
            AgentService agents,
            RosterService rosters,
            JsonMapper json,
            RequestLimits limits,
            BaseUrl baseUrl) {
        this.controller = new UsedeskController(accounts, groups, agents, rosters, json);
        UsedeskErrorMapper errors = new UsedeskErrorMapper(json);
        this.guard = new RouteGuard<>(
                Via.USEDESK,
                accounts,
                fallbackAccount,
                baseUrl,
                (ctx, account) -> {
                    // the api_token travels in the body (reference §2.2): it is read before anyone is known
                    UsedeskParams params = limits.readBeforeAuthentication(ctx, () -> UsedeskParams.of(ctx, json));
                    String token = params.get("api_token")
                            .filter(t -> !t.isEmpty())
                            .orElseThrow(UnauthenticatedException::new);
                    return new Signed(
                            limits.authenticate(ctx, account, new Credentials.Token(token), authenticator), params);
                },
                RouteGuard.RateLimiting.of(limits),
                (ctx, failure, signed) -> errors.render(ctx, failure));
    }

    @FunctionalInterface
    interface Endpoint {
        void handle(Context ctx, Caller caller, UsedeskParams params) throws Exception;
    }

    @Override
    public void register(RoutesConfig routes) {
        for (String prefix : PREFIXES) {
            route(routes, prefix + "/groups", controller::groups, true);
            route(routes, prefix + "/users", controller::users, true);
            route(routes, prefix + "/create/user", controller::createUser, false);
            route(routes, prefix + "/update/user", controller::updateUser, false);
            route(routes, prefix + "/delete/user", controller::deleteUser, false);
        }
    }

    private void route(RoutesConfig routes, String path, Endpoint endpoint, boolean readable) {
        Handler handler = guard.guard((ctx, signed) -> endpoint.handle(ctx, signed.caller(), signed.params()));
        routes.addHttpHandler(HandlerType.POST, path, handler);
        if (readable) {
            routes.addHttpHandler(HandlerType.GET, path, handler);
        }
    }
}
