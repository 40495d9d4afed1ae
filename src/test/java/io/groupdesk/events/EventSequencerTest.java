package io.groupdesk.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.Groupdesk;
import io.groupdesk.access.Caller;
import io.groupdesk.config.Config;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.NewGroup;
import io.groupdesk.shared.AccountId;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.TestDatabase;
import java.io.OutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The sequencer on running nodes: a change's events are numbered within moments with no one reading them, and two
 * nodes over one database, each writing and sequencing one account at once while feed consumers read it, number
 * every event once, with consecutive ids, and a consumer never sees an id at or below one it has read past.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class EventSequencerTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    @Parameter
    TestDatabase database;

    @Test
    void aChangeIsNumberedByTheNodesSequencerWithinASecondWithNoReader() {
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        Jdbi jdbi = app.groupdesk().database().jdbi();
        EventRepository events = EventRepository.jdbc(jdbi);
        awaitDrained(jdbi, account.id()); // the fixtures' own events
        long before = events.lastId(account.id());

        Group group = app.groupdesk().services().groups().create(admin, NewGroup.named("Numbered at once"));

        long deadline = System.nanoTime() + Duration.ofSeconds(1).toNanos();
        List<Event> numbered = List.of();
        while (numbered.isEmpty() && System.nanoTime() < deadline) {
            numbered = events.after(account.id(), before, 10);
        }
        assertThat(numbered)
                .extracting(Event::id, event -> event.type(), Event::sourceId)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(
                        before + 1, EventType.GROUP_CREATED, group.id().value()));
        assertThat(staged(jdbi, account.id())).isZero();
    }

    @Test
    void twoNodesWritingAndSequencingOneAccountAtOnceNumberEveryEventOnceInARow() throws Exception {
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        Jdbi jdbi = app.groupdesk().database().jdbi();
        EventRepository events = EventRepository.jdbc(jdbi);
        Map<String, String> environment = new HashMap<>(app.environment());
        int writersPerNode = 4;
        int groupsEach = 15;
        int consumers = 2;
        try (Groupdesk second =
                Groupdesk.start(Config.from(environment), new PrintStream(OutputStream.nullOutputStream()))) {
            List<Groupdesk> nodes = List.of(app.groupdesk(), second);
            awaitDrained(jdbi, account.id()); // the fixtures' own events
            long start = events.lastId(account.id());
            ExecutorService pool = Executors.newFixedThreadPool(nodes.size() * writersPerNode + consumers);
            CountDownLatch go = new CountDownLatch(1);
            AtomicBoolean writing = new AtomicBoolean(true);
            try {
                // when: writers on both nodes create groups (each commit wakes its node's sequencer), while feed
                // consumers on both nodes read on from each page's position (each read sequences first)
                List<Future<List<Group>>> writers = new ArrayList<>();
                for (int n = 0; n < nodes.size(); n++) {
                    Groupdesk node = nodes.get(n);
                    for (int w = 0; w < writersPerNode; w++) {
                        String prefix = "Node " + n + " writer " + w + " group ";
                        writers.add(pool.submit(() -> {
                            go.await();
                            List<Group> made = new ArrayList<>();
                            for (int i = 0; i < groupsEach; i++) {
                                made.add(node.services().groups().create(admin, NewGroup.named(prefix + i)));
                            }
                            return made;
                        }));
                    }
                }
                List<Future<List<Long>>> readers = new ArrayList<>();
                for (int c = 0; c < consumers; c++) {
                    EventLog log = nodes.get(c % nodes.size()).services().eventLog();
                    readers.add(pool.submit(() -> {
                        go.await();
                        List<Long> seen = new ArrayList<>();
                        long position = start;
                        boolean last = false;
                        while (!last) {
                            boolean finalRead = !writing.get();
                            FeedPage page = log.feed(admin, new EventLog.FeedStart.After(position), 7);
                            page.events().forEach(event -> seen.add(event.id()));
                            position = page.position();
                            last = finalRead && page.endOfStream();
                        }
                        return seen;
                    }));
                }
                go.countDown();
                List<Group> made = new ArrayList<>();
                for (Future<List<Group>> writer : writers) {
                    made.addAll(writer.get(120, TimeUnit.SECONDS));
                }
                writing.set(false);
                List<List<Long>> consumed = new ArrayList<>();
                for (Future<List<Long>> reader : readers) {
                    consumed.add(reader.get(120, TimeUnit.SECONDS));
                }

                // then: one event per group, numbered start + 1 ... start + n with none twice and none missing
                int expected = made.size();
                List<Long> all = LongStream.rangeClosed(start + 1, start + expected)
                        .boxed()
                        .toList();
                List<Event> numbered = events.after(account.id(), start, 10_000);
                assertThat(numbered).extracting(Event::id).containsExactlyElementsOf(all);
                assertThat(numbered)
                        .extracting(Event::sourceId)
                        .containsExactlyInAnyOrderElementsOf(
                                made.stream().map(g -> g.id().value()).toList());
                assertThat(events.lastId(account.id())).isEqualTo(start + expected);
                assertThat(staged(jdbi, account.id())).isZero();
                // and every consumer read each id once, in order, without a gap it would have skipped
                for (List<Long> seen : consumed) {
                    assertThat(seen).containsExactlyElementsOf(all);
                }
            } finally {
                writing.set(false);
                pool.shutdownNow();
            }
        }
    }

    private static void awaitDrained(Jdbi jdbi, AccountId account) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (staged(jdbi, account) > 0 && System.nanoTime() < deadline) {
            Thread.onSpinWait();
        }
        assertThat(staged(jdbi, account)).isZero();
    }

    private static long staged(Jdbi jdbi, AccountId account) {
        return jdbi.withHandle(handle -> handle.createQuery("SELECT COUNT(*) FROM event_outbox WHERE account_id = :a")
                .bind("a", account.value())
                .mapTo(Long.class)
                .one());
    }
}
