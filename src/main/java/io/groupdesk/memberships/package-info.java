/**
 * Memberships: which agent is in which group, each agent's default group, and the one lock order every membership
 * change takes its row locks in ({@code LockOrder}), so the rules hold under concurrent requests on any number of
 * nodes. Imports {@code access} and {@code shared} only; nothing from {@code agents}, {@code groups} or
 * {@code io.groupdesk.api}.
 */
package io.groupdesk.memberships;
