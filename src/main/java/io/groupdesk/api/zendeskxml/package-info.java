/**
 * The Zendesk classic REST API for groups: typed Rails XML under {@code /groups.xml} (and JSON on {@code .json}
 * paths), HTTP Basic authentication, membership set by an {@code <agents>} list. Imports the core,
 * {@code io.groupdesk.api} and {@code api.zendeskcommon}; never another dialect.
 */
package io.groupdesk.api.zendeskxml;
