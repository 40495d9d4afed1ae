package io.groupdesk.testing;

import io.groupdesk.Groupdesk;
import io.groupdesk.access.Caller;
import io.groupdesk.config.Config;
import io.groupdesk.shared.AccountId;
import java.io.OutputStream;
import java.io.PrintStream;
import java.util.HashMap;
import java.util.Map;

/**
 * The whole service, started on a random port over a fresh database of one kind, with fixtures that write through
 * its real services and an HTTP client aimed at it.
 */
public final class TestApp implements AutoCloseable {
    public static final String ADMIN_EMAIL = "admin@demo.test";
    public static final String ADMIN_PASSWORD = "bootstrap-password";
    public static final String ADMIN_TOKEN = "bootstrap-token-0123456789abcdefghijklmnop";

    private final TestDatabase.Scratch database;
    private final Groupdesk groupdesk;
    private final Fixtures fixtures;
    private final Http http;
    private final Map<String, String> environment;

    private TestApp(TestDatabase.Scratch database, Groupdesk groupdesk, Map<String, String> environment) {
        this.database = database;
        this.environment = Map.copyOf(environment);
        this.groupdesk = groupdesk;
        this.fixtures = new Fixtures(groupdesk.services());
        this.http = new Http(groupdesk.port());
    }

    public static TestApp start(TestDatabase kind) {
        return start(kind, Map.of());
    }

    public static TestApp start(TestDatabase kind, Map<String, String> extraEnvironment) {
        TestDatabase.Scratch database = kind.create();
        Map<String, String> env = new HashMap<>();
        env.put("SERVER_PORT", "0");
        env.put("GROUPDESK_DB_URL", database.url());
        env.put("GROUPDESK_DB_USER", database.user());
        env.put("GROUPDESK_DB_PASSWORD", database.password());
        env.put("GROUPDESK_BOOTSTRAP_SUBDOMAIN", "demo");
        env.put("GROUPDESK_BOOTSTRAP_ADMIN_EMAIL", ADMIN_EMAIL);
        env.put("GROUPDESK_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("GROUPDESK_BOOTSTRAP_API_TOKEN", ADMIN_TOKEN);
        byte[] key = new byte[32];
        new java.security.SecureRandom().nextBytes(key);
        env.put("GROUPDESK_SECRET_KEY", java.util.Base64.getEncoder().encodeToString(key));
        // suites that send many wrong credentials on purpose would trip the failed-authentication throttle, so it is
        // off unless a test turns it on (RequestLimitsApiTest does)
        env.put("GROUPDESK_AUTH_FAILURE_LIMIT", "0");
        env.putAll(extraEnvironment);
        try {
            return new TestApp(
                    database, Groupdesk.start(Config.from(env), new PrintStream(OutputStream.nullOutputStream())), env);
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    /** The environment the service was started with, to start another node on the same database. */
    public Map<String, String> environment() {
        return environment;
    }

    public Groupdesk groupdesk() {
        return groupdesk;
    }

    public Groupdesk.Services services() {
        return groupdesk.services();
    }

    public Fixtures fixtures() {
        return fixtures;
    }

    public Http http() {
        return http;
    }

    public AccountId bootstrapAccount() {
        return groupdesk.bootstrapAccount().id();
    }

    /** The service acting in the bootstrap account, for reading state back through the core. */
    public Caller system() {
        return Caller.system(bootstrapAccount());
    }

    @Override
    public void close() {
        try {
            groupdesk.close();
        } finally {
            database.close();
        }
    }
}
