package io.groupdesk.shared;

/** No credential, or one that names nobody in the request's account. Never says which part was wrong. */
public final class UnauthenticatedException extends GroupdeskException {
    public UnauthenticatedException() {
        super("could not authenticate");
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.UNAUTHENTICATED;
    }
}
