package io.groupdesk.housekeeping;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.events.Change;
import io.groupdesk.events.EventRecorder;
import io.groupdesk.events.EventRepository;
import io.groupdesk.events.EventType;
import io.groupdesk.events.NewEvent;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Transactions;
import io.groupdesk.testing.TestDatabase;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sweep deletes change events older than their retention (an hour's margin past it), in batches, from the
 * oldest end of each account's events, and two nodes sweeping at once delete each event once.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class EventRetentionSweepTest {
    private static final Instant NOW = Instant.parse("2026-03-01T12:00:00Z");
    private static final Duration RETENTION = Duration.ofDays(400);

    private static TestDatabase.Migrated database;
    private static Jdbi jdbi;
    private static AccountId account;

    @Parameter
    TestDatabase kind;

    private SimpleMeterRegistry meters;

    @BeforeParameterizedClassInvocation
    static void open(TestDatabase kind) {
        database = kind.migrated();
        jdbi = database.jdbi();
        account = new AccountId(jdbi.withHandle(
                handle -> handle.createUpdate("INSERT INTO accounts (subdomain, name, created_at, updated_at)"
                                + " VALUES ('retention', 'retention', CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one()));
    }

    @AfterParameterizedClassInvocation
    static void close() {
        database.close();
    }

    @BeforeEach
    void emptyEvents() {
        jdbi.useHandle(handle -> handle.execute("DELETE FROM events"));
        meters = new SimpleMeterRegistry();
    }

    @Test
    void deletesEventsPastTheirRetentionAndKeepsTheOthers() {
        // given
        record(NOW.minus(RETENTION).minus(Duration.ofHours(2)), 3);
        record(NOW.minus(RETENTION).minus(Duration.ofMinutes(30)), 1);
        record(NOW.minus(Duration.ofDays(1)), 2);
        long last = EventRepository.jdbc(jdbi).lastId(account);

        // when
        Map<String, Integer> deleted = sweeper().sweep();

        // then
        assertThat(deleted.get("events")).isEqualTo(3);
        assertThat(ids()).containsExactly(last - 2, last - 1, last);
        assertThat(EventRepository.jdbc(jdbi).oldestId(account)).contains(last - 2);
        assertThat(meters.get(Sweeper.SWEPT_ROWS)
                        .tag("table", "events")
                        .counter()
                        .count())
                .isEqualTo(3.0);
    }

    @Test
    void twoNodesSweepingAtOnceDeleteEveryOldEventOnce() throws Exception {
        // given
        record(NOW.minus(RETENTION).minus(Duration.ofDays(3)), Sweeper.BATCH * 2 + 300);
        record(NOW.minus(Duration.ofDays(1)), 5);

        // when
        CompletableFuture<Map<String, Integer>> one =
                CompletableFuture.supplyAsync(() -> sweeper().sweep());
        CompletableFuture<Map<String, Integer>> two =
                CompletableFuture.supplyAsync(() -> sweeper().sweep());
        int total = one.get(60, TimeUnit.SECONDS).get("events")
                + two.get(60, TimeUnit.SECONDS).get("events");

        // then
        assertThat(total).isEqualTo(Sweeper.BATCH * 2 + 300);
        assertThat(ids()).hasSize(5);
    }

    private Sweeper sweeper() {
        return new Sweeper(jdbi, Clock.fixed(NOW, ZoneOffset.UTC), meters, RETENTION);
    }

    /** Records {@code count} events of one change, stamped {@code at}. */
    private static void record(Instant at, int count) {
        EventRecorder recorder = new EventRecorder(EventRepository.jdbc(jdbi), Clock.fixed(at, ZoneOffset.UTC));
        List<NewEvent> events = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            events.add(NewEvent.ofGroup(
                    EventType.GROUP_UPDATED, new GroupId(i + 1), "G", Map.of("name", new Change("F", "G"))));
        }
        new Transactions(jdbi).run(() -> recorder.recordAll(Caller.system(account), events));
    }

    private static List<Long> ids() {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT id FROM events ORDER BY id")
                .mapTo(Long.class)
                .list());
    }
}
