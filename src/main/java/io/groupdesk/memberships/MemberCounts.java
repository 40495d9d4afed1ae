package io.groupdesk.memberships;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.GroupId;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import org.jdbi.v3.core.Handle;

/**
 * The member count each group keeps on its row (V22__group_member_counts.sql): every statement that inserts or deletes
 * memberships changes it here, in the same transaction, so it always says what counting the group's memberships says.
 * An import is the exception: its batches run side by side over disjoint agents but mostly the same popular groups,
 * and adding to the groups' rows made each batch wait for the others to commit (2,000 memberships a second instead of
 * tens of thousands), so an import leaves the counts alone and {@link #recount}s the account's groups once at the end.
 */
final class MemberCounts {
    private MemberCounts() {}

    /** How many of {@code rows} fall in each group, by group id. */
    static <T> Map<Long, Long> perGroup(List<T> rows, Function<T, GroupId> groupOf) {
        Map<Long, Long> counts = new TreeMap<>();
        for (T row : rows) {
            counts.merge(groupOf.apply(row).value(), 1L, Long::sum);
        }
        return counts;
    }

    /**
     * Sets every group's count of the account to its number of memberships. It first locks the account's groups, in
     * the order membership writes lock them: a membership change running meanwhile holds its group's row until it
     * commits, so the count, read by a statement that starts once every row is held, includes each change committed
     * before it and none that is not, and a change that comes later adds to the recounted value.
     */
    static void recount(Handle handle, AccountId account) {
        handle.useTransaction(locked -> {
            locked.createQuery("SELECT id FROM agent_groups WHERE account_id = :account ORDER BY id FOR UPDATE")
                    .bind("account", account.value())
                    .mapTo(Long.class)
                    .list();
            count(locked, account);
        });
    }

    private static void count(Handle handle, AccountId account) {
        handle.createUpdate(
                        """
                        UPDATE agent_groups SET member_count = (
                            SELECT COUNT(*) FROM memberships m
                            WHERE m.account_id = agent_groups.account_id AND m.group_id = agent_groups.id)
                        WHERE account_id = :account
                        """)
                .bind("account", account.value())
                .execute();
    }

    /**
     * Adds each change to its group's count, in ascending group id order (the order membership writes lock groups
     * in): one statement for one group, else one statement over arrays for all of them.
     */
    static void add(Handle handle, AccountId account, Map<Long, Long> changes) {
        if (changes.isEmpty()) {
            return;
        }
        if (changes.size() == 1) {
            Map.Entry<Long, Long> change = changes.entrySet().iterator().next();
            handle.createUpdate(
                            """
                            UPDATE agent_groups SET member_count = member_count + :change
                            WHERE account_id = :account AND id = :group
                            """)
                    .bind("account", account.value())
                    .bind("group", change.getKey())
                    .bind("change", change.getValue())
                    .execute();
            return;
        }
        Map<Long, Long> sorted = new TreeMap<>(changes);
        handle.createUpdate(
                        """
                        MERGE INTO agent_groups g
                        USING (SELECT t.id, t.change FROM UNNEST(:groups, :changes) AS t (id, change)) AS c
                        ON g.account_id = :account AND g.id = c.id
                        WHEN MATCHED THEN UPDATE SET member_count = g.member_count + c.change
                        """)
                .bind("account", account.value())
                .bindArray("groups", Long.class, sorted.keySet().toArray())
                .bindArray("changes", Long.class, sorted.values().toArray())
                .execute();
    }
}
