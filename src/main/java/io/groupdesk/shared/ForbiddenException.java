package io.groupdesk.shared;

/** The caller is known but its role does not allow the operation. */
public final class ForbiddenException extends GroupdeskException {
    public ForbiddenException(String message) {
        super(message);
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.FORBIDDEN;
    }
}
