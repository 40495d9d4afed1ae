/**
 * Groups: named sets of agents that tickets are routed to, with soft delete, the account's default group and the
 * live-group tally; a change of a group's members runs under the memberships' locks, one membership call per
 * operation. Imports {@code access}, {@code memberships} and {@code shared}; nothing from {@code agents} or
 * {@code io.groupdesk.api}.
 */
package io.groupdesk.groups;
