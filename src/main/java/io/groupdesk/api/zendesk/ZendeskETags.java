package io.groupdesk.api.zendesk;

import io.groupdesk.api.EntityTags;
import io.groupdesk.shared.ExpectedVersion;
import io.javalin.http.Context;
import java.time.Instant;

/** The Zendesk API's entity tags of single records and its {@code If-Match}: {@link EntityTags}. */
final class ZendeskETags {
    private ZendeskETags() {}

    static void set(Context ctx, long id, Instant updatedAt) {
        ctx.header("ETag", of(id, updatedAt));
    }

    static String of(long id, Instant updatedAt) {
        return EntityTags.of(id, updatedAt);
    }

    /** The versions of record {@code id} that the request's {@code If-Match} accepts. */
    static ExpectedVersion ifMatch(Context ctx, long id) {
        return EntityTags.ifMatch(ctx, id);
    }
}
