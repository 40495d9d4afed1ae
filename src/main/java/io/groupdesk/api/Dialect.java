package io.groupdesk.api;

import io.javalin.config.RoutesConfig;

/** One vendor's API: registers its routes, each wrapped in the dialect's own authentication and error mapping. */
public interface Dialect {
    void register(RoutesConfig routes);
}
