package io.groupdesk.api.scim;

import io.groupdesk.access.Caller;
import io.groupdesk.accounts.AccountService;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.Dialect;
import io.groupdesk.api.RequestLimits;
import io.groupdesk.api.RouteGuard;
import io.groupdesk.credentials.Authenticator;
import io.groupdesk.credentials.Credentials;
import io.groupdesk.events.Via;
import io.groupdesk.scim.ScimGroupService;
import io.groupdesk.scim.ScimUserService;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.ForbiddenException;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.UnauthenticatedException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * SCIM 2.0 under {@code /scim/v2}: discovery, {@code /Users} and {@code /Groups} with their {@code /.search}, for an administrator's API token
 * sent as {@code Authorization: Bearer}; an agent's token is refused (403), a missing or wrong one is 401.
 */
public final class ScimApi implements Dialect {
    static final String BASE = "/scim/v2";

    private final RouteGuard<Caller> guard;
    private final ScimErrorMapper errors;
    private final ScimJson json;
    private final BaseUrl baseUrl;
    private final ScimUsersController users;
    private final ScimGroupsController groups;

    /** The core services this door serves. */
    public record Services(
            AccountService accounts, Authenticator authenticator, ScimUserService users, ScimGroupService groups) {}

    public ScimApi(
            Services services, AccountId fallbackAccount, BaseUrl baseUrl, JsonMapper mapper, RequestLimits limits) {
        this.json = new ScimJson(mapper);
        this.errors = new ScimErrorMapper(json);
        this.baseUrl = baseUrl;
        this.guard = new RouteGuard<>(
                Via.SCIM,
                services.accounts(),
                fallbackAccount,
                baseUrl,
                (ctx, account) -> authenticate(ctx, account, services.authenticator(), limits),
                RouteGuard.RateLimiting.of(limits),
                (ctx, failure, caller) -> errors.render(ctx, failure));
        this.users = new ScimUsersController(services.users(), json, baseUrl);
        this.groups = new ScimGroupsController(services.groups(), json, baseUrl);
    }

    /**
     * The Bearer token of an administrator of the account, an API token or one limited to SCIM; an agent's token is
     * known but may not provision.
     */
    private static Caller authenticate(
            Context ctx, AccountId account, Authenticator authenticator, RequestLimits limits) {
        String header = ctx.header("Authorization");
        if (header == null) {
            throw new UnauthenticatedException();
        }
        String value = header.strip();
        int space = value.indexOf(' ');
        if (space < 0 || !value.substring(0, space).equalsIgnoreCase("Bearer")) {
            throw new UnauthenticatedException();
        }
        String token = value.substring(space + 1).strip();
        if (token.isEmpty()) {
            throw new UnauthenticatedException();
        }
        Caller caller = limits.authenticate(ctx, account, new Credentials.ScimToken(token), authenticator);
        if (!caller.isAdmin()) {
            throw new ForbiddenException("SCIM provisioning needs an administrator's API token");
        }
        return caller;
    }

    @Override
    public void register(RoutesConfig routes) {
        route(routes, HandlerType.GET, "/ServiceProviderConfig", this::serviceProviderConfig);
        route(routes, HandlerType.GET, "/ResourceTypes", this::resourceTypes);
        route(routes, HandlerType.GET, "/ResourceTypes/{id}", this::resourceType);
        route(routes, HandlerType.GET, "/Schemas", this::schemas);
        route(routes, HandlerType.GET, "/Schemas/{id}", this::schema);

        route(routes, HandlerType.GET, "/Users", users::list);
        route(routes, HandlerType.POST, "/Users", users::create);
        route(routes, HandlerType.POST, "/Users/.search", users::search);
        route(routes, HandlerType.GET, "/Users/{id}", users::show);
        route(routes, HandlerType.PUT, "/Users/{id}", users::replace);
        route(routes, HandlerType.PATCH, "/Users/{id}", users::patch);
        route(routes, HandlerType.DELETE, "/Users/{id}", users::delete);

        route(routes, HandlerType.GET, "/Groups", groups::list);
        route(routes, HandlerType.POST, "/Groups", groups::create);
        route(routes, HandlerType.POST, "/Groups/.search", groups::search);
        route(routes, HandlerType.GET, "/Groups/{id}", groups::show);
        route(routes, HandlerType.PUT, "/Groups/{id}", groups::replace);
        route(routes, HandlerType.PATCH, "/Groups/{id}", groups::patch);
        route(routes, HandlerType.DELETE, "/Groups/{id}", groups::delete);

        for (HandlerType method : new HandlerType[] {
            HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE
        }) {
            routes.addHttpHandler(
                    method, BASE + "/*", guard.guard((ctx, caller) -> errors.send(ctx, 404, null, "Not found")));
        }
    }

    private void route(RoutesConfig routes, HandlerType method, String path, RouteGuard.Endpoint<Caller> endpoint) {
        routes.addHttpHandler(method, BASE + path, guard.guard(endpoint));
    }

    private String base(Context ctx) {
        return baseUrl.of(ctx) + BASE;
    }

    private void serviceProviderConfig(Context ctx, Caller caller) {
        json.send(ctx, 200, ScimDiscovery.serviceProviderConfig(base(ctx)));
    }

    private void resourceTypes(Context ctx, Caller caller) {
        List<Map<String, Object>> types = ScimDiscovery.resourceTypes(base(ctx));
        json.send(ctx, 200, ScimDiscovery.list(types, types.size(), 1));
    }

    private void resourceType(Context ctx, Caller caller) {
        json.send(ctx, 200, find(ScimDiscovery.resourceTypes(base(ctx)), ctx.pathParam("id")));
    }

    private void schemas(Context ctx, Caller caller) {
        List<Map<String, Object>> schemas = ScimDiscovery.schemas(base(ctx));
        json.send(ctx, 200, ScimDiscovery.list(schemas, schemas.size(), 1));
    }

    private void schema(Context ctx, Caller caller) {
        json.send(ctx, 200, find(ScimDiscovery.schemas(base(ctx)), ctx.pathParam("id")));
    }

    private static Map<String, Object> find(List<Map<String, Object>> resources, String id) {
        return resources.stream()
                .filter(resource -> resource.get("id").equals(id))
                .findFirst()
                .orElseThrow(() -> new NotFoundException("resource", id));
    }
}
