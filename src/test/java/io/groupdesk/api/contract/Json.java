package io.groupdesk.api.contract;

import tools.jackson.databind.json.JsonMapper;

/** JSON text for the drivers' request bodies. */
final class Json {
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private Json() {}

    /** {@code text} as a JSON string literal, quotes and escapes included. */
    static String quote(String text) {
        return MAPPER.writeValueAsString(text);
    }
}
