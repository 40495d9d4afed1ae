package io.groupdesk.api;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.io.EndPoint;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.NanoTime;

/**
 * Bounds how long a request body may take to arrive: its last byte must be in within the deadline, counted from the
 * request's head. Jetty 12 does not enforce {@code HttpConfiguration.setMinRequestDataRate}, and its idle timeout
 * starts again with every byte, so a client dribbling a byte now and then held a worker for as long as it liked.
 * While a read waits for data, the connection's idle timeout is cut to what is left of the deadline (Jetty then fails
 * the read with a {@link TimeoutException}); a read asked for after the deadline fails at once with one. The servlet
 * layer raises either as an {@code IOException}, which {@link RequestBodies#refusal} turns into a 408.
 */
final class BodyDeadline extends Handler.Wrapper {
    private final long deadlineNanos;

    BodyDeadline(Duration deadline) {
        this.deadlineNanos = deadline.toNanos();
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        return super.handle(new Timed(request, NanoTime.now() + deadlineNanos), response, callback);
    }

    /** The request, its body reads held to the deadline. */
    private static final class Timed extends Request.Wrapper {
        private final long deadline;
        private final EndPoint endPoint;
        private final long idleTimeout;
        private volatile Content.Chunk expired;

        Timed(Request request, long deadline) {
            super(request);
            this.deadline = deadline;
            this.endPoint = request.getConnectionMetaData().getConnection().getEndPoint();
            this.idleTimeout = endPoint.getIdleTimeout();
        }

        @Override
        public Content.Chunk read() {
            Content.Chunk failed = expired;
            if (failed != null) {
                return failed;
            }
            Content.Chunk chunk = super.read();
            if (chunk != null) {
                endPoint.setIdleTimeout(idleTimeout);
            }
            return chunk;
        }

        @Override
        public void demand(Runnable demandCallback) {
            long left = NanoTime.until(deadline);
            if (left <= 0) {
                endPoint.setIdleTimeout(idleTimeout);
                expired = Content.Chunk.from(new TimeoutException("the request body did not arrive in time"), true);
                demandCallback.run();
                return;
            }
            endPoint.setIdleTimeout(Math.max(1, Math.min(idleTimeout, TimeUnit.NANOSECONDS.toMillis(left))));
            super.demand(demandCallback);
        }
    }
}
