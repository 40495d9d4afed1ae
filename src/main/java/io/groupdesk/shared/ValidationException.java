package io.groupdesk.shared;

import java.util.List;

/** A command broke one or more rules; nothing was changed. */
public final class ValidationException extends GroupdeskException {
    private final List<FieldViolation> violations;

    public ValidationException(List<FieldViolation> violations) {
        super(describe(violations));
        if (violations.isEmpty()) {
            throw new IllegalArgumentException("a validation failure needs at least one violation");
        }
        this.violations = List.copyOf(violations);
    }

    public ValidationException(FieldViolation violation) {
        this(List.of(violation));
    }

    public static ValidationException of(String field, FieldViolation.Rule rule, String message) {
        return new ValidationException(FieldViolation.of(field, rule, message));
    }

    public List<FieldViolation> violations() {
        return violations;
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.VALIDATION_FAILED;
    }

    private static String describe(List<FieldViolation> violations) {
        return violations.stream()
                .map(v -> v.field() + ": " + v.message())
                .reduce((a, b) -> a + "; " + b)
                .orElse("");
    }
}
