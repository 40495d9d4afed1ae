package io.groupdesk.api.zendesk;

import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.Ids;
import io.groupdesk.shared.ValidationException;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/** Typed reads of request fields, permissive as Zendesk is: numbers and booleans sent as strings are accepted. */
final class ZendeskFields {
    private ZendeskFields() {}

    /** A string field; JSON null reads as empty text, a number or boolean as its text, anything else is invalid. */
    static Optional<String> text(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null) {
            return Optional.empty();
        }
        if (value.isNull()) {
            return Optional.of("");
        }
        if (value.isString() || value.isNumber() || value.isBoolean()) {
            return Optional.of(value.asString());
        }
        throw ValidationException.of(field, Rule.INVALID, "must be a string");
    }

    /** A boolean field, also as {@code "true"}/{@code "false"}; null reads as absent. */
    static Optional<Boolean> bool(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isBoolean()) {
            return Optional.of(value.asBoolean());
        }
        if (value.isString()
                && (value.asString().equals("true") || value.asString().equals("false"))) {
            return Optional.of(Boolean.parseBoolean(value.asString()));
        }
        throw ValidationException.of(field, Rule.INVALID, "must be true or false");
    }

    /**
     * An id field: a JSON integer, or a string holding an id in its canonical form ({@link Ids}); null reads as
     * absent.
     */
    static Optional<Long> id(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isIntegralNumber() && value.canConvertToLong() && value.asLong() >= 0) {
            return Optional.of(value.asLong());
        }
        if (value.isString() && Ids.parse(value.asString()).isPresent()) {
            return Optional.of(Ids.parse(value.asString()).getAsLong());
        }
        throw ValidationException.of(field, Rule.INVALID, "must be a whole number");
    }

    /** A non-negative integer field, also as a string of digits; null reads as absent. */
    static Optional<Long> integer(JsonNode object, String field) {
        JsonNode value = object.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (value.isIntegralNumber() && value.canConvertToLong() && value.asLong() >= 0) {
            return Optional.of(value.asLong());
        }
        if (value.isString() && value.asString().strip().matches("\\d{1,18}")) {
            return Optional.of(Long.parseLong(value.asString().strip()));
        }
        throw ValidationException.of(field, Rule.INVALID, "must be a whole number");
    }
}
