package io.groupdesk.api;

import java.util.List;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * Drops the headers that ask for another method than the request line's. Javalin's {@code Context.method()} takes
 * {@code X-HTTP-Method-Override} over the request line, so a POST carrying {@code X-HTTP-Method-Override: DELETE} was
 * routed to the DELETE handler and deleted a group; no dialect's clients send it. The two other common spellings go
 * too, so that no library added later honours them either.
 */
final class MethodOverrides extends Handler.Wrapper {
    static final List<String> HEADERS = List.of("X-HTTP-Method-Override", "X-HTTP-Method", "X-Method-Override");

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        HttpFields headers = request.getHeaders();
        if (HEADERS.stream().noneMatch(headers::contains)) {
            return super.handle(request, response, callback);
        }
        HttpFields.Mutable kept = HttpFields.build(headers);
        HEADERS.forEach(kept::remove);
        HttpFields without = kept.asImmutable();
        return super.handle(
                new Request.Wrapper(request) {
                    @Override
                    public HttpFields getHeaders() {
                        return without;
                    }
                },
                response,
                callback);
    }
}
