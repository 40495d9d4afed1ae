package io.groupdesk.api;

import io.javalin.http.Context;
import java.util.Optional;

/**
 * The scheme and authority clients reach Groupdesk at, used in {@code url} fields, {@code Location} headers and
 * pagination links: {@code GROUPDESK_PUBLIC_URL} when set, else the request's own (honouring a proxy's
 * {@code X-Forwarded-Proto} and {@code X-Forwarded-Host}).
 */
public final class BaseUrl {
    private final Optional<String> configured;

    public BaseUrl(Optional<String> configured) {
        this.configured = configured;
    }

    public String of(Context ctx) {
        if (configured.isPresent()) {
            return configured.get();
        }
        String scheme = firstValue(ctx.header("X-Forwarded-Proto")).orElse(ctx.scheme());
        String host = firstValue(ctx.header("X-Forwarded-Host"))
                .or(() -> Optional.ofNullable(ctx.host()))
                .orElse("localhost");
        return scheme + "://" + host;
    }

    /** The host the request addressed, which names its account. */
    public static String requestHost(Context ctx) {
        return firstValue(ctx.header("X-Forwarded-Host")).orElseGet(ctx::host);
    }

    private static Optional<String> firstValue(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String first = header.split(",", 2)[0].strip();
        return first.isEmpty() ? Optional.empty() : Optional.of(first);
    }
}
