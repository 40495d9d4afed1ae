package io.groupdesk.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.credentials.CredentialRepository;
import io.groupdesk.idempotency.Claim;
import io.groupdesk.idempotency.IdempotencyRepository;
import io.groupdesk.idempotency.IdempotencyService;
import io.groupdesk.idempotency.IdempotentRequest;
import io.groupdesk.idempotency.StoredAnswer;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.Sql;
import io.groupdesk.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.PreparedBatch;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sweep deletes request nonces and idempotency keys an hour after they expired, in batches, and nothing a request
 * still relies on; several sweeps at once are harmless, and a failed scheduled run leaves the next one to try again.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class SweeperTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final StoredAnswer ANSWER = new StoredAnswer(
            201, Map.of("Location", "/api/v2/groups/7.json"), "{\"id\":7}".getBytes(StandardCharsets.UTF_8));

    private static TestDatabase.Migrated database;
    private static Jdbi jdbi;
    private static CredentialRepository credentials;
    private static AccountId account;

    @Parameter
    TestDatabase kind;

    private SimpleMeterRegistry meters;
    private Sweeper sweeper;

    @BeforeParameterizedClassInvocation
    static void open(TestDatabase kind) {
        database = kind.migrated();
        jdbi = database.jdbi();
        credentials = CredentialRepository.jdbc(jdbi);
        account = new AccountId(jdbi.withHandle(
                handle -> handle.createUpdate("INSERT INTO accounts (subdomain, name, created_at, updated_at)"
                                + " VALUES ('sweep', 'sweep', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one()));
    }

    @AfterParameterizedClassInvocation
    static void close() {
        database.close();
    }

    @BeforeEach
    void emptyTables() {
        jdbi.useHandle(handle -> {
            handle.execute("DELETE FROM request_nonces");
            handle.execute("DELETE FROM idempotency_keys");
        });
        meters = new SimpleMeterRegistry();
        sweeper = new Sweeper(jdbi, Clock.fixed(NOW, ZoneOffset.UTC), meters);
    }

    @Test
    void deletesNoncesAnHourPastTheirExpiryAndKeepsTheOthers() {
        // given
        claimNonce("long-expired", NOW.minus(Duration.ofHours(2)));
        claimNonce("just-expired", NOW.minus(Duration.ofMinutes(30)));
        claimNonce("live", NOW.plus(Duration.ofMinutes(5)));

        // when
        Map<String, Integer> deleted = sweeper.sweep();

        // then
        assertThat(deleted).isEqualTo(Map.of("request_nonces", 1, "idempotency_keys", 0));
        assertThat(nonces()).containsExactlyInAnyOrder("just-expired", "live");
        assertThat(credentials.claimNonce(account, "live", NOW, NOW.plus(Duration.ofMinutes(5))))
                .as("a live nonce is still refused as a replay")
                .isFalse();
        assertThat(meters.get(Sweeper.SWEPT_ROWS)
                        .tag("table", "request_nonces")
                        .counter()
                        .count())
                .isEqualTo(1.0);
    }

    @Test
    void deletesIdempotencyKeysAnHourPastTheirDayAndKeepsTheOthers() {
        // given
        Duration day = IdempotencyService.LIFETIME;
        IdempotentRequest answeredLongAgo =
                claim("answered-long-ago", NOW.minus(day).minus(Duration.ofHours(2)));
        complete(answeredLongAgo, NOW.minus(day).minus(Duration.ofHours(2)));
        claim("never-answered", NOW.minus(day).minus(Duration.ofHours(2)));
        claim("just-expired", NOW.minus(day).minus(Duration.ofMinutes(30)));
        IdempotentRequest live = claim("live", NOW.minus(Duration.ofHours(23)));
        complete(live, NOW.minus(Duration.ofHours(23)));

        // when
        Map<String, Integer> deleted = sweeper.sweep();

        // then
        assertThat(deleted).isEqualTo(Map.of("request_nonces", 0, "idempotency_keys", 2));
        assertThat(idempotencyKeys()).containsExactlyInAnyOrder("just-expired", "live");
        assertThat(service(NOW).claim(live))
                .as("a key within its day still replays its answer")
                .isEqualTo(new Claim(Claim.Outcome.REPLAY, java.util.Optional.of(ANSWER)));
        assertThat(meters.get(Sweeper.SWEPT_ROWS)
                        .tag("table", "idempotency_keys")
                        .counter()
                        .count())
                .isEqualTo(2.0);
    }

    @Test
    void deletesMoreThanOneBatchInOneRun() {
        // given
        int expired = Sweeper.BATCH * 2 + 500;
        insertExpiredNonces("batch", expired);
        insertExpiredKeys("batch", expired);
        claimNonce("live", NOW.plus(Duration.ofMinutes(5)));

        // when
        Map<String, Integer> deleted = sweeper.sweep();

        // then
        assertThat(deleted).isEqualTo(Map.of("request_nonces", expired, "idempotency_keys", expired));
        assertThat(nonces()).containsExactly("live");
        assertThat(idempotencyKeys()).isEmpty();
    }

    @Test
    void twoSweepsAtOnceBothFinishAndDeleteEachRowOnce() throws Exception {
        // given
        int expired = Sweeper.BATCH * 5;
        insertExpiredNonces("race", expired);
        insertExpiredKeys("race", expired);
        Sweeper other = new Sweeper(jdbi, Clock.fixed(NOW, ZoneOffset.UTC), new SimpleMeterRegistry());
        CountDownLatch start = new CountDownLatch(1);

        // when
        CompletableFuture<Map<String, Integer>> first = CompletableFuture.supplyAsync(() -> {
            await(start);
            return sweeper.sweep();
        });
        CompletableFuture<Map<String, Integer>> second = CompletableFuture.supplyAsync(() -> {
            await(start);
            return other.sweep();
        });
        start.countDown();
        Map<String, Integer> firstDeleted = first.get(60, TimeUnit.SECONDS);
        Map<String, Integer> secondDeleted = second.get(60, TimeUnit.SECONDS);
        Map<String, Integer> rest = sweeper.sweep(); // one racer may stop early, finding its batch taken by the other

        // then
        for (String table : List.of("request_nonces", "idempotency_keys")) {
            assertThat(firstDeleted.get(table) + secondDeleted.get(table) + rest.get(table))
                    .as(table)
                    .isEqualTo(expired);
        }
        assertThat(nonces()).isEmpty();
        assertThat(idempotencyKeys()).isEmpty();
    }

    @Test
    void aFailedScheduledRunLeavesTheNextToSweep() throws Exception {
        // given
        insertExpiredNonces("retry", 10);
        JdbcSweepRepository rows = new JdbcSweepRepository(jdbi);
        AtomicInteger calls = new AtomicInteger();
        Sweeper.Task failingOnce = new Sweeper.Task("request_nonces", Duration.ZERO, (cutoff, limit) -> {
            if (calls.getAndIncrement() == 0) {
                throw new IllegalStateException("database down");
            }
            return rows.deleteNoncesExpiredBefore(cutoff, limit);
        });

        // when
        try (Sweeper scheduled = new Sweeper(Clock.fixed(NOW, ZoneOffset.UTC), meters, List.of(failingOnce))) {
            scheduled.start(Duration.ofMillis(50));
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!nonces().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(50);
            }
        }

        // then
        assertThat(calls.get()).isGreaterThanOrEqualTo(2);
        assertThat(nonces()).isEmpty();
    }

    private static void claimNonce(String nonce, Instant expiresAt) {
        assertThat(credentials.claimNonce(account, nonce, expiresAt.minus(Duration.ofMinutes(5)), expiresAt))
                .isTrue();
    }

    private static IdempotentRequest claim(String key, Instant at) {
        IdempotentRequest request = new IdempotentRequest(account, "agent:1", "/api/v2/groups", key, "a".repeat(64));
        assertThat(service(at).claim(request).outcome()).isEqualTo(Claim.Outcome.PROCEED);
        return request;
    }

    private static void complete(IdempotentRequest request, Instant at) {
        service(at).complete(request, ANSWER);
    }

    private static IdempotencyService service(Instant at) {
        return new IdempotencyService(IdempotencyRepository.jdbc(jdbi), Clock.fixed(at, ZoneOffset.UTC));
    }

    private static void insertExpiredNonces(String prefix, int count) {
        jdbi.useHandle(handle -> {
            PreparedBatch batch = handle.prepareBatch(
                    "INSERT INTO request_nonces (account_id, nonce, expires_at) VALUES (:account, :nonce, :expiresAt)");
            for (int index = 0; index < count; index++) {
                batch.bind("account", account.value())
                        .bind("nonce", prefix + "-" + index)
                        .bind("expiresAt", Sql.timestamp(NOW.minus(Duration.ofDays(2))))
                        .add();
            }
            batch.execute();
        });
    }

    private static void insertExpiredKeys(String prefix, int count) {
        jdbi.useHandle(handle -> {
            PreparedBatch batch = handle.prepareBatch(
                    """
                    INSERT INTO idempotency_keys
                        (account_id, caller_key, request_path, idempotency_key, request_sha256, created_at)
                    VALUES (:account, 'agent:1', '/api/v2/groups', :key, :sha256, :createdAt)
                    """);
            for (int index = 0; index < count; index++) {
                batch.bind("account", account.value())
                        .bind("key", prefix + "-" + index)
                        .bind("sha256", "a".repeat(64))
                        .bind("createdAt", Sql.timestamp(NOW.minus(Duration.ofDays(3))))
                        .add();
            }
            batch.execute();
        });
    }

    private static List<String> nonces() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT nonce FROM request_nonces")
                .mapTo(String.class)
                .list());
    }

    private static List<String> idempotencyKeys() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT idempotency_key FROM idempotency_keys")
                .mapTo(String.class)
                .list());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
