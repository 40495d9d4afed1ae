package io.groupdesk.observability;

/** A component of the service's health, checked each time a probe asks. */
@FunctionalInterface
public interface HealthCheck {
    /** The component's health now; never throws (a failure is a {@code DOWN} health). */
    Health check();
}
