package io.groupdesk.api.console;

import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.FieldViolation;
import io.groupdesk.shared.ValidationException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The core's complaints about a submitted form, by field, to show next to each field. */
record FormErrors(Map<String, String> byField) {
    static final FormErrors NONE = new FormErrors(Map.of());

    static FormErrors of(ValidationException e) {
        return of(e.violations());
    }

    static FormErrors of(ConflictException e) {
        return of(List.of(e.violation()));
    }

    static FormErrors of(String field, String message) {
        return new FormErrors(Map.of(field, message));
    }

    private static FormErrors of(List<FieldViolation> violations) {
        Map<String, String> messages = new LinkedHashMap<>();
        violations.forEach(v -> messages.merge(v.field(), v.message(), (a, b) -> a + "; " + b));
        return new FormErrors(Map.copyOf(messages));
    }

    boolean has(String field) {
        return byField.containsKey(field);
    }

    String message(String field) {
        return byField.get(field);
    }

    /** Messages about fields the form does not show, e.g. {@code base}. */
    List<String> otherThan(List<String> shown) {
        return byField.entrySet().stream()
                .filter(e -> !shown.contains(e.getKey()))
                .map(e -> e.getKey().equals("base") ? e.getValue() : e.getKey() + " " + e.getValue())
                .toList();
    }
}
