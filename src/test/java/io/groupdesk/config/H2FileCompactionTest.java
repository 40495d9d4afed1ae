package io.groupdesk.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.IntStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An embedded H2 file that a burst of commits left mostly dead space is compacted when Groupdesk closes it, with
 * every row intact. PostgreSQL and H2 in memory have no such file, and the compaction is not set up for them.
 */
class H2FileCompactionTest {
    private static final int ROWS = 20_000;

    @TempDir
    Path dir;

    @Test
    void aFileThatIsMostlyDeadSpaceIsCompactedWhenTheDatabaseCloses() throws Exception {
        long peak;
        String checksum;
        try (Database database = open()) {
            fill(database.jdbi());
            checksum = churn(database.jdbi(), 1_500, 1);
            peak = Files.size(file());
        }
        long closed = Files.size(file());
        assertThat(closed)
                .as("file size after closing, against %,d bytes at the end of the writes", peak)
                .isLessThan(peak / 4);
        try (Database reopened = open()) {
            assertThat(checksum(reopened.jdbi())).isEqualTo(checksum);
        }
    }

    @Test
    void aDatabaseShutDownUnderGroupdeskIsNotOpenedAgainOnTheWayOut() throws Exception {
        long before;
        try (Database database = open()) {
            fill(database.jdbi());
            churn(database.jdbi(), 1_500, 1);
            // as in a killed process: nothing more is written
            try (Connection connection = DriverManager.getConnection(Database.withH2Compatibility(url()), "", "");
                    Statement statement = connection.createStatement()) {
                statement.execute("SHUTDOWN IMMEDIATELY");
            }
            before = Files.size(file());
        }
        assertThat(Files.size(file())).isEqualTo(before);
    }

    @Test
    void isSetUpOnlyForAnH2File() throws Exception {
        for (TestDatabase kind : TestDatabase.all().toList()) {
            try (TestDatabase.Migrated migrated = kind.migrated()) {
                assertThat(H2FileCompaction.of(migrated.database().dataSource()))
                        .as(kind.toString())
                        .isEmpty();
            }
        }
        try (Database database = open()) {
            assertThat(H2FileCompaction.of(database.dataSource())).isPresent();
        }
    }

    private Database open() {
        return Database.open(url(), "", "");
    }

    private String url() {
        return "jdbc:h2:file:" + dir.resolve("groupdesk") + ";WRITE_DELAY=0";
    }

    private Path file() {
        return dir.resolve("groupdesk.mv.db");
    }

    private static void fill(Jdbi jdbi) {
        jdbi.useHandle(handle -> {
            handle.execute("CREATE TABLE IF NOT EXISTS scratch (id INT PRIMARY KEY, payload VARCHAR(200) NOT NULL)");
            handle.execute("CREATE INDEX IF NOT EXISTS scratch_payload ON scratch (payload)");
            handle.createUpdate(
                            "INSERT INTO scratch SELECT \"X\", REPEAT('a', 100) || \"X\" FROM SYSTEM_RANGE(1, :rows)")
                    .bind("rows", ROWS)
                    .execute();
        });
    }

    /**
     * Commits {@code commits} transactions of 20 random rows each, as requests would, and returns the digest the
     * table should then have.
     */
    private static String churn(Jdbi jdbi, int commits, long seed) {
        Random random = new Random(seed);
        for (int i = 0; i < commits; i++) {
            int round = i;
            jdbi.useTransaction(handle -> IntStream.range(0, 20)
                    .forEach(n -> handle.createUpdate("UPDATE scratch SET payload = :payload WHERE id = :id")
                            .bind("id", 1 + random.nextInt(ROWS))
                            .bind("payload", "b".repeat(100) + seed + "-" + round + "-" + n)
                            .execute()));
        }
        return checksum(jdbi);
    }

    /** A digest of every row, in id order. */
    private static String checksum(Jdbi jdbi) {
        MessageDigest digest = sha256();
        jdbi.useHandle(handle -> handle.createQuery("SELECT id, payload FROM scratch ORDER BY id")
                .map((rs, ctx) -> rs.getInt(1) + "=" + rs.getString(2) + "\n")
                .forEach(row -> digest.update(row.getBytes(StandardCharsets.UTF_8))));
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
