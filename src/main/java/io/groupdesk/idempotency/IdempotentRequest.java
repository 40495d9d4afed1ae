package io.groupdesk.idempotency;

import io.groupdesk.shared.AccountId;

/**
 * One request that carries an idempotency key. A key is scoped by account, caller and path: the same key sent by
 * another caller, in another account or to another endpoint is another key.
 *
 * @param caller who sends it, e.g. {@code agent:42}
 * @param path the endpoint it is sent to, as the dialect names it
 * @param key the client's key
 * @param bodySha256 the SHA-256 of the request body, in lower-case hex
 */
public record IdempotentRequest(AccountId account, String caller, String path, String key, String bodySha256) {}
