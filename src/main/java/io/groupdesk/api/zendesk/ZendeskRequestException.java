package io.groupdesk.api.zendesk;

import java.util.Map;

/** A request Zendesk would refuse before any core rule applies: malformed JSON, bad paging parameters. */
final class ZendeskRequestException extends RuntimeException {
    private final int status;
    private final Map<String, Object> body;

    ZendeskRequestException(int status, Map<String, Object> body) {
        super(String.valueOf(body), null, false, false);
        this.status = status;
        this.body = body;
    }

    static ZendeskRequestException badRequest(String error, String description) {
        return new ZendeskRequestException(400, ZendeskJson.object("error", error, "description", description));
    }

    static ZendeskRequestException invalidEndpoint() {
        return new ZendeskRequestException(
                404, ZendeskJson.object("error", "InvalidEndpoint", "description", "Not found"));
    }

    int status() {
        return status;
    }

    Map<String, Object> body() {
        return body;
    }
}
