package io.groupdesk.jobs;

import io.groupdesk.access.Caller;
import io.groupdesk.access.Permission;
import io.groupdesk.shared.NotFoundException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

/** Records finished bulk changes and reads them back for polling clients. */
public final class JobService {
    /** How many jobs a list of recent jobs shows. */
    public static final int RECENT = 100;

    private final JobRepository jobs;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    public JobService(JobRepository jobs, Clock clock) {
        this.jobs = jobs;
        this.clock = clock;
    }

    /** Stores a completed job with its items, in the caller's transaction when there is one. */
    public Job recordCompleted(Caller caller, String type, List<JobItem> items) {
        byte[] id = new byte[16];
        random.nextBytes(id);
        Instant now = clock.instant().truncatedTo(ChronoUnit.MICROS);
        Job job = new Job(
                HexFormat.of().formatHex(id),
                caller.account(),
                type,
                Job.Status.COMPLETED,
                items.size(),
                items.size(),
                List.copyOf(items),
                now,
                now);
        jobs.insert(job);
        return job;
    }

    /**
     * Reads a job of the caller's account. Requires {@link Permission#READ}.
     *
     * @throws NotFoundException no such job in the caller's account
     */
    public Job get(Caller caller, String id) {
        caller.require(Permission.READ);
        return jobs.find(caller.account(), id).orElseThrow(() -> new NotFoundException("job", id));
    }

    /** The jobs with these ids in the caller's account; unknown ids are skipped. */
    public List<Job> getAll(Caller caller, Collection<String> ids) {
        caller.require(Permission.READ);
        return jobs.findAll(caller.account(), ids);
    }

    /** The account's {@link #RECENT} newest jobs, newest first. */
    public List<Job> recent(Caller caller) {
        caller.require(Permission.READ);
        return jobs.recent(caller.account(), RECENT);
    }

    /** A job id as clients send it, if it could be one. */
    public static Optional<String> parseId(String raw) {
        return raw != null && raw.matches("[0-9a-f]{32}") ? Optional.of(raw) : Optional.empty();
    }
}
