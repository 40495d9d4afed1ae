package io.groupdesk.api.zendesk;

import io.groupdesk.access.Caller;
import io.groupdesk.accounts.AccountService;
import io.groupdesk.agents.AgentService;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.Dialect;
import io.groupdesk.api.RequestLimits;
import io.groupdesk.api.RouteGuard;
import io.groupdesk.api.zendeskcommon.ZendeskCredentials;
import io.groupdesk.credentials.ApiTokenService;
import io.groupdesk.credentials.Authenticator;
import io.groupdesk.credentials.RateLimit;
import io.groupdesk.events.Via;
import io.groupdesk.groups.GroupService;
import io.groupdesk.idempotency.IdempotencyService;
import io.groupdesk.jobs.JobService;
import io.groupdesk.jobs.MembershipJobs;
import io.groupdesk.memberships.MembershipService;
import io.groupdesk.shared.AccountId;
import io.groupdesk.webhooks.WebhookService;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;
import tools.jackson.databind.json.JsonMapper;

/** The Zendesk Support API v2: its routes, each with and without {@code .json}, behind Zendesk authentication. */
public final class ZendeskApi implements Dialect {
    private static final HandlerType GET = HandlerType.GET;
    private static final HandlerType POST = HandlerType.POST;
    private static final HandlerType PUT = HandlerType.PUT;
    private static final HandlerType DELETE = HandlerType.DELETE;
    private static final String V2 = "/api/v2";

    private final RouteGuard<Caller> guard;
    private final ZendeskErrorMapper errors;
    private final ZendeskGroupsController groups;
    private final ZendeskUsersController users;
    private final ZendeskMembershipsController memberships;
    private final ZendeskJobStatusesController jobStatuses;
    private final ZendeskAccountController account;
    private final ZendeskApiTokensController apiTokens;
    private final ZendeskIdempotency idempotency;
    private final ZendeskWebhooksController webhooks;

    /** The core services this dialect serves. */
    public record Services(
            AccountService accounts,
            Authenticator authenticator,
            AgentService agents,
            GroupService groups,
            MembershipService memberships,
            JobService jobs,
            MembershipJobs membershipJobs,
            IdempotencyService idempotency,
            ApiTokenService tokens,
            WebhookService webhooks) {}

    public ZendeskApi(
            Services services, AccountId fallbackAccount, BaseUrl baseUrl, JsonMapper mapper, RequestLimits limits) {
        ZendeskJson json = new ZendeskJson(mapper);
        this.errors = new ZendeskErrorMapper(json);
        this.guard = new RouteGuard<>(
                Via.API,
                services.accounts(),
                fallbackAccount,
                baseUrl,
                ZendeskCredentials.reader(services.authenticator(), limits),
                RouteGuard.RateLimiting.of(limits, ZendeskApi::rateLimitHeaders),
                (ctx, failure, caller) -> errors.render(ctx, failure));
        this.groups = new ZendeskGroupsController(services.groups(), services.agents(), json, baseUrl);
        this.users = new ZendeskUsersController(services.agents(), json, baseUrl);
        this.memberships = new ZendeskMembershipsController(
                services.memberships(), services.agents(), services.groups(), services.membershipJobs(), json, baseUrl);
        this.jobStatuses = new ZendeskJobStatusesController(services.jobs(), json, baseUrl);
        this.account = new ZendeskAccountController(services.accounts(), json);
        this.idempotency = new ZendeskIdempotency(services.idempotency(), json);
        this.apiTokens = new ZendeskApiTokensController(services.tokens(), json, baseUrl);
        this.webhooks = new ZendeskWebhooksController(services.webhooks(), json, baseUrl);
    }

    /** A v2 route's work, given its authenticated caller. */
    interface Endpoint extends RouteGuard.Endpoint<Caller> {}

    @Override
    public void register(RoutesConfig routes) {
        // literal segments (count, assignable, me, …) before {id}, and each .json form before its bare form
        route(routes, GET, "/groups/assignable", groups::assignable);
        route(routes, GET, "/groups/count", groups::count);
        route(routes, GET, "/groups", groups::list);
        route(routes, POST, "/groups", idempotency.around(groups::create));
        route(routes, GET, "/groups/{group_id}/memberships/assignable", memberships::assignableOfGroup);
        route(routes, GET, "/groups/{group_id}/memberships", memberships::listOfGroup);
        route(routes, GET, "/groups/{group_id}/users", users::listOfGroup);
        route(routes, GET, "/groups/{id}", groups::show);
        route(routes, PUT, "/groups/{id}", groups::update);
        route(routes, DELETE, "/groups/{id}", groups::delete);

        // a request without credentials is answered as the anonymous user, as Zendesk does
        Handler me = guard.guard(users::me);
        Handler anonymousMe = guard.withoutCredentials((ctx, account) -> users.anonymous(ctx));
        route(routes, GET, "/users/me", ctx -> (ctx.header("Authorization") == null ? anonymousMe : me).handle(ctx));
        route(routes, GET, "/users", users::list);
        route(routes, POST, "/users", idempotency.around(users::create));
        route(routes, GET, "/users/{user_id}/groups/count", groups::countOfUser);
        route(routes, GET, "/users/{user_id}/groups", groups::listOfUser);
        route(routes, PUT, "/users/{user_id}/group_memberships/{id}/make_default", memberships::makeDefault);
        route(routes, GET, "/users/{user_id}/group_memberships/{id}", memberships::showOfUser);
        route(routes, DELETE, "/users/{user_id}/group_memberships/{id}", memberships::deleteOfUser);
        route(routes, GET, "/users/{user_id}/group_memberships", memberships::listOfUser);
        route(routes, POST, "/users/{user_id}/group_memberships", idempotency.around(memberships::createOfUser));
        route(routes, GET, "/users/{id}", users::show);
        route(routes, PUT, "/users/{id}", users::update);
        route(routes, DELETE, "/users/{id}", users::delete);

        route(routes, GET, "/group_memberships/assignable", memberships::assignable);
        route(routes, POST, "/group_memberships/create_many", idempotency.around(memberships::createMany));
        route(routes, DELETE, "/group_memberships/destroy_many", memberships::destroyMany);
        route(routes, GET, "/group_memberships", memberships::list);
        route(routes, POST, "/group_memberships", idempotency.around(memberships::create));
        route(routes, GET, "/group_memberships/{id}", memberships::show);
        route(routes, DELETE, "/group_memberships/{id}", memberships::delete);

        route(routes, GET, "/groupdesk/account", account::show);
        route(routes, PUT, "/groupdesk/account", account::update);

        // not behind Idempotency-Key: a replayed answer would show a token's secret a second time
        route(routes, GET, "/api_tokens", apiTokens::list);
        route(routes, POST, "/api_tokens", apiTokens::create);
        route(routes, GET, "/api_tokens/{id}", apiTokens::show);
        route(routes, PUT, "/api_tokens/{id}", apiTokens::update);
        route(routes, DELETE, "/api_tokens/{id}", apiTokens::delete);

        registerWebhooks(routes);

        route(routes, GET, "/job_statuses/show_many", jobStatuses::showMany);
        route(routes, GET, "/job_statuses", jobStatuses::list);
        route(routes, GET, "/job_statuses/{id}", jobStatuses::show);

        Handler invalidEndpoint = ctx -> errors.render(ctx, ZendeskRequestException.invalidEndpoint());
        for (HandlerType method : new HandlerType[] {GET, POST, PUT, DELETE, HandlerType.PATCH}) {
            routes.addHttpHandler(method, V2 + "/*", invalidEndpoint);
        }
    }

    /** Zendesk's webhooks API, the paths node-zendesk 6 calls (reference §1). */
    private void registerWebhooks(RoutesConfig routes) {
        route(routes, POST, "/webhooks/test", webhooks::test);
        route(routes, GET, "/webhooks", webhooks::list);
        route(routes, POST, "/webhooks", webhooks::create);
        route(routes, GET, "/webhooks/{id}/invocations/{invocation_id}/attempts", webhooks::attempts);
        route(routes, GET, "/webhooks/{id}/invocations", webhooks::invocations);
        route(routes, GET, "/webhooks/{id}/signing_secret", webhooks::signingSecret);
        route(routes, POST, "/webhooks/{id}/signing_secret", webhooks::resetSigningSecret);
        route(routes, GET, "/webhooks/{id}", webhooks::show);
        route(routes, PUT, "/webhooks/{id}", webhooks::update);
        route(routes, HandlerType.PATCH, "/webhooks/{id}", webhooks::patch);
        route(routes, DELETE, "/webhooks/{id}", webhooks::delete);
    }

    private void route(RoutesConfig routes, HandlerType method, String path, Endpoint endpoint) {
        route(routes, method, path, guard.guard(endpoint));
    }

    /** Registers {@code path.json} and {@code path}. */
    private static void route(RoutesConfig routes, HandlerType method, String path, Handler handler) {
        routes.addHttpHandler(method, V2 + path + ".json", handler);
        routes.addHttpHandler(method, V2 + path, handler);
    }

    /** Zendesk's account-wide headers, and the {@code ratelimit-*} ones it adds on lists, on every answer. */
    private static void rateLimitHeaders(Context ctx, RateLimit.Quota quota) {
        ctx.header("X-Rate-Limit", Integer.toString(quota.limit()));
        ctx.header("X-Rate-Limit-Remaining", Integer.toString(quota.remaining()));
        ctx.header("ratelimit-limit", Integer.toString(quota.limit()));
        ctx.header("ratelimit-remaining", Integer.toString(quota.remaining()));
        ctx.header("ratelimit-reset", Long.toString(quota.resetSeconds()));
    }
}
