package io.groupdesk.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.shared.PlainQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The plans of the statements the service runs: each statement is caught as it runs, whether Jdbi ran it or it is a
 * {@link PlainQuery}, and explained right after on the same connection with the same values; a plan names the indexes
 * it reads.
 */
public final class QueryPlans {
    private static final Pattern PG_INDEX =
            Pattern.compile("(?:Index Scan|Index Only Scan) using (\\w+)|Bitmap Index Scan on (\\w+)");
    private static final Pattern H2_INDEX = Pattern.compile("/\\* public\\.(\\w+)", Pattern.CASE_INSENSITIVE);

    private QueryPlans() {}

    /**
     * A statement's plan.
     *
     * @param sql the statement, in lower case with its white space folded
     * @param text the database's EXPLAIN output
     * @param indexes the indexes the plan reads, in lower case
     */
    public record Plan(String sql, String text, Set<String> indexes) {}

    /** Binds a statement's values to its EXPLAIN. */
    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement explain) throws SQLException;
    }

    /**
     * Runs {@code work} with every statement {@code which} accepts (given in lower case, white space folded) explained
     * right after it ran, and adds the plans to {@code plans}.
     */
    public static void explaining(
            Jdbi jdbi, TestDatabase database, Predicate<String> which, List<Plan> plans, Runnable work) {
        // only the work's own statements: the app's background threads (the webhook worker, the sweep) run theirs too
        Thread worker = Thread.currentThread();
        jdbi.setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                if (Thread.currentThread() != worker) {
                    return;
                }
                String sql = context.getParsedSql().getSql();
                List<String> names = context.getParsedSql().getParameters().getParameterNames();
                explainIf(which, plans, database, context.getConnection(), sql, explain -> {
                    for (int i = 0; i < names.size(); i++) {
                        context.getBinding()
                                .findForName(names.get(i), context)
                                .orElseThrow()
                                .apply(i + 1, explain, context);
                    }
                });
            }
        });
        jdbi.getConfig(PlainQuery.Listening.class).set(Optional.of((connection, sql, values) -> {
            if (Thread.currentThread() != worker) {
                return;
            }
            explainIf(which, plans, database, connection, sql, explain -> {
                for (int i = 0; i < values.size(); i++) {
                    explain.setObject(i + 1, values.get(i));
                }
            });
        }));
        try {
            work.run();
        } finally {
            jdbi.setSqlLogger(SqlLogger.NOP_SQL_LOGGER);
            jdbi.getConfig(PlainQuery.Listening.class).set(Optional.empty());
        }
    }

    /** Asserts that {@code plan} scans no table whole and reads only indexes among {@code accountLed}. */
    public static void assertAccountLed(Plan plan, Set<String> accountLed) {
        assertThat(plan.text())
                .as(plan.sql())
                .doesNotContainIgnoringCase("seq scan")
                .doesNotContain("tableScan");
        assertThat(plan.indexes())
                .as(plan.sql() + "\n" + plan.text())
                .isNotEmpty()
                .isSubsetOf(accountLed);
    }

    /** The indexes (primary and unique keys included) of {@code tables} whose first column is account_id. */
    public static Set<String> accountLedIndexes(Jdbi jdbi, TestDatabase database, List<String> tables) {
        String names = tables.stream().map(table -> "'" + table + "'").collect(Collectors.joining(", "));
        String sql = database == TestDatabase.POSTGRESQL
                ? """
                  SELECT i.relname FROM pg_index x
                  JOIN pg_class i ON i.oid = x.indexrelid
                  JOIN pg_class t ON t.oid = x.indrelid
                  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
                  WHERE t.relname IN (%s) AND a.attname = 'account_id'
                    AND t.relnamespace = to_regnamespace(current_schema())::oid
                  """
                        .formatted(names)
                : """
                  SELECT index_name FROM information_schema.index_columns
                  WHERE table_name IN (%s)
                    AND ordinal_position = 1 AND column_name = 'account_id'
                  """
                        .formatted(names);
        return jdbi.withHandle(handle -> new LinkedHashSet<>(handle.createQuery(sql)
                .mapTo(String.class)
                .map(name -> name.toLowerCase(Locale.ROOT))
                .list()));
    }

    private static void explainIf(
            Predicate<String> which,
            List<Plan> plans,
            TestDatabase database,
            Connection connection,
            String sql,
            Binder binder) {
        String lower = sql.toLowerCase(Locale.ROOT).replaceAll("\\s+", " ");
        if (which.test(lower)) {
            plans.add(explain(database, connection, sql, lower, binder));
        }
    }

    private static Plan explain(TestDatabase database, Connection connection, String sql, String lower, Binder binder) {
        boolean postgres = database == TestDatabase.POSTGRESQL;
        try {
            if (postgres) {
                // on a test-sized table PostgreSQL would rightly prefer a sequential scan: ask whether an index fits
                execute(connection, "SET enable_seqscan = off");
            }
            StringBuilder text = new StringBuilder();
            try (PreparedStatement explain = connection.prepareStatement("EXPLAIN " + sql)) {
                binder.bind(explain);
                try (ResultSet rows = explain.executeQuery()) {
                    while (rows.next()) {
                        text.append(rows.getString(1)).append('\n');
                    }
                }
            } finally {
                if (postgres) {
                    execute(connection, "RESET enable_seqscan");
                }
            }
            Set<String> indexes = new LinkedHashSet<>();
            Matcher matcher = (postgres ? PG_INDEX : H2_INDEX).matcher(text);
            while (matcher.find()) {
                String name = matcher.group(1) != null ? matcher.group(1) : matcher.group(2);
                indexes.add(name.toLowerCase(Locale.ROOT));
            }
            return new Plan(lower, text.toString(), indexes);
        } catch (SQLException e) {
            throw new IllegalStateException("could not explain " + sql, e);
        }
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
