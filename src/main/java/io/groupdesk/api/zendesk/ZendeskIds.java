package io.groupdesk.api.zendesk;

import io.groupdesk.shared.NotFoundException;

/** Ids in Zendesk paths: positive integers, with or without a {@code .json} suffix. */
final class ZendeskIds {
    private ZendeskIds() {}

    /** @throws NotFoundException not a positive integer, so it names no record */
    static long parse(String raw, String resource) {
        String digits = raw.endsWith(".json") ? raw.substring(0, raw.length() - ".json".length()) : raw;
        try {
            long id = Long.parseLong(digits);
            if (id > 0) {
                return id;
            }
        } catch (NumberFormatException e) {
            // falls through: not an id
        }
        throw new NotFoundException(resource, digits);
    }
}
