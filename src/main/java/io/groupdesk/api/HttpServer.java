package io.groupdesk.api;

import io.groupdesk.config.StartRefusedException;
import io.groupdesk.observability.Observability;
import io.groupdesk.observability.RequestIds;
import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.util.JavalinBindException;
import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.List;
import org.eclipse.jetty.server.handler.GracefulHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Jetty server every dialect is served from. */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);

    /**
     * How long {@link #close()} waits for the requests the server already has: after the readiness grace, within
     * Kubernetes' default 30 s termination grace.
     */
    static final Duration DRAIN = Duration.ofSeconds(15);

    private final Javalin app;
    private final int port;

    /**
     * @param bodyReadDeadline how long a request body may take to arrive ({@link BodyDeadline})
     */
    public HttpServer(
            int port,
            long maxRequestBytes,
            Duration bodyReadDeadline,
            List<Dialect> dialects,
            Observability observability) {
        this.port = port;
        this.app = Javalin.create(config -> {
            config.jetty.port = port;
            config.http.maxRequestSize = maxRequestBytes;
            config.http.defaultContentType = "application/json; charset=utf-8";
            config.concurrency.useVirtualThreads = Runtime.version().feature() >= 21;
            config.http.compressionStrategy = compression();
            config.startup.showJavalinBanner = false;
            config.startup.showOldJavalinVersionWarning = false;
            config.router.treatMultipleSlashesAsSingleSlash = true;
            config.jetty.modifyServer(server -> {
                // stopping closes the port, then waits for the requests in hand (their answers and access lines)
                server.insertHandler(new GracefulHandler());
                server.insertHandler(new BodyDeadline(bodyReadDeadline));
                server.insertHandler(new MethodOverrides());
                server.setStopTimeout(DRAIN.toMillis());
            });
            config.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setRequestHeaderSize(16 * 1024);
            });
            // request ids, metrics, the access log and /actuator; each dialect's routes counted under its name
            observability.install(config);
            for (Dialect dialect : dialects) {
                observability.attribute(dialect.name(), config, () -> dialect.register(config.routes));
            }
            config.routes.after(ctx -> {
                if (ctx.statusCode() == 413) {
                    readRefusedBody(ctx, 4 * maxRequestBytes);
                }
            });
            config.routes.exception(Exception.class, (e, ctx) -> {
                if (RequestBodies.refusal(e) instanceof HttpResponseException refused) {
                    ctx.status(refused.getStatus())
                            .contentType("application/json; charset=utf-8")
                            .result("{\"error\":\"InvalidRequest\",\"description\":\"" + refused.getMessage() + "\"}");
                    return;
                }
                String id = RequestIds.of(ctx);
                log.error("unhandled failure {} on {} {}", id, ctx.method(), ctx.path(), e);
                ctx.status(500)
                        .contentType("application/json; charset=utf-8")
                        .result("{\"error\":\"InternalError\",\"description\":\"Something went wrong\",\"id\":\"" + id
                                + "\"}");
            });
            config.routes.error(404, ctx -> {
                // no route matched: Javalin has written its own plain-text line, which no dialect's client reads
                if (ctx.result() == null
                        || String.valueOf(ctx.res().getContentType()).startsWith("text/plain")) {
                    ctx.contentType("application/json; charset=utf-8")
                            .result("{\"error\":\"InvalidEndpoint\",\"description\":\"Not found\"}");
                }
            });
        });
    }

    /**
     * Reads and drops a body refused for its size (up to {@code limit} bytes) before the answer goes out. Jetty closes
     * a connection whose body was left unread, and a close with unread bytes makes the kernel reset the connection:
     * a client still sending its body then lost the 413 and its error body and saw only the reset (as nginx's
     * lingering close avoids). A client that sent {@code Expect: 100-continue} has not sent its body, and is not
     * asked for it.
     */
    private static void readRefusedBody(Context ctx, long limit) {
        long length = ctx.req().getContentLengthLong();
        if ("100-continue".equalsIgnoreCase(ctx.header("Expect")) || length > limit) {
            return;
        }
        byte[] buffer = new byte[64 * 1024];
        long read = 0;
        try (InputStream body = ctx.req().getInputStream()) {
            for (int n; read < limit && (n = body.read(buffer)) >= 0; ) {
                read += n;
            }
        } catch (IOException | IllegalStateException e) {
            // the client went away, or the body was already taken: nothing left to read
        }
    }

    /**
     * Gzip for clients that ask for it, as before. Javalin's default list of types never to compress has some thirty
     * entries, each matched case-insensitively against every response's type; profiling put a tenth of a small
     * request's CPU there. Groupdesk serves JSON, XML, HTML, CSS, scripts and a few images, so images are all it
     * needs to leave alone.
     */
    private static CompressionStrategy compression() {
        CompressionStrategy strategy = new CompressionStrategy(null, new Gzip());
        strategy.setExcludedMimeTypes(List.of("image/"));
        return strategy;
    }

    /** Starts serving; returns the port, which is chosen by the system when configured as 0. */
    public int start() {
        try {
            app.start();
        } catch (JavalinBindException taken) {
            throw new StartRefusedException(
                    "port " + port + " is in use by another process: stop" + " it, or set SERVER_PORT to a free port");
        }
        return app.port();
    }

    public int port() {
        return app.port();
    }

    /**
     * Every HTTP route, as {@code "GET /api/v2/groups"}, in registration order: what the OpenAPI document is checked
     * against. Read from Javalin's router ({@code unsafe}, its internal state), which has no public listing.
     */
    public List<String> routes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(route -> route.endpoint.method.name() + " " + route.endpoint.path)
                .toList();
    }

    /**
     * Stops taking connections, lets the requests already taken finish (up to {@link #DRAIN}; any still running then
     * are cut off) and stops.
     */
    @Override
    public void close() {
        app.stop();
    }
}
