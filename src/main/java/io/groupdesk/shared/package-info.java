/**
 * What every feature shares: the core exception hierarchy, paging types and transactions. Imports no feature
 * package and nothing from {@code io.groupdesk.api}.
 */
package io.groupdesk.shared;
