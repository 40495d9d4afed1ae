package io.groupdesk.api.console;

import io.groupdesk.shared.Ids;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/** Reading a page's request: its page number, the id in its path, and the notice a redirect left for it. */
final class Pages {
    private static final int MAX_PAGE = 100_000;

    // a redirect names a notice by key, so that a link cannot put words of its own on the page
    private static final Map<String, String> NOTICES = Map.of(
            "created", "The group was created.",
            "saved", "The group was saved.",
            "deleted", "The group was deleted.",
            "added", "The member was added.",
            "removed", "The member was removed.",
            "default", "The default group was changed.",
            "agent-created", "The agent was created.",
            "suspended", "The agent was suspended.",
            "reactivated", "The agent was reactivated.",
            "token-revoked", "The token was revoked.");

    private Pages() {}

    /** The {@code page} query parameter, 1 when it is missing or not a sensible page number. */
    static int number(Context ctx) {
        try {
            int page =
                    Integer.parseInt(Optional.ofNullable(ctx.queryParam("page")).orElse("1"));
            return page < 1 || page > MAX_PAGE ? 1 : page;
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /** The {@code {id}} of the path; an id not in its canonical form ({@link Ids}) names nothing, which the core reports as not found. */
    static long id(Context ctx) {
        return Ids.parse(ctx.pathParam("id")).orElse(-1);
    }

    static Optional<String> notice(Context ctx) {
        return Optional.ofNullable(ctx.queryParam("notice")).map(NOTICES::get);
    }
}
