package io.groupdesk.shared;

import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
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
    /** The current outermost transaction's work to run just before it commits, by the class that asked for it. */
    private static final ThreadLocal<Map<Class<?>, Runnable>> BEFORE_COMMIT = new ThreadLocal<>();

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
        Map<Class<?>, Runnable> committed;
        T result;
        try {
            for (int attempt = 1; ; attempt++) {
                try {
                    if (depth > 0) {
                        return jdbi.inTransaction((Handle handle) -> work.get());
                    }
                    BEFORE_COMMIT.set(new LinkedHashMap<>());
                    result = jdbi.inTransaction((Handle handle) -> {
                        T done = work.get();
                        for (Runnable last : BEFORE_COMMIT.get().values()) {
                            last.run();
                        }
                        return done;
                    });
                    committed = BEFORE_COMMIT.get();
                    break;
                } catch (JdbiException e) {
                    if (depth > 0 || attempt >= ATTEMPTS || !retryable(e)) {
                        throw e;
                    }
                    pause(attempt);
                }
            }
        } finally {
            DEPTH.set(depth);
            if (depth == 0) {
                BEFORE_COMMIT.remove();
            }
        }
        // committed, and no transaction open on this thread any more
        for (Runnable resource : committed.values()) {
            if (resource instanceof AfterCommit after) {
                after.afterCommit();
            }
        }
        return result;
    }

    /**
     * A {@link #beforeCommit} resource that also has work for after its transaction has committed, run on the same
     * thread with no transaction open; it must not throw, since the change it follows is done.
     */
    public interface AfterCommit {
        void afterCommit();
    }

    /**
     * The resource of type {@code type} of the transaction open on this thread, created by {@code create} on first use
     * in it; when the transaction's work has returned, each resource runs once, in the order they were created, as the
     * last statements before the commit. A transaction that rolls back (or is run again) drops its resources unrun.
     * This is how the change events of a transaction are written last ({@code events.EventRecorder}).
     *
     * @throws IllegalStateException no transaction is open on this thread
     */
    public static <R extends Runnable> R beforeCommit(Class<R> type, Supplier<R> create) {
        Map<Class<?>, Runnable> resources = BEFORE_COMMIT.get();
        if (resources == null || DEPTH.get() == 0) {
            throw new IllegalStateException(type.getSimpleName() + " needs an open transaction");
        }
        return type.cast(resources.computeIfAbsent(type, t -> create.get()));
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
