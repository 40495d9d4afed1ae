package io.groupdesk.credentials;

/** What a request presented to prove who it is. Each dialect parses its own wire form into one of these. */
public sealed interface Credentials {

    /** An agent's email and password. */
    record EmailPassword(String email, String password) implements Credentials {
        @Override
        public String toString() {
            return "EmailPassword[email=" + email + "]";
        }
    }

    /** An account API token used on behalf of the agent with {@code email}. */
    record EmailToken(String email, String token) implements Credentials {
        @Override
        public String toString() {
            return "EmailToken[email=" + email + "]";
        }
    }

    /**
     * A Bearer token presented to the SCIM door, where an API token or a token limited to SCIM is good; the caller is
     * the agent the token was issued to.
     */
    record ScimToken(String token) implements Credentials {
        @Override
        public String toString() {
            return "ScimToken[***]";
        }
    }

    /** An API token alone; the caller is the agent the token was issued to. */
    record Token(String token) implements Credentials {
        @Override
        public String toString() {
            return "Token[***]";
        }
    }
}
