package io.groupdesk.api.scim;

import io.groupdesk.access.Caller;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.EntityTags;
import io.groupdesk.scim.ScimGroup;
import io.groupdesk.scim.ScimGroupService;
import io.groupdesk.scim.ScimPage;
import io.groupdesk.scim.ScimPatch;
import io.groupdesk.scim.ScimProjection;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.NotFoundException;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** {@code /scim/v2/Groups}: groups as SCIM groups, their members read only when the answer shows them. */
final class ScimGroupsController {
    private final ScimGroupService groups;
    private final ScimJson json;
    private final BaseUrl baseUrl;

    ScimGroupsController(ScimGroupService groups, ScimJson json, BaseUrl baseUrl) {
        this.groups = groups;
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
        ScimPage<ScimGroup> page = groups.list(caller, params.query(), params.includes("members"));
        List<Map<String, Object>> resources = page.resources().stream()
                .map(group -> ScimProjection.apply(resource(ctx, group), params.attributes(), params.excluded()))
                .toList();
        json.send(ctx, 200, ScimDiscovery.list(resources, page.totalResults(), page.startIndex()));
    }

    void show(Context ctx, Caller caller) {
        ScimParams params = ScimParams.projection(ctx);
        sendOne(ctx, 200, groups.get(caller, id(ctx), params.includes("members")), params);
    }

    void create(Context ctx, Caller caller) {
        ScimGroup group = groups.create(caller, json.readObject(ctx));
        ctx.header("Location", location(ctx, group));
        sendOne(ctx, 201, group, ScimParams.projection(ctx));
    }

    void replace(Context ctx, Caller caller) {
        GroupId id = id(ctx);
        ScimGroup group = groups.replace(caller, id, json.readObject(ctx), EntityTags.ifMatch(ctx, id.value()));
        sendOne(ctx, 200, group, ScimParams.projection(ctx));
    }

    /** RFC 7644 §3.5.2: without {@code attributes} a PATCH may answer 204; Entra and Okta expect no members back. */
    void patch(Context ctx, Caller caller) {
        GroupId id = id(ctx);
        List<ScimPatch.Operation> operations = ScimPatch.operations(json.readObject(ctx));
        ScimParams params = ScimParams.projection(ctx);
        ScimGroup group = groups.patch(caller, id, operations, EntityTags.ifMatch(ctx, id.value()));
        if (!params.attributes().isEmpty() && params.includes("members")) {
            group = groups.get(caller, id, true);
        }
        sendOne(ctx, 200, group, params);
    }

    void delete(Context ctx, Caller caller) {
        GroupId id = id(ctx);
        groups.delete(caller, id, EntityTags.ifMatch(ctx, id.value()));
        ctx.status(204);
    }

    private void sendOne(Context ctx, int status, ScimGroup group, ScimParams params) {
        ctx.header("ETag", EntityTags.of(group.id().value(), group.lastModified()));
        json.send(ctx, status, ScimProjection.apply(resource(ctx, group), params.attributes(), params.excluded()));
    }

    private Map<String, Object> resource(Context ctx, ScimGroup group) {
        Map<String, Object> resource = new LinkedHashMap<>(ScimGroupService.document(group));
        Map<String, Object> meta = new LinkedHashMap<>();
        meta.put("resourceType", "Group");
        meta.put("created", group.created().toString());
        meta.put("lastModified", group.lastModified().toString());
        meta.put("location", location(ctx, group));
        meta.put("version", EntityTags.of(group.id().value(), group.lastModified()));
        resource.put("meta", meta);
        return resource;
    }

    private String location(Context ctx, ScimGroup group) {
        return baseUrl.of(ctx) + ScimApi.BASE + "/Groups/" + group.id().value();
    }

    private static GroupId id(Context ctx) {
        String raw = ctx.pathParam("id");
        return ScimUsersController.parse(raw).map(GroupId::new).orElseThrow(() -> new NotFoundException("group", raw));
    }
}
