package io.groupdesk.scim;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.MembershipId;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/** The SCIM view of live groups, read in SQL, and a group's external id, kept beside the core's row. */
public interface ScimGroupRepository {

    static ScimGroupRepository jdbc(Jdbi jdbi) {
        return new JdbcScimGroupRepository(jdbi);
    }

    /** A live group, without members. */
    Optional<ScimGroup> find(AccountId account, GroupId id);

    /** A page of the live groups matching {@code filter}, without members, and how many match in all. */
    ScimPage<ScimGroup> list(AccountId account, Optional<ScimFilterSql> filter, ScimQuery query, String orderBy);

    /** The membership of an agent in a group, read by the pair's unique key (no other member is read). */
    Optional<MembershipId> membership(AccountId account, GroupId group, AgentId agent);

    /** Writes (or, when null, removes) a group's external id. */
    void saveExternalId(AccountId account, GroupId id, String externalId);
}
