package io.groupdesk.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.shared.Sql;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.TestDatabase;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** A node started with a sweep interval sweeps on its own, and counts what it deleted in its metrics. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ScheduledSweepTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension(Map.of("GROUPDESK_SWEEP_INTERVAL_SECONDS", "1"));

    @Parameter
    TestDatabase kind;

    @Test
    void theNodeDeletesExpiredRowsEveryIntervalAndKeepsLiveOnes() throws InterruptedException {
        // given
        Jdbi jdbi = app.get().groupdesk().database().jdbi();
        long account = app.get().bootstrapAccount().value();
        Instant now = Instant.now();
        jdbi.useHandle(handle -> {
            for (String nonce : List.of("expired-1", "expired-2")) {
                handle.createUpdate("INSERT INTO request_nonces (account_id, nonce, expires_at) VALUES (:a, :n, :e)")
                        .bind("a", account)
                        .bind("n", nonce)
                        .bind("e", Sql.timestamp(now.minus(Duration.ofDays(1))))
                        .execute();
            }
            handle.createUpdate("INSERT INTO request_nonces (account_id, nonce, expires_at) VALUES (:a, 'live', :e)")
                    .bind("a", account)
                    .bind("e", Sql.timestamp(now.plus(Duration.ofMinutes(5))))
                    .execute();
            handle.createUpdate(
                            """
                            INSERT INTO idempotency_keys
                                (account_id, caller_key, request_path, idempotency_key, request_sha256, created_at)
                            VALUES (:a, 'agent:1', '/api/v2/groups', 'expired', :sha, :c)
                            """)
                    .bind("a", account)
                    .bind("sha", "a".repeat(64))
                    .bind("c", Sql.timestamp(now.minus(Duration.ofDays(3))))
                    .execute();
        });

        // when
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while ((count(jdbi, "request_nonces") > 1 || count(jdbi, "idempotency_keys") > 0)
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }

        // then
        List<String> nonces = jdbi.withHandle(handle -> handle.createQuery("SELECT nonce FROM request_nonces")
                .mapTo(String.class)
                .list());
        assertThat(nonces).containsExactly("live");
        assertThat(count(jdbi, "idempotency_keys")).isZero();
        // the counters move just after each delete commits
        String metrics = app.get().http().get("/actuator/prometheus").send().body();
        while (!metrics.contains("groupdesk_swept_rows_total{table=\"idempotency_keys\"} 1.0")
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
            metrics = app.get().http().get("/actuator/prometheus").send().body();
        }
        assertThat(metrics)
                .contains("groupdesk_swept_rows_total{table=\"request_nonces\"} 2.0")
                .contains("groupdesk_swept_rows_total{table=\"idempotency_keys\"} 1.0");
    }

    private static int count(Jdbi jdbi, String table) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM " + table)
                .mapTo(Integer.class)
                .one());
    }
}
