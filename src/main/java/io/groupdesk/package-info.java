/**
 * Groupdesk: agents, groups and group memberships of a helpdesk, served through four vendors' APIs over one store.
 * This package holds the entry point and the wiring of everything else, in plain constructors.
 */
package io.groupdesk;
