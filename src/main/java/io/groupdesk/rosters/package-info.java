/**
 * Rosters: the read model of who is in which group, a page of groups with their members or of agents with their
 * groups, each page read in a fixed handful of statements (never one per row) with {@link
 * io.groupdesk.access.Visibility} applied in its SQL. Reads only; every change goes through the features that own
 * it. Imports {@code shared}, {@code access} and the domain records of {@code agents}, {@code groups} and {@code
 * memberships}; nothing from {@code io.groupdesk.api}.
 */
package io.groupdesk.rosters;
