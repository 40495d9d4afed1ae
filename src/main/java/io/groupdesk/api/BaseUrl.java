package io.groupdesk.api;

import io.javalin.http.Context;
import java.util.Optional;

/**
 * The scheme and authority clients reach Groupdesk at, used in {@code url} fields, {@code Location} headers,
 * pagination links and the OpenAPI {@code servers}: {@code GROUPDESK_PUBLIC_URL} when set, else the request's own
 * scheme and host, which are a proxy's forwarded ones only when that proxy is trusted ({@link ProxyHeaders}).
 */
public final class BaseUrl {
    private final Optional<String> configured;
    private final ProxyHeaders proxy;

    public BaseUrl(Optional<String> configured, ProxyHeaders proxy) {
        this.configured = configured;
        this.proxy = proxy;
    }

    public String of(Context ctx) {
        if (configured.isPresent()) {
            return configured.get();
        }
        return proxy.scheme(ctx) + "://" + proxy.host(ctx).orElse("localhost");
    }

    /** The client's address: the connection's, or behind a trusted proxy the one it forwards. */
    public String client(Context ctx) {
        return proxy.client(ctx);
    }

    /** The host the request addressed, which names its account; empty when it names none. */
    public String host(Context ctx) {
        return proxy.host(ctx).orElse("");
    }
}
