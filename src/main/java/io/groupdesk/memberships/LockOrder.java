package io.groupdesk.memberships;

import io.groupdesk.memberships.MembershipRepository.AgentState;
import io.groupdesk.memberships.MembershipRepository.GroupState;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The one order in which a membership change takes its row locks, so that no two changes wait on each other in a
 * circle:
 *
 * <ol>
 *   <li>the agents it touches, all at once, in id order ({@link #agents});
 *   <li>then the groups it touches, all at once, in id order ({@link Held#groups}), at most once per change: among
 *       them the group whose row the change itself writes (a group update or delete runs under this lock), and the
 *       group of every membership that is to become a default when the change removes one, found under the agents'
 *       locks, where an agent's memberships cannot change.
 * </ol>
 *
 * <p>An agent's row is locked first by whoever changes it ({@code AgentService} locks it, then asks for its
 * memberships): that is step 1. A new group is locked after its members' agents, when it is created. The one lock
 * taken out of this order is {@link Held#lateGroup}: the next default of an agent the change did not lock, because it
 * joined the group after the change read the group's members. Both databases break the rare deadlock that can cause,
 * and {@code Transactions} runs the transaction again.
 */
final class LockOrder {
    private final MembershipRepository memberships;

    LockOrder(MembershipRepository memberships) {
        this.memberships = memberships;
    }

    /** Step 1: locks the agents that exist in the account, in id order, until the transaction ends. */
    Held agents(AccountId account, Collection<AgentId> agents) {
        return new Held(account, memberships.lockAgents(account, agents));
    }

    /** The locks one change holds. */
    final class Held {
        private final AccountId account;
        private final Map<AgentId, AgentState> agents;
        private Map<GroupId, GroupState> groups;

        private Held(AccountId account, Map<AgentId, AgentState> agents) {
            this.account = account;
            this.agents = agents;
        }

        /** The agents locked in step 1 that exist, by id. */
        Map<AgentId, AgentState> agents() {
            return agents;
        }

        /** Step 2, once per change: locks the groups that exist in the account, in id order. */
        Map<GroupId, GroupState> groups(Collection<GroupId> ids) {
            if (groups != null) {
                throw new IllegalStateException("a membership change locks its groups once, after its agents");
            }
            groups = new java.util.HashMap<>(memberships.lockGroups(account, ids));
            return groups;
        }

        /** The groups locked in step 2 that exist, by id. */
        Map<GroupId, GroupState> groups() {
            return groups == null ? Map.of() : groups;
        }

        boolean holdsAgent(AgentId agent) {
            return agents.containsKey(agent);
        }

        /**
         * Locks a group outside the order: the next default of an agent this change did not lock (see the class
         * comment). Does nothing when the change holds the group already.
         */
        void lateGroup(GroupId group) {
            if (groups != null && groups.containsKey(group)) {
                return;
            }
            Map<GroupId, GroupState> locked = memberships.lockGroups(account, List.of(group));
            if (groups == null) {
                groups = new java.util.HashMap<>();
            }
            groups.putAll(locked);
        }
    }
}
