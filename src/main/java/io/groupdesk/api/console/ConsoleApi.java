package io.groupdesk.api.console;

import io.groupdesk.access.Caller;
import io.groupdesk.accounts.AccountService;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentService;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.Dialect;
import io.groupdesk.api.FormBody;
import io.groupdesk.api.RequestLimits;
import io.groupdesk.api.RouteGuard;
import io.groupdesk.credentials.ApiTokenService;
import io.groupdesk.credentials.Authenticator;
import io.groupdesk.credentials.SecretBox;
import io.groupdesk.events.EventHistory;
import io.groupdesk.events.Via;
import io.groupdesk.groups.GroupService;
import io.groupdesk.memberships.MembershipService;
import io.groupdesk.rosters.RosterService;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.NotFoundException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
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
            RosterService rosters,
            EventHistory history) {}

    private final Services services;
    private final SessionCookies cookies;
    private final Responses responses;
    private final ConsoleSignIn signIn;
    private final ConsoleGroupsController groups;
    private final ConsoleAgentsController agents;
    private final ConsoleHistoryController history;
    private final ConsoleAgentPageController agentPage;
    private final ConsoleTokensController tokens;
    private final String stylesheet;
    /** Pages read with GET: a request without a session is sent to the sign-in form. */
    private final RouteGuard<SignedIn> pages;
    /** Forms posted: a request without a session is refused, as what it posted cannot be replayed after a redirect. */
    private final RouteGuard<SignedIn> forms;

    public ConsoleApi(
            Services services,
            AccountId fallbackAccount,
            SecretBox box,
            Clock clock,
            Duration sessionLifetime,
            BaseUrl baseUrl,
            RequestLimits limits) {
        this.services = services;
        this.cookies = new SessionCookies(box, clock, sessionLifetime);
        this.responses = new Responses(baseUrl);
        this.signIn = new ConsoleSignIn(services, cookies, responses, limits);
        this.history = new ConsoleHistoryController(services, responses);
        this.groups = new ConsoleGroupsController(services, responses, history);
        this.agents = new ConsoleAgentsController(services, responses);
        this.agentPage = new ConsoleAgentPageController(services, responses, history);
        this.tokens = new ConsoleTokensController(services, responses);
        this.stylesheet = resource("/console/style.css");
        // the console spends no rate limit: its sign-in is throttled, and a signed-in person clicks at a person's pace
        this.pages = new RouteGuard<>(
                Via.CONSOLE,
                services.accounts(),
                fallbackAccount,
                baseUrl,
                this::signedIn,
                RouteGuard.RateLimiting.NONE,
                (ctx, failure, signedIn) -> failure(ctx, failure, signedIn, false));
        this.forms = new RouteGuard<>(
                Via.CONSOLE,
                services.accounts(),
                fallbackAccount,
                baseUrl,
                this::signedIn,
                RouteGuard.RateLimiting.NONE,
                (ctx, failure, signedIn) -> failure(ctx, failure, signedIn, true));
    }

    @FunctionalInterface
    interface Page {
        void handle(Context ctx, Viewer viewer) throws Exception;
    }

    /** A request's valid session, and the agent it belongs to as stored now. */
    private record SignedIn(ConsoleSession session, Viewer viewer) {}

    /** The request has no valid session for the account its host names, or its agent may no longer sign in. */
    private static final class SignedOutException extends RuntimeException {
        SignedOutException() {
            super("no session", null, false, false);
        }
    }

    @Override
    public void register(RoutesConfig routes) {
        routes.addHttpHandler(HandlerType.GET, "/", secured(pages.withoutCredentials((ctx, account) -> {
            if (session(ctx, account).flatMap(this::viewer).isPresent()) {
                ctx.redirect("/console/groups", HttpStatus.SEE_OTHER);
            } else {
                responses.clearCookie(ctx, SESSION_COOKIE);
                signIn.form(ctx);
            }
        })));
        routes.addHttpHandler(HandlerType.GET, "/console", ctx -> ctx.redirect("/", HttpStatus.SEE_OTHER));
        routes.addHttpHandler(HandlerType.GET, "/console/style.css", ctx -> ctx.header("Cache-Control", "max-age=3600")
                .contentType("text/css; charset=utf-8")
                .result(stylesheet));
        routes.addHttpHandler(HandlerType.POST, "/console/sign-in", secured(forms.withoutCredentials(signIn::submit)));
        post(routes, "/console/sign-out", (ctx, viewer) -> signIn.signOut(ctx));

        get(routes, "/console/groups", groups::list);
        post(routes, "/console/groups", groups::create);
        get(routes, "/console/groups/{id}", groups::show);
        post(routes, "/console/groups/{id}", groups::update);
        get(routes, "/console/groups/{id}/history", history::ofGroup);
        post(routes, "/console/groups/{id}/delete", groups::delete);
        post(routes, "/console/groups/{id}/members", groups::addMembers);
        post(routes, "/console/groups/{id}/memberships", groups::changeMembers);
        post(routes, "/console/memberships/{id}/delete", groups::removeMember);
        post(routes, "/console/memberships/{id}/default", groups::makeDefault);

        get(routes, "/console/agents", agents::list);
        post(routes, "/console/agents", agents::create);
        get(routes, "/console/agents/{id}", agentPage::show);
        get(routes, "/console/agents/{id}/history", history::ofAgent);
        post(routes, "/console/agents/{id}/suspend", (ctx, viewer) -> agents.setSuspended(ctx, viewer, true));
        post(routes, "/console/agents/{id}/reactivate", (ctx, viewer) -> agents.setSuspended(ctx, viewer, false));
        post(routes, "/console/agents/{id}/groups", agentPage::addGroups);
        post(routes, "/console/agents/{id}/groups/remove", agentPage::removeGroups);
        post(routes, "/console/agents/{id}/groups/default", agentPage::makeDefault);

        get(routes, "/console/tokens", tokens::list);
        post(routes, "/console/tokens", tokens::create);
        post(routes, "/console/tokens/{id}/revoke", tokens::revoke);

        // last, so that it only catches what no route above matched: a console page, not the APIs' JSON 404
        get(routes, "/console/*", (ctx, viewer) -> {
            throw new NotFoundException("page", ctx.path());
        });
    }

    private void get(RoutesConfig routes, String path, Page page) {
        routes.addHttpHandler(
                HandlerType.GET, path, secured(pages.guard((ctx, signedIn) -> page.handle(ctx, signedIn.viewer()))));
    }

    /** A form's page, once the form is known to carry the CSRF token of the poster's session. */
    private void post(RoutesConfig routes, String path, Page page) {
        routes.addHttpHandler(HandlerType.POST, path, secured(forms.guard((ctx, signedIn) -> {
            if (!cookies.csrfMatches(
                    signedIn.session(), FormBody.first(ctx, "csrf").orElse(null))) {
                responses.error(
                        ctx,
                        403,
                        "Form expired",
                        "This form does not belong to your session. Reload the page and try again.",
                        Optional.of(signedIn.viewer()));
                return;
            }
            page.handle(ctx, signedIn.viewer());
        })));
    }

    /** Every console answer carries the protective headers, whatever it turns out to be. */
    private Handler secured(Handler handler) {
        return ctx -> {
            responses.secure(ctx);
            handler.handle(ctx);
        };
    }

    /** The console's credential reader: the session in the request's cookie, and its agent re-read now. */
    private SignedIn signedIn(Context ctx, AccountId account) {
        ConsoleSession session = session(ctx, account).orElseThrow(SignedOutException::new);
        Viewer viewer = viewer(session).orElseThrow(SignedOutException::new);
        return new SignedIn(session, viewer);
    }

    /** A missing session sends a page's reader to sign in and refuses a form; every other failure is an error page. */
    private void failure(Context ctx, Exception failure, Optional<SignedIn> signedIn, boolean changes) {
        if (failure instanceof SignedOutException) {
            responses.clearCookie(ctx, SESSION_COOKIE);
            if (changes) {
                responses.error(ctx, 401, "Signed out", "Your session has ended. Sign in again.", Optional.empty());
            } else {
                ctx.redirect("/", HttpStatus.SEE_OTHER);
            }
            return;
        }
        responses.failure(ctx, failure, signedIn.map(SignedIn::viewer));
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
        Caller caller = Caller.agent(account, agent.id(), agent.role());
        return Optional.of(new Viewer(caller, agent, services.accounts().get(caller), cookies.csrfToken(session)));
    }

    /** The request's session when its cookie is good and was issued for the account the request's host names. */
    private Optional<ConsoleSession> session(Context ctx, AccountId account) {
        return cookies.read(ctx.cookie(SESSION_COOKIE)).filter(s -> s.account().equals(account));
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
