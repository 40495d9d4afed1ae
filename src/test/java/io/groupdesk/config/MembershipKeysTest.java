package io.groupdesk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupdesk.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A membership's foreign keys after migration 10: its agent and its group, each with the account, and no key of its
 * own to the account (which the agent's implies). A membership still cannot name an account its agent or its group
 * is not in, nor an account that does not exist.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class MembershipKeysTest {
    private static TestDatabase.Migrated database;
    private static Jdbi jdbi;
    private static long account;
    private static long otherAccount;
    private static long agent;
    private static long group;

    @Parameter
    TestDatabase kind;

    @BeforeParameterizedClassInvocation
    static void open(TestDatabase kind) {
        database = kind.migrated();
        jdbi = database.jdbi();
        account = insertAccount("keys");
        otherAccount = insertAccount("keys-other");
        agent = jdbi.withHandle(handle -> handle.createUpdate(
                        """
                        INSERT INTO agents (account_id, name, email, email_key, role, created_at, updated_at)
                        VALUES (:account, 'Ada', 'ada@keys.example', 'ada@keys.example', 'agent',
                                CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
                        """)
                .bind("account", account)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
        group = jdbi.withHandle(handle -> handle.createUpdate(
                        """
                        INSERT INTO agent_groups (account_id, name, name_key, created_at, updated_at)
                        VALUES (:account, 'Keys', 'keys', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
                        """)
                .bind("account", account)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
    }

    @AfterParameterizedClassInvocation
    static void close() {
        database.close();
    }

    @Test
    void aMembershipReferencesItsAgentAndItsGroupOnly() {
        Map<String, List<String>> keys = new TreeMap<>();
        jdbi.useHandle(handle -> handle.createQuery(
                        """
                        SELECT c.constraint_name, LOWER(k.column_name) AS column_name
                        FROM information_schema.table_constraints c
                        JOIN information_schema.key_column_usage k
                          ON k.constraint_schema = c.constraint_schema AND k.constraint_name = c.constraint_name
                        WHERE LOWER(c.table_name) = 'memberships' AND c.constraint_type = 'FOREIGN KEY'
                          AND c.table_schema = CURRENT_SCHEMA
                        ORDER BY c.constraint_name, k.ordinal_position
                        """)
                .map((rs, ctx) -> Map.entry(rs.getString("constraint_name"), rs.getString("column_name")))
                .forEach(entry -> keys.computeIfAbsent(entry.getKey(), k -> new ArrayList<>())
                        .add(entry.getValue())));

        assertThat(keys.values())
                .containsExactlyInAnyOrder(List.of("account_id", "agent_id"), List.of("account_id", "group_id"));
    }

    @Test
    void aMembershipOfAnAgentAndGroupOfItsAccountIsStored() {
        jdbi.useTransaction(handle -> {
            assertThat(insertMembership(handle, account, agent, group)).isEqualTo(1);
            handle.rollback();
        });
    }

    @Test
    void aMembershipCannotNameAnotherAccountOrOneThatDoesNotExist() {
        for (long named : new long[] {otherAccount, Long.MAX_VALUE}) {
            assertThatThrownBy(() -> jdbi.useHandle(handle -> insertMembership(handle, named, agent, group)))
                    .as("account %d", named)
                    .isInstanceOf(StatementException.class);
        }
        long stored = jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM memberships")
                .mapTo(Long.class)
                .one());
        assertThat(stored).isZero();
    }

    private static int insertMembership(Handle handle, long account, long agent, long group) {
        return handle.createUpdate(
                        """
                        INSERT INTO memberships (account_id, agent_id, group_id, default_marker, created_at,
                                                 updated_at)
                        VALUES (:account, :agent, :group, TRUE, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
                        """)
                .bind("account", account)
                .bind("agent", agent)
                .bind("group", group)
                .execute();
    }

    private static long insertAccount(String subdomain) {
        return jdbi.withHandle(
                handle -> handle.createUpdate("INSERT INTO accounts (subdomain, name, created_at, updated_at)"
                                + " VALUES (:s, :s, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                        .bind("s", subdomain)
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one());
    }
}
