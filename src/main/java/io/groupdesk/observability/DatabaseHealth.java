package io.groupdesk.observability;

import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;

/**
 * The database's health, as Spring Boot's {@code db} component reports it: a connection from the pool that answers
 * {@link Connection#isValid(int)}, and the database's product name.
 *
 * <p>Two differences from Boot, both for probes that run every few seconds against a database that may be gone. The
 * check is bounded: a pool that cannot connect waits its whole connection timeout (30 s by default) before it gives
 * up, longer than a Kubernetes probe waits, so after {@code timeout} the check answers {@code DOWN} on its own. And
 * only one check runs at a time: probes that arrive while one is waiting share its answer, so a dead database cannot
 * pile up waiting threads. A failure's details name the exception's class only: driver messages may carry host names
 * and users.
 */
final class DatabaseHealth implements HealthCheck {
    private final DataSource dataSource;
    private final long timeoutMillis;
    private final AtomicReference<CompletableFuture<Health>> inFlight = new AtomicReference<>();

    DatabaseHealth(DataSource dataSource, long timeoutMillis) {
        this.dataSource = dataSource;
        this.timeoutMillis = timeoutMillis;
    }

    @Override
    public Health check() {
        CompletableFuture<Health> fresh = new CompletableFuture<>();
        CompletableFuture<Health> running = inFlight.compareAndExchange(null, fresh);
        CompletableFuture<Health> check = running != null ? running : fresh;
        if (running == null) {
            Thread probe = new Thread(
                    () -> {
                        try {
                            fresh.complete(probe());
                        } finally {
                            inFlight.compareAndSet(fresh, null);
                        }
                    },
                    "groupdesk-db-health");
            probe.setDaemon(true);
            probe.start();
        }
        try {
            return check.get(timeoutMillis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return Health.down(Map.of("error", "no connection within " + timeoutMillis + " ms"));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down(Map.of("error", "interrupted"));
        } catch (ExecutionException e) {
            return Health.down(Map.of("error", e.getCause().getClass().getName()));
        }
    }

    private Health probe() {
        try (Connection connection = dataSource.getConnection()) {
            String product = connection.getMetaData().getDatabaseProductName();
            if (!connection.isValid(Math.max(1, (int) (timeoutMillis / 1000)))) {
                // a connection that says it is invalid without throwing (H2's remote client does) would otherwise go
                // back to the pool and, being in use again within HikariCP's half-second, never be checked again
                if (dataSource instanceof HikariDataSource pool) {
                    pool.evictConnection(connection);
                }
                return Health.down(Map.of("database", product, "validationQuery", "isValid()"));
            }
            return Health.up(Map.of("database", product, "validationQuery", "isValid()"));
        } catch (Exception e) {
            return Health.down(Map.of("error", e.getClass().getName()));
        }
    }
}
