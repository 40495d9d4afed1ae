package io.groupdesk.api.usedesk;

/** A request refused by the Usedesk adapter itself, such as an unreadable body or a missing parameter. */
final class UsedeskRequestException extends RuntimeException {
    private final int status;

    UsedeskRequestException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }

    int status() {
        return status;
    }
}
