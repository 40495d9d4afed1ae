package io.groupdesk.api.zendesk;

import io.groupdesk.access.Caller;
import io.groupdesk.api.BaseUrl;
import io.groupdesk.api.QueryString;
import io.groupdesk.jobs.JobService;
import io.groupdesk.shared.NotFoundException;
import io.javalin.http.Context;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** {@code /api/v2/job_statuses}: the outcome of bulk membership changes. */
final class ZendeskJobStatusesController {
    private final JobService jobs;
    private final ZendeskJson json;
    private final BaseUrl baseUrl;

    ZendeskJobStatusesController(JobService jobs, ZendeskJson json, BaseUrl baseUrl) {
        this.jobs = jobs;
        this.json = json;
        this.baseUrl = baseUrl;
    }

    void show(Context ctx, Caller caller) {
        String raw = ctx.pathParam("id");
        String id = raw.endsWith(".json") ? raw.substring(0, raw.length() - ".json".length()) : raw;
        var job = jobs.get(caller, JobService.parseId(id).orElseThrow(() -> new NotFoundException("job", id)));
        json.send(ctx, 200, ZendeskJson.object("job_status", ZendeskJobStatusJson.of(job, baseUrl.of(ctx))));
    }

    void list(Context ctx, Caller caller) {
        json.send(ctx, 200, listBody(jobs.recent(caller), ctx));
    }

    void showMany(Context ctx, Caller caller) {
        List<String> ids = QueryString.parse(ctx.queryString()).all("ids").stream()
                .flatMap(value -> Arrays.stream(value.split(",")))
                .map(String::strip)
                .map(JobService::parseId)
                .flatMap(Optional::stream)
                .distinct()
                .toList();
        json.send(ctx, 200, listBody(jobs.getAll(caller, ids), ctx));
    }

    private java.util.Map<String, Object> listBody(List<io.groupdesk.jobs.Job> found, Context ctx) {
        return ZendeskJson.object(
                "job_statuses",
                ZendeskJobStatusJson.of(found, baseUrl.of(ctx)),
                "next_page",
                null,
                "previous_page",
                null,
                "count",
                found.size());
    }
}
