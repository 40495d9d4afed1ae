package io.groupdesk.api.zendeskxml;

/** A request refused before any core rule applies: malformed or hostile XML. Answered with 400. */
final class ZendeskXmlRequestException extends RuntimeException {
    ZendeskXmlRequestException(String message) {
        super(message, null, false, false);
    }
}
