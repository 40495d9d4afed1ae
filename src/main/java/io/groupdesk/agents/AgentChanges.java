package io.groupdesk.agents;

import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Role;
import java.util.Optional;
import java.util.Set;

/**
 * A partial update of an agent: an empty field is left as it is. For the optional profile fields (phone, alias, …)
 * a present empty string clears the value. {@code groups}, when present, becomes exactly the groups the agent is in.
 */
public record AgentChanges(
        Optional<String> name,
        Optional<String> email,
        Optional<Role> role,
        Optional<String> phone,
        Optional<String> position,
        Optional<String> workId,
        Optional<String> alias,
        Optional<String> avatarUrl,
        Optional<String> locale,
        Optional<String> timeZone,
        Optional<Boolean> acceptsAssignments,
        Optional<Integer> skillLevel,
        Optional<Boolean> suspended,
        Optional<String> password,
        Optional<GroupId> defaultGroup,
        Optional<Set<GroupId>> groups) {

    public static AgentChanges none() {
        return new Builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public boolean isEmpty() {
        return equals(none());
    }

    @Override
    public String toString() {
        return "AgentChanges[name=" + name + ", email=" + email + ", role=" + role + ", suspended=" + suspended
                + ", password=" + password.map(p -> "***") + ", defaultGroup=" + defaultGroup + "]";
    }

    /** Collects the fields a request names. */
    public static final class Builder {
        private Optional<String> name = Optional.empty();
        private Optional<String> email = Optional.empty();
        private Optional<Role> role = Optional.empty();
        private Optional<String> phone = Optional.empty();
        private Optional<String> position = Optional.empty();
        private Optional<String> workId = Optional.empty();
        private Optional<String> alias = Optional.empty();
        private Optional<String> avatarUrl = Optional.empty();
        private Optional<String> locale = Optional.empty();
        private Optional<String> timeZone = Optional.empty();
        private Optional<Boolean> acceptsAssignments = Optional.empty();
        private Optional<Integer> skillLevel = Optional.empty();
        private Optional<Boolean> suspended = Optional.empty();
        private Optional<String> password = Optional.empty();
        private Optional<GroupId> defaultGroup = Optional.empty();
        private Optional<Set<GroupId>> groups = Optional.empty();

        public Builder name(String value) {
            name = Optional.of(value);
            return this;
        }

        public Builder email(String value) {
            email = Optional.of(value);
            return this;
        }

        public Builder role(Role value) {
            role = Optional.of(value);
            return this;
        }

        public Builder phone(String value) {
            phone = Optional.of(value);
            return this;
        }

        public Builder position(String value) {
            position = Optional.of(value);
            return this;
        }

        public Builder workId(String value) {
            workId = Optional.of(value);
            return this;
        }

        public Builder alias(String value) {
            alias = Optional.of(value);
            return this;
        }

        public Builder avatarUrl(String value) {
            avatarUrl = Optional.of(value);
            return this;
        }

        public Builder locale(String value) {
            locale = Optional.of(value);
            return this;
        }

        public Builder timeZone(String value) {
            timeZone = Optional.of(value);
            return this;
        }

        public Builder acceptsAssignments(boolean value) {
            acceptsAssignments = Optional.of(value);
            return this;
        }

        public Builder skillLevel(int value) {
            skillLevel = Optional.of(value);
            return this;
        }

        public Builder suspended(boolean value) {
            suspended = Optional.of(value);
            return this;
        }

        public Builder password(String value) {
            password = Optional.of(value);
            return this;
        }

        public Builder defaultGroup(GroupId value) {
            defaultGroup = Optional.of(value);
            return this;
        }

        public Builder groups(Set<GroupId> value) {
            groups = Optional.of(Set.copyOf(value));
            return this;
        }

        public AgentChanges build() {
            return new AgentChanges(
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
                    suspended,
                    password,
                    defaultGroup,
                    groups);
        }
    }
}
