package io.groupdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupdesk.testing.TestDatabase;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** A service's work runs in one READ COMMITTED transaction that commits whole or not at all. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class TransactionsTest {
    private static TestDatabase.Migrated database;
    private static Jdbi jdbi;
    private static Transactions transactions;

    @Parameter
    TestDatabase kind;

    @BeforeParameterizedClassInvocation
    static void open(TestDatabase kind) {
        database = kind.migrated();
        jdbi = database.jdbi();
        transactions = new Transactions(jdbi);
        jdbi.useHandle(handle -> handle.execute("CREATE TABLE tx_probe (id BIGINT PRIMARY KEY)"));
    }

    @AfterParameterizedClassInvocation
    static void close() {
        database.close();
    }

    @Test
    void runsWorkReadCommittedOnTheHandleItsRepositoriesShare() {
        int level = transactions.inTransaction(() -> jdbi.withHandle(handle -> {
            assertThat(handle.isInTransaction()).isTrue();
            try {
                return handle.getConnection().getTransactionIsolation();
            } catch (SQLException e) {
                throw new IllegalStateException(e);
            }
        }));

        assertThat(level).isEqualTo(Connection.TRANSACTION_READ_COMMITTED);
    }

    @Test
    void keepsAllOfTheWorkOrNoneOfIt() {
        transactions.run(() -> jdbi.useHandle(handle -> {
            handle.execute("INSERT INTO tx_probe (id) VALUES (1)");
            handle.execute("INSERT INTO tx_probe (id) VALUES (2)");
        }));
        assertThatThrownBy(() -> transactions.run(() -> jdbi.useHandle(handle -> {
                    handle.execute("INSERT INTO tx_probe (id) VALUES (3)");
                    handle.execute("INSERT INTO tx_probe (id) VALUES (1)"); // a duplicate key: the whole run fails
                })))
                .isInstanceOf(RuntimeException.class);

        List<Long> kept = jdbi.withHandle(handle -> handle.createQuery("SELECT id FROM tx_probe ORDER BY id")
                .mapTo(Long.class)
                .list());
        assertThat(kept).containsExactly(1L, 2L);
    }
}
