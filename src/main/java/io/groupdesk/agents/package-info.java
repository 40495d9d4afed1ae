/**
 * Agents: the people who work tickets, with their role and profile; their memberships go through {@code memberships}
 * (one call per operation) and their password through {@code credentials}, which alone writes it. Imports
 * {@code access}, {@code credentials}, {@code groups}, {@code memberships} and {@code shared}; nothing from
 * {@code io.groupdesk.api}.
 */
package io.groupdesk.agents;
