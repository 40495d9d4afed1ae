package io.groupdesk.shared;

/** A command collides with existing data, such as a name or email already in use; nothing was changed. */
public final class ConflictException extends GroupdeskException {
    private final FieldViolation violation;

    public ConflictException(String field, String message) {
        super(field + ": " + message);
        this.violation = FieldViolation.of(field, FieldViolation.Rule.TAKEN, message);
    }

    public FieldViolation violation() {
        return violation;
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.CONFLICT;
    }
}
