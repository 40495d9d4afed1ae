/**
 * The Udesk open API dialect under {@code /open_api_v1}: user groups and agents, requests signed with an account
 * API token in the query string (the credential reader this dialect gives the route guard), answers in Udesk's
 * {@code code} envelope. Imports the core and {@code io.groupdesk.api}; never another dialect.
 */
package io.groupdesk.api.udesk;
