package io.groupdesk.observability;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.http.Outcome;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * What happens around every request: its id (header, MDC), the {@code http.server.requests} timer and one access log
 * line.
 *
 * <p>The timer is Spring Boot's ({@code http_server_requests_seconds} with histogram buckets, so Boot dashboards work),
 * tagged {@code method}, {@code uri}, {@code status} and {@code outcome} as Boot tags it, plus {@code dialect}. {@code
 * uri} is the matched route's template ({@code /api/v2/groups/{id}.json}), never the path, so ids cannot multiply the
 * series; a request no route matches is counted under {@code NOT_FOUND} (Boot's name for it) and dialect {@code none}.
 * {@code method} is the request line's, and any method but the standard nine is {@code OTHER}: a client may send any
 * token there, and each would have been a series for good.
 * The dialect comes from the routes each dialect registered ({@link #attribute}), not from guessing at paths: several
 * dialects serve {@code /groups}-like paths.
 *
 * <p>The access line (logger {@code io.groupdesk.access}) names the method, path, status, duration, dialect and route;
 * the request id travels in the MDC. Query parameters that may carry credentials ({@code api_token}, anything named
 * like a token, password, secret or signature) are written as {@code ***}. Probes of {@code /actuator/**} are logged at
 * DEBUG only, so a Kubernetes probe every few seconds does not drown the log.
 */
final class HttpObservation {
    static final String ACCESS_LOGGER = "io.groupdesk.access";
    static final String NOT_FOUND = "NOT_FOUND";
    static final String UNKNOWN = "UNKNOWN";
    static final String NO_DIALECT = "none";
    static final String OTHER_METHOD = "OTHER";

    /** The methods counted under their own name; a client may send any token as a method, so the rest are one. */
    private static final Set<String> METHODS =
            Set.of("GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "TRACE", "CONNECT");

    private static final Logger access = LoggerFactory.getLogger(ACCESS_LOGGER);
    private static final String STARTED = "groupdesk.startedNanos";
    private static final Set<String> SECRET_PARAMETER_WORDS = Set.of("token", "password", "secret", "sign", "key");

    /** The request timer, described once; each request only looks up the series of its own tags. */
    private final Meter.MeterProvider<Timer> requests;

    private final Map<String, String> dialectByRoute = new ConcurrentHashMap<>();

    HttpObservation(MeterRegistry meters) {
        this.requests = Timer.builder("http.server.requests")
                .description("HTTP requests served, by dialect, route template and status")
                .publishPercentileHistogram()
                .withRegistry(meters);
    }

    void install(JavalinConfig config) {
        config.routes.before(this::begin);
        config.requestLogger.http(this::end);
    }

    /**
     * Runs {@code registration} and files every route it added under {@code dialect}. Javalin has no per-route tag a
     * dialect could set through {@code RoutesConfig}, so the routes are read from the router before and after (through
     * {@code config.unsafe}, read only: nothing here changes the router).
     */
    void attribute(String dialect, JavalinConfig config, Runnable registration) {
        Set<String> before = routes(config);
        registration.run();
        for (String route : routes(config)) {
            if (!before.contains(route)) {
                dialectByRoute.put(route, dialect);
            }
        }
    }

    private static Set<String> routes(JavalinConfig config) {
        return config.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> key(parsed.endpoint))
                .collect(Collectors.toSet());
    }

    private static String key(Endpoint endpoint) {
        return endpoint.method.name() + " " + endpoint.path;
    }

    private void begin(Context ctx) {
        String id = RequestIds.accept(ctx.header(RequestIds.HEADER));
        RequestIds.assign(ctx, id);
        ctx.header(RequestIds.HEADER, id);
        ctx.attribute(STARTED, System.nanoTime());
        MDC.put(RequestIds.MDC_KEY, id);
    }

    private void end(Context ctx, Float executionMillis) {
        try {
            String id = RequestIds.of(ctx);
            MDC.put(RequestIds.MDC_KEY, id);
            if (ctx.res().getHeader(RequestIds.HEADER) == null && !ctx.res().isCommitted()) {
                ctx.header(RequestIds.HEADER, id);
            }
            Long started = ctx.attribute(STARTED);
            long nanos = started != null
                    ? System.nanoTime() - started
                    : (long) (executionMillis * TimeUnit.MILLISECONDS.toNanos(1));
            Endpoint endpoint = matched(ctx);
            int status = ctx.statusCode();
            String uri = endpoint != null ? endpoint.path : status == 404 ? NOT_FOUND : UNKNOWN;
            String dialect = endpoint != null ? dialectByRoute.getOrDefault(key(endpoint), NO_DIALECT) : NO_DIALECT;
            String method = ctx.req().getMethod();
            requests.withTags(
                            "dialect",
                            dialect,
                            "method",
                            METHODS.contains(method) ? method : OTHER_METHOD,
                            "uri",
                            uri,
                            "status",
                            Integer.toString(status),
                            "outcome",
                            Outcome.forStatus(status).name())
                    .record(nanos, TimeUnit.NANOSECONDS);
            String line = "{} {} {} {} ms ({} {})";
            Object[] args = {method, pathAndQuery(ctx), status, millis(nanos), dialect, uri};
            if (ctx.path().startsWith("/actuator/")) {
                access.debug(line, args);
            } else {
                access.info(line, args);
            }
        } finally {
            MDC.remove(RequestIds.MDC_KEY);
        }
    }

    /**
     * A duration in milliseconds with one decimal, rounded half up: what {@code String.format("%.1f")} writes, at a
     * fraction of its cost (a CPU profile put a twentieth of a small request's work in the formatter).
     */
    static String millis(long nanos) {
        long tenths = (Math.max(0, nanos) + 50_000) / 100_000;
        return (tenths / 10) + "." + (tenths % 10);
    }

    /** The route that answered, or null when none matched. */
    private static Endpoint matched(Context ctx) {
        try {
            return ctx.endpoints().matchedHttpEndpoint();
        } catch (RuntimeException none) {
            return null;
        }
    }

    private static String pathAndQuery(Context ctx) {
        String query = ctx.queryString();
        return query == null || query.isEmpty() ? ctx.path() : ctx.path() + "?" + redact(query);
    }

    /** The query string with the value of every parameter that may carry a credential replaced by {@code ***}. */
    static String redact(String query) {
        StringBuilder out = new StringBuilder(query.length());
        for (String parameter : query.split("&", -1)) {
            if (out.length() > 0) {
                out.append('&');
            }
            int equals = parameter.indexOf('=');
            String name = equals < 0 ? parameter : parameter.substring(0, equals);
            out.append(name);
            if (equals >= 0) {
                out.append('=').append(secret(name) ? "***" : parameter.substring(equals + 1));
            }
        }
        return out.toString();
    }

    private static boolean secret(String rawName) {
        String name;
        try {
            name = java.net.URLDecoder.decode(rawName, java.nio.charset.StandardCharsets.UTF_8)
                    .toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException malformed) {
            return true;
        }
        return SECRET_PARAMETER_WORDS.stream().anyMatch(name::contains);
    }
}
