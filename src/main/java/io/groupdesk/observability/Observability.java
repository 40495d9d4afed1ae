package io.groupdesk.observability;

import io.javalin.config.JavalinConfig;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.File;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import javax.sql.DataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * One node's health, metrics and request tracing, wired into the HTTP server by {@link #install} and
 * {@link #attribute}. One per {@code Groupdesk} (tests run several in one JVM, so nothing here is global but the log
 * configuration).
 */
public final class Observability implements AutoCloseable {
    /** How long a readiness probe waits for a database connection before it answers {@code DOWN}. */
    static final long DATABASE_CHECK_MILLIS = 2_000;

    private final PrometheusMeterRegistry meters = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final Availability availability = new Availability();
    private final Map<String, HealthCheck> health = new LinkedHashMap<>();
    private final HttpObservation http = new HttpObservation(meters);
    private final Optional<String> metricsToken;

    /**
     * @param metricsToken the bearer token {@code /actuator/prometheus} requires, or empty to leave it open
     * @param dataDirectory the directory whose file system the {@code diskSpace} component watches
     */
    public Observability(Optional<String> metricsToken, String dataDirectory) {
        this.metricsToken = metricsToken;
        new JvmMemoryMetrics().bindTo(meters);
        gc.bindTo(meters);
        new JvmThreadMetrics().bindTo(meters);
        new ClassLoaderMetrics().bindTo(meters);
        new ProcessorMetrics().bindTo(meters);
        new UptimeMetrics().bindTo(meters);
        new FileDescriptorMetrics().bindTo(meters);
        health.put("diskSpace", new DiskSpaceHealth(new File(dataDirectory)));
        health.put("livenessState", availability.liveness());
        health.put("ping", () -> Health.of(HealthStatus.UP));
        health.put("readinessState", availability.readiness());
    }

    /** The registry every meter of this node goes to, the connection pool's included. */
    public MeterRegistry meters() {
        return meters;
    }

    public Availability availability() {
        return availability;
    }

    /** Adds the {@code db} component, which readiness depends on. */
    public void watchDatabase(DataSource dataSource) {
        health.put("db", new DatabaseHealth(dataSource, DATABASE_CHECK_MILLIS));
    }

    /**
     * Registers the request id, metrics and access log around every request, and the {@code /actuator} endpoints
     * (counted under dialect {@code actuator}).
     */
    public void install(JavalinConfig config) {
        http.install(config);
        JsonMapper json = JsonMapper.builder().build();
        attribute("actuator", config, () -> {
            new HealthEndpoint(health, json).register(config.routes);
            new PrometheusEndpoint(meters, metricsToken).register(config.routes);
        });
    }

    /** Runs a dialect's route registration, so that its requests are counted under {@code dialect}. */
    public void attribute(String dialect, JavalinConfig config, Runnable registration) {
        http.attribute(dialect, config, registration);
    }

    @Override
    public void close() {
        gc.close();
        meters.close();
    }
}
