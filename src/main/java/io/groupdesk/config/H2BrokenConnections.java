package io.groupdesk.config;

import com.zaxxer.hikari.SQLExceptionOverride;
import java.sql.SQLException;
import java.util.Set;
import org.h2.api.ErrorCode;

/**
 * Tells HikariCP which of H2's errors mean the connection is gone, so that the pool drops it instead of lending it
 * again.
 *
 * <p>HikariCP recognises a broken connection by an SQL state of class {@code 08}; H2's TCP client uses its own codes
 * as states. When the H2 server goes away (or the network to it), the first statement on each pooled connection
 * fails with {@code 90067} (connection broken), and from then on that connection answers everything with
 * {@code 90121} (database already closed). Without this the pool took such a connection back as healthy, and since
 * it skips its own liveness check for a connection used less than half a second before, a connection asked for
 * several times a second (readiness probes, a busy node) was never checked and never replaced: readiness stayed
 * DOWN, and requests failed, long after the database was back, until the node happened to leave it idle.
 */
final class H2BrokenConnections implements SQLExceptionOverride {
    private static final Set<Integer> GONE =
            Set.of(ErrorCode.CONNECTION_BROKEN_1, ErrorCode.DATABASE_CALLED_AT_SHUTDOWN, ErrorCode.DATABASE_IS_CLOSED);

    @java.lang.Override // SQLExceptionOverride.Override hides the annotation's simple name
    public Override adjudicate(SQLException e) {
        return GONE.contains(e.getErrorCode()) ? Override.MUST_EVICT : Override.CONTINUE_EVICT;
    }
}
