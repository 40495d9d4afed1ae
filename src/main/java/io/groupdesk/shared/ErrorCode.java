package io.groupdesk.shared;

/** The stable, dialect-neutral code of a core failure; each dialect decides how to show it. */
public enum ErrorCode {
    NOT_FOUND,
    VALIDATION_FAILED,
    CONFLICT,
    FORBIDDEN,
    UNAUTHENTICATED,
    PRECONDITION_FAILED,
    TOO_MANY_REQUESTS
}
