package io.groupdesk.shared;

/** The named thing does not exist in the caller's account (also when it exists in another account). */
public final class NotFoundException extends GroupdeskException {
    private final String resource;

    public NotFoundException(String resource, Object id) {
        super(resource + " " + id + " not found");
        this.resource = resource;
    }

    /** The kind of thing that was not found, e.g. {@code group}. */
    public String resource() {
        return resource;
    }

    @Override
    public ErrorCode code() {
        return ErrorCode.NOT_FOUND;
    }
}
