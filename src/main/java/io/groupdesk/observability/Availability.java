package io.groupdesk.observability;

/**
 * Spring Boot's application availability states, as the {@code livenessState} and {@code readinessState} components
 * report them. Liveness is {@code UP} for as long as the server answers at all: nothing in Groupdesk can be stuck in a
 * way a restart would cure and a probe could see. Readiness turns {@code OUT_OF_SERVICE} when the node begins to shut
 * down, so a load balancer stops sending it requests while it finishes the ones it has.
 */
public final class Availability {
    private volatile boolean acceptingTraffic = true;

    /** From now on readiness answers {@code OUT_OF_SERVICE}; called once, when shutting down begins. */
    public void refuseTraffic() {
        acceptingTraffic = false;
    }

    HealthCheck liveness() {
        return () -> Health.of(HealthStatus.UP);
    }

    HealthCheck readiness() {
        return () -> Health.of(acceptingTraffic ? HealthStatus.UP : HealthStatus.OUT_OF_SERVICE);
    }
}
