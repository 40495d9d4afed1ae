/**
 * Authorization: who is calling (a {@link io.groupdesk.access.Caller}: account, agent and role) and what each role may
 * do. How a caller proved who they are belongs to {@code io.groupdesk.credentials}; this package imports nothing but
 * {@code io.groupdesk.shared}, and no web types.
 */
package io.groupdesk.access;
