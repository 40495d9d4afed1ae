package io.groupdesk.credentials;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;

/**
 * Agents' passwords as the core stores them: hashed here ({@link PasswordHasher}), and written here, the only writer
 * of {@code agents.password_hash}, which {@link Authenticator} reads. The agents feature calls it inside its own
 * transaction when an agent is created or changed with a password.
 */
public final class Passwords {
    private final CredentialRepository credentials;
    private final PasswordHasher hasher;

    public Passwords(CredentialRepository credentials, PasswordHasher hasher) {
        this.credentials = credentials;
        this.hasher = hasher;
    }

    /** A password's hash, ready to store; it never shows its value. */
    public static final class Hash {
        private final String value;

        private Hash(String value) {
            this.value = value;
        }

        @Override
        public String toString() {
            return "Hash[***]";
        }
    }

    /** Hashes a password: slow on purpose, so done before the transaction that stores it. */
    public Hash hash(String password) {
        return new Hash(hasher.hash(password));
    }

    /** Stores an active agent's password hash, in the caller's transaction when there is one. */
    public void store(AccountId account, AgentId agent, Hash hash) {
        credentials.storePasswordHash(account, agent, hash.value);
    }
}
