package io.groupdesk.config;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import javax.sql.DataSource;
import org.h2.api.ErrorCode;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Shrinks an embedded H2 file that is mostly dead space, when Groupdesk closes it.
 *
 * <p>H2 never changes a page in place: a commit writes the pages it changed as a new chunk, at the end of the file or
 * in space freed earlier, and a chunk's space is free again only once none of its pages is live. With
 * {@code WRITE_DELAY=0}, which Groupdesk's default URL sets so that a commit is in the file before it is acknowledged,
 * every commit writes a chunk, and H2 runs no background thread, the thread that would rewrite the few live pages of
 * old chunks. The file grows to many times its data, after a large import and after a stretch of bulk writes alike
 * (BENCHMARKS.md, "Figures behind the code"), and H2's own close moves chunks for too short a time to shrink it.
 *
 * <p>So when less than {@link #LIVE_SHARE_PERCENT}% of the file is live as Groupdesk stops, it closes its pool, opens
 * the file once more on its own and closes it with {@code SHUTDOWN COMPACT}, which copies the live pages into a new
 * file and puts that in the old one's place, in seconds for a million memberships. A process
 * killed meanwhile leaves the old file whole.
 */
final class H2FileCompaction {
    private static final Logger LOG = LoggerFactory.getLogger(H2FileCompaction.class);

    static final int LIVE_SHARE_PERCENT = 50;

    private final MVStore store;

    private H2FileCompaction(MVStore store) {
        this.store = store;
    }

    /**
     * The compaction for the H2 file behind {@code dataSource}; empty for other databases and for H2 in memory. It
     * holds H2's store, so that closing can tell how full the file is without a connection, which would open the
     * database again had it been shut down under Groupdesk.
     */
    static Optional<H2FileCompaction> of(DataSource dataSource) {
        try (Connection connection = dataSource.getConnection()) {
            if (connection.isWrapperFor(JdbcConnection.class)
                    && connection.unwrap(JdbcConnection.class).getSession() instanceof SessionLocal session
                    && session.getDatabase().isPersistent()) {
                return Optional.of(
                        new H2FileCompaction(session.getDatabase().getStore().getMvStore()));
            }
            return Optional.empty();
        } catch (SQLException e) {
            throw new IllegalStateException("cannot reach the H2 store", e);
        }
    }

    /**
     * Whether less than {@link #LIVE_SHARE_PERCENT}% of the open file is live: the share of the file its chunks take,
     * times the share of those chunks' bytes that are live pages.
     */
    boolean isWanted() {
        try {
            return !store.isClosed()
                    && store.getFillRate() * store.getFileStore().getChunksFillRate() / 100 < LIVE_SHARE_PERCENT;
        } catch (RuntimeException e) {
            LOG.warn("could not tell how full the H2 file is; it is not compacted", e);
            return false;
        }
    }

    /** Opens the closed database at {@code url} and closes it with {@code SHUTDOWN COMPACT}. */
    static void compact(String url, String user, String password) {
        try (Connection connection = DriverManager.getConnection(url, user, password);
                Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN COMPACT");
        } catch (SQLException e) {
            // closing the statement and the connection of a database that has shut down reports this
            if (e.getErrorCode() != ErrorCode.DATABASE_IS_CLOSED) {
                LOG.warn("could not compact the H2 file; it stays as it was", e);
            }
        }
    }
}
