package io.groupdesk.shared;

import java.sql.SQLException;
import java.util.Set;
import java.util.function.Supplier;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;

/**
 * Runs core work in one database transaction. Repositories called inside {@link #inTransaction} share its handle
 * (Jdbi reuses the handle open on the current thread), so a service method commits or rolls back as a whole. A
 * transaction the database aborts to break a deadlock or a serialization conflict is run again, a few times; a
 * transaction nested in another is never retried on its own.
 */
public final class Transactions {
    private static final Set<String> RETRYABLE = Set.of("40001", "40P01");
    private static final int ATTEMPTS = 5;
    private static final ThreadLocal<Integer> DEPTH = ThreadLocal.withInitial(() -> 0);

    private final Jdbi jdbi;

    public Transactions(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    /**
     * Runs {@code work} in a transaction, committing when it returns and rolling back on a throw. Every pooled
     * connection is READ COMMITTED ({@code Database}); the level is not named here, because asking for one makes Jdbi
     * read the connection's level before and after the transaction, and PostgreSQL's driver answers each such read
     * with a round trip to the server (six per transaction).
     */
    public <T> T inTransaction(Supplier<T> work) {
        int depth = DEPTH.get();
        DEPTH.set(depth + 1);
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    return jdbi.inTransaction((Handle handle) -> work.get());
                } catch (JdbiException e) {
                    if (depth > 0 || attempt >= ATTEMPTS || !retryable(e)) {
                        throw e;
                    }
                    pause(attempt);
                }
            }
        } finally {
            DEPTH.set(depth);
        }
    }

    public void run(Runnable work) {
        inTransaction(() -> {
            work.run();
            return null;
        });
    }

    private static boolean retryable(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql && sql.getSQLState() != null && RETRYABLE.contains(sql.getSQLState())) {
                return true;
            }
        }
        return false;
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep((long) (Math.random() * 10 * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
