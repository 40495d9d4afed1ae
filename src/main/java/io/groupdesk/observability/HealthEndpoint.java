package io.groupdesk.observability;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /actuator/health} and its two probe groups, in the shapes and status codes of Spring Boot's actuator (so the
 * probes, dashboards and habits operators have for Boot services work unchanged):
 *
 * <ul>
 *   <li>{@code /actuator/health}: every component ({@code db}, {@code diskSpace}, {@code livenessState},
 *       {@code ping}, {@code readinessState}) with its details, and the probe groups' names;
 *   <li>{@code /actuator/health/liveness}: {@code {"status":"UP"}} for as long as the server answers;
 *   <li>{@code /actuator/health/readiness}: {@code db} and {@code readinessState}, so a node whose database is out of
 *       reach, or that is shutting down, is taken out of the load balancer.
 * </ul>
 *
 * 200 when the status is {@code UP}, 503 when it is {@code DOWN} or {@code OUT_OF_SERVICE}. The content type is
 * Boot's {@code application/vnd.spring-boot.actuator.v3+json}, or {@code application/json} to a client that asks for
 * that. Probes need no credentials, and no detail names a credential or a JDBC URL.
 */
final class HealthEndpoint {
    static final String V3_JSON = "application/vnd.spring-boot.actuator.v3+json";

    private final SortedMap<String, HealthCheck> components;
    private final JsonMapper json;

    HealthEndpoint(Map<String, HealthCheck> components, JsonMapper json) {
        this.components = new TreeMap<>(components);
        this.json = json;
    }

    void register(RoutesConfig routes) {
        routes.get("/actuator/health", ctx -> answer(ctx, components.keySet(), Shape.EVERYTHING));
        routes.get("/actuator/health/liveness", ctx -> answer(ctx, List.of("livenessState"), Shape.STATUS));
        routes.get("/actuator/health/readiness", ctx -> answer(ctx, List.of("db", "readinessState"), Shape.COMPONENTS));
    }

    /** How much an answer shows: its status only, its components too, or also the names of the probe groups. */
    private enum Shape {
        STATUS,
        COMPONENTS,
        EVERYTHING
    }

    private void answer(Context ctx, Iterable<String> names, Shape shape) {
        Map<String, Object> rendered = new TreeMap<>();
        List<HealthStatus> statuses = new ArrayList<>();
        for (String name : names) {
            HealthCheck check = components.get(name);
            if (check == null) {
                continue;
            }
            Health health = check.check();
            statuses.add(health.status());
            Map<String, Object> component = new LinkedHashMap<>();
            component.put("status", health.status());
            if (!health.details().isEmpty()) {
                component.put("details", new TreeMap<>(health.details()));
            }
            rendered.put(name, component);
        }
        HealthStatus status = HealthStatus.aggregate(statuses);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("status", status);
        if (shape != Shape.STATUS) {
            body.put("components", rendered);
        }
        if (shape == Shape.EVERYTHING) {
            body.put("groups", List.of("liveness", "readiness"));
        }
        ctx.status(status.httpStatus())
                .header("Cache-Control", "no-store")
                .contentType(contentType(ctx.header("Accept")) + ";charset=UTF-8")
                .result(json.writeValueAsString(body));
    }

    /** Boot's negotiation: its versioned type unless the client asks for plain JSON and not for it. */
    static String contentType(String accept) {
        if (accept != null && accept.contains("application/json") && !accept.contains(V3_JSON)) {
            return "application/json";
        }
        return V3_JSON;
    }
}
