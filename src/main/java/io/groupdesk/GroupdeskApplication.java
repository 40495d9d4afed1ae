package io.groupdesk;

import ch.qos.logback.classic.LoggerContext;
import io.groupdesk.cli.GroupdeskCli;
import io.groupdesk.config.Config;
import io.groupdesk.config.Database;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The entry point: without arguments it starts the server with the configuration in the environment; with
 * arguments it runs a command of {@link GroupdeskCli} ({@code serve}, {@code export}, {@code import}, {@code tokens},
 * {@code sample-data}) and exits with its code, except {@code serve}, which keeps running.
 */
public final class GroupdeskApplication {
    private static final Logger log = LoggerFactory.getLogger(GroupdeskApplication.class);

    private GroupdeskApplication() {}

    public static void main(String[] args) {
        // without arguments the root command serves: a start that fails says why in one line, as any command does
        GroupdeskCli cli = GroupdeskCli.fromSystem();
        int code = cli.execute(args);
        if (code != 0 || !cli.serving()) {
            System.exit(code);
        }
    }

    /** Starts the server and stops it when the JVM shuts down. */
    public static Groupdesk serve(Config config) {
        Groupdesk groupdesk = Groupdesk.start(config, System.out);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            try {
                                log.info("Groupdesk is stopping");
                                groupdesk.close();
                                log.info("Groupdesk stopped");
                            } finally {
                                // the console's appender writes the access lines it still holds as it stops
                                if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logs) {
                                    logs.stop();
                                }
                            }
                        },
                        "groupdesk-shutdown"));
        log.info(
                "Groupdesk is serving at {} (port {}, account {}, data directory {}, database {})",
                Groupdesk.baseUrl(config, groupdesk.port()),
                groupdesk.port(),
                groupdesk.bootstrapAccount().subdomain(),
                config.dataDirectory(),
                redactedUrl(config.dbUrl()));
        return groupdesk;
    }

    /** The JDBC URL without credentials that might be embedded in it. */
    static String redactedUrl(String url) {
        return Database.redacted(url);
    }
}
