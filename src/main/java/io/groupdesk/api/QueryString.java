package io.groupdesk.api;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;

/**
 * A request's query parameters in their original order, decoded, so that pagination links can carry every
 * parameter the client sent. Raw {@code [} and {@code ]} are accepted as typed; rendering percent-encodes them.
 */
public final class QueryString {
    private final List<Parameter> parameters;

    /** One decoded {@code name=value} pair. */
    public record Parameter(String name, String value) {}

    private QueryString(List<Parameter> parameters) {
        this.parameters = List.copyOf(parameters);
    }

    public static QueryString parse(String raw) {
        List<Parameter> parameters = new ArrayList<>();
        if (raw != null && !raw.isEmpty()) {
            for (String pair : raw.split("&")) {
                if (pair.isEmpty()) {
                    continue;
                }
                int eq = pair.indexOf('=');
                String name = decode(eq < 0 ? pair : pair.substring(0, eq));
                String value = eq < 0 ? "" : decode(pair.substring(eq + 1));
                parameters.add(new Parameter(name, value));
            }
        }
        return new QueryString(parameters);
    }

    public List<Parameter> parameters() {
        return parameters;
    }

    /** The first value of {@code name}, if it was sent. */
    public Optional<String> first(String name) {
        return parameters.stream()
                .filter(p -> p.name().equals(name))
                .map(Parameter::value)
                .findFirst();
    }

    public boolean has(String name) {
        return parameters.stream().anyMatch(p -> p.name().equals(name));
    }

    /** Every value of {@code name}, in order. */
    public List<String> all(String name) {
        return parameters.stream()
                .filter(p -> p.name().equals(name))
                .map(Parameter::value)
                .toList();
    }

    /** A copy without the parameters {@code drop} matches, with {@code extra} appended. */
    public QueryString replacing(Predicate<String> drop, Parameter... extra) {
        List<Parameter> kept = new ArrayList<>(
                parameters.stream().filter(p -> !drop.test(p.name())).toList());
        kept.addAll(List.of(extra));
        return new QueryString(kept);
    }

    /** The encoded query string, without the leading {@code ?}; brackets and commas are percent-encoded. */
    public String encode() {
        StringBuilder out = new StringBuilder();
        for (Parameter parameter : parameters) {
            if (out.length() > 0) {
                out.append('&');
            }
            out.append(encode(parameter.name())).append('=').append(encode(parameter.value()));
        }
        return out.toString();
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a stray '%' is kept as typed
        }
    }
}
