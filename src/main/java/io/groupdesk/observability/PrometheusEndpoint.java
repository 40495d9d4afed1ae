package io.groupdesk.observability;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;

/**
 * {@code /actuator/prometheus}: every meter in the Prometheus text format. Open on the service's port by default, as
 * metrics carry no tenant data (labels are dialects, route templates and statuses, never ids); with
 * {@code GROUPDESK_METRICS_TOKEN} set, a scrape must send {@code Authorization: Bearer <token>}, for nodes whose port
 * is reachable from outside the cluster.
 */
final class PrometheusEndpoint {
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final PrometheusMeterRegistry registry;
    private final Optional<byte[]> expectedAuthorization;

    PrometheusEndpoint(PrometheusMeterRegistry registry, Optional<String> token) {
        this.registry = registry;
        this.expectedAuthorization = token.map(t -> ("Bearer " + t).getBytes(StandardCharsets.UTF_8));
    }

    void register(RoutesConfig routes) {
        routes.get("/actuator/prometheus", this::scrape);
    }

    private void scrape(Context ctx) {
        if (expectedAuthorization.isPresent() && !authorized(ctx.header("Authorization"))) {
            ctx.status(401)
                    .header("WWW-Authenticate", "Bearer realm=\"metrics\"")
                    .contentType("application/json; charset=utf-8")
                    .result("{\"error\":\"Unauthorized\",\"description\":\"A bearer token is required for metrics\"}");
            return;
        }
        ctx.contentType(CONTENT_TYPE).header("Cache-Control", "no-store").result(registry.scrape());
    }

    /** Compared in constant time, so the token cannot be guessed a character at a time. */
    private boolean authorized(String authorization) {
        return authorization != null
                && MessageDigest.isEqual(
                        authorization.getBytes(StandardCharsets.UTF_8), expectedAuthorization.orElseThrow());
    }
}
