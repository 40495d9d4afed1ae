/**
 * Memberships: which agent is in which group, and each agent's default group. Every change locks the agents it
 * touches and then the groups, in id order, so the rules hold under concurrent requests on any number of nodes.
 * Imports the core only; nothing from {@code io.groupdesk.api}.
 */
package io.groupdesk.memberships;
