package io.groupdesk.api.zendesk;

import io.groupdesk.shared.Ids;
import io.groupdesk.shared.NotFoundException;

/** Ids in Zendesk paths: canonical ids ({@link Ids}), with or without a {@code .json} suffix. */
final class ZendeskIds {
    private ZendeskIds() {}

    /** @throws NotFoundException not an id in its canonical form, so it names no record */
    static long parse(String raw, String resource) {
        String digits = raw.endsWith(".json") ? raw.substring(0, raw.length() - ".json".length()) : raw;
        return Ids.parse(digits).orElseThrow(() -> new NotFoundException(resource, digits));
    }
}
