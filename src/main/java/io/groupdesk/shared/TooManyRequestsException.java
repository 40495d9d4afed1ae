package io.groupdesk.shared;

/** Too many requests, or too many failed authentications, in the current window; try again after it ends. */
public final class TooManyRequestsException extends GroupdeskException {
    private final long retryAfterSeconds;

    public TooManyRequestsException(long retryAfterSeconds) {
        super("too many requests; retry after " + retryAfterSeconds + " seconds");
        this.retryAfterSeconds = retryAfterSeconds;
    }

    /** Whole seconds until the window ends, at least 1. */
    public long retryAfterSeconds() {
        return retryAfterSeconds;
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.TOO_MANY_REQUESTS;
    }
}
