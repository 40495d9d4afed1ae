package io.groupdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.groupdesk.config.Config;
import io.groupdesk.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The packaged service killed with SIGKILL in the middle of a stream of writes, then started again on the same
 * database: every write it acknowledged before dying is still there, and every rule still holds.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class CrashRecoveryIT {
    private static final int WRITERS = 4;
    /** Kill points: the acknowledged writes, counted from the (re)start, after which the node is killed. */
    private static final List<Integer> KILL_AFTER = List.of(120, 250);

    @Parameter
    TestDatabase database;

    @TempDir
    Path directory;

    @Test
    void keepsEveryAcknowledgedWriteThroughKillsMidStream() throws Exception {
        survivesKills(Database.of(database, directory), "default settings");
    }

    /**
     * An operator's own H2 file URL, without any of the default URL's settings: Groupdesk completes it with
     * {@code WRITE_DELAY=0}, without which a SIGKILL lost 205 of 1,127 acknowledged creates in one run.
     */
    @Test
    void keepsEveryAcknowledgedWriteOfAnOperatorsOwnH2FileUrlThroughKills() throws Exception {
        assumeTrue(database == TestDatabase.H2, "an H2 URL");
        Path data = Files.createDirectories(directory.resolve("data"));
        String url = "jdbc:h2:file:" + data.resolve("own");
        // the test reads the file back with the settings Groupdesk adds, as the schema's names need them
        String readBack = url + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH";
        survivesKills(new Database(url, readBack, "", "", data, () -> {}), url);
    }

    private void survivesKills(Database store, String description) throws Exception {
        // given
        Map<String, String> environment =
                GroupdeskProcess.environment(store.url(), store.user(), store.password(), store.dataDirectory());
        Path log = directory.resolve("groupdesk.log");
        GroupdeskProcess node = GroupdeskProcess.start(environment, log);
        try {
            Duration firstStart = node.awaitReady();
            long defaultGroup = Observed.read(node.client()).groups().values().stream()
                    .filter(Observed.Group::isDefault)
                    .findFirst()
                    .orElseThrow()
                    .id();
            CrashWorkload workload = new CrashWorkload(WRITERS, 20261124L, defaultGroup);
            List<Duration> restarts = new ArrayList<>();

            for (int killAfter : KILL_AFTER) {
                // when
                int before = workload.acknowledged();
                List<Thread> writers = workload.start(node.client());
                awaitAcknowledged(workload, before + killAfter);
                node.kill();
                for (Thread writer : writers) {
                    writer.join(TimeUnit.SECONDS.toMillis(30));
                }
                node = GroupdeskProcess.start(environment, log);
                restarts.add(node.awaitReady());

                // then
                Observed observed = Observed.read(node.client());
                workload.verify(observed);
                assertThat(workload.lostCreates())
                        .as("acknowledged creates lost after the kill at +%d", killAfter)
                        .isZero();
                assertThat(workload.unexpected())
                        .as("after the kill at +%d", killAfter)
                        .isEmpty();
                if (database == TestDatabase.POSTGRESQL) {
                    DatabaseRules.assertHold(store.readBackUrl(), store.user(), store.password());
                }
                System.out.printf(
                        "%s (%s): killed after %d acknowledged writes in this round (%d in all), restart answered in"
                                + " %d ms, %d groups and %d memberships read back, %d acknowledged creates lost%n",
                        database,
                        description,
                        workload.acknowledged() - before,
                        workload.acknowledged(),
                        restarts.get(restarts.size() - 1).toMillis(),
                        observed.groups().size(),
                        observed.membershipCount(),
                        workload.lostCreates());
            }
            node.close();
            DatabaseRules.assertHold(store.readBackUrl(), store.user(), store.password());
            System.out.printf(
                    "%s (%s): first start %d ms, %d writes acknowledged over %d kills, restarts %s,"
                            + " %d acknowledged creates lost%n",
                    database,
                    description,
                    firstStart.toMillis(),
                    workload.acknowledged(),
                    KILL_AFTER.size(),
                    restarts,
                    workload.lostCreates());
        } finally {
            node.close();
            store.dropper().run();
        }
    }

    private static void awaitAcknowledged(CrashWorkload workload, int target) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (workload.acknowledged() < target && System.nanoTime() < deadline) {
            assertThat(workload.unexpected()).isEmpty();
            Thread.sleep(5);
        }
        assertThat(workload.acknowledged()).as("acknowledged writes").isGreaterThanOrEqualTo(target);
    }

    /**
     * A database that outlives the process: an H2 file in the test's directory, opened with the options of the
     * default URL (so that its durability settings are the ones tested), or a fresh PostgreSQL schema.
     */
    private record Database(
            String url, String readBackUrl, String user, String password, Path dataDirectory, Runnable dropper) {
        static Database of(TestDatabase kind, Path directory) throws java.io.IOException {
            Path data = Files.createDirectories(directory.resolve("data"));
            if (kind == TestDatabase.H2) {
                String url = Config.DEFAULT_DB_URL.replace(
                        "jdbc:h2:file:./data/groupdesk", "jdbc:h2:file:" + data.resolve("groupdesk"));
                assertThat(url).isNotEqualTo(Config.DEFAULT_DB_URL);
                return new Database(url, url, "", "", data, () -> {});
            }
            TestDatabase.Scratch scratch = kind.create();
            return new Database(scratch.url(), scratch.url(), scratch.user(), scratch.password(), data, scratch::close);
        }
    }
}
