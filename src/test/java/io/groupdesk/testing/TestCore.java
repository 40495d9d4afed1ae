package io.groupdesk.testing;

import io.groupdesk.Groupdesk;
import io.groupdesk.config.Config;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/**
 * The core services without the HTTP server or the bootstrap, over a fresh database of one kind, with fixtures that
 * write through them: what the core tests (AgentServiceTest, MembershipServiceTest, ...) run against. The database
 * starts empty: every test makes its own accounts.
 */
public final class TestCore implements AutoCloseable {
    private final TestDatabase.Scratch database;
    private final Groupdesk.Core core;
    private final Fixtures fixtures;

    private TestCore(TestDatabase.Scratch database, Groupdesk.Core core) {
        this.database = database;
        this.core = core;
        this.fixtures = new Fixtures(core.services());
    }

    /** Migrates a fresh database of this kind and wires the core services over it. */
    public static TestCore start(TestDatabase kind) {
        TestDatabase.Scratch database = kind.create();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        try {
            return new TestCore(
                    database,
                    Groupdesk.openCore(Config.from(Map.of(
                            "GROUPDESK_DB_URL", database.url(),
                            "GROUPDESK_DB_USER", database.user(),
                            "GROUPDESK_DB_PASSWORD", database.password(),
                            "GROUPDESK_SECRET_KEY", Base64.getEncoder().encodeToString(key)))));
        } catch (RuntimeException e) {
            database.close();
            throw e;
        }
    }

    public Groupdesk.Services services() {
        return core.services();
    }

    public Fixtures fixtures() {
        return fixtures;
    }

    /** The database itself, for a test that reads a row the services do not show. */
    public Jdbi jdbi() {
        return core.database().jdbi();
    }

    @Override
    public void close() {
        try {
            core.close();
        } finally {
            database.close();
        }
    }
}
