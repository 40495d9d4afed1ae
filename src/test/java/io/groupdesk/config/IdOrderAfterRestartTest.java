package io.groupdesk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupService;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ids follow creation order, which cursor pages rely on, and no id is handed out twice: across a clean restart, and
 * on H2 (whose identity sequences hand out ids from a cache of 1,000) across a process that stopped without closing
 * the database.
 */
class IdOrderAfterRestartTest {
    @TempDir
    Path dir;

    @Test
    void anH2DatabaseKeepsIdOrderAcrossACleanStopAndACrash() throws SQLException {
        Map<String, String> onFile =
                Map.of("GROUPDESK_DB_URL", "jdbc:h2:file:" + dir.resolve("groupdesk") + ";WRITE_DELAY=0");
        List<Long> ids = new ArrayList<>();
        try (TestApp app = TestApp.start(TestDatabase.H2, onFile)) {
            ids.add(app.fixtures()
                    .group(app.bootstrapAccount(), "Before a clean stop")
                    .id()
                    .value());
        }
        try (TestApp app = TestApp.start(TestDatabase.H2, onFile)) {
            ids.add(app.fixtures()
                    .group(app.bootstrapAccount(), "After a clean stop")
                    .id()
                    .value());
            ids.add(app.fixtures()
                    .group(app.bootstrapAccount(), "Before a crash")
                    .id()
                    .value());
            // the database goes away as in a killed process: nothing is written on the way out
            try (Connection connection = DriverManager.getConnection(
                            Database.withH2Compatibility(app.environment().get("GROUPDESK_DB_URL")));
                    Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN IMMEDIATELY");
            }
        }
        try (TestApp app = TestApp.start(TestDatabase.H2, onFile)) {
            ids.add(app.fixtures()
                    .group(app.bootstrapAccount(), "After a crash")
                    .id()
                    .value());

            assertThat(ids).isSorted().doesNotHaveDuplicates();
            List<String> names = app
                    .services()
                    .groups()
                    .list(app.system(), GroupService.Scope.ALL, false, PageRequest.first(100))
                    .items()
                    .stream()
                    .map(Group::name)
                    .toList();
            assertThat(names)
                    .containsExactly(
                            "Support", "Before a clean stop", "After a clean stop", "Before a crash", "After a crash");
        }
    }

    @Test
    void postgresqlHandsOutIdsOneAtATime() throws SQLException {
        assumeTrue(
                TestDatabase.all().anyMatch(kind -> kind == TestDatabase.POSTGRESQL),
                "GROUPDESK_TEST_PG_URL is not set");
        // a PostgreSQL sequence cache belongs to one connection: with a cache above 1, a group created later on
        // another connection could get a smaller id and appear behind a cursor already handed out
        try (TestApp app = TestApp.start(TestDatabase.POSTGRESQL);
                Connection connection = DriverManager.getConnection(
                        app.environment().get("GROUPDESK_DB_URL"),
                        app.environment().get("GROUPDESK_DB_USER"),
                        app.environment().get("GROUPDESK_DB_PASSWORD"));
                Statement statement = connection.createStatement();
                ResultSet caches = statement.executeQuery(
                        "SELECT sequencename, cache_size FROM pg_sequences WHERE schemaname = current_schema()"
                                + " AND sequencename LIKE ANY (ARRAY['agent_groups%', 'agents%', 'memberships%'])")) {
            int sequences = 0;
            while (caches.next()) {
                assertThat(caches.getLong("cache_size"))
                        .as(caches.getString("sequencename"))
                        .isEqualTo(1);
                sequences++;
            }
            assertThat(sequences).isEqualTo(3);
        }
    }
}
