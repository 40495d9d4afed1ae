/**
 * Access: who is calling (a {@link io.groupdesk.access.Caller}), what each role may do, and how credentials —
 * passwords and API tokens — are checked and stored. Authorization rules only; no web types and nothing from
 * {@code io.groupdesk.api}.
 */
package io.groupdesk.access;
