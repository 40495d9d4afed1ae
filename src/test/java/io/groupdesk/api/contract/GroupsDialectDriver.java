package io.groupdesk.api.contract;

import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One dialect's groups API spoken exactly as its clients speak it, answered in core terms: ids in, ids out, and a
 * refusal as a {@link Refused} carrying one {@link Refusal}. {@link GroupsContract} drives every dialect through this.
 * An operation the dialect does not have is named by {@link #lacks(Operation)} with the reason, never imitated
 * through another dialect or the core.
 */
interface GroupsDialectDriver {

    /** The operations of the contract. */
    enum Operation {
        CREATE_GROUP,
        RENAME_GROUP,
        DELETE_GROUP,
        ADD_MEMBER,
        REMOVE_MEMBER,
        MEMBERS,
        LIST_GROUPS_IN_PAGES
    }

    /** How a dialect refused, whatever its status codes and bodies. */
    enum Refusal {
        NOT_FOUND,
        INVALID,
        FORBIDDEN,
        UNAUTHENTICATED
    }

    /** A refusal the dialect answered, already read from its wire format. */
    final class Refused extends RuntimeException {
        private final Refusal refusal;

        Refused(Refusal refusal, String answer) {
            super(refusal + ": " + answer);
            this.refusal = refusal;
        }

        Refusal refusal() {
            return refusal;
        }
    }

    /** Who calls, in which account: an agent with its credentials, or nobody (no credentials at all). */
    record Actor(TestAccount account, Optional<TestAgent> agent) {
        static Actor admin(TestAccount account) {
            return new Actor(account, Optional.of(account.admin()));
        }

        static Actor as(TestAccount account, TestAgent agent) {
            return new Actor(account, Optional.of(agent));
        }

        static Actor anonymous(TestAccount account) {
            return new Actor(account, Optional.empty());
        }
    }

    /** One page of a group listing, and what to pass to read the next one. */
    record GroupPage(List<GroupId> groups, Optional<String> next) {}

    /**
     * How the dialect treats a deleted group: empty when it is gone (not found from then on); otherwise how the
     * dialect keeps showing it, marked deleted.
     */
    Optional<String> showsDeletedGroups();

    /** The dialect's name, as the reports show it. */
    String name();

    /** Why the dialect has no such operation, or empty when it has it. */
    Optional<String> lacks(Operation operation);

    GroupId createGroup(Actor actor, String name);

    void renameGroup(Actor actor, GroupId group, String name);

    void deleteGroup(Actor actor, GroupId group);

    void addMember(Actor actor, GroupId group, AgentId agent);

    void removeMember(Actor actor, GroupId group, AgentId agent);

    /** The agents the dialect shows as members of the group. */
    Set<AgentId> members(Actor actor, GroupId group);

    /** The size of the pages the dialect answers when {@code wanted} is asked (some dialects fix it). */
    int pageSize(int wanted);

    /** One page of the account's live groups: the first when {@code next} is empty. */
    GroupPage listGroups(Actor actor, int size, Optional<String> next);
}
