package io.groupdesk.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;

/** The connection pool, the schema migrations and the Jdbi instance over them. */
public final class Database implements AutoCloseable {
    private final HikariDataSource dataSource;
    private final Jdbi jdbi;

    /**
     * Plans every PostgreSQL statement for its own parameters. The JDBC driver prepares a statement on the server after
     * five runs, and PostgreSQL then may switch to a generic plan that ignores the values: for
     * {@code account_id = $1 AND id IN ($2, ..., $101)} it chose to read the whole account and filter (200 ms in an
     * account with 50,000 agents instead of 0.3 ms), and with accounts of very different sizes a plan good for one
     * is poor for another. Planning these short statements costs a few tens of microseconds. PostgreSQL 12 or newer.
     */
    static final String CUSTOM_PLANS = "SET plan_cache_mode = force_custom_plan";

    private Database(HikariDataSource dataSource) {
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
    }

    /** Opens a pool on {@code url} and migrates the schema to the newest version. */
    public static Database open(String url, String user, String password) {
        return open(url, user, password, null);
    }

    /**
     * Opens a pool on {@code url} whose metrics ({@code hikaricp_connections_*}) go to {@code meters} (none when
     * null), and migrates the schema to the newest version. {@code groupdesk.db.connection-timeout-ms} (a system
     * property, HikariCP's 30 s by default) bounds how long a request waits for a connection when the database is out
     * of reach.
     */
    public static Database open(String url, String user, String password, MeterRegistry meters) {
        prepareH2Directory(url);
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setPoolName("groupdesk");
        hikari.setMaximumPoolSize(Integer.getInteger("groupdesk.db.pool", 16));
        hikari.setConnectionTimeout(Long.getLong("groupdesk.db.connection-timeout-ms", 30_000));
        if (meters != null) {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        }
        if (url.startsWith("jdbc:postgresql:")) {
            hikari.setConnectionInitSql(CUSTOM_PLANS);
        }
        HikariDataSource dataSource = new HikariDataSource(hikari);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/migration")
                    .load()
                    .migrate();
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
        return new Database(dataSource);
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** The pool, for health checks. */
    public DataSource dataSource() {
        return dataSource;
    }

    public boolean isPostgres() {
        return dataSource.getJdbcUrl().startsWith("jdbc:postgresql:");
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static void prepareH2Directory(String url) {
        String prefix = "jdbc:h2:file:";
        if (url.startsWith(prefix)) {
            Path file = Path.of(url.substring(prefix.length()).split(";", 2)[0]);
            Path parent = file.toAbsolutePath().getParent();
            try {
                Files.createDirectories(parent);
            } catch (java.io.IOException e) {
                throw new IllegalStateException("cannot create the data directory " + parent, e);
            }
        }
    }
}
