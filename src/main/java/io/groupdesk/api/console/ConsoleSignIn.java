package io.groupdesk.api.console;

import io.groupdesk.access.Caller;
import io.groupdesk.api.FormBody;
import io.groupdesk.api.RequestLimits;
import io.groupdesk.credentials.Credentials;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.TooManyRequestsException;
import io.groupdesk.shared.UnauthenticatedException;
import io.javalin.http.Context;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Signing in with email and password, through the same {@link io.groupdesk.credentials.Authenticator} and
 * failed-authentication throttle as the APIs' Basic auth, and signing out. The sign-in form is protected against
 * cross-site posts by a random value in a cookie of its own, which the form's token must be a signature of.
 */
final class ConsoleSignIn {
    private static final Duration SIGN_IN_FORM_LIFETIME = Duration.ofHours(1);

    private final ConsoleApi.Services services;
    private final SessionCookies cookies;
    private final Responses responses;
    private final RequestLimits limits;

    ConsoleSignIn(ConsoleApi.Services services, SessionCookies cookies, Responses responses, RequestLimits limits) {
        this.services = services;
        this.cookies = cookies;
        this.responses = responses;
        this.limits = limits;
    }

    void form(Context ctx) {
        render(
                ctx,
                200,
                "",
                FormErrors.NONE,
                Optional.ofNullable(ctx.queryParam("signed_out")).map(x -> "You are signed out."));
    }

    void submit(Context ctx, AccountId account) {
        String nonce = ctx.cookie(ConsoleApi.SIGN_IN_COOKIE);
        Map<String, List<String>> form;
        try {
            // read before anyone is known: the form waits for a slot like the APIs' unauthenticated bodies
            form = limits.readBeforeAuthentication(ctx, () -> FormBody.fields(ctx));
        } catch (TooManyRequestsException e) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            render(
                    ctx,
                    429,
                    "",
                    FormErrors.of("base", "The server is busy. Try again in " + e.retryAfterSeconds() + " seconds."),
                    Optional.empty());
            return;
        }
        String email = first(form, "email").strip();
        String password = first(form, "password");
        if (!cookies.signInMatches(nonce, first(form, "csrf"))) {
            render(ctx, 403, email, FormErrors.of("base", "The form expired. Please sign in again."), Optional.empty());
            return;
        }
        Map<String, String> missing = new LinkedHashMap<>();
        if (email.isEmpty()) {
            missing.put("email", "is required");
        }
        if (password.isEmpty()) {
            missing.put("password", "is required");
        }
        if (!missing.isEmpty()) {
            render(ctx, 422, email, new FormErrors(Map.copyOf(missing)), Optional.empty());
            return;
        }
        Caller caller;
        try {
            caller = limits.authenticate(
                    ctx, account, new Credentials.EmailPassword(email, password), services.authenticator());
        } catch (UnauthenticatedException e) {
            render(ctx, 401, email, FormErrors.of("base", "Wrong email or password."), Optional.empty());
            return;
        } catch (TooManyRequestsException e) {
            ctx.header("Retry-After", Long.toString(e.retryAfterSeconds()));
            render(
                    ctx,
                    429,
                    email,
                    FormErrors.of(
                            "base", "Too many failed sign-ins. Try again in " + e.retryAfterSeconds() + " seconds."),
                    Optional.empty());
            return;
        }
        ConsoleSession session = cookies.issue(account, caller.agent().orElseThrow());
        responses.setCookie(ctx, ConsoleApi.SESSION_COOKIE, session.token(), cookies.lifetime(), "Lax");
        responses.clearCookie(ctx, ConsoleApi.SIGN_IN_COOKIE);
        responses.seeOther(ctx, "/console/groups");
    }

    private static String first(Map<String, List<String>> form, String name) {
        List<String> values = form.get(name);
        return values == null || values.isEmpty() ? "" : values.get(0);
    }

    /** Drops the session cookie. The cookie is the whole session, so there is nothing to forget on the server. */
    void signOut(Context ctx) {
        responses.clearCookie(ctx, ConsoleApi.SESSION_COOKIE);
        responses.seeOther(ctx, "/?signed_out=1");
    }

    private void render(Context ctx, int status, String email, FormErrors errors, Optional<String> notice) {
        String nonce = cookies.newSignInNonce();
        responses.setCookie(ctx, ConsoleApi.SIGN_IN_COOKIE, nonce, SIGN_IN_FORM_LIFETIME, "Strict");
        responses.html(ctx, status, SignInPage.render(cookies.signInToken(nonce), email, errors, notice));
    }
}
