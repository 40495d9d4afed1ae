package io.groupdesk.events;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/** Reading back the events a change recorded, and writing down the ones a test expects, in the stored form. */
final class EventsTestSupport {
    static final String USER_CREATED = "zen:event-type:user.created";
    static final String USER_DELETED = "zen:event-type:user.deleted";
    static final String USER_ACTIVE_CHANGED = "zen:event-type:user.active_changed";
    static final String USER_NAME_CHANGED = "zen:event-type:user.name_changed";
    static final String USER_EMAIL_CHANGED = "zen:event-type:user.email_changed";
    static final String USER_ROLE_CHANGED = "zen:event-type:user.role_changed";
    static final String USER_SUSPENDED_CHANGED = "groupdesk:event-type:user.suspended_changed";
    static final String USER_PROFILE_CHANGED = "groupdesk:event-type:user.profile_changed";
    static final String USER_PASSWORD_CHANGED = "groupdesk:event-type:user.password_changed";
    static final String MEMBERSHIP_CREATED = "zen:event-type:user.group_membership_created";
    static final String MEMBERSHIP_DELETED = "zen:event-type:user.group_membership_deleted";
    static final String DEFAULT_GROUP_CHANGED = "zen:event-type:user.default_group_changed";
    static final String GROUP_CREATED = "groupdesk:event-type:group.created";
    static final String GROUP_UPDATED = "groupdesk:event-type:group.updated";
    static final String GROUP_DELETED = "groupdesk:event-type:group.deleted";

    private EventsTestSupport() {}

    /**
     * An event as the tests compare it: its type's wire name, its source, the agent and group it concerns (null for
     * none) and its changes as stored.
     */
    record Seen(String type, String sourceType, long source, Long agent, Long group, String changes) {
        static Seen of(Event event) {
            return new Seen(
                    event.type().key(),
                    event.sourceType().key(),
                    event.sourceId(),
                    event.agent().map(AgentId::value).orElse(null),
                    event.group().map(GroupId::value).orElse(null),
                    event.changes());
        }
    }

    /** Who made the change and how it came, as an event records it. */
    record Made(Long actor, String via, String requestId, String clientAddress) {
        static Made of(Event event) {
            return new Made(
                    event.actor().map(AgentId::value).orElse(null),
                    event.via().key(),
                    event.requestId().orElse(null),
                    event.clientAddress().orElse(null));
        }
    }

    /**
     * The account's last event id: the mark a test reads the events of its own change after, once what the account
     * has staged is numbered (a running node does it a moment after each commit).
     */
    static long mark(Jdbi jdbi, AccountId account) {
        new EventSequencer(EventRepository.jdbc(jdbi)).sequence(account);
        return EventRepository.jdbc(jdbi).lastId(account);
    }

    /** The account's events after {@code mark}, in id order. */
    static List<Event> since(Jdbi jdbi, AccountId account, long mark) {
        new EventSequencer(EventRepository.jdbc(jdbi)).sequence(account);
        return EventRepository.jdbc(jdbi).after(account, mark, 10_000);
    }

    static List<Seen> seenSince(Jdbi jdbi, AccountId account, long mark) {
        return since(jdbi, account, mark).stream().map(Seen::of).toList();
    }

    /** An event about an agent. */
    static Seen user(String type, AgentId agent, String changes) {
        return new Seen(type, "user", agent.value(), agent.value(), null, changes);
    }

    /** An agent's default group moving; the event names the new group, or the old one when there is none. */
    static Seen defaultGroup(AgentId agent, GroupId from, GroupId to) {
        return new Seen(
                DEFAULT_GROUP_CHANGED,
                "user",
                agent.value(),
                agent.value(),
                (to != null ? to : from).value(),
                changes("default_group_id", from == null ? null : from.value(), to == null ? null : to.value()));
    }

    /** An event about a group. */
    static Seen group(String type, GroupId group, String changes) {
        return new Seen(type, "group", group.value(), null, group.value(), changes);
    }

    /** A membership made. */
    static Seen joined(long membership, AgentId agent, GroupId group, boolean isDefault) {
        return new Seen(
                MEMBERSHIP_CREATED,
                "group_membership",
                membership,
                agent.value(),
                group.value(),
                changes("user_id", null, agent.value(), "group_id", null, group.value(), "default", null, isDefault));
    }

    /** A membership removed, with its creation time kept. */
    static Seen left(io.groupdesk.memberships.Membership membership) {
        return new Seen(
                MEMBERSHIP_DELETED,
                "group_membership",
                membership.id().value(),
                membership.agentId().value(),
                membership.groupId().value(),
                changes(
                        "user_id",
                        membership.agentId().value(),
                        null,
                        "group_id",
                        membership.groupId().value(),
                        null,
                        "default",
                        membership.isDefault(),
                        null,
                        "created_at",
                        membership.createdAt().toString(),
                        null));
    }

    /**
     * The changes JSON an event stores, from triples of field, value before and value after: strings quoted,
     * numbers and booleans bare, {@code null} for none.
     */
    static String changes(Object... triples) {
        StringBuilder json = new StringBuilder("{");
        for (int i = 0; i < triples.length; i += 3) {
            if (i > 0) {
                json.append(',');
            }
            json.append('"')
                    .append(triples[i])
                    .append("\":{\"from\":")
                    .append(value(triples[i + 1]))
                    .append(",\"to\":")
                    .append(value(triples[i + 2]))
                    .append('}');
        }
        return json.append('}').toString();
    }

    private static String value(Object value) {
        if (value == null || value instanceof Boolean || value instanceof Number) {
            return String.valueOf(value);
        }
        return '"' + value.toString().replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }
}
