/**
 * The Zendesk Support API v2 (JSON) dialect: routes under {@code /api/v2}, Basic and Bearer authentication,
 * Zendesk's object shapes, pagination and error bodies. Imports the core and {@code io.groupdesk.api}; never
 * another dialect.
 */
package io.groupdesk.api.zendesk;
