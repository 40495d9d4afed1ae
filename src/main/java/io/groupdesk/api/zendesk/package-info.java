/**
 * The Zendesk Support API v2 (JSON) dialect: routes under {@code /api/v2} behind the shared route guard, Zendesk's
 * object shapes, pagination, quota headers and error bodies. Imports the core, {@code io.groupdesk.api} and
 * {@code api.zendeskcommon}; never another dialect.
 */
package io.groupdesk.api.zendesk;
