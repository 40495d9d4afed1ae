/**
 * The admin console: server-rendered HTML pages at {@code /} and {@code /console/...}, signed in with an agent's
 * email and password and kept in a signed, expiring cookie (the credential reader it gives the route guard), so that
 * any node can serve any request. Every change goes through the core services with the signed-in agent as the caller.
 * Imports the core and {@code io.groupdesk.api}, never another dialect.
 */
package io.groupdesk.api.console;
