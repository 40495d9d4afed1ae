/**
 * The HTTP server and what every dialect adapter shares: the Javalin setup, base URLs, query strings, request bodies
 * and limits, and the {@link io.groupdesk.api.RouteGuard} every route of every dialect and the console sits behind
 * (account, authentication, rate limit, then the handler; every failure to the dialect's one error mapper, which maps
 * core failures by {@link io.groupdesk.shared.ErrorCode}). Each dialect lives in its own subpackage, imports the core,
 * and never imports another dialect. Adapters only translate: no class here or below opens a transaction or touches a
 * jdbi type (ArchitectureTest); what must commit together is one core call.
 */
package io.groupdesk.api;
