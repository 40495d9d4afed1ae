/**
 * Idempotency keys: a create sent again with the same key and body is answered with the first answer instead of
 * being done twice. Owns the {@code idempotency_keys} table and its rules (who may replay what, expiry, one winner
 * among concurrent duplicates); imports no web or dialect code, so answers are stored as plain status, headers and
 * bytes.
 */
package io.groupdesk.idempotency;
