/**
 * Accounts: the tenants. Every other table is scoped by an account. Imports {@code shared} only; nothing from
 * {@code io.groupdesk.api}.
 */
package io.groupdesk.accounts;
