package io.groupdesk.api.zendesk;

import io.groupdesk.access.Caller;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.QueryString;
import io.groupdesk.shared.Cursor;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Slice;
import io.groupdesk.webhooks.Invocation;
import io.groupdesk.webhooks.Webhook;
import io.groupdesk.webhooks.WebhookFields;
import io.groupdesk.webhooks.WebhookService;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.ToLongFunction;
import tools.jackson.databind.JsonNode;

/**
 * {@code /api/v2/webhooks}: Zendesk's webhooks API, as node-zendesk 6's {@code webhooks} client calls it. Admins only.
 * Lists are cursor-paged only, as Zendesk pages webhooks.
 */
final class ZendeskWebhooksController {
    private static final String SIZE = "page[size]";
    private static final String AFTER = "page[after]";
    private static final String BEFORE = "page[before]";

    private final WebhookService webhooks;
    private final ZendeskJson json;
    private final BaseUrl baseUrl;

    ZendeskWebhooksController(WebhookService webhooks, ZendeskJson json, BaseUrl baseUrl) {
        this.webhooks = webhooks;
        this.json = json;
        this.baseUrl = baseUrl;
    }

    void list(Context ctx, Caller caller) {
        QueryString query = QueryString.parse(ctx.queryString());
        PageRequest page = page(query);
        Slice<Webhook> slice = webhooks.list(caller, page);
        json.send(ctx, 200, paged("webhooks", slice, ZendeskWebhooksJson::webhook, Webhook::id, page, ctx, query));
    }

    void show(Context ctx, Caller caller) {
        json.send(ctx, 200, one(webhooks.get(caller, id(ctx))));
    }

    void create(Context ctx, Caller caller) {
        WebhookFields fields = ZendeskWebhooksJson.fields(ZendeskWebhooksJson.wrapped(json.readObject(ctx)), false);
        Webhook created = webhooks.create(caller, fields);
        ctx.header("Location", baseUrl.of(ctx) + "/api/v2/webhooks/" + created.id());
        json.send(ctx, 201, one(created));
    }

    // Zendesk answers an update and a patch with 204 and no body
    void update(Context ctx, Caller caller) {
        long id = id(ctx);
        webhooks.update(
                caller, id, ZendeskWebhooksJson.fields(ZendeskWebhooksJson.wrapped(json.readObject(ctx)), true));
        ctx.status(204);
    }

    void patch(Context ctx, Caller caller) {
        long id = id(ctx);
        webhooks.update(
                caller, id, ZendeskWebhooksJson.fields(ZendeskWebhooksJson.wrapped(json.readObject(ctx)), false));
        ctx.status(204);
    }

    void delete(Context ctx, Caller caller) {
        webhooks.delete(caller, id(ctx));
        ctx.status(204);
    }

    /** Sends a request now; the webhook to test is {@code ?webhook_id=}, or the body's {@code webhook} describes it. */
    void test(Context ctx, Caller caller) {
        JsonNode body = json.readObject(ctx);
        Optional<Long> webhook = Optional.ofNullable(ctx.queryParam("webhook_id"))
                .filter(v -> !v.isBlank())
                .map(v -> ZendeskIds.parse(v, "webhook"));
        JsonNode described = body.get("webhook");
        WebhookFields fields = described != null && described.isObject()
                ? ZendeskWebhooksJson.fields(described, false)
                : WebhookFields.none();
        Optional<String> payload = Optional.ofNullable(body.get("request"))
                .map(request -> request.get("payload"))
                .filter(p -> p != null && !p.isNull())
                .map(p -> p.isString() ? p.asString() : p.toString());
        json.send(ctx, 200, ZendeskWebhooksJson.testResult(webhooks.test(caller, webhook, fields, payload)));
    }

    void invocations(Context ctx, Caller caller) {
        QueryString query = QueryString.parse(ctx.queryString());
        PageRequest page = page(query);
        Slice<Invocation> slice = webhooks.invocations(caller, id(ctx), page);
        json.send(
                ctx,
                200,
                paged("invocations", slice, ZendeskWebhooksJson::invocation, Invocation::id, page, ctx, query));
    }

    void attempts(Context ctx, Caller caller) {
        long invocation = ZendeskIds.parse(ctx.pathParam("invocation_id"), "invocation");
        var attempts = webhooks.attempts(caller, id(ctx), invocation);
        json.send(
                ctx,
                200,
                ZendeskJson.object(
                        "attempts",
                        attempts.stream().map(ZendeskWebhooksJson::attempt).toList()));
    }

    void signingSecret(Context ctx, Caller caller) {
        ctx.header("Cache-Control", "no-store");
        json.send(ctx, 200, ZendeskWebhooksJson.signingSecret(webhooks.signingSecret(caller, id(ctx))));
    }

    void resetSigningSecret(Context ctx, Caller caller) {
        ctx.header("Cache-Control", "no-store");
        json.send(ctx, 201, ZendeskWebhooksJson.signingSecret(webhooks.resetSigningSecret(caller, id(ctx))));
    }

    private static Map<String, Object> one(Webhook webhook) {
        return ZendeskJson.object("webhook", ZendeskWebhooksJson.webhook(webhook));
    }

    private static long id(Context ctx) {
        return ZendeskIds.parse(ctx.pathParam("id"), "webhook");
    }

    /** Cursor pages only: {@code page[size]} (at most 100), {@code page[after]} or {@code page[before]}. */
    private static PageRequest page(QueryString query) {
        int size = PageRequest.MAX_SIZE;
        Optional<String> raw = query.first(SIZE).map(String::strip).filter(v -> !v.isEmpty());
        if (raw.isPresent()) {
            try {
                size = Math.min(Integer.parseInt(raw.get()), PageRequest.MAX_SIZE);
            } catch (NumberFormatException e) {
                size = 0;
            }
            if (size < 1) {
                throw invalid(SIZE + " must be a positive integer");
            }
        }
        Optional<String> after = query.first(AFTER).filter(v -> !v.isEmpty());
        Optional<String> before = query.first(BEFORE).filter(v -> !v.isEmpty());
        if (after.isPresent() && before.isPresent()) {
            throw invalid("page[after] and page[before] cannot be used together");
        }
        if (after.isPresent()) {
            return PageRequest.after(cursor(after.get(), AFTER), size);
        }
        if (before.isPresent()) {
            return PageRequest.before(cursor(before.get(), BEFORE), size);
        }
        return PageRequest.first(size);
    }

    private static Cursor cursor(String text, String parameter) {
        return Cursor.parse(text).orElseThrow(() -> invalid(parameter + " is not a cursor this API returned"));
    }

    private static ZendeskRequestException invalid(String description) {
        return ZendeskRequestException.badRequest("InvalidPaginationParameter", description);
    }

    private <T> Map<String, Object> paged(
            String key,
            Slice<T> slice,
            Function<T, Map<String, Object>> render,
            ToLongFunction<T> idOf,
            PageRequest page,
            Context ctx,
            QueryString query) {
        List<T> items = slice.items();
        String first = items.isEmpty() ? null : new Cursor(idOf.applyAsLong(items.get(0))).encode();
        String last = items.isEmpty() ? null : new Cursor(idOf.applyAsLong(items.get(items.size() - 1))).encode();
        PageRequest.Keyset keyset = (PageRequest.Keyset) page;
        boolean backwards = keyset.direction() == PageRequest.Direction.BEFORE;
        boolean moreAfter = backwards ? last != null : slice.hasMore();
        boolean moreBefore = backwards ? slice.hasMore() : keyset.cursor().isPresent() && first != null;
        String pageUrl = baseUrl.of(ctx) + ctx.path();
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("has_more", moreAfter);
        meta.put("after_cursor", last);
        meta.put("before_cursor", first);
        Map<String, Object> links = new LinkedHashMap<>();
        links.put("prev", moreBefore ? link(pageUrl, query, BEFORE, first) : null);
        links.put("next", moreAfter ? link(pageUrl, query, AFTER, last) : null);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put(key, items.stream().map(render).toList());
        body.put("meta", meta);
        body.put("links", links);
        return body;
    }

    private static String link(String pageUrl, QueryString query, String name, String cursor) {
        QueryString next =
                query.replacing(n -> n.equals(AFTER) || n.equals(BEFORE), new QueryString.Parameter(name, cursor));
        return pageUrl + "?" + next.encode();
    }
}
