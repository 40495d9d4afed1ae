package io.groupdesk.shared;

import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;

/**
 * Runs core work in one database transaction. Repositories called inside {@link #inTransaction} share its handle
 * (Jdbi reuses the handle open on the current thread), so a service method commits or rolls back as a whole.
 */
public final class Transactions {
    private final Jdbi jdbi;

    public Transactions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /** Runs {@code work} in a READ COMMITTED transaction, committing when it returns and rolling back on a throw. */
    public <T> T inTransaction(Supplier<T> work) {
        return jdbi.inTransaction(TransactionIsolationLevel.READ_COMMITTED, (Handle handle) -> work.get());
    }

    public void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }
}
