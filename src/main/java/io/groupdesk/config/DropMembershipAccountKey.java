package io.groupdesk.config;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;

/**
 * Migration 10: drops the foreign key from {@code memberships.account_id} to {@code accounts}. It is implied by the
 * membership's key to its agent, {@code (account_id, agent_id)}, whose agent row references the account in turn; on
 * its own it made every inserted membership lock the account's one row. With 32 {@code create_many} requests in
 * flight on PostgreSQL those shared locks of concurrent transactions on one row cost 8-10% of the throughput.
 *
 * <p>Written in Java because V1 left the key unnamed, so its name is the database's own choice
 * ({@code memberships_account_id_fkey} on PostgreSQL, a generated one on H2): it is looked up in
 * {@code information_schema} as the key of {@code memberships} whose only column is {@code account_id}.
 */
final class DropMembershipAccountKey implements JavaMigration {
    private static final String SINGLE_COLUMN_ACCOUNT_KEYS =
            """
            SELECT c.constraint_name
            FROM information_schema.table_constraints c
            JOIN information_schema.key_column_usage k
              ON k.constraint_schema = c.constraint_schema AND k.constraint_name = c.constraint_name
            WHERE LOWER(c.table_name) = 'memberships' AND c.constraint_type = 'FOREIGN KEY'
              AND c.table_schema = CURRENT_SCHEMA
            GROUP BY c.constraint_name
            HAVING COUNT(*) = 1 AND MAX(LOWER(k.column_name)) = 'account_id'
            """;

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("10");
    }

    @Override
    public String getDescription() {
        return "drop membership account key";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection connection = context.getConnection();
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(SINGLE_COLUMN_ACCOUNT_KEYS)) {
            while (rows.next()) {
                names.add(rows.getString(1));
            }
        }
        try (Statement statement = connection.createStatement()) {
            for (String name : names) {
                statement.execute("ALTER TABLE memberships DROP CONSTRAINT \"" + name.replace("\"", "\"\"") + "\"");
            }
        }
    }
}
