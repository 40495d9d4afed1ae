package io.groupdesk.api.udesk;

/** A failure with one of Udesk's result codes (reference §1.5), decided by the adapter itself. */
final class UdeskException extends RuntimeException {
    static final int UNKNOWN = 2000;
    static final int NOT_FOUND = 2005;
    static final int NOT_ADMIN = 2015;
    static final int BAD_SIGNATURE = 2059;
    static final int BAD_TIMESTAMP = 20621;
    static final int STALE_TIMESTAMP = 20622;
    static final int NONCE_USED = 20623;
    static final int NONCE_MISSING = 20624;
    /** Groupdesk's own: Udesk documents a limit (60 a minute) but no code for going over it. */
    static final int TOO_MANY_REQUESTS = 20429;

    private final int code;
    private final String codeMessage;

    UdeskException(int code, String codeMessage, String detail) {
        super(detail, null, false, false);
        this.code = code;
        this.codeMessage = codeMessage;
    }

    int code() {
        return code;
    }

    String codeMessage() {
        return codeMessage;
    }
}
