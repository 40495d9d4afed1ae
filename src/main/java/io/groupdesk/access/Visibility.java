package io.groupdesk.access;

import io.groupdesk.shared.AgentId;
import java.util.Optional;

/**
 * The one rule for which groups a caller sees: an admin (and the system) every group of the account, an agent the
 * public ones and the private ones it is a member of. Anything the caller cannot see does not exist for it: reads
 * answer "not found", lists leave it out. Every read of groups, memberships and rosters applies this rule, either in
 * memory ({@link #sees}) or in its SQL ({@link #groupVisibleSql}); nothing else writes it.
 */
public final class Visibility {
    /** The name of the bind parameter {@link #groupVisibleSql} reads the viewing agent's id from. */
    public static final String VIEWER = "viewer";

    private Visibility() {}

    /**
     * The agent whose memberships limit what the caller sees, or empty when the caller sees every group. A query
     * adds {@link #groupVisibleSql} and binds {@link #VIEWER} exactly when this is present.
     */
    public static Optional<AgentId> viewer(Caller caller) {
        return caller.isAdmin() ? Optional.empty() : Optional.of(caller.agent().orElseThrow());
    }

    /**
     * Whether the caller sees a group, given whether the group is public and a way to ask whether the caller's agent
     * is a member of it (asked only when the answer depends on it).
     */
    public static boolean sees(Caller caller, boolean groupIsPublic, java.util.function.Predicate<AgentId> isMember) {
        return viewer(caller)
                .map(agent -> groupIsPublic || isMember.test(agent))
                .orElse(true);
    }

    /**
     * The SQL condition under which the row {@code groupAlias} of {@code agent_groups} is visible to the agent bound
     * as {@code :viewer}: it is public, or the viewer is one of its members.
     */
    public static String groupVisibleSql(String groupAlias) {
        return "(" + groupAlias + ".is_public OR EXISTS (SELECT 1 FROM memberships viewer_membership"
                + " WHERE viewer_membership.account_id = " + groupAlias + ".account_id"
                + " AND viewer_membership.agent_id = :" + VIEWER
                + " AND viewer_membership.group_id = " + groupAlias + ".id))";
    }
}
