package io.groupdesk.observability;

import java.io.File;
import java.util.Map;

/**
 * Spring Boot's {@code diskSpace} component: {@code DOWN} when the data directory's file system has less than the
 * threshold (Boot's default, 10 MiB) free, since the embedded database and the secret key file live there. A data
 * directory that does not exist yet (PostgreSQL with the secret key in the environment never creates it) is measured
 * on its nearest existing parent, whose file system it would be created on.
 */
final class DiskSpaceHealth implements HealthCheck {
    static final long THRESHOLD_BYTES = 10L * 1024 * 1024;

    private final File path;

    DiskSpaceHealth(File path) {
        File existing = path.getAbsoluteFile();
        while (!existing.exists() && existing.getParentFile() != null) {
            existing = existing.getParentFile();
        }
        this.path = existing;
    }

    @Override
    public Health check() {
        boolean exists = path.exists();
        long free = path.getUsableSpace();
        Map<String, Object> details = Map.of(
                "total", path.getTotalSpace(),
                "free", free,
                "threshold", THRESHOLD_BYTES,
                "path", path.getPath(),
                "exists", exists);
        return exists && free >= THRESHOLD_BYTES ? Health.up(details) : Health.down(details);
    }
}
