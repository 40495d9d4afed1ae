package io.groupdesk.api.scim;

/** A request the SCIM door refuses before any core call: a body that is not JSON, a bad parameter. */
final class ScimRequestException extends RuntimeException {
    private final int status;
    private final String scimType;

    ScimRequestException(int status, String scimType, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.scimType = scimType;
    }

    static ScimRequestException invalidSyntax(String detail) {
        return new ScimRequestException(400, "invalidSyntax", detail);
    }

    static ScimRequestException invalidValue(String detail) {
        return new ScimRequestException(400, "invalidValue", detail);
    }

    int status() {
        return status;
    }

    /** RFC 7644's {@code scimType}, or null. */
    String scimType() {
        return scimType;
    }
}
