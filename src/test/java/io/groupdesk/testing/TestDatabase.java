package io.groupdesk.testing;

import io.groupdesk.config.Database;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;
import java.util.stream.Stream;
import org.jdbi.v3.core.Jdbi;

/**
 * A database kind the repository and HTTP tests run on: H2 always, and PostgreSQL when
 * {@code GROUPDESK_TEST_PG_URL} names a server (CI sets it). Each {@link #create()} gives a fresh, empty database
 * (an H2 in-memory database, or a new PostgreSQL schema) that the caller closes.
 */
public enum TestDatabase {
    H2,
    POSTGRESQL;

    private static final String PG_URL = System.getenv("GROUPDESK_TEST_PG_URL");

    /** The kinds available here: the argument source of every {@code @ParameterizedClass} database test. */
    public static Stream<TestDatabase> all() {
        return PG_URL == null || PG_URL.isBlank() ? Stream.of(H2) : Stream.of(H2, POSTGRESQL);
    }

    /** A fresh database of this kind. */
    public Scratch create() {
        String unique = "gd_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        if (this == H2) {
            return new Scratch(
                    "jdbc:h2:mem:" + unique
                            + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000",
                    "",
                    "",
                    () -> {});
        }
        String user = env("GROUPDESK_TEST_PG_USER");
        String password = env("GROUPDESK_TEST_PG_PASSWORD");
        execute(PG_URL, user, password, "CREATE SCHEMA " + unique);
        String url = PG_URL + (PG_URL.contains("?") ? "&" : "?") + "currentSchema=" + unique;
        return new Scratch(
                url, user, password, () -> execute(PG_URL, user, password, "DROP SCHEMA " + unique + " CASCADE"));
    }

    /**
     * A fresh database of this kind with the schema migrated and a pool open on it, for tests of the schema and the
     * data layer that need no running service.
     */
    public Migrated migrated() {
        Scratch scratch = create();
        try {
            return new Migrated(scratch, Database.open(scratch.url(), scratch.user(), scratch.password()));
        } catch (RuntimeException e) {
            scratch.close();
            throw e;
        }
    }

    /** A migrated database: closing it closes the pool, then drops the database. */
    public record Migrated(Scratch scratch, Database database) implements AutoCloseable {
        public Jdbi jdbi() {
            return database.jdbi();
        }

        @Override
        public void close() {
            database.close();
            scratch.close();
        }
    }

    /** A database made for one test class. */
    public record Scratch(String url, String user, String password, Runnable dropper) implements AutoCloseable {
        @Override
        public void close() {
            dropper.run();
        }
    }

    @Override
    public String toString() {
        return this == H2 ? "H2" : "PostgreSQL";
    }

    private static String env(String name) {
        String value = System.getenv(name);
        return value == null ? "" : value;
    }

    private static void execute(String url, String user, String password, String sql) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException(sql.toLowerCase(Locale.ROOT) + " failed on " + url, e);
        }
    }
}
