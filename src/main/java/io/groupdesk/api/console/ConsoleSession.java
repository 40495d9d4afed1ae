package io.groupdesk.api.console;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import java.time.Instant;

/**
 * What a session cookie says: who signed in to which account, and until when the cookie holds.
 *
 * @param token the cookie's whole value, from which the session's CSRF token is derived
 */
record ConsoleSession(AccountId account, AgentId agent, Instant expiresAt, String token) {}
