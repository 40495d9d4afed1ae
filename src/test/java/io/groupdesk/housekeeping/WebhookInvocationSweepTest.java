package io.groupdesk.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.shared.Sql;
import io.groupdesk.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sweep deletes webhook invocations that ended (delivered, or failed for good) longer ago than events are kept,
 * with their attempts, and never one still pending, however old.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class WebhookInvocationSweepTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(400);
    private static final Instant LONG_AGO = NOW.minus(RETENTION).minus(Duration.ofDays(2));

    private static TestDatabase.Migrated database;
    private static Jdbi jdbi;
    private static long account;
    private static long webhook;

    @Parameter
    TestDatabase kind;

    @BeforeParameterizedClassInvocation
    static void open(TestDatabase kind) {
        database = kind.migrated();
        jdbi = database.jdbi();
        account = jdbi.withHandle(
                handle -> handle.createUpdate("INSERT INTO accounts (subdomain, name, created_at, updated_at)"
                                + " VALUES ('invocations', 'invocations', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one());
        webhook = jdbi.withHandle(handle -> handle.createUpdate(
                        """
                        INSERT INTO webhooks (account_id, name, endpoint, http_method, request_format, status,
                            subscriptions, custom_headers, signing_secret, event_cursor, created_at, updated_at)
                        VALUES (:account, 'Old', 'https://203.0.113.7/', 'POST', 'json', 'active', '', '', 'sealed',
                            0, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)
                        """)
                .bind("account", account)
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
    }

    @AfterParameterizedClassInvocation
    static void close() {
        database.close();
    }

    @Test
    void deletesInvocationsThatEndedBeforeTheRetentionWithTheirAttemptsAndKeepsPendingOnes() {
        // given
        long delivered = invocation(1, "succeeded", LONG_AGO);
        long failed = invocation(2, "failed", LONG_AGO);
        long recent = invocation(3, "succeeded", NOW.minus(Duration.ofDays(1)));
        long pending = invocation(4, "pending", null);
        for (long invocation : List.of(delivered, failed, recent)) {
            attempt(invocation);
        }

        // when
        Map<String, Integer> deleted =
                new Sweeper(jdbi, Clock.fixed(NOW, ZoneOffset.UTC), new SimpleMeterRegistry(), RETENTION).sweep();

        // then
        assertThat(deleted.get("webhook_invocations")).isEqualTo(2);
        assertThat(column("SELECT id FROM webhook_invocations WHERE account_id = :account ORDER BY id"))
                .containsExactly(recent, pending);
        assertThat(column("SELECT invocation_id FROM webhook_attempts WHERE account_id = :account"))
                .containsExactly(recent);
    }

    private static long invocation(long event, String state, Instant completedAt) {
        return jdbi.withHandle(handle -> handle.createUpdate(
                        """
                        INSERT INTO webhook_invocations (account_id, webhook_id, event_id, event_type, state,
                            attempts, next_attempt_at, created_at, completed_at)
                        VALUES (:account, :webhook, :event, 'groupdesk:event-type:group.created', :state, 1,
                            :longAgo, :longAgo, :completedAt)
                        """)
                .bind("account", account)
                .bind("webhook", webhook)
                .bind("event", event)
                .bind("state", state)
                .bind("longAgo", Sql.timestamp(LONG_AGO))
                .bind("completedAt", completedAt == null ? null : Sql.timestamp(completedAt))
                .executeAndReturnGeneratedKeys("id")
                .mapTo(Long.class)
                .one());
    }

    private static void attempt(long invocation) {
        jdbi.useHandle(handle -> handle.createUpdate(
                        """
                        INSERT INTO webhook_attempts (account_id, invocation_id, attempted_at, completed_at, outcome,
                            status_code, duration_ms)
                        VALUES (:account, :invocation, :at, :at, 'success', 200, 5)
                        """)
                .bind("account", account)
                .bind("invocation", invocation)
                .bind("at", Sql.timestamp(LONG_AGO))
                .execute());
    }

    private static List<Long> column(String sql) {
        return jdbi.withHandle(handle -> handle.createQuery(sql)
                .bind("account", account)
                .mapTo(Long.class)
                .list());
    }
}
