package io.groupdesk.api.console;

import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.FormBody;
import io.groupdesk.observability.RequestIds;
import io.groupdesk.shared.GroupdeskException;
import io.groupdesk.shared.TooManyRequestsException;
import io.groupdesk.shared.ValidationException;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Duration;
import java.util.List;
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
        Page page;
        if (e instanceof GroupdeskException core) {
            page = page(ctx, core, viewer);
        } else if (e instanceof NumberFormatException) {
            page = notFound(viewer);
        } else if (e instanceof FormBody.UnreadableFormException) {
            page = new Page(
                    400, "Form not readable", "The form could not be read. Reload the page and try again.", viewer);
        } else {
            page = unexpected(ctx, e, viewer);
        }
        error(ctx, page.status(), page.title(), page.message(), page.viewer());
    }

    /** Every core failure, by its code: a code without an answer here does not compile. */
    private static Page page(Context ctx, GroupdeskException e, Optional<Viewer> viewer) {
        return switch (e.code()) {
            case FORBIDDEN -> new Page(
                    403, "Not allowed", "Your role may not see this page or make this change.", viewer);
            case NOT_FOUND -> notFound(viewer);
            case UNAUTHENTICATED -> new Page(401, "Signed out", "Sign in again.", Optional.empty());
            case TOO_MANY_REQUESTS -> {
                long retryAfter = ((TooManyRequestsException) e).retryAfterSeconds();
                ctx.header("Retry-After", Long.toString(retryAfter));
                yield new Page(429, "Too many attempts", "Wait " + retryAfter + " seconds and try again.", viewer);
            }
            case VALIDATION_FAILED -> new Page(
                    422,
                    "Not possible",
                    String.join(" ", FormErrors.of((ValidationException) e).otherThan(List.of())),
                    viewer);
            case CONFLICT -> new Page(422, "Not possible", e.getMessage(), viewer);
            case PRECONDITION_FAILED -> unexpected(ctx, e, viewer); // the console sends no version with a change
        };
    }

    /** An error page: its status, title and message, in the layout of the signed-in agent when there is one. */
    private record Page(int status, String title, String message, Optional<Viewer> viewer) {}

    private static Page notFound(Optional<Viewer> viewer) {
        return new Page(404, "Not found", "There is no such page, or you may not see it.", viewer);
    }

    /** Logs a failure no rule foresaw, under the request's id, which the page shows. */
    private static Page unexpected(Context ctx, Exception e, Optional<Viewer> viewer) {
        String id = RequestIds.of(ctx);
        log.error("unhandled console failure {} on {} {}", id, ctx.method(), ctx.path(), e);
        return new Page(500, "Something went wrong", "The error was logged as " + id + ".", viewer);
    }
}
