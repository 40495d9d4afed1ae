package io.groupdesk;

import ch.qos.logback.classic.LoggerContext;
import io.groupdesk.cli.GroupdeskCli;
import io.groupdesk.config.Config;
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
        if (args.length == 0) {
            try {
                serve(Config.fromEnvironment());
            } catch (IllegalArgumentException refused) {
                // a setting the service will not start with: one line, as the command line says it (GroupdeskCli)
                System.err.println("error: " + refused.getMessage());
                System.exit(1);
            }
            return;
        }
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
                                groupdesk.close();
                            } finally {
                                // the console's appender writes the access lines it still holds as it stops
                                if (LoggerFactory.getILoggerFactory() instanceof LoggerContext logs) {
                                    logs.stop();
                                }
                            }
                        },
                        "groupdesk-shutdown"));
        log.info(
                "Groupdesk is serving on port {} (account {} at {})",
                groupdesk.port(),
                groupdesk.bootstrapAccount().subdomain(),
                redactedUrl(config.dbUrl()));
        return groupdesk;
    }

    /** The JDBC URL without credentials that might be embedded in it. */
    static String redactedUrl(String url) {
        return url.replaceAll("(?i)(password|user)=[^&;]*", "$1=***");
    }
}
