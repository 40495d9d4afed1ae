package io.groupdesk.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything Groupdesk reads from its environment (see the README's configuration table).
 *
 * @param h2AllowWriteDelay whether an H2 URL may set a non-zero {@code WRITE_DELAY}, accepting that a killed process
 *     loses writes it acknowledged ({@code GROUPDESK_H2_ALLOW_WRITE_DELAY}, false by default)
 * @param publicUrl the base URL for links in responses, or empty to build them from each request
 * @param trustProxy whether the node sits behind a proxy whose forwarded headers ({@code X-Forwarded-Host},
 *     {@code -Proto}, {@code -For}, {@code Forwarded}) name the host, scheme and client address of a request
 *     ({@code GROUPDESK_TRUST_PROXY}, false by default); without it any client could send them
 * @param bootstrapAdminPassword empty to generate one on first start
 * @param bootstrapApiToken empty to generate one on first start
 * @param dataDirectory {@code GROUPDESK_DATA_DIR} ({@code ./data} by default) as an absolute path: the H2 file of
 *     the default URL and the generated key live there
 * @param bootstrapVariablesSet which of {@link #BOOTSTRAP_VARIABLES} the environment sets, to name them when the
 *     account already exists and they are ignored
 * @param jsonLog whether {@code GROUPDESK_LOG_FORMAT} is {@code json}: then generated secrets go to a file in the data
 *     directory instead of the console
 */
public record Config(
        int port,
        String dbUrl,
        String dbUser,
        String dbPassword,
        boolean h2AllowWriteDelay,
        Optional<String> publicUrl,
        boolean trustProxy,
        String bootstrapSubdomain,
        String bootstrapAdminEmail,
        Optional<String> bootstrapAdminPassword,
        Optional<String> bootstrapApiToken,
        long maxRequestBytes,
        Optional<String> secretKey,
        Optional<String> previousSecretKey,
        String dataDirectory,
        Limits limits,
        Operations operations,
        List<String> bootstrapVariablesSet,
        boolean jsonLog,
        Webhooks webhooks) {
    private static final Logger log = LoggerFactory.getLogger(Config.class);

    /**
     * The embedded H2 file, {@code groupdesk} in the data directory. {@code WRITE_DELAY=0} makes each commit reach
     * the file before it returns: with H2's default (500 ms) a killed process lost commits it had acknowledged
     * (docs/reliability/durability.md).
     */
    public static final String DEFAULT_DB_URL =
            "jdbc:h2:file:./data/groupdesk;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;LOCK_TIMEOUT=10000;WRITE_DELAY=0";

    /** The bootstrap settings that only the first start reads, in the order they are named when ignored. */
    public static final List<String> BOOTSTRAP_VARIABLES = List.of(
            "GROUPDESK_BOOTSTRAP_ADMIN_EMAIL", "GROUPDESK_BOOTSTRAP_ADMIN_PASSWORD", "GROUPDESK_BOOTSTRAP_API_TOKEN");

    /**
     * The H2 file URL for a data directory: {@link #DEFAULT_DB_URL} with its file in {@code dataDirectory} (an
     * absolute path), so a service started from another working directory opens the same file.
     */
    public static String defaultDbUrl(String dataDirectory) {
        return DEFAULT_DB_URL.replace(
                "./data/groupdesk", Path.of(dataDirectory, "groupdesk").toString());
    }

    public static Config fromEnvironment() {
        return from(System.getenv());
    }

    public static Config from(Map<String, String> env) {
        // relative to the working directory once, at start: the H2 file and the key follow the absolute path
        String dataDirectory = Path.of(value(env, "GROUPDESK_DATA_DIR").orElse("./data"))
                .toAbsolutePath()
                .normalize()
                .toString();
        return new Config(
                Integer.parseInt(value(env, "SERVER_PORT").orElse("8080")),
                value(env, "GROUPDESK_DB_URL").orElseGet(() -> defaultDbUrl(dataDirectory)),
                value(env, "GROUPDESK_DB_USER").orElse(""),
                value(env, "GROUPDESK_DB_PASSWORD").orElse(""),
                Boolean.parseBoolean(
                        value(env, "GROUPDESK_H2_ALLOW_WRITE_DELAY").orElse("false")),
                value(env, "GROUPDESK_PUBLIC_URL")
                        .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url),
                trustProxy(env),
                value(env, "GROUPDESK_BOOTSTRAP_SUBDOMAIN").orElse("demo"),
                value(env, "GROUPDESK_BOOTSTRAP_ADMIN_EMAIL").orElse("admin@demo.local"),
                value(env, "GROUPDESK_BOOTSTRAP_ADMIN_PASSWORD"),
                value(env, "GROUPDESK_BOOTSTRAP_API_TOKEN"),
                Long.parseLong(value(env, "GROUPDESK_MAX_REQUEST_BYTES").orElse("1048576")),
                value(env, "GROUPDESK_SECRET_KEY"),
                value(env, "GROUPDESK_SECRET_KEY_PREVIOUS"),
                dataDirectory,
                Limits.from(env),
                Operations.from(env),
                BOOTSTRAP_VARIABLES.stream()
                        .filter(name -> value(env, name).isPresent())
                        .toList(),
                "json".equalsIgnoreCase(value(env, "GROUPDESK_LOG_FORMAT").orElse("text")),
                Webhooks.from(env));
    }

    /**
     * Webhook delivery (docs/webhooks.md).
     *
     * @param allowPrivateTargets whether endpoints may name or resolve to loopback, private, link-local and other
     *     internal addresses ({@code GROUPDESK_WEBHOOKS_ALLOW_PRIVATE_TARGETS}, false by default)
     * @param retryBaseMillis the wait after a first failed attempt, doubled for each later one up to an hour
     *     ({@code GROUPDESK_WEBHOOKS_RETRY_BASE_MS}, 10000)
     * @param maxAttempts the attempts of one delivery before it fails and deactivates its webhook
     *     ({@code GROUPDESK_WEBHOOKS_MAX_ATTEMPTS}, 33: more than a day with the default base)
     * @param leaseSeconds how long a node holds a delivery it claimed before another node may take it
     *     ({@code GROUPDESK_WEBHOOKS_LEASE_SECONDS}, 60)
     */
    public record Webhooks(boolean allowPrivateTargets, long retryBaseMillis, int maxAttempts, int leaseSeconds) {
        static Webhooks from(Map<String, String> env) {
            long retryBase = Long.parseLong(
                    value(env, "GROUPDESK_WEBHOOKS_RETRY_BASE_MS").orElse("10000"));
            if (retryBase < 1) {
                throw new IllegalArgumentException(
                        "GROUPDESK_WEBHOOKS_RETRY_BASE_MS must be at least 1, not " + retryBase);
            }
            return new Webhooks(
                    Boolean.parseBoolean(value(env, "GROUPDESK_WEBHOOKS_ALLOW_PRIVATE_TARGETS")
                            .orElse("false")),
                    retryBase,
                    positive(env, "GROUPDESK_WEBHOOKS_MAX_ATTEMPTS", 33),
                    positive(env, "GROUPDESK_WEBHOOKS_LEASE_SECONDS", 60));
        }
    }

    /**
     * Health, metrics and shutdown (docs/operations.md).
     *
     * @param metricsToken the bearer token {@code /actuator/prometheus} requires; empty leaves it open
     * @param shutdownGraceSeconds how long a stopping node keeps serving while readiness answers
     *     {@code OUT_OF_SERVICE}, so load balancers take it out of rotation before it stops accepting connections
     * @param sweepIntervalSeconds how often the node deletes expired request nonces and idempotency keys; 0 = never
     * @param eventsRetentionDays how long change events are kept ({@code GROUPDESK_EVENTS_RETENTION_DAYS}, 400 by
     *     default): the sweep deletes older ones, and history before then is not known
     * @param cacheEntries the bound of each of the node's caches of sign-in look-ups ({@code GROUPDESK_CACHE_ENTRIES},
     *     10,000 by default); 0 turns them off, and every request reads its credentials from the database
     */
    public record Operations(
            Optional<String> metricsToken,
            int shutdownGraceSeconds,
            int sweepIntervalSeconds,
            int eventsRetentionDays,
            int cacheEntries) {
        static Operations from(Map<String, String> env) {
            int sweepInterval = Integer.parseInt(
                    value(env, "GROUPDESK_SWEEP_INTERVAL_SECONDS").orElse("300"));
            if (sweepInterval < 0) {
                throw new IllegalArgumentException(
                        "GROUPDESK_SWEEP_INTERVAL_SECONDS must be 0 (off) or more, not " + sweepInterval);
            }
            return new Operations(
                    value(env, "GROUPDESK_METRICS_TOKEN"),
                    Integer.parseInt(
                            value(env, "GROUPDESK_SHUTDOWN_GRACE_SECONDS").orElse("0")),
                    sweepInterval,
                    positive(env, "GROUPDESK_EVENTS_RETENTION_DAYS", 400),
                    cacheEntries(env));
        }

        private static int cacheEntries(Map<String, String> env) {
            int entries = Integer.parseInt(value(env, "GROUPDESK_CACHE_ENTRIES").orElse("10000"));
            if (entries < 0) {
                throw new IllegalArgumentException("GROUPDESK_CACHE_ENTRIES must be 0 (off) or more, not " + entries);
            }
            return entries;
        }
    }

    /**
     * Failed-authentication throttling and per-account rate limits (the README's "Limits").
     *
     * @param authFailures failed authentications allowed per client address and account in each window; 0 = off
     * @param ratePerWindow requests per account and window, by dialect ({@code zendesk}, {@code zendesk_xml},
     *     {@code udesk}, {@code usedesk}); a dialect not named is not limited
     * @param bodyReadSeconds how long a request body may take to arrive, counted from the request's head
     * @param unauthenticatedBodyReads how many request bodies the node reads at once before their sender is known
     *     (Usedesk requests, Udesk {@code log_in}); one more is refused with 429 and {@code Retry-After}
     */
    public record Limits(
            int authFailures,
            int authWindowSeconds,
            Map<String, Integer> ratePerWindow,
            int rateWindowSeconds,
            int bodyReadSeconds,
            int unauthenticatedBodyReads) {
        static final List<String> DIALECTS = List.of("zendesk", "zendesk_xml", "udesk", "usedesk");

        static Limits from(Map<String, String> env) {
            Map<String, Integer> rates = new LinkedHashMap<>();
            for (String dialect : DIALECTS) {
                String name = "GROUPDESK_RATE_LIMIT_" + dialect.toUpperCase(Locale.ROOT);
                value(env, name)
                        .map(v -> Integer.parseInt(v))
                        .filter(v -> v > 0)
                        .ifPresent(v -> rates.put(dialect, v));
            }
            return new Limits(
                    Integer.parseInt(value(env, "GROUPDESK_AUTH_FAILURE_LIMIT").orElse("10")),
                    Integer.parseInt(
                            value(env, "GROUPDESK_AUTH_FAILURE_WINDOW_SECONDS").orElse("300")),
                    Map.copyOf(rates),
                    Integer.parseInt(
                            value(env, "GROUPDESK_RATE_LIMIT_WINDOW_SECONDS").orElse("60")),
                    positive(env, "GROUPDESK_BODY_READ_SECONDS", 10),
                    positive(env, "GROUPDESK_UNAUTHENTICATED_BODY_READS", 32));
        }
    }

    /**
     * {@code GROUPDESK_TRUST_PROXY}, or its older name {@code GROUPDESK_TRUST_FORWARDED_FOR}, which now means the
     * same (and is warned about once at start).
     */
    private static boolean trustProxy(Map<String, String> env) {
        Optional<String> deprecated = value(env, "GROUPDESK_TRUST_FORWARDED_FOR");
        if (deprecated.isPresent()) {
            log.warn("GROUPDESK_TRUST_FORWARDED_FOR is deprecated: set GROUPDESK_TRUST_PROXY instead, which it now"
                    + " means (X-Forwarded-Host, -Proto, -For and Forwarded are all trusted)");
        }
        return Boolean.parseBoolean(
                value(env, "GROUPDESK_TRUST_PROXY").or(() -> deprecated).orElse("false"));
    }

    private static int positive(Map<String, String> env, String name, int fallback) {
        int parsed = value(env, name).map(Integer::parseInt).orElse(fallback);
        if (parsed < 1) {
            throw new IllegalArgumentException(name + " must be at least 1, not " + parsed);
        }
        return parsed;
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
