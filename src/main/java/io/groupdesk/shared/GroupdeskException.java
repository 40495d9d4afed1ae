package io.groupdesk.shared;

/** The root of every failure the core reports on purpose. Carries a stable code and no HTTP status. */
public abstract sealed class GroupdeskException extends RuntimeException
        permits NotFoundException,
                ValidationException,
                ConflictException,
                ForbiddenException,
                UnauthenticatedException,
                PreconditionFailedException,
                TooManyRequestsException {

    protected GroupdeskException(String message) {
        super(message, null, false, false);
    }

    public abstract ErrorCode code();
}
