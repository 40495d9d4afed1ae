package io.groupdesk.groups;

import io.groupdesk.shared.AccountId;
import org.jdbi.v3.core.Handle;

/**
 * The live-group tally of an account (V6__group_tallies.sql): every statement that inserts live groups or marks them
 * deleted changes it in the same transaction, so that counting an account's groups reads at most eight rows.
 */
final class GroupTallies {
    /** Concurrent creations in one account update different slots instead of queueing on one row lock. */
    static final int SLOTS = 8;

    private GroupTallies() {}

    /** Adds {@code change} live groups to the account's slot chosen by {@code key} (a group id, say). */
    static void add(Handle handle, AccountId account, long key, long change) {
        int slot = Math.floorMod(key, SLOTS);
        handle.createUpdate(
                        """
                        INSERT INTO group_tallies (account_id, slot, live_groups) VALUES (:account, :slot, 0)
                        ON CONFLICT DO NOTHING
                        """)
                .bind("account", account.value())
                .bind("slot", slot)
                .execute();
        handle.createUpdate(
                        """
                        UPDATE group_tallies SET live_groups = live_groups + :change
                        WHERE account_id = :account AND slot = :slot
                        """)
                .bind("account", account.value())
                .bind("slot", slot)
                .bind("change", change)
                .execute();
    }
}
