/**
 * Groups: named sets of agents that tickets are routed to, with soft delete and the account's default group.
 * Imports {@code accounts}, {@code agents}, {@code access} and {@code shared}; nothing from {@code io.groupdesk.api}.
 */
package io.groupdesk.groups;
