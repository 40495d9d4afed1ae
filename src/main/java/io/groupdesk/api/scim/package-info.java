/**
 * The SCIM 2.0 door (RFC 7643, RFC 7644) under {@code /scim/v2}: identity providers provision agents and groups
 * with a Bearer API token of an administrator. Translates {@code application/scim+json} to the core's
 * {@code io.groupdesk.scim} services and renders their answers and failures in SCIM's formats; imports no other
 * dialect.
 */
package io.groupdesk.api.scim;
