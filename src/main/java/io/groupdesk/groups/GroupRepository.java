package io.groupdesk.groups;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Slice;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** Storage of groups; every method is scoped by account. */
public interface GroupRepository {

    static GroupRepository jdbc(Jdbi jdbi) {
        return new JdbcGroupRepository(jdbi);
    }

    Optional<Group> find(AccountId account, GroupId id);

    /** Reads a group and locks its row until the transaction ends. */
    Optional<Group> lock(AccountId account, GroupId id);

    /** The groups with these ids, in id order; ids of other accounts are skipped. */
    java.util.List<Group> findAll(AccountId account, java.util.Collection<GroupId> ids);

    /** The account's default group, if it has one. */
    Optional<Group> findDefault(AccountId account);

    /** Whether the account has an agent with this id. */
    boolean agentExists(AccountId account, AgentId agent);

    Slice<Group> list(AccountId account, GroupFilter filter, PageRequest page);

    long count(AccountId account, GroupFilter filter);

    /** An offset page of the groups {@code filter} covers, in {@code sort}'s order; only for live groups. */
    Slice<Group> search(AccountId account, GroupFilter filter, GroupSort sort, PageRequest.Offset page);

    /** The member count each of these groups keeps, by group; ids of other accounts are skipped. */
    java.util.Map<GroupId, Long> memberCounts(AccountId account, java.util.Collection<GroupId> ids);

    /** Whether a live group other than {@code except} has this name, ignoring case. */
    boolean nameTaken(AccountId account, String name, Optional<GroupId> except);

    /** Whether the account has a default group; when it has none, locks the account so only one becomes it. */
    boolean hasDefaultElseLock(AccountId account);

    /** @throws io.groupdesk.shared.ConflictException a live group already has the name */
    Group insert(AccountId account, NewGroup group, boolean isDefault, Instant now);

    /** @throws io.groupdesk.shared.ConflictException a live group already has the name */
    void update(Group group, Instant now);

    void markDeleted(AccountId account, GroupId id, Instant now);

    /** Whether the group is the default group of any agent. */
    boolean isAnAgentsDefault(AccountId account, GroupId id);

    /** Every live group of the account, read in one pass. */
    java.util.List<Group> live(AccountId account);

    /**
     * Inserts an import's new groups with one statement, and counts them in the account's tally.
     *
     * @return the groups inserted
     * @throws io.groupdesk.shared.ConflictException a live group already has one of the names
     */
    java.util.List<Group> insertAll(AccountId account, java.util.List<GroupService.ImportedGroup> groups, Instant now);

    /** Writes the description and publicity of an import's live groups, in one batch. */
    void updateAll(AccountId account, java.util.List<GroupService.ImportedGroup> groups, Instant now);
}
