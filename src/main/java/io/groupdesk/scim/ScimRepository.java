package io.groupdesk.scim;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The SCIM view of agents, read in SQL, and the SCIM-only attributes, written beside the core's rows. */
public interface ScimRepository {

    static ScimRepository jdbc(Jdbi jdbi) {
        return new JdbcScimRepository(jdbi);
    }

    /** SCIM-only attributes of a user; a null field is absent. */
    record UserExtras(String userName, String externalId, String givenName, String familyName, String department) {
        boolean isEmpty() {
            return userName == null
                    && externalId == null
                    && givenName == null
                    && familyName == null
                    && department == null;
        }
    }

    /** An active agent, with its groups. */
    Optional<ScimUser> findUser(AccountId account, AgentId id);

    /** A page of the active agents matching {@code filter}, with their groups, and how many match in all. */
    ScimPage<ScimUser> listUsers(AccountId account, Optional<ScimFilterSql> filter, ScimQuery query, String orderBy);

    /** Locks an active agent's row, the first lock of the memberships' lock order; false when there is none. */
    boolean lockAgent(AccountId account, AgentId id);

    /**
     * Whether another active agent of the account goes by {@code userNameKey} (lower-cased), by its SCIM user name or,
     * lacking one, by its email.
     */
    boolean userNameTaken(AccountId account, String userNameKey, Optional<AgentId> except);

    /** Writes (or removes, when empty) a user's SCIM-only attributes; a deleted agent's user name is freed first. */
    void saveUser(AccountId account, AgentId id, UserExtras extras);

    /** Frees the user name of a deleted agent. */
    void forgetUserName(AccountId account, AgentId id);

    /** The lower-cased form user names and emails are compared in. */
    static String key(String userName) {
        return userName.strip().toLowerCase(java.util.Locale.ROOT);
    }

    List<ScimUser.GroupRef> groupsOf(AccountId account, AgentId id);
}
