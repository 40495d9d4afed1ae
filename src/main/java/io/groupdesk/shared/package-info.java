/**
 * What every feature shares: the ids and roles that name what a feature points at, the core exception hierarchy,
 * paging types, text rules and transactions. Imports no feature package and nothing from {@code io.groupdesk.api}.
 */
package io.groupdesk.shared;
