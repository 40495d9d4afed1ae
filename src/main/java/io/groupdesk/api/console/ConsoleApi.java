package io.groupdesk.api.console;

import io.groupdesk.access.Caller;
import io.groupdesk.accounts.AccountService;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentService;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.Dialect;
import io.groupdesk.api.FormBody;
import io.groupdesk.api.RequestLimits;
import io.groupdesk.credentials.ApiTokenService;
import io.groupdesk.credentials.Authenticator;
import io.groupdesk.credentials.SecretBox;
import io.groupdesk.groups.GroupService;
import io.groupdesk.memberships.MembershipService;
import io.groupdesk.rosters.RosterService;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.NotFoundException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * The admin console at {@code /} and {@code /console/...}. Each request's session is read from its signed cookie and
 * the agent re-read from the database, so a suspended or deleted agent is out at once and no node holds sessions.
 * Every POST must carry the CSRF token of its session.
 */
public final class ConsoleApi implements Dialect {
    static final String SESSION_COOKIE = "gd_console";
    static final String SIGN_IN_COOKIE = "gd_console_sign_in";

    /** The core services the console calls, always as the signed-in agent. */
    public record Services(
            AccountService accounts,
            Authenticator authenticator,
            AgentService agents,
            GroupService groups,
            MembershipService memberships,
            ApiTokenService tokens,
            RosterService rosters) {}

    private final Services services;
    private final AccountId fallbackAccount;
    private final BaseUrl baseUrl;
    private final SessionCookies cookies;
    private final Responses responses;
    private final ConsoleSignIn signIn;
    private final ConsoleGroupsController groups;
    private final ConsoleAgentsController agents;
    private final ConsoleTokensController tokens;
    private final String stylesheet;

    public ConsoleApi(
            Services services,
            AccountId fallbackAccount,
            SecretBox box,
            Clock clock,
            Duration sessionLifetime,
            BaseUrl baseUrl,
            RequestLimits limits) {
        this.services = services;
        this.fallbackAccount = fallbackAccount;
        this.baseUrl = baseUrl;
        this.cookies = new SessionCookies(box, clock, sessionLifetime);
        this.responses = new Responses(baseUrl);
        this.signIn = new ConsoleSignIn(services, cookies, responses, limits);
        this.groups = new ConsoleGroupsController(services, responses);
        this.agents = new ConsoleAgentsController(services, responses);
        this.tokens = new ConsoleTokensController(services, responses);
        this.stylesheet = resource("/console/style.css");
    }

    @FunctionalInterface
    interface Page {
        void handle(Context ctx, Viewer viewer) throws Exception;
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.addHttpHandler(
                HandlerType.GET,
                "/",
                ctx -> signedOut(ctx, () -> {
                    if (session(ctx).flatMap(this::viewer).isPresent()) {
                        ctx.redirect("/console/groups", HttpStatus.SEE_OTHER);
                    } else {
                        responses.clearCookie(ctx, SESSION_COOKIE);
                        signIn.form(ctx);
                    }
                }));
        routes.addHttpHandler(HandlerType.GET, "/console", ctx -> ctx.redirect("/", HttpStatus.SEE_OTHER));
        routes.addHttpHandler(HandlerType.GET, "/console/style.css", ctx -> ctx.header("Cache-Control", "max-age=3600")
                .contentType("text/css; charset=utf-8")
                .result(stylesheet));
        routes.addHttpHandler(
                HandlerType.POST, "/console/sign-in", ctx -> signedOut(ctx, () -> signIn.submit(ctx, account(ctx))));
        post(routes, "/console/sign-out", (ctx, viewer) -> signIn.signOut(ctx));

        get(routes, "/console/groups", groups::list);
        post(routes, "/console/groups", groups::create);
        get(routes, "/console/groups/{id}", groups::show);
        post(routes, "/console/groups/{id}", groups::update);
        post(routes, "/console/groups/{id}/delete", groups::delete);
        post(routes, "/console/groups/{id}/members", groups::addMember);
        post(routes, "/console/memberships/{id}/delete", groups::removeMember);
        post(routes, "/console/memberships/{id}/default", groups::makeDefault);

        get(routes, "/console/agents", agents::list);
        post(routes, "/console/agents", agents::create);
        post(routes, "/console/agents/{id}/suspend", (ctx, viewer) -> agents.setSuspended(ctx, viewer, true));
        post(routes, "/console/agents/{id}/reactivate", (ctx, viewer) -> agents.setSuspended(ctx, viewer, false));

        get(routes, "/console/tokens", tokens::list);
        post(routes, "/console/tokens", tokens::create);
        post(routes, "/console/tokens/{id}/revoke", tokens::revoke);

        // last, so that it only catches what no route above matched: a console page, not the APIs' JSON 404
        get(routes, "/console/*", (ctx, viewer) -> {
            throw new NotFoundException("page", ctx.path());
        });
    }

    /** Serves a page that needs no session: the sign-in form and its submission. */
    private void signedOut(Context ctx, Runnable page) {
        responses.secure(ctx);
        try {
            page.run();
        } catch (RuntimeException e) {
            responses.failure(ctx, e, Optional.empty());
        }
    }

    private void get(RoutesConfig routes, String path, Page page) {
        routes.addHttpHandler(HandlerType.GET, path, ctx -> serve(ctx, page, false));
    }

    private void post(RoutesConfig routes, String path, Page page) {
        routes.addHttpHandler(HandlerType.POST, path, ctx -> serve(ctx, page, true));
    }

    private void serve(Context ctx, Page page, boolean changes) {
        responses.secure(ctx);
        Optional<Viewer> viewer = Optional.empty();
        try {
            Optional<ConsoleSession> session = session(ctx);
            viewer = session.flatMap(this::viewer);
            if (viewer.isEmpty()) {
                responses.clearCookie(ctx, SESSION_COOKIE);
                if (changes) {
                    responses.error(ctx, 401, "Signed out", "Your session has ended. Sign in again.", Optional.empty());
                } else {
                    ctx.redirect("/", HttpStatus.SEE_OTHER);
                }
                return;
            }
            if (changes
                    && !cookies.csrfMatches(
                            session.get(), FormBody.first(ctx, "csrf").orElse(null))) {
                responses.error(
                        ctx,
                        403,
                        "Form expired",
                        "This form does not belong to your session. Reload the page and try again.",
                        viewer);
                return;
            }
            page.handle(ctx, viewer.get());
        } catch (Exception e) {
            responses.failure(ctx, e, viewer);
        }
    }

    /** The session's agent, re-read now: empty when it is gone, deleted or suspended. */
    private Optional<Viewer> viewer(ConsoleSession session) {
        AccountId account = session.account();
        Agent agent;
        try {
            agent = services.agents().get(Caller.system(account), session.agent());
        } catch (NotFoundException e) {
            return Optional.empty();
        }
        if (!agent.active() || agent.suspended()) {
            return Optional.empty();
        }
        return Optional.of(
                new Viewer(Caller.agent(account, agent.id(), agent.role()), agent, cookies.csrfToken(session)));
    }

    /** The request's session when its cookie is good and was issued for the account the request's host names. */
    private Optional<ConsoleSession> session(Context ctx) {
        AccountId account = account(ctx);
        return cookies.read(ctx.cookie(SESSION_COOKIE)).filter(s -> s.account().equals(account));
    }

    private AccountId account(Context ctx) {
        return services.accounts().forHost(baseUrl.host(ctx), fallbackAccount);
    }

    private static String resource(String path) {
        try (InputStream in = ConsoleApi.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }
}
