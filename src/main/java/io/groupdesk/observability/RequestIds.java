package io.groupdesk.observability;

import io.javalin.http.Context;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * The id every request is known by: in the {@code X-Request-Id} response header, in the MDC of every log line written
 * while it is handled ({@code request_id}), and as the {@code id} of a 500's body, so that a user's report, a proxy's
 * log and this service's log can be joined.
 *
 * <p>An id a proxy or client sent is kept when it is sane: 1 to 128 characters of letters, digits and {@code . _ : -}.
 * Anything else (too long, CR/LF, spaces, non-ASCII) would let a caller forge or break log lines, so it is replaced by
 * a fresh random UUID rather than cleaned up.
 */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    public static final String MDC_KEY = "request_id";
    static final int MAX_LENGTH = 128;

    private static final String ATTRIBUTE = "groupdesk.requestId";
    private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._:-]{1," + MAX_LENGTH + "}");

    private RequestIds() {}

    /** The id to use for a request that sent {@code offered} (null when it sent none). */
    static String accept(String offered) {
        return offered != null && SANE.matcher(offered).matches() ? offered : generate();
    }

    /**
     * A version 4 UUID from the thread's own generator. A request id has to be unique, not unguessable, and
     * {@link UUID#randomUUID()} draws from one {@code SecureRandom} that every request thread queued on under load.
     */
    static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (random.nextLong() & ~0xF000L) | 0x4000L;
        long low = (random.nextLong() & ~(0xC000L << 48)) | (0x8000L << 48);
        return new UUID(high, low).toString();
    }

    static void assign(Context ctx, String id) {
        ctx.attribute(ATTRIBUTE, id);
    }

    /**
     * The id of the request {@code ctx} is handling; a fresh one (assigned to it from then on) if the request never
     * passed through {@link HttpObservation}, which only happens when a handler is called outside the server.
     */
    public static String of(Context ctx) {
        String id = ctx.attribute(ATTRIBUTE);
        if (id == null) {
            id = generate();
            assign(ctx, id);
        }
        return id;
    }
}
