package io.groupdesk.api.zendesk;

import io.groupdesk.jobs.Job;
import io.groupdesk.jobs.JobItem;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A job as Zendesk's {@code job_status} object shows it (reference §2.3). */
final class ZendeskJobStatusJson {
    private static final DateTimeFormatter MESSAGE_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss '+0000'").withZone(ZoneOffset.UTC);

    private ZendeskJobStatusJson() {}

    static Map<String, Object> of(Job job, String baseUrl) {
        Map<String, Object> status = new LinkedHashMap<>();
        status.put("id", job.id());
        status.put("url", baseUrl + "/api/v2/job_statuses/" + job.id() + ".json");
        status.put("job_type", job.type());
        status.put("total", job.total());
        status.put("progress", job.progress());
        status.put("status", job.status().name().toLowerCase(Locale.ROOT));
        status.put(
                "message",
                job.status() == Job.Status.COMPLETED ? "Completed at " + MESSAGE_TIME.format(job.updatedAt()) : null);
        status.put(
                "results",
                job.items().stream().map(ZendeskJobStatusJson::result).toList());
        return status;
    }

    static List<Map<String, Object>> of(List<Job> jobs, String baseUrl) {
        return jobs.stream().map(job -> of(job, baseUrl)).toList();
    }

    private static Map<String, Object> result(JobItem item) {
        Map<String, Object> result = new LinkedHashMap<>();
        if (item.recordId() != null) {
            result.put("id", item.recordId());
        }
        result.put("index", item.index());
        result.put("action", item.action());
        result.put("success", item.success());
        if (item.success()) {
            result.put("status", item.action().equals("delete") ? "Deleted" : "Created");
        } else {
            result.put("error", errorCode(item.error()));
            result.put("details", item.details());
        }
        return result;
    }

    private static String errorCode(String coreError) {
        return switch (coreError) {
            case "taken" -> "DuplicateValue";
            case "not_found" -> "RecordNotFound";
            default -> "InvalidValue";
        };
    }
}
