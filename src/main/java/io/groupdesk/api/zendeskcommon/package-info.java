/**
 * What Zendesk's two dialects, the v2 JSON API and the classic XML API, share: reading Zendesk credentials. Imports
 * the core only; no dialect package.
 */
package io.groupdesk.api.zendeskcommon;
