package io.groupdesk.api;

import io.groupdesk.shared.TooManyRequestsException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.EOFException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpException;

/**
 * Request bodies, read before and after their sender is known. A body that cannot be read (a chunked body cut short,
 * a connection closed before its {@code Content-Length} arrived, a body slower than the read deadline) is the client's
 * failure, not the server's: {@link #refusal} turns it into a 400 (408 when too slow), which each dialect's mapper
 * answers in its own format without a stack trace. Bodies read before authentication (Usedesk's {@code api_token}
 * travels in the body, Udesk's {@code log_in} takes a password) hold a slot each, {@link #readUnauthenticated}, so that
 * a flood of slow uploads from anyone cannot take every worker from signed-in callers.
 */
public final class RequestBodies {
    private final Semaphore unauthenticated;
    private final long retryAfterSeconds;

    /**
     * @param unauthenticatedReads how many bodies may be read at once before their sender is authenticated
     * @param readDeadline how long a body may take to arrive (a slot is free again at the latest after it)
     */
    public RequestBodies(int unauthenticatedReads, Duration readDeadline) {
        if (unauthenticatedReads < 1) {
            throw new IllegalArgumentException("unauthenticatedReads must be at least 1");
        }
        this.unauthenticated = new Semaphore(unauthenticatedReads);
        this.retryAfterSeconds = Math.max(1, readDeadline.toSeconds());
    }

    /**
     * Runs {@code reading}, which reads the request's body before its sender is known, in one of the slots for such
     * reads. A request without a body needs none.
     *
     * @throws TooManyRequestsException every slot is taken; retry after the read deadline
     */
    public <T> T readUnauthenticated(Context ctx, Supplier<T> reading) {
        if (!hasBody(ctx)) {
            return reading.get();
        }
        if (!unauthenticated.tryAcquire()) {
            throw new TooManyRequestsException(retryAfterSeconds);
        }
        try {
            return reading.get();
        } finally {
            unauthenticated.release();
        }
    }

    private static boolean hasBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    /**
     * The answer to a failure that came from reading the request body: 408 when the body did not arrive within the
     * read deadline, 400 when it ended early or was malformed (a {@link HttpResponseException} every dialect's mapper
     * renders in its own format). Any other failure is returned as it is.
     */
    public static Exception refusal(Exception failure) {
        boolean unreadable = false;
        Throwable cause = failure;
        // a database's own connection failures (an EOF from its socket, say) stay the server's 500
        for (int depth = 0; cause != null && !(cause instanceof SQLException) && depth < 16; depth++) {
            if (cause instanceof TimeoutException) {
                return new HttpResponseException(408, "The request body did not arrive in time");
            }
            unreadable |=
                    cause instanceof EOFException || (cause instanceof HttpException http && http.getCode() == 400);
            cause = cause.getCause();
        }
        return unreadable ? new HttpResponseException(400, "The request body could not be read") : failure;
    }
}
