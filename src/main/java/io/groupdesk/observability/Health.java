package io.groupdesk.observability;

import java.util.Map;

/** One component's health: its status, and details an operator may read (never a credential or a URL). */
public record Health(HealthStatus status, Map<String, Object> details) {
    public Health {
        details = Map.copyOf(details);
    }

    public static Health up(Map<String, Object> details) {
        return new Health(HealthStatus.UP, details);
    }

    public static Health down(Map<String, Object> details) {
        return new Health(HealthStatus.DOWN, details);
    }

    public static Health of(HealthStatus status) {
        return new Health(status, Map.of());
    }
}
