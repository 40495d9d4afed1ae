/**
 * Credentials: how a caller proves who they are. Passwords (hashing, storing and checking), API tokens and sign-in
 * tokens, the secrets that seal them, and the throttles on failed attempts; it turns a proven credential into an
 * {@link io.groupdesk.access.Caller}. It alone reads and writes the credential columns of {@code agents}, and owns the
 * {@code api_tokens} and {@code request_counts} tables; it imports only {@code io.groupdesk.access} and
 * {@code io.groupdesk.shared}.
 */
package io.groupdesk.credentials;
