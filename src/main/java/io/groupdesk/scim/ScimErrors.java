package io.groupdesk.scim;

import io.groupdesk.shared.FieldViolation.Rule;
import io.groupdesk.shared.ValidationException;

/**
 * The fields SCIM's refusals are reported on, which the SCIM door turns into RFC 7644's {@code scimType}s: a
 * violation on {@link #FILTER} is {@code invalidFilter}, on {@link #PATH} {@code invalidPath}, on {@link #TARGET}
 * {@code noTarget}, on {@link #SYNTAX} {@code invalidSyntax}; an {@code IMMUTABLE} rule is {@code mutability}, and
 * anything else {@code invalidValue}.
 */
public final class ScimErrors {
    public static final String FILTER = "filter";
    public static final String PATH = "path";
    public static final String TARGET = "target";
    public static final String SYNTAX = "syntax";

    private ScimErrors() {}

    static ValidationException invalidPath(String message) {
        return ValidationException.of(PATH, Rule.INVALID, message);
    }

    static ValidationException noTarget(String message) {
        return ValidationException.of(TARGET, Rule.INVALID, message);
    }

    static ValidationException syntax(String message) {
        return ValidationException.of(SYNTAX, Rule.INVALID, message);
    }

    static ValidationException value(String attribute, String message) {
        return ValidationException.of(attribute, Rule.INVALID, message);
    }

    static ValidationException mutability(String attribute, String message) {
        return ValidationException.of(attribute, Rule.IMMUTABLE, message);
    }
}
