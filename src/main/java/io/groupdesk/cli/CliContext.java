package io.groupdesk.cli;

import io.groupdesk.Groupdesk;
import io.groupdesk.access.Caller;
import io.groupdesk.accounts.Account;
import io.groupdesk.config.Config;
import java.io.PrintWriter;
import java.util.HashMap;
import java.util.Map;

/** What every command shares: the environment, the output streams, and opening the database. */
final class CliContext {
    private final Map<String, String> environment;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean terminal;
    private boolean serving;
    private boolean startingServer;

    CliContext(Map<String, String> environment, PrintWriter out, PrintWriter err, boolean terminal) {
        this.environment = Map.copyOf(environment);
        this.out = out;
        this.err = err;
        this.terminal = terminal;
    }

    PrintWriter out() {
        return out;
    }

    PrintWriter err() {
        return err;
    }

    boolean terminal() {
        return terminal;
    }

    boolean serving() {
        return serving;
    }

    void startedServing() {
        serving = true;
    }

    /** Whether the command run is {@code serve}, whose messages are log lines when the log is JSON. */
    boolean startingServer() {
        return startingServer;
    }

    void startServing() {
        startingServer = true;
    }

    /** Whether {@code GROUPDESK_LOG_FORMAT} asks for JSON lines (logback.xml reads the same variable). */
    boolean jsonLog() {
        return "json"
                .equalsIgnoreCase(
                        environment.getOrDefault("GROUPDESK_LOG_FORMAT", "").strip());
    }

    /** The server's configuration, with the database flags of a command in place of the environment's. */
    Config config(DatabaseOptions database) {
        Map<String, String> env = new HashMap<>(environment);
        if (database != null) {
            database.applyTo(env);
        }
        return Config.from(env);
    }

    /**
     * Opens the database (migrating it) and the core services. Log lines go to stderr from here on, so stdout holds
     * only what the command prints (a token's secret, a summary) and can be piped.
     */
    Groupdesk.Core open(DatabaseOptions database) {
        logToStandardError();
        return Groupdesk.openCore(config(database));
    }

    private static void logToStandardError() {
        if (org.slf4j.LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME)
                        instanceof ch.qos.logback.classic.Logger root
                && root.getAppender("CONSOLE") instanceof ch.qos.logback.core.ConsoleAppender<?> console
                && !"System.err".equals(console.getTarget())) {
            console.stop();
            console.setTarget("System.err");
            console.start();
        }
    }

    /** The account with this subdomain. */
    static Account account(Groupdesk.Core core, String subdomain) {
        return core.services()
                .accounts()
                .findBySubdomain(subdomain)
                .orElseThrow(() -> new CliException("no account has the subdomain \"" + subdomain + "\""));
    }

    /** The service acting as the account's system: an admin of that account and no other. */
    static Caller system(Account account) {
        return Caller.system(account.id());
    }
}
