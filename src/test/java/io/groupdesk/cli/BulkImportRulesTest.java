package io.groupdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the bulk loader leaves behind satisfies every rule of the core, checked with SQL over all accounts: a sample
 * data set with small accounts beside it, loaded with {@code import --all-accounts}.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class BulkImportRulesTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    @Parameter
    TestDatabase database;

    @TempDir
    Path dir;

    @Test
    void loadedSampleDataKeepsEveryRule() {
        CliRun generated = CliRun.run(
                app.environment(),
                "sample-data",
                "--out",
                dir.toString(),
                "--groups",
                "300",
                "--agents",
                "400",
                "--memberships",
                "3000",
                "--small-accounts",
                "3",
                "--subdomain",
                "rules",
                "--seed",
                "5");
        assertThat(generated.code()).as(generated.toString()).isZero();

        CliRun loaded = CliRun.run(app.environment(), "import", "--from", dir.toString(), "--all-accounts");

        assertThat(loaded.code()).as(loaded.toString()).isZero();
        assertThat(loaded.out()).doesNotContain("skipped");
        assertThat(
                        count(
                                """
                        SELECT COUNT(*) FROM (SELECT account_id, LOWER(name) FROM agent_groups WHERE NOT deleted
                                              GROUP BY account_id, LOWER(name) HAVING COUNT(*) > 1) d
                        """))
                .as("live group names unique per account")
                .isZero();
        assertThat(
                        count(
                                """
                        SELECT COUNT(*) FROM (SELECT account_id, LOWER(email) FROM agents WHERE active
                                              GROUP BY account_id, LOWER(email) HAVING COUNT(*) > 1) d
                        """))
                .as("emails unique per account")
                .isZero();
        assertThat(
                        count(
                                """
                        SELECT COUNT(*) FROM (SELECT account_id, agent_id FROM memberships GROUP BY account_id, agent_id
                                              HAVING COUNT(default_marker) <> 1) d
                        """))
                .as("exactly one default per agent with memberships")
                .isZero();
        assertThat(
                        count(
                                """
                        SELECT COUNT(*) FROM memberships m
                        JOIN agents a ON a.account_id = m.account_id AND a.id = m.agent_id
                        JOIN agent_groups g ON g.account_id = m.account_id AND g.id = m.group_id
                        WHERE NOT a.active OR g.deleted
                        """))
                .as("memberships only of active agents in live groups")
                .isZero();
        assertThat(
                        count(
                                """
                        SELECT COUNT(*) FROM memberships m
                        WHERE NOT EXISTS (SELECT 1 FROM agents a WHERE a.id = m.agent_id AND a.account_id = m.account_id)
                           OR NOT EXISTS (SELECT 1 FROM agent_groups g
                                          WHERE g.id = m.group_id AND g.account_id = m.account_id)
                        """))
                .as("no membership across accounts")
                .isZero();
        assertThat(
                        count(
                                """
                        SELECT COUNT(*) FROM accounts a
                        WHERE (SELECT COALESCE(SUM(t.live_groups), 0) FROM group_tallies t WHERE t.account_id = a.id)
                           <> (SELECT COUNT(*) FROM agent_groups g WHERE g.account_id = a.id AND NOT g.deleted)
                        """))
                .as("the group count each account answers is its number of live groups")
                .isZero();
        assertThat(counts("rules")).isEqualTo(List.of(300L, 400L, 3000L, 1L));
        for (String small : List.of("rules-0001", "rules-0002", "rules-0003")) {
            assertThat(counts(small)).as(small).isEqualTo(List.of(5L, 10L, 20L, 1L));
        }
    }

    /** Live groups, active agents, memberships, and default groups of an account. */
    private static List<Long> counts(String subdomain) {
        long account = app.services()
                .accounts()
                .findBySubdomain(subdomain)
                .orElseThrow()
                .id()
                .value();
        Map<String, String> queries = new java.util.LinkedHashMap<>();
        queries.put("groups", "SELECT COUNT(*) FROM agent_groups WHERE account_id = :account AND NOT deleted");
        queries.put("agents", "SELECT COUNT(*) FROM agents WHERE account_id = :account AND active");
        queries.put("memberships", "SELECT COUNT(*) FROM memberships WHERE account_id = :account");
        queries.put(
                "defaults",
                "SELECT COUNT(*) FROM agent_groups WHERE account_id = :account AND default_marker IS NOT NULL");
        Jdbi jdbi = app.groupdesk().database().jdbi();
        return queries.values().stream()
                .map(sql -> jdbi.withHandle(handle -> handle.createQuery(sql)
                        .bind("account", account)
                        .mapTo(Long.class)
                        .one()))
                .toList();
    }

    private static long count(String sql) {
        return app.groupdesk().database().jdbi().withHandle(handle -> handle.createQuery(sql)
                .mapTo(Long.class)
                .one());
    }
}
