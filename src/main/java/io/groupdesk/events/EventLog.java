package io.groupdesk.events;

import io.groupdesk.access.Caller;
import io.groupdesk.access.Permission;
import io.groupdesk.access.Visibility;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.MembershipId;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Slice;
import io.groupdesk.shared.ValidationException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The reads of the recorded events: the audit log, the change feed, and memberships as they were at a past time.
 * Nothing here writes; {@link EventRecorder} does, inside the core services' transactions.
 */
public final class EventLog {
    /** The most events one feed page holds. */
    public static final int MAX_FEED_PAGE = 1000;

    private final EventLogRepository log;
    private final EventRepository events;
    private final EventSequencer sequencer;
    private final Duration retention;
    private final Clock clock;

    /**
     * @param retention how long events are kept ({@code GROUPDESK_EVENTS_RETENTION_DAYS}): history older than that
     *     is not known
     */
    public EventLog(
            EventLogRepository log, EventRepository events, EventSequencer sequencer, Duration retention, Clock clock) {
        this.log = log;
        this.events = events;
        this.sequencer = sequencer;
        this.retention = retention;
        this.clock = clock;
    }

    // ---- audit log ----------------------------------------------------------------------------------------------

    /**
     * A page of the account's audit log. Admins only. Keyset pages run in the filter's order (a cursor's "after" is
     * older for a newest-first read); offset pages count the matching events when asked.
     *
     * <p>The order is the events' ids, the order the sequencer numbered them in, which is what {@code created_at}
     * sorts by. Each event's time is its change's, stamped by the writer before it committed, so two changes that
     * committed at nearly the same moment may show times a few milliseconds out of that order; changes of the same
     * row wait for each other and so are always in order. Paging by id never skips or repeats an event, and the
     * time filters ({@link AuditFilter#from}, {@link AuditFilter#to}) compare each event's own time.
     *
     * @throws io.groupdesk.shared.ForbiddenException the caller may not read events (not an admin)
     */
    public Slice<AuditEntry> audit(Caller caller, AuditFilter filter, PageRequest page) {
        requireAdmin(caller);
        sequencer.sequence(caller.account());
        List<EventLogRepository.Named> rows;
        boolean backwards = false;
        OptionalLong total = OptionalLong.empty();
        if (page instanceof PageRequest.Keyset keyset) {
            backwards = keyset.direction() == PageRequest.Direction.BEFORE;
            rows = log.audit(
                    caller.account(), filter, keyset.cursor().map(c -> c.id()), backwards, 0, keyset.size() + 1);
        } else {
            PageRequest.Offset offset = (PageRequest.Offset) page;
            rows = log.audit(caller.account(), filter, Optional.empty(), false, offset.offset(), offset.size() + 1);
            if (offset.counted()) {
                total = OptionalLong.of(log.countAudit(caller.account(), filter));
            }
        }
        Slice<EventLogRepository.Named> slice = Slice.fromOverfetch(rows, page.size(), backwards, total);
        Map<Long, String> groupNames = log.groupNames(caller.account(), ChangeDescriptions.groupsNamed(slice.items()));
        return slice.map(row -> entry(row, groupNames));
    }

    /**
     * One entry of the account's audit log. Admins only.
     *
     * @throws NotFoundException no such event in the caller's account (or it was swept)
     */
    public AuditEntry auditEntry(Caller caller, long id) {
        requireAdmin(caller);
        sequencer.sequence(caller.account());
        EventLogRepository.Named row =
                log.auditEntry(caller.account(), id).orElseThrow(() -> new NotFoundException("audit log", id));
        return entry(row, log.groupNames(caller.account(), ChangeDescriptions.groupsNamed(List.of(row))));
    }

    private static AuditEntry entry(EventLogRepository.Named row, Map<Long, String> groupNames) {
        String label = ChangeDescriptions.label(row);
        return new AuditEntry(row.event(), row.actorName(), label, ChangeDescriptions.describe(row, groupNames));
    }

    // ---- the feed -----------------------------------------------------------------------------------------------

    /** Where a feed read begins: after an event (a position a page gave) or at a time. */
    public sealed interface FeedStart permits FeedStart.After, FeedStart.At {
        record After(long position) implements FeedStart {}

        record At(Instant time) implements FeedStart {}
    }

    /**
     * Up to {@code limit} of the account's events from {@code start}, in id order, which is the order their changes
     * committed: a consumer that reads on from each page's position sees every event once, including one whose
     * change took its place before a later one and committed after it. Admins only.
     *
     * @throws ValidationException the start lies before the oldest event kept, when older ones have been swept
     *     (the consumer would miss them), or the position is one this account never gave
     */
    public FeedPage feed(Caller caller, FeedStart start, int limit) {
        requireAdmin(caller);
        if (limit < 1 || limit > MAX_FEED_PAGE) {
            throw new IllegalArgumentException("feed pages hold 1.." + MAX_FEED_PAGE + " events, not " + limit);
        }
        sequencer.sequence(caller.account());
        Optional<Long> oldest = events.oldestId(caller.account());
        long position;
        if (start instanceof FeedStart.After after) {
            if (after.position() > events.lastId(caller.account())) {
                throw ValidationException.of(
                        "cursor", Rule.INVALID, "is past the latest event: it was not given by this feed");
            }
            position = after.position();
        } else {
            Instant time = ((FeedStart.At) start).time();
            if (time.isAfter(clock.instant())) {
                throw ValidationException.of("start_time", Rule.INVALID, "is in the future");
            }
            // every event at or after the time has an id at or past the first such one; events after that id may
            // carry an earlier time (ids are given after commit), and the page gives them too, rather than miss one
            Optional<Long> first = log.firstIdAtOrAfter(caller.account(), time);
            // swept events are older than the oldest kept: whether they were after the time is unknown
            boolean swept = oldest.map(id -> id > 1).orElse(events.lastId(caller.account()) > 0);
            if (swept && first.equals(oldest)) {
                throw ValidationException.of(
                        "start_time",
                        Rule.INVALID,
                        "is older than the oldest event kept (events are kept " + retention.toDays()
                                + " days): start at a later time");
            }
            position = first.map(id -> id - 1).orElseGet(() -> events.lastId(caller.account()));
        }
        // ids are consecutive: a gap between the position and the oldest kept event is events swept away
        long firstKept = oldest.orElseGet(() -> events.lastId(caller.account()) + 1);
        if (position + 1 < firstKept) {
            throw ValidationException.of(
                    start instanceof FeedStart.After ? "cursor" : "start_time",
                    Rule.INVALID,
                    "is older than the oldest event kept (events are kept " + retention.toDays()
                            + " days): events after it have been deleted; start again from a start_time");
        }
        List<Event> fetched = events.after(caller.account(), position, limit + 1);
        boolean more = fetched.size() > limit;
        List<Event> page = more ? fetched.subList(0, limit) : fetched;
        long last = page.isEmpty() ? position : page.get(page.size() - 1).id();
        return new FeedPage(List.copyOf(page), last, !more);
    }

    // ---- membership as of a time --------------------------------------------------------------------------------

    /**
     * The memberships of an agent or a group as they were at {@code asOf}, with the same paging and visibility as
     * the memberships of now: the memberships that exist and were created by then, and those removed since that
     * existed then (rebuilt from their removal's event); each one's {@code default} as it was then. Requires
     * {@link Permission#READ}; an agent sees the memberships of private groups only when it is in the group now.
     *
     * @throws NotFoundException the agent, or a group the caller can see, does not exist
     * @throws ValidationException {@code asOf} is in the future, before recording began, or before the oldest
     *     history kept
     */
    public Slice<MembershipAsOf> membershipsAsOf(Caller caller, MembershipScope scope, Instant asOf, PageRequest page) {
        caller.require(Permission.READ);
        Optional<AgentId> viewer = Visibility.viewer(caller);
        scope.agent().ifPresent(agent -> {
            if (!log.agentExists(caller.account(), agent)) {
                throw new NotFoundException("agent", agent);
            }
        });
        scope.group().ifPresent(group -> {
            if (!log.groupVisible(caller.account(), group, viewer)) {
                throw new NotFoundException("group", group);
            }
        });
        checkAsOf(asOf);
        sequencer.sequence(caller.account());
        // Every event after asOf has an id at or past firstAfter. Ids are given after commit, so an event past it may
        // still be of a change at or before asOf (it committed later than one after asOf, or came from a node whose
        // clock is behind): each event read from there on is judged by its own time, not by its id.
        Optional<Long> firstAfter = log.firstIdAfter(caller.account(), asOf);
        List<MembershipAsOf> removed = firstAfter
                .map(first -> removedSince(caller, scope, asOf, first, viewer))
                .orElse(List.of());

        List<MembershipAsOf> merged;
        boolean reversed = false;
        OptionalLong total = OptionalLong.empty();
        if (page instanceof PageRequest.Keyset keyset) {
            reversed = keyset.direction() == PageRequest.Direction.BEFORE;
            Optional<Long> cursor = keyset.cursor().map(c -> c.id());
            boolean descending = reversed;
            List<MembershipAsOf> current = log.currentMemberships(
                    caller.account(), scope, asOf, viewer, cursor, descending, keyset.size() + 1);
            List<MembershipAsOf> gone = removed.stream()
                    .filter(m -> cursor.map(c -> descending ? m.id().value() < c : m.id().value() > c)
                            .orElse(true))
                    .toList();
            merged = merge(current, gone, descending, keyset.size() + 1);
        } else {
            PageRequest.Offset offset = (PageRequest.Offset) page;
            int wanted = Math.toIntExact(offset.offset() + offset.size() + 1);
            List<MembershipAsOf> current =
                    log.currentMemberships(caller.account(), scope, asOf, viewer, Optional.empty(), false, wanted);
            List<MembershipAsOf> all = merge(current, removed, false, wanted);
            merged = all.subList(Math.min(all.size(), Math.toIntExact(offset.offset())), all.size());
            if (offset.counted()) {
                total = OptionalLong.of(
                        log.countCurrentMemberships(caller.account(), scope, asOf, viewer) + removed.size());
            }
        }
        Slice<MembershipAsOf> slice = Slice.fromOverfetch(merged, page.size(), reversed, total);
        Map<AgentId, Optional<GroupId>> defaults = defaultsAsOf(
                caller, slice.items().stream().map(MembershipAsOf::agent).toList(), asOf, firstAfter);
        return slice.map(m -> new MembershipAsOf(
                m.id(),
                m.agent(),
                m.group(),
                defaults.getOrDefault(m.agent(), Optional.empty())
                        .map(m.group()::equals)
                        .orElse(false),
                m.createdAt(),
                m.updatedAt().isAfter(asOf) ? m.createdAt() : m.updatedAt()));
    }

    private void checkAsOf(Instant asOf) {
        Instant now = clock.instant();
        if (asOf.isAfter(now)) {
            throw ValidationException.of("as_of", Rule.INVALID, "is in the future");
        }
        Instant historyStart = log.historyStart();
        if (asOf.isBefore(historyStart)) {
            throw ValidationException.of(
                    "as_of", Rule.INVALID, "is before membership history began (" + historyStart + ")");
        }
        Instant horizon = now.minus(retention);
        if (asOf.isBefore(horizon)) {
            throw ValidationException.of(
                    "as_of",
                    Rule.INVALID,
                    "is older than the history kept (" + retention.toDays() + " days, since " + horizon + ")");
        }
    }

    /** The scope's memberships removed after {@code asOf} that had been created by then, in id order. */
    private List<MembershipAsOf> removedSince(
            Caller caller, MembershipScope scope, Instant asOf, long firstAfter, Optional<AgentId> viewer) {
        List<MembershipAsOf> removed = new ArrayList<>();
        for (Event event : log.eventsOf(caller.account(), scope, EventType.USER_GROUP_MEMBERSHIP_DELETED, firstAfter)) {
            Object createdAt = JsonText.parse(event.changes())
                    .getOrDefault("created_at", new Change(null, null))
                    .from();
            if (createdAt == null
                    || event.agent().isEmpty()
                    || event.group().isEmpty()
                    || !event.time().isAfter(asOf)) {
                continue; // removed by asOf already
            }
            Instant created = Instant.parse(createdAt.toString());
            if (!created.isAfter(asOf)) {
                removed.add(new MembershipAsOf(
                        new MembershipId(event.sourceId()),
                        event.agent().get(),
                        event.group().get(),
                        false,
                        created,
                        created));
            }
        }
        if (viewer.isPresent() && !removed.isEmpty()) {
            Set<GroupId> visible = log.visibleGroups(
                    caller.account(),
                    removed.stream().map(MembershipAsOf::group).toList(),
                    viewer);
            removed.removeIf(m -> !visible.contains(m.group()));
        }
        removed.sort(Comparator.comparingLong(m -> m.id().value()));
        return removed;
    }

    /** Two lists in the same id order merged into one, at most {@code limit} long. */
    private static List<MembershipAsOf> merge(
            List<MembershipAsOf> left, List<MembershipAsOf> right, boolean descending, int limit) {
        List<MembershipAsOf> ordered = new ArrayList<>(right);
        if (descending) {
            ordered.sort(Comparator.comparingLong((MembershipAsOf m) -> m.id().value())
                    .reversed());
        }
        List<MembershipAsOf> merged = new ArrayList<>(Math.min(limit, left.size() + ordered.size()));
        int i = 0;
        int j = 0;
        while (merged.size() < limit && (i < left.size() || j < ordered.size())) {
            boolean takeLeft;
            if (i >= left.size()) {
                takeLeft = false;
            } else if (j >= ordered.size()) {
                takeLeft = true;
            } else {
                long l = left.get(i).id().value();
                long r = ordered.get(j).id().value();
                takeLeft = descending ? l > r : l < r;
            }
            merged.add(takeLeft ? left.get(i++) : ordered.get(j++));
        }
        return merged;
    }

    /**
     * Each agent's default group as it was at {@code asOf}: the {@code from} of its earliest default change after
     * {@code asOf} (read from the event {@code firstAfter} on, each judged by its own time; one agent's default
     * changes wait for each other, so their ids and their times are in the same order), otherwise its default now.
     */
    private Map<AgentId, Optional<GroupId>> defaultsAsOf(
            Caller caller, List<AgentId> agents, Instant asOf, Optional<Long> firstAfter) {
        Set<AgentId> distinct = new HashSet<>(agents);
        Map<AgentId, Optional<GroupId>> defaults = new HashMap<>();
        log.currentDefaults(caller.account(), distinct)
                .forEach((agent, group) -> defaults.put(agent, Optional.of(group)));
        if (firstAfter.isPresent()) {
            Set<AgentId> seen = new HashSet<>();
            for (Event change : log.defaultChanges(caller.account(), distinct, firstAfter.get())) {
                AgentId agent = change.agent().orElseThrow();
                if (change.time().isAfter(asOf) && seen.add(agent)) {
                    Object from = JsonText.parse(change.changes())
                            .getOrDefault("default_group_id", new Change(null, null))
                            .from();
                    defaults.put(
                            agent,
                            from == null
                                    ? Optional.empty()
                                    : Optional.of(new GroupId(Long.parseLong(from.toString()))));
                }
            }
        }
        return defaults;
    }

    private static void requireAdmin(Caller caller) {
        caller.require(Permission.READ_EVENTS);
    }
}
