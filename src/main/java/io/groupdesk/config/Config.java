package io.groupdesk.config;

import java.util.Map;
import java.util.Optional;

/**
 * Everything Groupdesk reads from its environment (see the README's configuration table).
 *
 * @param publicUrl the base URL for links in responses, or empty to build them from each request
 * @param bootstrapAdminPassword empty to generate one on first start
 * @param bootstrapApiToken empty to generate one on first start
 */
public record Config(
        int port,
        String dbUrl,
        String dbUser,
        String dbPassword,
        Optional<String> publicUrl,
        String bootstrapSubdomain,
        String bootstrapAdminEmail,
        Optional<String> bootstrapAdminPassword,
        Optional<String> bootstrapApiToken,
        long maxRequestBytes,
        Optional<String> secretKey,
        Optional<String> previousSecretKey,
        String dataDirectory) {

    /**
     * The embedded H2 file. {@code WRITE_DELAY=0} makes each commit reach the file before it returns: with H2's
     * default (500 ms) a killed process lost commits it had acknowledged (docs/reliability/durability.md).
     */
    public static final String DEFAULT_DB_URL =
            "jdbc:h2:file:./data/groupdesk;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;WRITE_DELAY=0";

    public static Config fromEnvironment() {
        return from(System.getenv());
    }

    public static Config from(Map<String, String> env) {
        return new Config(
                Integer.parseInt(value(env, "SERVER_PORT").orElse("8080")),
                value(env, "GROUPDESK_DB_URL").orElse(DEFAULT_DB_URL),
                value(env, "GROUPDESK_DB_USER").orElse(""),
                value(env, "GROUPDESK_DB_PASSWORD").orElse(""),
                value(env, "GROUPDESK_PUBLIC_URL")
                        .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url),
                value(env, "GROUPDESK_BOOTSTRAP_SUBDOMAIN").orElse("demo"),
                value(env, "GROUPDESK_BOOTSTRAP_ADMIN_EMAIL").orElse("admin@demo.local"),
                value(env, "GROUPDESK_BOOTSTRAP_ADMIN_PASSWORD"),
                value(env, "GROUPDESK_BOOTSTRAP_API_TOKEN"),
                Long.parseLong(value(env, "GROUPDESK_MAX_REQUEST_BYTES").orElse("1048576")),
                value(env, "GROUPDESK_SECRET_KEY"),
                value(env, "GROUPDESK_SECRET_KEY_PREVIOUS"),
                value(env, "GROUPDESK_DATA_DIR").orElse("./data"));
    }

    private static Optional<String> value(Map<String, String> env, String name) {
        return Optional.ofNullable(env.get(name)).map(String::strip).filter(v -> !v.isEmpty());
    }

    @Override
    public String toString() {
        return "Config[port=" + port + ", dbUrl=" + dbUrl + ", dbUser=" + dbUser + ", publicUrl=" + publicUrl
                + ", bootstrapSubdomain=" + bootstrapSubdomain + ", bootstrapAdminEmail=" + bootstrapAdminEmail + "]";
    }
}
