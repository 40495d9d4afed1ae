package io.groupdesk.observability;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/**
 * Spring Boot's health statuses, in Boot's order of severity: a health made of several components takes the most
 * severe status among them ({@code DOWN} over {@code OUT_OF_SERVICE} over {@code UP} over {@code UNKNOWN}), and is
 * answered with 503 when that is {@code DOWN} or {@code OUT_OF_SERVICE}, 200 otherwise.
 */
public enum HealthStatus {
    DOWN(503),
    OUT_OF_SERVICE(503),
    UP(200),
    UNKNOWN(200);

    private final int httpStatus;

    HealthStatus(int httpStatus) {
        this.httpStatus = httpStatus;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** The status of a health made of {@code parts}; {@code UNKNOWN} when none has a known status. */
    static HealthStatus aggregate(Collection<HealthStatus> parts) {
        return parts.stream()
                .filter(status -> status != UNKNOWN)
                .min(Comparator.naturalOrder())
                .orElse(UNKNOWN);
    }

    static HealthStatus aggregate(HealthStatus... parts) {
        return aggregate(List.of(parts));
    }
}
