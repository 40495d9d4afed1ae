package io.groupdesk.api.zendesk;

import io.groupdesk.accounts.AccountId;
import io.javalin.http.Context;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Zendesk's {@code X-Rate-Limit} and {@code X-Rate-Limit-Remaining} headers on every response: the account's
 * requests per minute and what is left of the current minute on this node. Advisory: nothing is refused here,
 * and {@code Retry-After} is never sent on a normal answer (node-zendesk reads it as a rate-limit error).
 */
final class ZendeskRateLimitHeaders {
    private final int perMinute;
    private final ConcurrentHashMap<Long, Window> windows = new ConcurrentHashMap<>();

    ZendeskRateLimitHeaders(int perMinute) {
        this.perMinute = perMinute;
    }

    private record Window(long minute, AtomicLong used) {}

    void apply(Context ctx, AccountId account) {
        long minute = System.currentTimeMillis() / 60_000;
        Window window = windows.compute(
                account.value(),
                (id, current) ->
                        current != null && current.minute() == minute ? current : new Window(minute, new AtomicLong()));
        long remaining = Math.max(0, perMinute - window.used().incrementAndGet());
        ctx.header("X-Rate-Limit", Integer.toString(perMinute));
        ctx.header("X-Rate-Limit-Remaining", Long.toString(remaining));
    }
}
