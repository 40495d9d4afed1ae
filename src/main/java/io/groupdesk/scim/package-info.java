/**
 * SCIM 2.0 provisioning in core terms: the filter grammar parsed into {@link io.groupdesk.scim.ScimFilter} and run as
 * SQL, the attribute mapping of SCIM users and groups onto agents and groups, PATCH applied to a resource, and the
 * SCIM-only attributes (an external id, a user name that is not the email, given and family names, a department)
 * kept in tables of its own. Writes go through the agents', groups' and memberships' services, so their rules and
 * events hold. Imports nothing of {@code api} and no web or JSON library: resources are plain maps and lists.
 */
package io.groupdesk.scim;
