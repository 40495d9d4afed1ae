package io.groupdesk.api;

import io.javalin.http.Context;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A request's urlencoded or multipart form, read the same way by every surface that takes forms. A body that is
 * not a readable form (a multipart body without its boundary, say, or a urlencoded one that is not well-formed UTF-8,
 * raw or percent-encoded: {@link RequestBodies}) is an {@link UnreadableFormException} for the
 * caller to answer in its own format, never a 500.
 */
public final class FormBody {
    private FormBody() {}

    /** Every field of the form, each with its values in the order sent. */
    public static Map<String, List<String>> fields(Context ctx) {
        try {
            if (String.valueOf(ctx.contentType())
                    .toLowerCase(Locale.ROOT)
                    .startsWith("application/x-www-form-urlencoded")) {
                RequestBodies.requireUtf8Form(ctx);
            }
            return ctx.formParamMap();
        } catch (Exception e) { // Jetty's multipart parser also throws the checked ServletException
            // Jetty closes the connection after a multipart body it could not parse; saying so keeps a keep-alive
            // client from sending its next request down a connection that is about to be gone
            ctx.header("Connection", "close");
            throw new UnreadableFormException(e);
        }
    }

    /** The first value of {@code name}, if the form has the field. */
    public static Optional<String> first(Context ctx, String name) {
        List<String> values = fields(ctx).get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** The request body claims to be a form but cannot be read as one. */
    public static final class UnreadableFormException extends RuntimeException {
        UnreadableFormException(Throwable cause) {
            super("The request body is not a readable form", cause);
        }
    }
}
