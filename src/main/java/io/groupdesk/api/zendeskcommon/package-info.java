/**
 * What Zendesk's two dialects, the v2 JSON API and the classic XML API, share: reading Zendesk credentials, the
 * credential reader both give the route guard. Imports the core and {@code io.groupdesk.api}; no dialect package.
 */
package io.groupdesk.api.zendeskcommon;
