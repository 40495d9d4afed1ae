package io.groupdesk.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import io.groupdesk.access.Caller;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.Cursor;
import io.groupdesk.shared.ForbiddenException;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import io.groupdesk.shared.Transactions;
import io.groupdesk.shared.ValidationException;
import io.groupdesk.testing.Fixtures;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.TestCore;
import io.groupdesk.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reads of the change events in core terms: the feed in commit order (the late-commit race), the audit log's
 * filters and words, and memberships as of a time before and after each kind of change.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class EventLogTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Origin API = new Origin(Via.API, Optional.of("req-1"), Optional.of("203.0.113.9"));

    private static TestCore core;
    private static EventLog log;
    private static Fixtures fixtures;
    private static RecordedEvents events;
    private static MembershipHistory history;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start(TestDatabase database) {
        core = TestCore.start(database);
        log = core.services().eventLog();
        fixtures = core.fixtures();
        events = new RecordedEvents(core.jdbi(), Clock.systemUTC());
        history = new MembershipHistory(core.services().memberships(), events, API);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        core.close();
    }

    // ---- the feed -----------------------------------------------------------------------------------------------

    @Test
    void feedPagesThroughEveryEventInIdOrder() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        long start = events.mark(account.id());
        for (int i = 0; i < 5; i++) {
            events.record(admin, API, renamed(900 + i, "G" + i, "G" + i + "!"));
        }

        FeedPage first = log.feed(admin, new EventLog.FeedStart.After(start), 3);
        FeedPage second = log.feed(admin, new EventLog.FeedStart.After(first.position()), 3);
        FeedPage third = log.feed(admin, new EventLog.FeedStart.After(second.position()), 3);

        assertThat(first.events()).extracting(Event::id).containsExactly(start + 1, start + 2, start + 3);
        assertThat(first.endOfStream()).isFalse();
        assertThat(second.events()).extracting(Event::id).containsExactly(start + 4, start + 5);
        assertThat(second.endOfStream()).isTrue();
        assertThat(third.events()).isEmpty();
        assertThat(third.position()).isEqualTo(start + 5);
        assertThat(third.endOfStream()).isTrue();
    }

    @Test
    void aChangeThatCommitsLateIsNumberedAfterTheFeedReadSoTheConsumerMissesNothing() throws Exception {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        long start = events.mark(account.id());
        EventRecorder recorder = new EventRecorder(EventRepository.jdbc(core.jdbi()), Clock.systemUTC());
        Transactions transactions = core.services().transactions();
        CountDownLatch staged = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);

        // A records, and is held after its events are staged (its recorder's work runs first), before its commit
        CompletableFuture<Void> a = CompletableFuture.runAsync(() -> transactions.run(() -> {
            recorder.record(admin, renamed(1, "A", "A2"));
            Transactions.beforeCommit(Hold.class, () -> new Hold(staged, release));
        }));
        assertThat(staged.await(10, TimeUnit.SECONDS)).isTrue();
        // B records after A and commits first
        CompletableFuture.runAsync(() -> transactions.run(() -> recorder.record(admin, renamed(2, "B", "B2"))))
                .get(10, TimeUnit.SECONDS);
        FeedPage during = log.feed(admin, new EventLog.FeedStart.After(start), 100);
        release.countDown();
        a.get(10, TimeUnit.SECONDS);
        FeedPage after = log.feed(admin, new EventLog.FeedStart.After(during.position()), 100);

        // B, committed, has the first id; A, committed after the consumer read past B, has the next
        assertThat(during.events()).extracting(Event::id, Event::sourceId).containsExactly(tuple(start + 1, 2L));
        assertThat(after.events()).extracting(Event::id, Event::sourceId).containsExactly(tuple(start + 2, 1L));
    }

    /** Waits, as a transaction's last work before its commit, until the test lets it go. */
    static final class Hold implements Runnable {
        private final CountDownLatch reached;
        private final CountDownLatch release;

        Hold(CountDownLatch reached, CountDownLatch release) {
            this.reached = reached;
            this.release = release;
        }

        @Override
        public void run() {
            reached.countDown();
            try {
                if (!release.await(20, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    @Test
    void feedStartsAtTheFirstEventAtOrAfterStartTime() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        events.record(admin, API, renamed(11, "Old", "Older"));
        Instant between = MembershipHistory.between();
        events.record(admin, API, renamed(12, "New", "Newer"));

        FeedPage page = log.feed(admin, new EventLog.FeedStart.At(between), 100);

        assertThat(page.events()).extracting(Event::sourceId).containsExactly(12L);
    }

    @Test
    void aPositionBeforeSweptEventsIsRefusedRatherThanSkipped() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        long start = events.mark(account.id());
        events.record(admin, API, renamed(21, "A", "B"));
        events.record(admin, API, renamed(22, "B", "C"));
        events.record(admin, API, renamed(23, "C", "D"));
        core.jdbi()
                .useHandle(handle -> handle.createUpdate("DELETE FROM events WHERE account_id = :account AND id <= :id")
                        .bind("account", account.id().value())
                        .bind("id", start + 2)
                        .execute());

        assertThatThrownBy(() -> log.feed(admin, new EventLog.FeedStart.After(start + 1), 100))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("older than the oldest event kept");
        assertThatThrownBy(() -> log.feed(admin, new EventLog.FeedStart.At(Instant.EPOCH), 100))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("older than the oldest event kept");
        assertThat(log.feed(admin, new EventLog.FeedStart.After(start + 2), 100).events())
                .extracting(Event::id)
                .containsExactly(start + 3);
    }

    @Test
    void aPositionPastTheLatestEventIsRefused() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        long last = events.mark(account.id());

        assertThatThrownBy(() -> log.feed(admin, new EventLog.FeedStart.After(last + 1), 100))
                .isInstanceOf(ValidationException.class);
    }

    @Test
    void onlyAdminsReadTheFeedAndTheAuditLog() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller agent = fixtures.agent(account.id(), Role.AGENT).caller();

        assertThatThrownBy(() -> log.feed(agent, new EventLog.FeedStart.After(0), 10))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> log.audit(agent, AuditFilter.all(), PageRequest.first(10)))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> log.auditEntry(agent, 1)).isInstanceOf(ForbiddenException.class);
    }

    // ---- audit log ----------------------------------------------------------------------------------------------

    @Test
    void auditEntriesNameTheActorAndDescribeTheChange() {
        TestAccount account = fixtures.accountWithoutGroups();
        TestAgent admin = account.admin();
        Group group = fixtures.group(account.id(), "Tier 2 (EU)");
        TestAgent ada = fixtures.agent(account.id(), Role.AGENT);
        events.record(
                admin.caller(),
                API,
                NewEvent.ofGroup(
                        EventType.GROUP_UPDATED,
                        group.id(),
                        "Tier 2 (EU)",
                        Map.of("name", new Change("Tier 2", "Tier 2 (EU)"))));
        events.record(
                Caller.system(account.id()),
                Origin.of(Via.IMPORT),
                NewEvent.ofMembership(
                        EventType.USER_GROUP_MEMBERSHIP_CREATED,
                        777,
                        ada.agent().id(),
                        group.id(),
                        Map.of("user_id", Change.created(ada.agent().id().value()))));

        List<AuditEntry> entries = log.audit(
                        admin.caller(),
                        new AuditFilter(
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                true),
                        PageRequest.first(100))
                .items();
        AuditEntry membership = entries.stream()
                .filter(e -> e.event().sourceId() == 777)
                .findFirst()
                .orElseThrow();
        AuditEntry rename = entries.stream()
                .filter(e -> e.event().type() == EventType.GROUP_UPDATED
                        && e.event().sourceId() == group.id().value())
                .findFirst()
                .orElseThrow();

        assertThat(rename.description()).isEqualTo("Name changed from Tier 2 to Tier 2 (EU)");
        assertThat(rename.actorName()).contains(admin.agent().name());
        assertThat(rename.sourceLabel()).isEqualTo("Tier 2 (EU)");
        assertThat(rename.event().clientAddress()).contains("203.0.113.9");
        assertThat(membership.description()).isEqualTo("Added " + ada.agent().name() + " to Tier 2 (EU)");
        assertThat(membership.sourceLabel()).isEqualTo(ada.agent().name() + " in Tier 2 (EU)");
        assertThat(membership.actorName()).isEmpty();
        assertThat(membership.event().via()).isEqualTo(Via.IMPORT);
        assertThat(entries.indexOf(membership)).isLessThan(entries.indexOf(rename)); // newest first
    }

    @Test
    void auditFiltersSelectByEachField() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        TestAgent other = fixtures.agent(account.id(), Role.ADMIN);
        Instant before = MembershipHistory.between();
        events.record(admin, API, renamed(31, "A", "B"));
        events.record(other.caller(), Origin.of(Via.CONSOLE), renamed(32, "C", "D"));
        events.record(
                admin,
                new Origin(Via.API, Optional.empty(), Optional.of("198.51.100.7")),
                NewEvent.ofGroup(
                        EventType.GROUP_DELETED, new GroupId(33), "E", Map.of("deleted", new Change(false, true))));
        Instant after = MembershipHistory.between();
        events.record(Caller.system(account.id()), Origin.SYSTEM, renamed(34, "F", "G"));

        assertThat(sourceIds(admin, filter(f -> f.sourceId(32L).sourceType(SourceType.GROUP))))
                .containsExactly(32L);
        assertThat(sourceIds(
                        admin,
                        filter(f -> f.actor(AuditFilter.Actor.of(other.agent().id())))))
                .containsExactly(32L);
        assertThat(sourceIds(admin, filter(f -> f.actor(AuditFilter.Actor.system()))))
                .contains(34L)
                .doesNotContain(31L, 32L, 33L);
        assertThat(sourceIds(admin, filter(f -> f.ip("198.51.100.7")))).containsExactly(33L);
        assertThat(sourceIds(admin, filter(f -> f.action(Action.DESTROY)))).containsExactly(33L);
        assertThat(sourceIds(admin, filter(f -> f.from(before).to(after).oldestFirst())))
                .containsExactly(31L, 32L, 33L);
    }

    @Test
    void aMembershipsEventsAreFoundByItsIdWhileItExistsAndAfterItIsRemoved() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        AgentId ada = fixtures.agent(account.id(), Role.AGENT).agent().id();
        Group group = fixtures.group(account.id(), "Found " + SEQUENCE.incrementAndGet());
        Membership membership = history.add(admin, ada, group);
        AuditFilter byId = filter(f -> f.sourceType(SourceType.GROUP_MEMBERSHIP)
                .sourceId(membership.id().value())
                .oldestFirst());

        List<EventType> whileItExists = types(admin, byId);
        history.remove(admin, membership);
        List<EventType> afterRemoval = types(admin, byId);

        assertThat(whileItExists).containsExactly(EventType.USER_GROUP_MEMBERSHIP_CREATED);
        assertThat(afterRemoval)
                .containsExactly(EventType.USER_GROUP_MEMBERSHIP_CREATED, EventType.USER_GROUP_MEMBERSHIP_DELETED);
    }

    @Test
    void auditPagesRunBothWaysInEitherOrder() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        for (long id = 41; id <= 45; id++) {
            events.record(admin, API, renamed(id, "x", "y"));
        }
        AuditFilter groups = filter(f -> f.sourceType(SourceType.GROUP));

        Slice<AuditEntry> first = log.audit(admin, groups, PageRequest.first(2));
        long lastOfFirst = first.items().get(1).event().id();
        Slice<AuditEntry> second = log.audit(admin, groups, PageRequest.after(new Cursor(lastOfFirst), 2));
        Slice<AuditEntry> back = log.audit(
                admin,
                groups,
                PageRequest.before(new Cursor(second.items().get(0).event().id()), 2));
        Slice<AuditEntry> offset =
                log.audit(admin, groups, PageRequest.offset(2, 2).withTotal());

        assertThat(first.items()).extracting(e -> e.event().sourceId()).containsExactly(45L, 44L);
        assertThat(first.hasMore()).isTrue();
        assertThat(second.items()).extracting(e -> e.event().sourceId()).containsExactly(43L, 42L);
        assertThat(back.items()).extracting(e -> e.event().sourceId()).containsExactly(45L, 44L);
        assertThat(offset.items()).extracting(e -> e.event().sourceId()).containsExactly(43L, 42L);
        assertThat(offset.total()).hasValue(5);
    }

    @Test
    void anotherAccountsEntryIsNotFound() {
        TestAccount mine = fixtures.accountWithoutGroups();
        TestAccount theirs = fixtures.accountWithoutGroups();
        events.record(theirs.admin().caller(), API, renamed(51, "x", "y"));
        long theirId = events.mark(theirs.id());

        assertThatThrownBy(() -> log.auditEntry(mine.admin().caller(), theirId)).isInstanceOf(NotFoundException.class);
        assertThat(log.auditEntry(theirs.admin().caller(), theirId).event().sourceId())
                .isEqualTo(51L);
    }

    // ---- membership as of a time --------------------------------------------------------------------------------

    @Test
    void membershipsAsOfFollowAddsDefaultMovesAndRemovals() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        // the agents first: an account's first group is its default group, which every new agent joins
        AgentId ada = fixtures.agent(account.id(), Role.AGENT).agent().id();
        Group first = fixtures.group(account.id(), "First " + SEQUENCE.incrementAndGet());
        Group second = fixtures.group(account.id(), "Second " + SEQUENCE.incrementAndGet());
        Instant beforeAll = MembershipHistory.between();
        Membership inFirst = history.add(admin, ada, first);
        Instant afterAdd = MembershipHistory.between();
        Membership inSecond = history.add(admin, ada, second);
        Instant afterSecondAdd = MembershipHistory.between();
        history.makeDefault(admin, inSecond);
        Instant afterDefaultMove = MembershipHistory.between();
        history.remove(admin, inFirst);
        Instant afterRemoval = MembershipHistory.between();

        assertThat(ofGroup(admin, first, beforeAll)).isEmpty();
        assertThat(ofGroup(admin, first, afterAdd))
                .containsExactly(tuple(inFirst.id().value(), true));
        assertThat(ofGroup(admin, second, afterAdd)).isEmpty();
        assertThat(ofGroup(admin, second, afterSecondAdd))
                .containsExactly(tuple(inSecond.id().value(), false));
        assertThat(ofGroup(admin, first, afterDefaultMove))
                .containsExactly(tuple(inFirst.id().value(), false));
        assertThat(ofGroup(admin, second, afterDefaultMove))
                .containsExactly(tuple(inSecond.id().value(), true));
        assertThat(ofGroup(admin, first, afterRemoval)).isEmpty();
        assertThat(ofAgent(admin, ada, afterDefaultMove))
                .containsExactly(
                        tuple(inFirst.id().value(), false), tuple(inSecond.id().value(), true));
        assertThat(ofAgent(admin, ada, afterRemoval))
                .containsExactly(tuple(inSecond.id().value(), true));
        assertThat(ofAgent(admin, ada, afterAdd))
                .containsExactly(tuple(inFirst.id().value(), true));
    }

    @Test
    void aRemovalMadeBeforeTheTimeButNumberedAfterALaterChangeIsNotAMembershipOfThatTime() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        AgentId ada = fixtures.agent(account.id(), Role.AGENT).agent().id();
        Group group = fixtures.group(account.id(), "Left early " + SEQUENCE.incrementAndGet());
        Membership left = history.add(admin, ada, group);
        long mark = events.mark(account.id());
        events.record(admin, API, renamed(31, "Late", "Later"));
        history.remove(admin, left);
        Instant then = MembershipHistory.between();
        // the rename took the lower id but was made after that time: what a change that commits before another
        // made earlier leaves, since ids are given at commit
        core.jdbi().useHandle(handle -> handle.createUpdate(
                        "UPDATE events SET occurred_at = :at WHERE account_id = :account AND id = :id")
                .bind("at", io.groupdesk.shared.Sql.timestamp(then.plusMillis(1)))
                .bind("account", account.id().value())
                .bind("id", mark + 1)
                .execute());

        assertThat(ofGroup(admin, group, then)).isEmpty();
        assertThat(ofAgent(admin, ada, then)).isEmpty();
    }

    @Test
    void membershipsAsOfPageLikeTheMembershipsOfNow() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        List<AgentId> agents = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            agents.add(fixtures.agent(account.id(), Role.AGENT).agent().id());
        }
        Group group = fixtures.group(account.id(), "Paged " + SEQUENCE.incrementAndGet());
        List<Membership> added = new java.util.ArrayList<>();
        for (int i = 0; i < 5; i++) {
            added.add(history.add(admin, agents.get(i), group));
        }
        Instant then = MembershipHistory.between();
        history.remove(admin, added.get(1));
        history.remove(admin, added.get(3));
        history.add(admin, agents.get(5), group);
        MembershipScope scope = MembershipScope.ofGroup(group.id());

        Slice<MembershipAsOf> page1 = log.membershipsAsOf(admin, scope, then, PageRequest.first(2));
        Slice<MembershipAsOf> page2 = log.membershipsAsOf(
                admin,
                scope,
                then,
                PageRequest.after(new Cursor(page1.items().get(1).id().value()), 2));
        Slice<MembershipAsOf> page3 = log.membershipsAsOf(
                admin,
                scope,
                then,
                PageRequest.after(new Cursor(page2.items().get(1).id().value()), 2));
        Slice<MembershipAsOf> offset =
                log.membershipsAsOf(admin, scope, then, PageRequest.offset(2, 2).withTotal());
        Slice<MembershipAsOf> back = log.membershipsAsOf(
                admin,
                scope,
                then,
                PageRequest.before(new Cursor(page3.items().get(0).id().value()), 2));

        List<Long> ids = added.stream().map(m -> m.id().value()).toList();
        assertThat(page1.items()).extracting(m -> m.id().value()).containsExactly(ids.get(0), ids.get(1));
        assertThat(page2.items()).extracting(m -> m.id().value()).containsExactly(ids.get(2), ids.get(3));
        assertThat(page3.items()).extracting(m -> m.id().value()).containsExactly(ids.get(4));
        assertThat(page3.hasMore()).isFalse();
        assertThat(offset.items()).extracting(m -> m.id().value()).containsExactly(ids.get(2), ids.get(3));
        assertThat(offset.total()).hasValue(5);
        assertThat(back.items()).extracting(m -> m.id().value()).containsExactly(ids.get(2), ids.get(3));
    }

    @Test
    void anAgentSeesPrivateGroupsAsOfATimeOnlyWhenInThemNow() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        TestAgent outsider = fixtures.agent(account.id(), Role.AGENT);
        AgentId member = fixtures.agent(account.id(), Role.AGENT).agent().id();
        Group secret = fixtures.privateGroup(account.id(), "Secret " + SEQUENCE.incrementAndGet());
        history.add(admin, member, secret);
        Instant then = MembershipHistory.between();

        assertThatThrownBy(() -> log.membershipsAsOf(
                        outsider.caller(), MembershipScope.ofGroup(secret.id()), then, PageRequest.first(10)))
                .isInstanceOf(NotFoundException.class);
        assertThat(log.membershipsAsOf(outsider.caller(), MembershipScope.ofAgent(member), then, PageRequest.first(10))
                        .items())
                .isEmpty();
        assertThat(log.membershipsAsOf(admin, MembershipScope.ofAgent(member), then, PageRequest.first(10))
                        .items())
                .hasSize(1);
    }

    @Test
    void asOfInTheFutureOrBeforeHistoryIsRefused() {
        TestAccount account = fixtures.accountWithoutGroups();
        Caller admin = account.admin().caller();
        Group group = fixtures.group(account.id(), "When " + SEQUENCE.incrementAndGet());
        MembershipScope scope = MembershipScope.ofGroup(group.id());
        Instant historyStart = core.jdbi()
                .withHandle(handle -> handle.createQuery("SELECT started_at FROM event_history")
                        .mapTo(java.time.OffsetDateTime.class)
                        .one())
                .toInstant();

        assertThatThrownBy(() -> log.membershipsAsOf(
                        admin, scope, Instant.now().plus(Duration.ofHours(1)), PageRequest.first(10)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("in the future");
        assertThatThrownBy(() -> log.membershipsAsOf(admin, scope, historyStart.minusSeconds(1), PageRequest.first(10)))
                .isInstanceOf(ValidationException.class)
                .hasMessageContaining("before membership history began");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static List<org.assertj.core.groups.Tuple> ofGroup(Caller caller, Group group, Instant asOf) {
        return read(caller, MembershipScope.ofGroup(group.id()), asOf);
    }

    private static List<org.assertj.core.groups.Tuple> ofAgent(Caller caller, AgentId agent, Instant asOf) {
        return read(caller, MembershipScope.ofAgent(agent), asOf);
    }

    private static List<org.assertj.core.groups.Tuple> read(Caller caller, MembershipScope scope, Instant asOf) {
        return log.membershipsAsOf(caller, scope, asOf, PageRequest.first(100)).items().stream()
                .map(m -> tuple(m.id().value(), m.isDefault()))
                .toList();
    }

    private static NewEvent renamed(long group, String from, String to) {
        return NewEvent.ofGroup(EventType.GROUP_UPDATED, new GroupId(group), to, Map.of("name", new Change(from, to)));
    }

    private static List<EventType> types(Caller caller, AuditFilter filter) {
        return log.audit(caller, filter, PageRequest.first(100)).items().stream()
                .map(e -> e.event().type())
                .toList();
    }

    private static List<Long> sourceIds(Caller caller, AuditFilter filter) {
        return log.audit(caller, filter, PageRequest.first(100)).items().stream()
                .map(e -> e.event().sourceId())
                .toList();
    }

    /** An audit filter built from {@link AuditFilter#all()}. */
    private static AuditFilter filter(java.util.function.UnaryOperator<FilterBuilder> build) {
        return build.apply(new FilterBuilder()).build();
    }

    private static final class FilterBuilder {
        private Optional<SourceType> sourceType = Optional.empty();
        private Optional<Long> sourceId = Optional.empty();
        private Optional<AuditFilter.Actor> actor = Optional.empty();
        private Optional<String> ip = Optional.empty();
        private Optional<Action> action = Optional.empty();
        private Optional<Instant> from = Optional.empty();
        private Optional<Instant> to = Optional.empty();
        private boolean newestFirst = true;

        FilterBuilder sourceType(SourceType value) {
            sourceType = Optional.of(value);
            return this;
        }

        FilterBuilder sourceId(long value) {
            sourceId = Optional.of(value);
            return this;
        }

        FilterBuilder actor(AuditFilter.Actor value) {
            actor = Optional.of(value);
            return this;
        }

        FilterBuilder ip(String value) {
            ip = Optional.of(value);
            return this;
        }

        FilterBuilder action(Action value) {
            action = Optional.of(value);
            return this;
        }

        FilterBuilder from(Instant value) {
            from = Optional.of(value);
            return this;
        }

        FilterBuilder to(Instant value) {
            to = Optional.of(value);
            return this;
        }

        FilterBuilder oldestFirst() {
            newestFirst = false;
            return this;
        }

        AuditFilter build() {
            return new AuditFilter(sourceType, sourceId, actor, ip, action, from, to, newestFirst);
        }
    }
}
