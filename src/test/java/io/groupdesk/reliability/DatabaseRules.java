package io.groupdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** The membership and group rules, checked on the rows themselves through JDBC, for every account at once. */
final class DatabaseRules {
    private DatabaseRules() {}

    static void assertHold(String url, String user, String password) throws SQLException {
        try (Connection connection = DriverManager.getConnection(url, user, password)) {
            assertThat(rows(
                            connection,
                            "SELECT account_id, agent_id, COUNT(default_marker) FROM memberships"
                                    + " GROUP BY account_id, agent_id HAVING COUNT(default_marker) <> 1"))
                    .as("agents with memberships but not exactly one default")
                    .isEmpty();
            assertThat(rows(
                            connection,
                            "SELECT account_id, agent_id, group_id FROM memberships"
                                    + " GROUP BY account_id, agent_id, group_id HAVING COUNT(*) > 1"))
                    .as("agents twice in a group")
                    .isEmpty();
            assertThat(rows(
                            connection,
                            "SELECT m.id, g.id FROM memberships m JOIN agent_groups g"
                                    + " ON g.account_id = m.account_id AND g.id = m.group_id WHERE g.deleted"))
                    .as("memberships in deleted groups")
                    .isEmpty();
            assertThat(rows(
                            connection,
                            "SELECT account_id, LOWER(name) FROM agent_groups WHERE NOT deleted"
                                    + " GROUP BY account_id, LOWER(name) HAVING COUNT(*) > 1"))
                    .as("live group names used twice, ignoring case")
                    .isEmpty();
            assertThat(rows(
                            connection,
                            "SELECT a.id, (SELECT COUNT(*) FROM agent_groups g WHERE g.account_id = a.id"
                                    + " AND g.default_marker = TRUE AND NOT g.deleted) FROM accounts a"))
                    .as("default groups per account")
                    .isNotEmpty()
                    .allSatisfy(row -> assertThat(row.get(1)).isEqualTo("1"));
        }
    }

    private static List<List<String>> rows(Connection connection, String sql) throws SQLException {
        List<List<String>> rows = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet result = statement.executeQuery(sql)) {
            int columns = result.getMetaData().getColumnCount();
            while (result.next()) {
                List<String> row = new ArrayList<>();
                for (int column = 1; column <= columns; column++) {
                    row.add(result.getString(column));
                }
                rows.add(row);
            }
        }
        return rows;
    }
}
