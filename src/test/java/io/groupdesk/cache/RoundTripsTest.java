package io.groupdesk.cache;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.groups.Group;
import io.groupdesk.shared.PlainQuery;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.TestDatabase;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlLogger;
import org.jdbi.v3.core.statement.StatementContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The statements a request sends to the database: showing a group with an API token the node holds is one, the read
 * of the group; and every node counts its statements in {@code groupdesk_db_statements_total}.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class RoundTripsTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    @Parameter
    TestDatabase database;

    @Test
    void nodeCountsItsStatementsUnderOneMetric() {
        // given a request that reads the database
        TestAccount account = app.fixtures().account();
        assertThat(app.http()
                        .get("/api/v2/groups.json")
                        .host(account.host())
                        .as(account.admin())
                        .send()
                        .status())
                .isEqualTo(200);

        // when the metrics are scraped
        String metrics = app.http().get("/actuator/prometheus").send().body();

        // then the statements are counted, without labels
        assertThat(metrics).containsPattern("(?m)^groupdesk_db_statements_total [0-9.E]+$");
    }

    @Test
    void showingAGroupWithAKnownTokenIsOneStatement() {
        // given an agent's token the node has used, so holds
        TestAccount account = app.fixtures().account();
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        Group group = app.fixtures().group(account.id(), "One round trip");
        AtomicInteger statements =
                countRequestStatements(app.groupdesk().database().jdbi());

        // when the group is shown, the first time and then again
        int first = show(account, agent, group, statements);
        int again = show(account, agent, group, statements);

        // then the first request read the account its host names, the token and the group; the next one only the group
        assertThat(first).isEqualTo(3);
        assertThat(again).isEqualTo(1);
    }

    private static int show(TestAccount account, TestAgent agent, Group group, AtomicInteger statements) {
        statements.set(0);
        int status = app.http()
                .get("/api/v2/groups/" + group.id().value() + ".json")
                .host(account.host())
                .authorization(Http.token(agent))
                .send()
                .status();
        assertThat(status).isEqualTo(200);
        return statements.get();
    }

    /**
     * Counts the statements run by request threads, leaving out the node's own workers (webhooks, sweeps, the cache
     * listener), whose threads are named {@code groupdesk-...}.
     */
    private static AtomicInteger countRequestStatements(Jdbi jdbi) {
        AtomicInteger count = new AtomicInteger();
        Runnable counted = () -> {
            if (!Thread.currentThread().getName().startsWith("groupdesk-")) {
                count.incrementAndGet();
            }
        };
        jdbi.setSqlLogger(new SqlLogger() {
            @Override
            public void logAfterExecution(StatementContext context) {
                counted.run();
            }

            @Override
            public void logException(StatementContext context, SQLException ex) {
                counted.run();
            }
        });
        jdbi.getConfig(PlainQuery.Listening.class).set(Optional.of((connection, sql, values) -> counted.run()));
        return count;
    }
}
