package io.groupdesk.config;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.metrics.micrometer.MicrometerMetricsTrackerFactory;
import io.groupdesk.cache.Invalidations;
import io.groupdesk.shared.PlainQuery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.jdbi.v3.core.statement.StatementCustomizer;
import org.jdbi.v3.core.statement.StatementExceptions;
import org.jdbi.v3.core.statement.StatementExceptions.MessageRendering;
import org.postgresql.PGStatement;

/**
 * The connection pool, the schema migrations and the Jdbi instance over them, with the node's cache invalidations
 * ({@link Invalidations}) installed on it.
 */
public final class Database implements AutoCloseable {
    /** The bound of each cache of a node when {@code GROUPDESK_CACHE_ENTRIES} does not set one. */
    public static final int DEFAULT_CACHE_ENTRIES = 10_000;

    /** The meter counting the statements a node sends to the database ({@code groupdesk_db_statements_total}). */
    public static final String STATEMENTS_METER = "groupdesk.db.statements";

    private final HikariDataSource dataSource;
    private final Jdbi jdbi;
    private final Optional<H2FileCompaction> compaction;
    private final Invalidations invalidations;

    /**
     * Has PostgreSQL plan every statement Jdbi runs for its own values. The JDBC driver prepares a statement on the
     * server after five runs, and PostgreSQL then may switch to a generic plan that ignores the values: for
     * {@code account_id = $1 AND id IN ($2, ..., $101)} it chose to read the whole account and filter, hundreds of
     * times slower in a large account (BENCHMARKS.md, "Figures behind the code"), and with accounts of very different sizes a plan good for one
     * is poor for another. A statement the driver never prepares on the server is planned at every run with the
     * values given. {@link io.groupdesk.shared.PlainQuery}'s look-ups by a whole key, where one plan fits every
     * account, stay prepared, so PostgreSQL plans them once per connection instead of at every request.
     */
    private static final StatementCustomizer PLANNED_FOR_ITS_VALUES = new StatementCustomizer() {
        @Override
        public void beforeExecution(PreparedStatement statement, StatementContext context) throws SQLException {
            statement.unwrap(PGStatement.class).setPrepareThreshold(0);
        }
    };

    private Database(
            HikariDataSource dataSource,
            Optional<H2FileCompaction> compaction,
            Invalidations invalidations,
            MeterRegistry meters) {
        this.dataSource = dataSource;
        this.invalidations = invalidations;
        this.jdbi = Jdbi.create(dataSource);
        invalidations.installOn(jdbi);
        if (meters != null) {
            countStatements(jdbi, meters);
        }
        // a failed statement's message is the driver's alone, without Jdbi's rendering of the statement and its
        // bound values (SHORT_STATEMENT by default), which put an Argon2 hash into an ERROR line
        jdbi.getConfig(StatementExceptions.class).setMessageRendering(MessageRendering.NONE);
        this.compaction = compaction;
        if (isPostgres()) {
            jdbi.addCustomizer(PLANNED_FOR_ITS_VALUES);
        }
    }

    /** Opens a pool on {@code url} and migrates the schema to the newest version. */
    public static Database open(String url, String user, String password) {
        return open(url, user, password, false, null);
    }

    /** {@link #open(String, String, String, boolean, MeterRegistry, int)} with caches of the default bound. */
    public static Database open(
            String configuredUrl, String user, String password, boolean h2AllowWriteDelay, MeterRegistry meters) {
        return open(configuredUrl, user, password, h2AllowWriteDelay, meters, DEFAULT_CACHE_ENTRIES);
    }

    /**
     * Opens a pool on {@code url} whose metrics ({@code hikaricp_connections_*}) go to {@code meters} (none when
     * null), and migrates the schema to the newest version. {@code groupdesk.db.connection-timeout-ms} (a system
     * property, HikariCP's 30 s by default) bounds how long a request waits for a connection when the database is out
     * of reach. {@code h2AllowWriteDelay} is {@code GROUPDESK_H2_ALLOW_WRITE_DELAY} ({@link #withH2Compatibility}).
     *
     * {@code cacheEntries} bounds each cache of the node ({@code GROUPDESK_CACHE_ENTRIES}, 0 for none); the caches are
     * trusted only once {@link #invalidations()} are started. Every statement run through the Jdbi instance counts
     * towards {@link #STATEMENTS_METER} in {@code meters}.
     *
     * @throws IllegalArgumentException an H2 URL that sets a setting Groupdesk needs to another value
     */
    public static Database open(
            String configuredUrl,
            String user,
            String password,
            boolean h2AllowWriteDelay,
            MeterRegistry meters,
            int cacheEntries) {
        String url = withH2Compatibility(configuredUrl, h2AllowWriteDelay);
        prepareH2Directory(url);
        probe(url, user, password);
        HikariConfig hikari = new HikariConfig();
        hikari.setJdbcUrl(url);
        hikari.setUsername(user);
        hikari.setPassword(password);
        hikari.setPoolName("groupdesk");
        if (url.startsWith("jdbc:postgresql:")) {
            // PostgreSQL's DETAIL quotes the values of the key a statement violated: keep it out of exceptions
            hikari.addDataSourceProperty("logServerErrorDetail", "false");
            // the reads by a whole key (PlainQuery) are prepared on the server at their first run on a connection
            // rather than their fifth; Jdbi's statements are never prepared there (PLANNED_FOR_ITS_VALUES)
            hikari.addDataSourceProperty("prepareThreshold", "1");
        } else if (isH2(url)) {
            // H2's "connection broken" errors are not SQL state 08: without this the pool keeps lending dead
            // connections after the H2 server comes back (H2BrokenConnections)
            hikari.setExceptionOverride(new H2BrokenConnections());
        }
        hikari.setMaximumPoolSize(Integer.getInteger("groupdesk.db.pool", 16));
        hikari.setConnectionTimeout(Long.getLong("groupdesk.db.connection-timeout-ms", 30_000));
        // the level of every transaction (Transactions), set once per connection rather than asked for per transaction
        hikari.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
        if (meters != null) {
            hikari.setMetricsTrackerFactory(new MicrometerMetricsTrackerFactory(meters));
        }
        HikariDataSource dataSource = new HikariDataSource(hikari);
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations(migrations(url))
                    // migrations that SQL alone cannot write for both databases
                    .javaMigrations(new DropMembershipAccountKey())
                    .load()
                    .migrate();
            h2File(url).ifPresent(DataDirectory::restrictH2Files);
            return new Database(
                    dataSource,
                    isH2(url) ? H2FileCompaction.of(dataSource) : Optional.empty(),
                    Invalidations.of(url, user, password, cacheEntries, Invalidations.DEFAULT_STALENESS),
                    meters);
        } catch (RuntimeException e) {
            dataSource.close();
            throw e;
        }
    }

    /** H2's error code for a file another process has open ({@code DATABASE_ALREADY_OPEN_1}). */
    private static final int H2_FILE_IN_USE = 90020;

    /**
     * Opens and closes one connection before the pool exists, so that a database out of reach, a role it refuses or
     * an H2 file another process holds is one line ({@link StartRefusedException}) rather than the pool's
     * logged stack trace. The connection does not write H2's trace file, which a refused open used to leave behind.
     */
    private static void probe(String url, String user, String password) {
        Properties properties = new Properties();
        properties.setProperty("user", user == null ? "" : user);
        properties.setProperty("password", password == null ? "" : password);
        String probeUrl = url;
        if (url.startsWith("jdbc:postgresql:")) {
            properties.setProperty("logServerErrorDetail", "false");
        } else if (isH2(url) && !url.toUpperCase(Locale.ROOT).contains(";TRACE_LEVEL_FILE=")) {
            probeUrl = url + ";TRACE_LEVEL_FILE=0";
        }
        try (Connection connection = DriverManager.getConnection(probeUrl, properties)) {
            connection.isValid(1);
        } catch (SQLException e) {
            throw new StartRefusedException(unavailable(url, e));
        }
    }

    private static String unavailable(String url, SQLException e) {
        if (e.getErrorCode() == H2_FILE_IN_USE) {
            return "the H2 file " + h2File(url).map(Path::toString).orElse(url) + " is in use by another process,"
                    + " likely the running server: stop the server first, or use its API instead";
        }
        // the driver's first line: H2 appends the SQL state and its own stack to the message
        String reason =
                String.valueOf(e.getMessage()).lines().findFirst().orElse("").strip();
        return "cannot open the database " + redacted(url) + ": " + reason;
    }

    /** A JDBC URL without credentials that might be embedded in it. */
    public static String redacted(String url) {
        return url.replaceAll("(?i)(password|user)=[^&;]*", "$1=***");
    }

    /**
     * Where the schema's migrations are: {@code db/migration} for every database, and {@code db/h2} for settings and
     * indexes that only H2 needs (their version numbers are never used in {@code db/migration}).
     */
    static String[] migrations(String url) {
        return isH2(url)
                ? new String[] {"classpath:db/migration", "classpath:db/h2"}
                : new String[] {"classpath:db/migration"};
    }

    private static boolean isH2(String url) {
        return url.startsWith("jdbc:h2:");
    }

    /**
     * Counts every statement the node runs through Jdbi, its plain reads ({@link PlainQuery}) included, so that a
     * benchmark can tell the database round trips a request costs. No labels: one number per node.
     */
    private static void countStatements(Jdbi jdbi, MeterRegistry meters) {
        Counter statements = Counter.builder(STATEMENTS_METER)
                .description("Statements sent to the database, each one round trip")
                .register(meters);
        jdbi.setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                statements.increment();
            }

            @Override
            public void logException(StatementContext context, SQLException ex) {
                statements.increment();
            }
        });
        jdbi.getConfig(PlainQuery.Listening.class)
                .set(Optional.of((connection, sql, values) -> statements.increment()));
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** The node's cache invalidations, installed on {@link #jdbi()}. */
    public Invalidations invalidations() {
        return invalidations;
    }

    /** The pool, for health checks. */
    public DataSource dataSource() {
        return dataSource;
    }

    public boolean isPostgres() {
        return dataSource.getJdbcUrl().startsWith("jdbc:postgresql:");
    }

    /** Closes the pool, then compacts an embedded H2 file that is mostly dead space ({@link H2FileCompaction}). */
    @Override
    public void close() {
        boolean compact = compaction.map(H2FileCompaction::isWanted).orElse(false);
        invalidations.close();
        dataSource.close();
        if (compact) {
            H2FileCompaction.compact(dataSource.getJdbcUrl(), dataSource.getUsername(), dataSource.getPassword());
            // SHUTDOWN COMPACT writes a new file, with the process umask
            h2File(dataSource.getJdbcUrl()).ifPresent(DataDirectory::restrictH2Files);
        }
    }

    /**
     * The settings the schema and its SQL need from H2, whatever H2 URL the operator gives: PostgreSQL's dialect
     * (for {@code ON CONFLICT} among others), lower-case names, and nulls sorted last as PostgreSQL sorts them.
     */
    private static final List<Map.Entry<String, String>> H2_SETTINGS = List.of(
            Map.entry("MODE", "PostgreSQL"),
            Map.entry("DATABASE_TO_LOWER", "TRUE"),
            Map.entry("DEFAULT_NULL_ORDERING", "HIGH"));

    /** {@link #withH2Compatibility(String, boolean)} without {@code GROUPDESK_H2_ALLOW_WRITE_DELAY}. */
    static String withH2Compatibility(String url) {
        return withH2Compatibility(url, false);
    }

    /**
     * An H2 URL with the settings of {@link #H2_SETTINGS} added where it leaves them out; for an H2 file also
     * {@code DB_CLOSE_ON_EXIT=FALSE} and {@code WRITE_DELAY=0} unless it says otherwise; other URLs as they are.
     *
     * <p>{@code WRITE_DELAY=0} makes each commit reach the file before it is acknowledged: with H2's default delay
     * a killed process lost writes it had acknowledged (BENCHMARKS.md, "Figures behind the code"). A URL that asks for
     * another delay is refused unless {@code allowWriteDelay} ({@code GROUPDESK_H2_ALLOW_WRITE_DELAY}) says the
     * operator accepts that loss. An in-memory URL ({@code jdbc:h2:mem:}) keeps nothing past the process, so it is
     * neither completed nor checked. A server URL ({@code jdbc:h2:tcp:}, {@code jdbc:h2:ssl:}) is checked but not
     * completed: the H2 server outlives a killed Groupdesk and keeps its own setting, and changing that setting from
     * a client takes admin rights on the server.
     *
     * @throws IllegalArgumentException the URL sets one of the needed settings to another value, or a non-zero
     *     {@code WRITE_DELAY} without {@code allowWriteDelay}
     */
    static String withH2Compatibility(String url, boolean allowWriteDelay) {
        if (!isH2(url)) {
            return url;
        }
        // H2 reads the keys of a URL's settings in any case (WRITE_DELAY, write_delay)
        Map<String, String> given = new HashMap<>();
        String[] parts = url.split(";");
        for (int i = 1; i < parts.length; i++) {
            String[] setting = parts[i].split("=", 2);
            given.put(setting[0].strip().toUpperCase(Locale.ROOT), setting.length > 1 ? setting[1].strip() : "");
        }
        String location = url.substring("jdbc:h2:".length()).toLowerCase(Locale.ROOT);
        boolean inMemory = location.startsWith("mem:");
        boolean server = location.startsWith("tcp:") || location.startsWith("ssl:");
        StringBuilder completed = new StringBuilder(url);
        if (url.startsWith("jdbc:h2:file:") && !given.containsKey("DB_CLOSE_ON_EXIT")) {
            // H2 would otherwise close the file in a shutdown hook of its own, racing Groupdesk's, which closes the
            // pool and then compacts the file (H2FileCompaction)
            completed.append(";DB_CLOSE_ON_EXIT=FALSE");
        }
        if (!inMemory) {
            String writeDelay = given.get("WRITE_DELAY");
            if (writeDelay == null) {
                if (!server) {
                    completed.append(";WRITE_DELAY=0");
                }
            } else if (!isZero(writeDelay) && !allowWriteDelay) {
                throw new IllegalArgumentException("GROUPDESK_DB_URL sets WRITE_DELAY=" + writeDelay
                        + ", so H2 acknowledges writes before they reach the file and a killed process loses them;"
                        + " leave WRITE_DELAY out (WRITE_DELAY=0 is added), or set"
                        + " GROUPDESK_H2_ALLOW_WRITE_DELAY=true to accept losing acknowledged writes");
            }
        }
        for (Map.Entry<String, String> setting : H2_SETTINGS) {
            String key = setting.getKey();
            String needed = setting.getValue();
            String value = given.get(key);
            if (value == null) {
                completed.append(';').append(key).append('=').append(needed);
            } else if (!value.equalsIgnoreCase(needed)) {
                throw new IllegalArgumentException("GROUPDESK_DB_URL sets " + key + "=" + value
                        + ", but Groupdesk needs " + key + "=" + needed + " on H2 (leave it out and it is added)");
            }
        }
        return completed.toString();
    }

    private static boolean isZero(String value) {
        return value.chars().allMatch(c -> c == '0') && !value.isEmpty();
    }

    private static void prepareH2Directory(String url) {
        h2File(url).ifPresent(file -> DataDirectory.create(file.toAbsolutePath().getParent()));
    }

    /** The base path of an embedded H2 file URL ({@code jdbc:h2:file:/var/lib/groupdesk/groupdesk}). */
    private static Optional<Path> h2File(String url) {
        String prefix = "jdbc:h2:file:";
        if (!url.startsWith(prefix)) {
            return Optional.empty();
        }
        return Optional.of(Path.of(url.substring(prefix.length()).split(";", 2)[0]));
    }
}
