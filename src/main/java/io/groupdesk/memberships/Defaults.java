package io.groupdesk.memberships;

import io.groupdesk.shared.GroupId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rule "an agent with memberships has exactly one default": where the default mark goes when an agent joins
 * groups. Every path that adds memberships asks here, the single additions as much as an import.
 */
final class Defaults {
    private Defaults() {}

    /** Whether a membership an agent joins becomes its default: when it is the agent's first. */
    static boolean joinIsDefault(boolean agentHasMemberships) {
        return !agentHasMemberships;
    }

    /**
     * What joining {@code groups} (in order; some maybe joined already) does to one agent's default mark.
     *
     * @param stored the groups the agent is in
     * @param storedDefault the agent's default group, empty when it has no memberships
     * @param wanted the group to become the default, when one is named (one of {@code groups})
     * @param clearStored the stored default loses its mark
     * @param markStored an existing membership (of {@code groups}) that gets the mark
     * @param inserts the new memberships, in order, each with its mark
     * @param unchanged existing memberships of {@code groups} that keep their mark as it is
     */
    record Plan(boolean clearStored, Optional<GroupId> markStored, List<Insert> inserts, long unchanged) {}

    /** A membership to insert, and whether it is the agent's default. */
    record Insert(GroupId group, boolean isDefault) {}

    static Plan plan(
            Set<GroupId> stored, Optional<GroupId> storedDefault, List<GroupId> groups, Optional<GroupId> wanted) {
        Optional<GroupId> target = wanted.isPresent() ? wanted : storedDefault;
        boolean moves = storedDefault.isPresent() && !storedDefault.equals(target);
        // the mark is in place already when the target is the stored default
        boolean given = target.isPresent() && target.equals(storedDefault);
        Optional<GroupId> mark = Optional.empty();
        List<Insert> inserts = new ArrayList<>();
        long unchanged = 0;
        for (GroupId group : groups) {
            // with no target at all the agent has no default yet: the first membership takes it
            boolean isTarget = target.isPresent() ? target.get().equals(group) : joinIsDefault(given);
            if (stored.contains(group)) {
                if (isTarget && !given) {
                    mark = Optional.of(group);
                    given = true;
                } else {
                    unchanged++;
                }
            } else {
                boolean isDefault = isTarget && !given;
                inserts.add(new Insert(group, isDefault));
                given |= isDefault;
            }
        }
        return new Plan(moves, mark, inserts, unchanged);
    }
}
