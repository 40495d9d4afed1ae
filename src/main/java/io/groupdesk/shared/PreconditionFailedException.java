package io.groupdesk.shared;

/**
 * A write named the version of the record it expected, and the record has changed since: someone else wrote it
 * first. Nothing was changed.
 */
public final class PreconditionFailedException extends GroupdeskException {
    private final String resource;

    public PreconditionFailedException(String resource, Object id) {
        super(resource + " " + id + " has changed since it was read");
        this.resource = resource;
    }

    /** The kind of thing that changed, e.g. {@code group}. */
    public String resource() {
        return resource;
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.PRECONDITION_FAILED;
    }
}
