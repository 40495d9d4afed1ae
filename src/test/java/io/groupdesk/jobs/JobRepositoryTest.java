package io.groupdesk.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupdesk.access.Caller;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.Transactions;
import io.groupdesk.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Jobs keep their items, in order and with every field, whether stored with the job (from V11 on) or as rows of
 * {@code job_items} by an earlier version; a job recorded inside a transaction that rolls back does not exist.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class JobRepositoryTest {
    private static TestDatabase.Migrated database;
    private static Jdbi jdbi;
    private static JobRepository jobs;
    private static AccountId account;
    private static AccountId otherAccount;

    @Parameter
    TestDatabase kind;

    @BeforeParameterizedClassInvocation
    static void open(TestDatabase kind) {
        database = kind.migrated();
        jdbi = database.jdbi();
        jobs = JobRepository.jdbc(jdbi);
        account = insertAccount("jobs");
        otherAccount = insertAccount("jobs-other");
    }

    @AfterParameterizedClassInvocation
    static void close() {
        database.close();
    }

    @Test
    void keepsEveryItemInOrderWithItsNullsAndText() {
        List<JobItem> items = new ArrayList<>();
        String[] details = {"No agent \"Zoë\" in ünïcode", "tab\there, line\nand\r\nback\\slash", "\\N", "", null};
        for (int index = 0; index < 100; index++) {
            items.add(
                    index % 3 == 0
                            ? new JobItem(index, null, "create", false, "not_found", details[index % details.length])
                            : new JobItem(index, 1_000_000_000_000L + index, "create", true, null, null));
        }
        Job job = job("0123456789abcdef0123456789abcde0", account, items, Instant.parse("2026-01-02T03:04:05.123456Z"));
        jobs.insert(job);

        assertThat(jobs.find(account, job.id())).contains(job);
        assertThat(jobs.find(otherAccount, job.id())).isEmpty();
    }

    @Test
    void aJobWithoutItemsReadsBackEmpty() {
        Job job = job("11111111111111111111111111111111", account, List.of(), Instant.parse("2026-01-03T00:00:00Z"));
        jobs.insert(job);

        assertThat(jobs.find(account, job.id()).orElseThrow().items()).isEmpty();
    }

    @Test
    void readsTheItemsOfJobsStoredAsRowsBeforeTheyMovedIntoTheJob() {
        String older = "22222222222222222222222222222222";
        jdbi.useHandle(handle -> {
            handle.execute(
                    """
                    INSERT INTO jobs (account_id, id, job_type, status, total, progress, created_at, updated_at)
                    VALUES (?, ?, 'group_memberships.destroy_many', 'completed', 2, 2,
                            TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00',
                            TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00+00')
                    """,
                    otherAccount.value(),
                    older);
            handle.execute(
                    """
                    INSERT INTO job_items (account_id, job_id, item_index, record_id, action, success, error, details)
                    VALUES (?, ?, 1, 8, 'delete', FALSE, 'not_found', 'No membership 8'),
                           (?, ?, 0, 7, 'delete', TRUE, NULL, NULL)
                    """,
                    otherAccount.value(),
                    older,
                    otherAccount.value(),
                    older);
        });
        Job newer = job(
                "33333333333333333333333333333333",
                otherAccount,
                List.of(new JobItem(0, 9L, "create", true, null, null)),
                Instant.parse("2026-01-05T00:00:00Z"));
        jobs.insert(newer);

        List<JobItem> olderItems = List.of(
                new JobItem(0, 7L, "delete", true, null, null),
                new JobItem(1, 8L, "delete", false, "not_found", "No membership 8"));
        assertThat(jobs.find(otherAccount, older).orElseThrow().items()).isEqualTo(olderItems);
        assertThat(jobs.findAll(otherAccount, List.of(newer.id(), older)))
                .extracting(Job::items)
                .containsExactly(olderItems, newer.items());
        assertThat(jobs.recent(otherAccount, 10)).extracting(Job::id).containsExactly(newer.id(), older);
    }

    @Test
    void aJobRecordedInATransactionThatRollsBackIsNotKept() {
        Transactions transactions = new Transactions(jdbi);
        JobService service = new JobService(jobs, Clock.systemUTC());
        Caller caller = Caller.system(account);
        List<String> recorded = new ArrayList<>();

        assertThatThrownBy(() -> transactions.run(() -> {
                    recorded.add(service.recordCompleted(
                                    caller,
                                    "group_memberships.create_many",
                                    List.of(new JobItem(0, 1L, "create", true, null, null)))
                            .id());
                    throw new IllegalStateException("the change failed after its job was recorded");
                }))
                .hasMessageContaining("the change failed");

        assertThat(recorded).hasSize(1);
        assertThat(jobs.find(account, recorded.get(0))).isEmpty();
    }

    private static Job job(String id, AccountId account, List<JobItem> items, Instant at) {
        return new Job(
                id,
                account,
                "group_memberships.create_many",
                Job.Status.COMPLETED,
                items.size(),
                items.size(),
                items,
                at,
                at);
    }

    private static AccountId insertAccount(String subdomain) {
        return new AccountId(jdbi.withHandle(
                handle -> handle.createUpdate("INSERT INTO accounts (subdomain, name, created_at, updated_at)"
                                + " VALUES (:s, :s, CURRENT_TIMESTAMP, CURRENT_TIMESTAMP)")
                        .bind("s", subdomain)
                        .executeAndReturnGeneratedKeys("id")
                        .mapTo(Long.class)
                        .one()));
    }
}
