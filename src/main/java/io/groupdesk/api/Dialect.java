package io.groupdesk.api;

import io.javalin.config.RoutesConfig;

/** One vendor's API: registers its routes, each wrapped in the dialect's own authentication and error mapping. */
public interface Dialect {
    void register(RoutesConfig routes);

    /**
     * The dialect's name in metrics and logs, the one {@code Config.Limits} uses too: the class name without
     * {@code Api}, in snake case ({@code ZendeskXmlApi} is {@code zendesk_xml}).
     */
    default String name() {
        String simple = getClass().getSimpleName().replaceFirst("Api$", "");
        return simple.replaceAll("([a-z0-9])([A-Z])", "$1_$2").toLowerCase(java.util.Locale.ROOT);
    }
}
