package io.groupdesk.agents;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.Role;
import java.time.Instant;
import java.util.Optional;

/**
 * An agent as an import writes it, in the stored form (stripped, blank as null): a new agent when {@code id} is
 * empty, else new values for the active agent with that id. Imported agents get no password.
 */
public record ImportedAgent(
        Optional<AgentId> id,
        String name,
        String email,
        Role role,
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

    /** The stored agent {@code stored} as this import leaves it: the import's values over its own. */
    Agent applyTo(Agent stored) {
        return new Agent(
                stored.id(),
                stored.accountId(),
                name,
                email,
                role,
                phone,
                position,
                workId,
                alias,
                avatarUrl,
                locale,
                timeZone,
                acceptsAssignments,
                skillLevel,
                stored.active(),
                suspended,
                stored.createdAt(),
                stored.updatedAt());
    }

    /** A new agent this import adds, as stored with {@code id}. */
    Agent added(AgentId id, AccountId account, Instant now) {
        return new Agent(
                id,
                account,
                name,
                email,
                role,
                phone,
                position,
                workId,
                alias,
                avatarUrl,
                locale,
                timeZone,
                acceptsAssignments,
                skillLevel,
                true,
                suspended,
                now,
                now);
    }

    /** A stored agent in this form. */
    public static ImportedAgent of(Agent agent) {
        return new ImportedAgent(
                Optional.of(agent.id()),
                agent.name(),
                agent.email(),
                agent.role(),
                agent.suspended(),
                agent.phone(),
                agent.alias(),
                agent.locale(),
                agent.timeZone(),
                agent.position(),
                agent.workId(),
                agent.avatarUrl(),
                agent.acceptsAssignments(),
                agent.skillLevel());
    }

    public ImportedAgent withId(Optional<AgentId> newId) {
        return new ImportedAgent(
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
    public boolean sameFieldsAs(ImportedAgent other) {
        return withId(Optional.empty()).equals(other.withId(Optional.empty()));
    }

    /** The agent as {@link AgentService#create} would be asked for it, for its checks. */
    NewAgent asNewAgent() {
        AgentChanges.Builder details = AgentChanges.builder();
        Optional.ofNullable(phone).ifPresent(details::phone);
        Optional.ofNullable(alias).ifPresent(details::alias);
        Optional.ofNullable(locale).ifPresent(details::locale);
        Optional.ofNullable(timeZone).ifPresent(details::timeZone);
        Optional.ofNullable(position).ifPresent(details::position);
        Optional.ofNullable(workId).ifPresent(details::workId);
        Optional.ofNullable(avatarUrl).ifPresent(details::avatarUrl);
        Optional.ofNullable(skillLevel).ifPresent(details::skillLevel);
        return new NewAgent(name, email, Optional.of(role), details.build());
    }
}
