package io.groupdesk.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.groups.Group;
import io.groupdesk.shared.Cursor;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.QueryPlans;
import io.groupdesk.testing.QueryPlans.Plan;
import io.groupdesk.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every read of the events (each audit filter, the feed, membership as of a time) and the incremental user export is
 * served by an index that leads with {@code account_id}, so its cost follows the account's own events and not every
 * tenant's. The statements are caught as the services run them and explained with the same parameters (see
 * {@link QueryPlans}; PostgreSQL is asked with sequential scans discouraged).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class EventLogQueryPlanTest {
    private static final List<String> TABLES = List.of("events", "agents", "memberships", "agent_groups");

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    @Parameter
    TestDatabase database;

    @Test
    void everyReadOfTheEventsUsesAnIndexLeadingWithAccountId() {
        TestAccount account = app.fixtures().account();
        Caller admin = account.admin().caller();
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        Group group = app.fixtures().group(account.id(), "Planned");
        RecordedEvents events = new RecordedEvents(app.groupdesk().database().jdbi(), Clock.systemUTC());
        Instant before = MembershipHistory.between();
        events.record(
                admin,
                new Origin(Via.API, Optional.of("r"), Optional.of("203.0.113.1")),
                NewEvent.ofGroup(EventType.GROUP_UPDATED, group.id(), "Planned", Map.of("name", new Change("A", "B"))));
        Instant after = MembershipHistory.between();
        EventLog log = app.services().eventLog();
        List<Plan> plans = new ArrayList<>();

        QueryPlans.explaining(
                app.groupdesk().database().jdbi(),
                database,
                sql -> sql.startsWith("select") && sql.matches(".*(from|join) (events|agents|memberships)\\b.*"),
                plans,
                () -> {
                    for (AuditFilter filter : List.of(
                            AuditFilter.all(),
                            only(SourceType.GROUP, Optional.of(group.id().value())),
                            only(SourceType.USER, Optional.empty()),
                            new AuditFilter(
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.of(AuditFilter.Actor.of(
                                            account.admin().agent().id())),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty(),
                                    true),
                            new AuditFilter(
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.of(AuditFilter.Actor.system()),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty(),
                                    true),
                            new AuditFilter(
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.of("203.0.113.1"),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty(),
                                    true),
                            new AuditFilter(
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.of(Action.UPDATE),
                                    Optional.empty(),
                                    Optional.empty(),
                                    false),
                            new AuditFilter(
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.empty(),
                                    Optional.of(before),
                                    Optional.of(after),
                                    true))) {
                        log.audit(admin, filter, PageRequest.first(100));
                        log.audit(admin, filter, PageRequest.after(new Cursor(1_000_000), 100));
                        log.audit(admin, filter, PageRequest.offset(1, 100).withTotal());
                    }
                    log.auditEntry(admin, events.mark(account.id()));
                    log.feed(admin, new EventLog.FeedStart.After(0), 100);
                    log.feed(admin, new EventLog.FeedStart.At(before), 100);
                    log.membershipsAsOf(
                            admin,
                            MembershipScope.ofGroup(group.id()),
                            after,
                            PageRequest.offset(1, 100).withTotal());
                    log.membershipsAsOf(
                            agent.caller(),
                            MembershipScope.ofAgent(agent.agent().id()),
                            after,
                            PageRequest.first(100));
                    app.services().agents().changedSince(admin, before, 0, Optional.empty(), 1000);
                });

        assertThat(plans).extracting(Plan::sql).anyMatch(sql -> sql.contains("from events"));
        assertThat(plans).extracting(Plan::sql).anyMatch(sql -> sql.contains("from memberships"));
        assertThat(plans).extracting(Plan::sql).anyMatch(sql -> sql.contains("from agents a"));
        Set<String> accountLed =
                QueryPlans.accountLedIndexes(app.groupdesk().database().jdbi(), database, TABLES);
        for (Plan plan : plans) {
            QueryPlans.assertAccountLed(plan, accountLed);
        }
    }

    private static AuditFilter only(SourceType type, Optional<Long> id) {
        return new AuditFilter(
                Optional.of(type),
                id,
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                Optional.empty(),
                true);
    }
}
