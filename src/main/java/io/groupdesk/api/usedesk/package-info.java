/**
 * The Usedesk API dialect: {@code POST /groups}, {@code /users}, {@code /create/user}, {@code /update/user} and
 * {@code /delete/user}, authenticated by an {@code api_token} sent in whatever form the client chose (so its
 * credential reader reads the body before anyone is known). Imports the core and {@code io.groupdesk.api}; never
 * another dialect.
 */
package io.groupdesk.api.usedesk;
