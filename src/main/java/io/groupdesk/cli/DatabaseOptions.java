package io.groupdesk.cli;

import java.util.Map;
import picocli.CommandLine.Option;

/** Flags that name another database than {@code GROUPDESK_DB_URL} and friends, e.g. to move data between two. */
final class DatabaseOptions {
    @Option(
            names = "--db-url",
            paramLabel = "JDBC_URL",
            description = "Database to use instead of GROUPDESK_DB_URL (default: the server's H2 file).")
    String url;

    @Option(names = "--db-user", paramLabel = "USER", description = "Instead of GROUPDESK_DB_USER.")
    String user;

    @Option(names = "--db-password", paramLabel = "PASSWORD", description = "Instead of GROUPDESK_DB_PASSWORD.")
    String password;

    void applyTo(Map<String, String> env) {
        if (url != null) {
            env.put("GROUPDESK_DB_URL", url);
        }
        if (user != null) {
            env.put("GROUPDESK_DB_USER", user);
        }
        if (password != null) {
            env.put("GROUPDESK_DB_PASSWORD", password);
        }
    }
}
