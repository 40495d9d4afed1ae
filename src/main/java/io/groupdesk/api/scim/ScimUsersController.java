package io.groupdesk.api.scim;

import io.groupdesk.access.Caller;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.EntityTags;
import io.groupdesk.scim.ScimPage;
import io.groupdesk.scim.ScimPatch;
import io.groupdesk.scim.ScimProjection;
import io.groupdesk.scim.ScimUser;
import io.groupdesk.scim.ScimUserService;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.NotFoundException;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** {@code /scim/v2/Users}: agents as SCIM users. */
final class ScimUsersController {
    private final ScimUserService users;
    private final ScimJson json;
    private final BaseUrl baseUrl;

    ScimUsersController(ScimUserService users, ScimJson json, BaseUrl baseUrl) {
        this.users = users;
        this.json = json;
        this.baseUrl = baseUrl;
    }

    void list(Context ctx, Caller caller) {
        send(ctx, caller, ScimParams.ofQuery(ctx));
    }

    void search(Context ctx, Caller caller) {
        send(ctx, caller, ScimParams.ofSearch(json.readObject(ctx)));
    }

    private void send(Context ctx, Caller caller, ScimParams params) {
        ScimPage<ScimUser> page = users.list(caller, params.query());
        List<Map<String, Object>> resources = page.resources().stream()
                .map(user -> ScimProjection.apply(resource(ctx, user), params.attributes(), params.excluded()))
                .toList();
        json.send(ctx, 200, ScimDiscovery.list(resources, page.totalResults(), page.startIndex()));
    }

    void show(Context ctx, Caller caller) {
        ScimUser user = users.get(caller, id(ctx));
        ScimParams params = ScimParams.projection(ctx);
        sendOne(ctx, 200, user, params);
    }

    void create(Context ctx, Caller caller) {
        ScimUser user = users.create(caller, json.readObject(ctx));
        ctx.header("Location", location(ctx, user));
        sendOne(ctx, 201, user, ScimParams.projection(ctx));
    }

    void replace(Context ctx, Caller caller) {
        AgentId id = id(ctx);
        ScimUser user = users.replace(caller, id, json.readObject(ctx), EntityTags.ifMatch(ctx, id.value()));
        sendOne(ctx, 200, user, ScimParams.projection(ctx));
    }

    void patch(Context ctx, Caller caller) {
        AgentId id = id(ctx);
        List<ScimPatch.Operation> operations = ScimPatch.operations(json.readObject(ctx));
        ScimUser user = users.patch(caller, id, operations, EntityTags.ifMatch(ctx, id.value()));
        sendOne(ctx, 200, user, ScimParams.projection(ctx));
    }

    void delete(Context ctx, Caller caller) {
        AgentId id = id(ctx);
        users.delete(caller, id, EntityTags.ifMatch(ctx, id.value()));
        ctx.status(204);
    }

    private void sendOne(Context ctx, int status, ScimUser user, ScimParams params) {
        String version = EntityTags.of(user.id().value(), user.lastModified());
        ctx.header("ETag", version);
        json.send(ctx, status, ScimProjection.apply(resource(ctx, user), params.attributes(), params.excluded()));
    }

    private Map<String, Object> resource(Context ctx, ScimUser user) {
        Map<String, Object> resource = new LinkedHashMap<>(ScimUserService.document(user));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("resourceType", "User");
        meta.put("created", user.created().toString());
        meta.put("lastModified", user.lastModified().toString());
        meta.put("location", location(ctx, user));
        meta.put("version", EntityTags.of(user.id().value(), user.lastModified()));
        resource.put("meta", meta);
        return resource;
    }

    private String location(Context ctx, ScimUser user) {
        return baseUrl.of(ctx) + ScimApi.BASE + "/Users/" + user.id().value();
    }

    /** The path's id; one that is not an id of ours names no user. */
    private static AgentId id(Context ctx) {
        String raw = ctx.pathParam("id");
        return parse(raw).map(AgentId::new).orElseThrow(() -> new NotFoundException("agent", raw));
    }

    static Optional<Long> parse(String raw) {
        return raw.matches("[1-9][0-9]{0,17}") ? Optional.of(Long.parseLong(raw)) : Optional.empty();
    }
}
