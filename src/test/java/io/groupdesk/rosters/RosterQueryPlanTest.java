package io.groupdesk.rosters;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.groups.Group;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.PlainQuery;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.TestDatabase;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every roster statement is served by indexes that lead with {@code account_id}, and on H2, whose join order follows
 * its row estimates, a statement over a list of ids starts from the ids and looks each one up by key. The statements
 * are caught as the service runs them and explained on the same connection with the same values.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class RosterQueryPlanTest {
    private static final Pattern PG_INDEX =
            Pattern.compile("(?:Index Scan|Index Only Scan) using (\\w+)|Bitmap Index Scan on (\\w+)");
    private static final Pattern H2_INDEX = Pattern.compile("/\\* public\\.(\\w+)", Pattern.CASE_INSENSITIVE);
    private static final Pattern H2_BY_LISTED_ID = Pattern.compile("/\\* public\\.\\w+: [^*]*= t\\.id\\b");

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    @Parameter
    TestDatabase database;

    @Test
    void everyRosterStatementUsesAnIndexLeadingWithAccountId() {
        TestAccount account = app.fixtures().account();
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        Group group = app.fixtures().group(account.id(), "Tier 1");
        Group secret = app.fixtures().privateGroup(account.id(), "Tier 2");
        app.fixtures().membership(account.id(), agent, group);
        app.fixtures().membership(account.id(), agent, secret);
        Caller admin = account.admin().caller();
        Caller member = agent.caller();
        RosterService rosters = app.services().rosters();
        List<Plan> plans = new ArrayList<>();

        explainingSelects(plans, () -> {
            for (Caller caller : List.of(admin, member)) {
                rosters.agents(
                        caller, AgentFilter.all(), PageRequest.offset(1, 20).withTotal());
                rosters.agents(caller, AgentFilter.inGroup(group.id()), PageRequest.first(100));
                rosters.agent(caller, agent.agent().id());
                rosters.groups(caller, true, PageRequest.first(100));
                rosters.groups(caller, false, PageRequest.offset(1, 20).withTotal());
                rosters.group(caller, group.id());
                rosters.group(caller, group.id(), 100);
            }
        });

        assertThat(plans).extracting(Plan::sql).anyMatch(sql -> sql.contains("from unnest"));
        Set<String> accountLed = accountLedIndexes();
        for (Plan plan : plans) {
            assertThat(plan.text())
                    .as(plan.sql())
                    .doesNotContainIgnoringCase("seq scan")
                    .doesNotContain("tableScan");
            assertThat(plan.indexes())
                    .as(plan.sql() + "\n" + plan.text())
                    .isNotEmpty()
                    .isSubsetOf(accountLed);
            if (database == TestDatabase.H2 && plan.sql().contains("from unnest")) {
                assertThat(plan.text()).as(plan.sql()).containsPattern(H2_BY_LISTED_ID);
            }
        }
    }

    record Plan(String sql, String text, Set<String> indexes) {}

    private void explainingSelects(List<Plan> plans, Runnable work) {
        Jdbi jdbi = app.groupdesk().database().jdbi();
        jdbi.setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                String sql = context.getParsedSql().getSql();
                List<String> names = context.getParsedSql().getParameters().getParameterNames();
                plans.add(explain(context.getConnection(), sql, explain -> {
                    for (int i = 0; i < names.size(); i++) {
                        context.getBinding()
                                .findForName(names.get(i), context)
                                .orElseThrow()
                                .apply(i + 1, explain, context);
                    }
                }));
            }
        });
        jdbi.getConfig(PlainQuery.Listening.class)
                .set(Optional.of((connection, sql, values) -> plans.add(explain(connection, sql, explain -> {
                    for (int i = 0; i < values.size(); i++) {
                        explain.setObject(i + 1, values.get(i));
                    }
                }))));
        try {
            work.run();
        } finally {
            jdbi.setSqlLogger(SqlLogger.NOP_SQL_LOGGER);
            jdbi.getConfig(PlainQuery.Listening.class).set(Optional.empty());
        }
    }

    @FunctionalInterface
    private interface Binder {
        void bind(PreparedStatement explain) throws SQLException;
    }

    private Plan explain(Connection connection, String sql, Binder binder) {
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
            return new Plan(sql.toLowerCase(Locale.ROOT).replaceAll("\\s+", " "), text.toString(), indexes);
        } catch (SQLException e) {
            throw new IllegalStateException("could not explain " + sql, e);
        }
    }

    /** The indexes (primary and unique keys included) of the roster's tables whose first column is account_id. */
    private Set<String> accountLedIndexes() {
        String sql = database == TestDatabase.POSTGRESQL
                ? """
                  SELECT i.relname FROM pg_index x
                  JOIN pg_class i ON i.oid = x.indexrelid
                  JOIN pg_class t ON t.oid = x.indrelid
                  JOIN pg_attribute a ON a.attrelid = t.oid AND a.attnum = x.indkey[0]
                  WHERE t.relname IN ('agent_groups', 'memberships', 'agents') AND a.attname = 'account_id'
                    AND t.relnamespace = to_regnamespace(current_schema())::oid
                  """
                : """
                  SELECT index_name FROM information_schema.index_columns
                  WHERE table_name IN ('agent_groups', 'memberships', 'agents')
                    AND ordinal_position = 1 AND column_name = 'account_id'
                  """;
        return app.groupdesk()
                .database()
                .jdbi()
                .withHandle(handle -> new LinkedHashSet<>(handle.createQuery(sql)
                        .mapTo(String.class)
                        .map(name -> name.toLowerCase(Locale.ROOT))
                        .list()));
    }

    private static void execute(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
