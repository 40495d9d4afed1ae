/**
 * Agents: the people who work tickets, with their role, profile and sign-in secret. Imports {@code accounts},
 * {@code access} and {@code shared}; nothing from {@code io.groupdesk.api}.
 */
package io.groupdesk.agents;
