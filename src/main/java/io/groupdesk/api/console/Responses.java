package io.groupdesk.api.console;

import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.FormBody;
import io.groupdesk.observability.RequestIds;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.ForbiddenException;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.TooManyRequestsException;
import io.groupdesk.shared.UnauthenticatedException;
import io.groupdesk.shared.ValidationException;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How the console answers: HTML with protective headers, its cookies, and the one mapping of failures to error
 * pages (the console's counterpart of a dialect's error mapper).
 */
final class Responses {
    private static final Logger log = LoggerFactory.getLogger(Responses.class);

    // no scripts at all: the pages are plain forms and links
    private static final String POLICY = "default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self';"
            + " frame-ancestors 'none'; base-uri 'none'";

    private final BaseUrl baseUrl;

    Responses(BaseUrl baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** Headers every console response carries. */
    void secure(Context ctx) {
        ctx.header("Content-Security-Policy", POLICY)
                .header("X-Content-Type-Options", "nosniff")
                .header("X-Frame-Options", "DENY")
                .header("Referrer-Policy", "same-origin")
                .header("Cache-Control", "no-store");
    }

    void html(Context ctx, int status, Html page) {
        ctx.status(status).contentType("text/html; charset=utf-8").result(page.toString());
    }

    /** Answers a successful POST with a redirect, so that reloading the page does not submit the form again. */
    void seeOther(Context ctx, String location) {
        ctx.redirect(location, HttpStatus.SEE_OTHER);
    }

    void setCookie(Context ctx, String name, String value, Duration maxAge, String sameSite) {
        ctx.res()
                .addHeader(
                        "Set-Cookie",
                        name + "=" + value + "; Path=/; Max-Age=" + maxAge.toSeconds() + "; HttpOnly; SameSite="
                                + sameSite + (isHttps(ctx) ? "; Secure" : ""));
    }

    void clearCookie(Context ctx, String name) {
        if (ctx.cookie(name) != null) {
            ctx.res()
                    .addHeader(
                            "Set-Cookie",
                            name + "=; Path=/; Max-Age=0; HttpOnly; SameSite=Lax" + (isHttps(ctx) ? "; Secure" : ""));
        }
    }

    /** Whether the client reached us over HTTPS, directly or through a proxy that says so. */
    private boolean isHttps(Context ctx) {
        return baseUrl.of(ctx).startsWith("https:");
    }

    void error(Context ctx, int status, String title, String message, Optional<Viewer> viewer) {
        html(ctx, status, Layout.errorPage(status, title, message, viewer));
    }

    /** The error page for a failure no form handled. */
    void failure(Context ctx, Exception e, Optional<Viewer> viewer) {
        if (e instanceof ForbiddenException) {
            error(ctx, 403, "Not allowed", "Your role may not make this change.", viewer);
        } else if (e instanceof NotFoundException || e instanceof NumberFormatException) {
            error(ctx, 404, "Not found", "There is no such page, or you may not see it.", viewer);
        } else if (e instanceof UnauthenticatedException) {
            error(ctx, 401, "Signed out", "Sign in again.", Optional.empty());
        } else if (e instanceof TooManyRequestsException tooMany) {
            ctx.header("Retry-After", Long.toString(tooMany.retryAfterSeconds()));
            error(
                    ctx,
                    429,
                    "Too many attempts",
                    "Wait " + tooMany.retryAfterSeconds() + " seconds and try again.",
                    viewer);
        } else if (e instanceof ValidationException invalid) {
            error(
                    ctx,
                    422,
                    "Not possible",
                    String.join(" ", FormErrors.of(invalid).otherThan(java.util.List.of())),
                    viewer);
        } else if (e instanceof ConflictException conflict) {
            error(ctx, 422, "Not possible", conflict.getMessage(), viewer);
        } else if (e instanceof FormBody.UnreadableFormException) {
            error(ctx, 400, "Form not readable", "The form could not be read. Reload the page and try again.", viewer);
        } else {
            String id = RequestIds.of(ctx);
            log.error("unhandled console failure {} on {} {}", id, ctx.method(), ctx.path(), e);
            error(ctx, 500, "Something went wrong", "The error was logged as " + id + ".", viewer);
        }
    }
}
