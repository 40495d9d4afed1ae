/**
 * The OpenAPI description of the Zendesk v2 surface and Groupdesk's extensions, served at
 * {@code /api/v2/openapi.json} with a Swagger UI page at {@code /api/v2/docs}. The document is a reviewed resource
 * ({@code openapi/zendesk-v2.json}), not generated from code; a test checks it against real responses. Imports only
 * {@code io.groupdesk.api}; never a dialect or the core.
 */
package io.groupdesk.api.openapi;
