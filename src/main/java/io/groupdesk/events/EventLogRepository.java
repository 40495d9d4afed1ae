package io.groupdesk.events;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jdbi.v3.core.Jdbi;

/** The reads of the audit log, the feed and membership history, over the events and the current rows they name. */
public interface EventLogRepository {
    static EventLogRepository jdbc(Jdbi jdbi) {
        return new JdbcEventLogRepository(jdbi);
    }

    /** An event with the current names of its actor, agent and group. */
    record Named(Event event, Optional<String> actorName, Optional<String> agentName, Optional<String> groupName) {}

    /**
     * A page of the account's events that pass {@code filter}, in its order.
     *
     * @param afterId read past this event in the filter's order (keyset), or empty for the first page
     * @param backwards read towards the start of the order, before {@code afterId}; the rows come back reversed
     * @param offset rows to skip (offset pages); zero for keyset pages
     * @param limit the most rows to read
     */
    List<Named> audit(
            AccountId account, AuditFilter filter, Optional<Long> afterId, boolean backwards, long offset, int limit);

    long countAudit(AccountId account, AuditFilter filter);

    Optional<Named> auditEntry(AccountId account, long id);

    /** The names of these groups, deleted or not; unknown ids are left out. */
    Map<Long, String> groupNames(AccountId account, Collection<Long> ids);

    /** The id of the account's first event after {@code time}, if any. */
    Optional<Long> firstIdAfter(AccountId account, Instant time);

    /** The id of the account's first event at or after {@code time}, if any. */
    Optional<Long> firstIdAtOrAfter(AccountId account, Instant time);

    /** When recording began: memberships before it are not known. */
    Instant historyStart();

    boolean agentExists(AccountId account, AgentId agent);

    /** Whether the group exists (deleted or not) and the viewer, when there is one, sees it. */
    boolean groupVisible(AccountId account, GroupId group, Optional<AgentId> viewer);

    /** Which of these groups the viewer sees (all of them that exist when there is no viewer). */
    Set<GroupId> visibleGroups(AccountId account, Collection<GroupId> groups, Optional<AgentId> viewer);

    /**
     * The scope's current memberships created at or before {@code asOf} in groups the viewer sees, by id, with
     * {@code isDefault} as it is now.
     *
     * @param beyondId only ids past this one in the direction read
     * @param descending read from the highest id down
     */
    List<MembershipAsOf> currentMemberships(
            AccountId account,
            MembershipScope scope,
            Instant asOf,
            Optional<AgentId> viewer,
            Optional<Long> beyondId,
            boolean descending,
            int limit);

    long countCurrentMemberships(AccountId account, MembershipScope scope, Instant asOf, Optional<AgentId> viewer);

    /** The scope's events of {@code type} from the event {@code fromId} on, in id order. */
    List<Event> eventsOf(AccountId account, MembershipScope scope, EventType type, long fromId);

    /** The current default group of each of these agents that has one. */
    Map<AgentId, GroupId> currentDefaults(AccountId account, Collection<AgentId> agents);

    /** These agents' {@code user.default_group_changed} events from the event {@code fromId} on, in id order. */
    List<Event> defaultChanges(AccountId account, Collection<AgentId> agents, long fromId);
}
