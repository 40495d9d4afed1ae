package io.groupdesk.bulk;

import io.groupdesk.shared.AccountId;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.jdbi.v3.core.Jdbi;

/** The stored side of a bulk import: what an account holds, read whole, and writes in batches of one transaction. */
interface BulkRepository {

    static BulkRepository jdbc(Jdbi jdbi) {
        return new JdbcBulkRepository(jdbi);
    }

    /** A live group as stored. */
    record StoredGroup(long id, String name, String description, boolean isPublic, boolean isDefault) {}

    /** A group to insert; {@code isDefault} makes it the account's default group. */
    record NewGroupRow(String name, String description, boolean isPublic, boolean isDefault) {}

    /** An active agent as stored, or one to insert or to update (id 0 when new). */
    record AgentRow(
            long id,
            String name,
            String email,
            String role,
            boolean suspended,
            String phone,
            String alias,
            String locale,
            String timeZone,
            String position,
            String workId,
            String avatarUrl,
            boolean acceptsAssignments,
            Integer skillLevel) {

        AgentRow withId(long newId) {
            return new AgentRow(
                    newId,
                    name,
                    email,
                    role,
                    suspended,
                    phone,
                    alias,
                    locale,
                    timeZone,
                    position,
                    workId,
                    avatarUrl,
                    acceptsAssignments,
                    skillLevel);
        }

        /** Equal in every field an import writes. */
        boolean sameFieldsAs(AgentRow other) {
            return withId(0).equals(other.withId(0));
        }
    }

    /** A membership as stored, or one to insert. */
    record MembershipRow(long agentId, long groupId, boolean isDefault) {}

    /** The account's live groups by name key (lower-cased name). */
    Map<String, StoredGroup> liveGroups(AccountId account);

    /** The account's active agents by email key (trimmed, lower-cased email). */
    Map<String, AgentRow> activeAgents(AccountId account);

    /** Every membership of the account. */
    List<MembershipRow> memberships(AccountId account);

    /** Inserts and updates groups in one transaction. */
    void writeGroups(AccountId account, List<NewGroupRow> inserts, List<StoredGroup> updates, Instant now);

    /** Inserts and updates agents in one transaction; imported agents have no password. */
    void writeAgents(AccountId account, List<AgentRow> inserts, List<AgentRow> updates, Instant now);

    /**
     * Brings the planner's statistics up to date after many rows were added, so the checks of the memberships'
     * foreign keys do not run with plans made for near-empty tables (on PostgreSQL a 5,000-row batch took a second
     * instead of a fifth of one). A no-op where the database has no such statistics to refresh.
     */
    void refreshStatistics();

    /**
     * Changes the memberships of a batch of agents in one transaction: first drops the default mark of the agents in
     * {@code clearDefaults}, then marks {@code setDefaults} (existing rows) as default, then inserts.
     */
    void writeMemberships(
            AccountId account,
            List<Long> clearDefaults,
            List<MembershipRow> setDefaults,
            List<MembershipRow> inserts,
            Instant now);
}
