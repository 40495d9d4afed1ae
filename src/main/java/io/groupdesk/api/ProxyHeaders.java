package io.groupdesk.api;

import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Where a request came from and what it addressed: the connection's own scheme, {@code Host} and address, or, when
 * the operator says the node sits behind a proxy ({@code GROUPDESK_TRUST_PROXY}), what that proxy forwards. Without
 * that setting every forwarded header is ignored, since any client can send them: {@code X-Forwarded-Host} would
 * otherwise pick the account and the links in responses, and {@code X-Forwarded-For} the address failed
 * authentications are throttled by.
 *
 * <p>Behind a trusted proxy, RFC 7239 {@code Forwarded} wins over the {@code X-Forwarded-*} headers parameter by
 * parameter: its {@code host=} over {@code X-Forwarded-Host}, {@code proto=} over {@code X-Forwarded-Proto},
 * {@code for=} over {@code X-Forwarded-For}; a parameter it leaves out is taken from the older header. Host and scheme
 * are the first proxy's (the first element or value: what the client addressed); the client address is the last one
 * (the address the proxy in front of this node saw).
 */
public final class ProxyHeaders {
    private static final ProxyHeaders IGNORED = new ProxyHeaders(false);
    private static final ProxyHeaders TRUSTED = new ProxyHeaders(true);

    private final boolean trusted;

    private ProxyHeaders(boolean trusted) {
        this.trusted = trusted;
    }

    /** Forwarded headers honoured when {@code trusted} ({@code GROUPDESK_TRUST_PROXY}), ignored otherwise. */
    public static ProxyHeaders trusted(boolean trusted) {
        return trusted ? TRUSTED : IGNORED;
    }

    /** The scheme the client used: {@code http} or {@code https}. */
    String scheme(Context ctx) {
        if (trusted) {
            Optional<String> forwarded =
                    first(forwarded(ctx), "proto").or(() -> firstValue(ctx.header("X-Forwarded-Proto")));
            if (forwarded.isPresent()) {
                return forwarded.get().toLowerCase(Locale.ROOT);
            }
        }
        return ctx.scheme();
    }

    /** The host (and port) the client addressed; empty when the request names none. */
    Optional<String> host(Context ctx) {
        if (trusted) {
            Optional<String> forwarded =
                    first(forwarded(ctx), "host").or(() -> firstValue(ctx.header("X-Forwarded-Host")));
            if (forwarded.isPresent()) {
                return forwarded;
            }
        }
        return Optional.ofNullable(ctx.host()).filter(host -> !host.isBlank());
    }

    /** The client's address: the connection's, or behind a trusted proxy the last forwarded one. */
    String client(Context ctx) {
        if (trusted) {
            Optional<String> forwarded = last(forwarded(ctx), "for")
                    .map(ProxyHeaders::withoutPort)
                    .or(() -> lastValue(ctx.header("X-Forwarded-For")));
            if (forwarded.isPresent()) {
                return forwarded.get();
            }
        }
        return ctx.req().getRemoteAddr();
    }

    /** The elements of every {@code Forwarded} header, in order, each as its parameters (names in lower case). */
    private static List<Map<String, String>> forwarded(Context ctx) {
        List<Map<String, String>> elements = new ArrayList<>();
        Enumeration<String> headers = ctx.req().getHeaders("Forwarded");
        if (headers == null) {
            return elements;
        }
        for (String header : Collections.list(headers)) {
            for (String element : split(header, ',')) {
                Map<String, String> parameters = new LinkedHashMap<>();
                for (String pair : split(element, ';')) {
                    int equals = pair.indexOf('=');
                    if (equals > 0) {
                        String value = pair.substring(equals + 1).strip();
                        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                            value = value.substring(1, value.length() - 1).replace("\\\"", "\"");
                        }
                        if (!value.isEmpty()) {
                            parameters.put(pair.substring(0, equals).strip().toLowerCase(Locale.ROOT), value);
                        }
                    }
                }
                elements.add(parameters);
            }
        }
        return elements;
    }

    private static Optional<String> first(List<Map<String, String>> elements, String parameter) {
        return elements.isEmpty()
                ? Optional.empty()
                : Optional.ofNullable(elements.get(0).get(parameter));
    }

    private static Optional<String> last(List<Map<String, String>> elements, String parameter) {
        return elements.isEmpty()
                ? Optional.empty()
                : Optional.ofNullable(elements.get(elements.size() - 1).get(parameter));
    }

    /** A {@code for=} node as an address: {@code "[2001:db8::17]:4711"} is {@code 2001:db8::17}. */
    private static String withoutPort(String node) {
        if (node.startsWith("[")) {
            int end = node.indexOf(']');
            return end > 0 ? node.substring(1, end) : node;
        }
        int colon = node.indexOf(':');
        return colon > 0 && colon == node.lastIndexOf(':') ? node.substring(0, colon) : node;
    }

    /** {@code text} split at {@code separator}s outside quoted strings, each part stripped, empty parts left out. */
    private static List<String> split(String text, char separator) {
        List<String> parts = new ArrayList<>();
        StringBuilder part = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"' && (i == 0 || text.charAt(i - 1) != '\\')) {
                quoted = !quoted;
            }
            if (c == separator && !quoted) {
                addStripped(parts, part);
                part.setLength(0);
            } else {
                part.append(c);
            }
        }
        addStripped(parts, part);
        return parts;
    }

    private static void addStripped(List<String> parts, CharSequence part) {
        String stripped = part.toString().strip();
        if (!stripped.isEmpty()) {
            parts.add(stripped);
        }
    }

    private static Optional<String> firstValue(String header) {
        if (header == null || header.isBlank()) {
            return Optional.empty();
        }
        String first = header.split(",", 2)[0].strip();
        return first.isEmpty() ? Optional.empty() : Optional.of(first);
    }

    private static Optional<String> lastValue(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String last = header.substring(header.lastIndexOf(',') + 1).strip();
        return last.isEmpty() ? Optional.empty() : Optional.of(last);
    }
}
