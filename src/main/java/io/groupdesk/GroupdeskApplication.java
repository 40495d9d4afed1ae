package io.groupdesk;

import io.groupdesk.config.Config;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts Groupdesk with the configuration in the environment. */
public final class GroupdeskApplication {
    private static final Logger log = LoggerFactory.getLogger(GroupdeskApplication.class);

    private GroupdeskApplication() {}

    public static void main(String[] args) {
        Config config = Config.fromEnvironment();
        Groupdesk groupdesk = Groupdesk.start(config, System.out);
        Runtime.getRuntime().addShutdownHook(new Thread(groupdesk::close, "groupdesk-shutdown"));
        log.info(
                "Groupdesk is serving on port {} (account {} at {})",
                groupdesk.port(),
                groupdesk.bootstrapAccount().subdomain(),
                redactedUrl(config.dbUrl()));
    }

    /** The JDBC URL without credentials that might be embedded in it. */
    static String redactedUrl(String url) {
        return url.replaceAll("(?i)(password|user)=[^&;]*", "$1=***");
    }
}
