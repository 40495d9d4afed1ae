/**
 * The HTTP server and what every dialect adapter shares: the Javalin setup, base URLs and query strings. Each
 * dialect lives in its own subpackage, imports the core, and never imports another dialect.
 */
package io.groupdesk.api;
