package io.groupdesk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.groupdesk.shared.PlainQuery;
import io.groupdesk.testing.TestDatabase;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.jdbi.v3.core.Handle;
import org.junit.jupiter.api.Test;

/**
 * On PostgreSQL a statement run through Jdbi is planned for its own values every time, however often a connection
 * runs it (a generic plan chosen for one account can be ruinous for another); a {@link PlainQuery} look-up by a whole
 * key is prepared once and then runs without planning.
 */
class StatementPlansTest {
    private static final int RUNS = 20;

    @Test
    void jdbiStatementsNeverGetAGenericPlanAndPlainLookUpsDo() {
        assumeTrue(
                TestDatabase.all().anyMatch(kind -> kind == TestDatabase.POSTGRESQL),
                "GROUPDESK_TEST_PG_URL is not set");
        try (TestDatabase.Migrated database = TestDatabase.POSTGRESQL.migrated()) {
            Map<String, Long> genericPlans = database.jdbi().withHandle(handle -> {
                handle.execute("CREATE TABLE plan_probe (account_id BIGINT, id BIGINT, PRIMARY KEY (account_id, id))");
                handle.execute(
                        "INSERT INTO plan_probe SELECT a, i FROM generate_series(1, 3) a, generate_series(1, 500) i");
                handle.execute("ANALYZE plan_probe");
                PlainQuery lookUp =
                        PlainQuery.of("SELECT id AS plain FROM plan_probe WHERE account_id = :account AND id = :id");
                for (int run = 0; run < RUNS; run++) {
                    long account = run % 3 + 1;
                    assertThat(handle.createQuery(
                                            "SELECT id AS jdbi FROM plan_probe WHERE account_id = :account AND id IN (:a, :b)")
                                    .bind("account", account)
                                    .bind("a", run + 1L)
                                    .bind("b", run + 2L)
                                    .mapTo(Long.class)
                                    .list())
                            .containsExactly(run + 1L, run + 2L);
                    assertThat(lookUp.bind("account", account)
                                    .bind("id", run + 1L)
                                    .first(handle, rs -> rs.getLong(1)))
                            .contains(run + 1L);
                }
                return genericPlans(handle);
            });

            assertThat(genericPlans.getOrDefault("jdbi", 0L))
                    .as("generic plans of the statement run through Jdbi")
                    .isZero();
            assertThat(genericPlans.getOrDefault("plain", 0L))
                    .as("generic plans of the plain look-up")
                    .isPositive();
        }
    }

    /** The generic plans of the probe's statements that this connection prepared, by the probe's column alias. */
    private static Map<String, Long> genericPlans(Handle handle) {
        List<Map<String, Object>> rows = handle.createQuery(
                        "SELECT statement, generic_plans FROM pg_prepared_statements WHERE statement LIKE '%FROM plan_probe%'"
                                + " AND statement NOT LIKE '%pg_prepared_statements%'")
                .mapToMap()
                .list();
        return rows.stream()
                .collect(Collectors.toMap(
                        row -> ((String) row.get("statement")).contains("AS plain") ? "plain" : "jdbi",
                        row -> ((Number) row.get("generic_plans")).longValue(),
                        Long::sum));
    }
}
