package io.groupdesk.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.WeeklyHours;
import io.groupdesk.testing.TestDatabase;
import java.time.DayOfWeek;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every query of {@link AccountRepository} on each database: reads by id and subdomain, the subdomain key as a
 * constraint, updates, and settings kept per account.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class JdbcAccountRepositoryTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();
    private static final Instant NOW = Instant.parse("2026-03-04T05:06:07.123456Z");

    private static TestDatabase.Migrated database;
    private static AccountRepository accounts;

    @Parameter
    TestDatabase kind;

    @BeforeParameterizedClassInvocation
    static void open(TestDatabase kind) {
        database = kind.migrated();
        accounts = AccountRepository.jdbc(database.jdbi());
    }

    @AfterParameterizedClassInvocation
    static void close() {
        database.close();
    }

    @Test
    void anInsertedAccountIsFoundByIdAndBySubdomain() {
        String subdomain = subdomain();

        Account inserted = accounts.insert(subdomain, "Acme", NOW);

        Account expected = new Account(inserted.id(), subdomain, "Acme", "UTC", WeeklyHours.NONE, NOW, NOW);
        assertThat(inserted).isEqualTo(expected);
        assertThat(accounts.findById(inserted.id())).contains(expected);
        assertThat(accounts.findBySubdomain(subdomain)).contains(expected);
    }

    @Test
    void unknownIdsAndSubdomainsFindNothing() {
        assertThat(accounts.findById(new AccountId(Long.MAX_VALUE))).isEmpty();
        assertThat(accounts.findBySubdomain("nobody-" + subdomain())).isEmpty();
    }

    @Test
    void aTakenSubdomainIsAConflict() {
        String subdomain = subdomain();
        accounts.insert(subdomain, "First", NOW);

        assertThatThrownBy(() -> accounts.insert(subdomain, "Second", NOW))
                .isInstanceOfSatisfying(
                        ConflictException.class,
                        conflict -> assertThat(conflict.violation().field()).isEqualTo("subdomain"));

        assertThat(accounts.findBySubdomain(subdomain).orElseThrow().name()).isEqualTo("First");
    }

    @Test
    void allReadsEveryAccountInSubdomainOrder() {
        String prefix = subdomain();
        Account b = accounts.insert(prefix + "-b", "B", NOW);
        Account a = accounts.insert(prefix + "-a", "A", NOW);

        List<Account> all = accounts.all();

        // only these two are compared: the database's collation decides how others' hyphens and digits sort
        assertThat(all).containsSubsequence(a, b);
    }

    @Test
    void updateWritesNameTimeZoneAndWorkingHoursOfThatAccountOnly() {
        Account account = accounts.insert(subdomain(), "Before", NOW);
        Account other = accounts.insert(subdomain(), "Other", NOW);
        Instant later = NOW.plusSeconds(60);
        WeeklyHours hours = WeeklyHours.of(
                Map.of(DayOfWeek.TUESDAY, List.<String[]>of(new String[] {"10:00", "18:00"})), "working_hours");

        accounts.update(account.id(), "After", "America/New_York", hours, later);

        assertThat(accounts.findById(account.id()))
                .contains(
                        new Account(account.id(), account.subdomain(), "After", "America/New_York", hours, NOW, later));
        assertThat(accounts.findById(other.id())).contains(other);
    }

    @Test
    void updateWithNoWorkingHoursClearsThem() {
        Account account = accounts.insert(subdomain(), "Hours", NOW);
        WeeklyHours hours = WeeklyHours.of(
                Map.of(DayOfWeek.MONDAY, List.<String[]>of(new String[] {"09:00", "17:00"})), "working_hours");
        accounts.update(account.id(), "Hours", "UTC", hours, NOW);

        accounts.update(account.id(), "Hours", "UTC", WeeklyHours.NONE, NOW);

        assertThat(accounts.findById(account.id()).orElseThrow().workingHours()).isEqualTo(WeeklyHours.NONE);
    }

    @Test
    void aSettingIsPutReplacedAndRemoved() {
        AccountId account = accounts.insert(subdomain(), "Settings", NOW).id();

        accounts.putSetting(account, "usedesk.typed", "true");
        accounts.putSetting(account, "a.first", "1");
        Map<String, String> put = accounts.settings(account);
        accounts.putSetting(account, "usedesk.typed", "false");
        Map<String, String> replaced = accounts.settings(account);
        accounts.removeSetting(account, "usedesk.typed");
        accounts.removeSetting(account, "never.set");

        assertThat(put).containsExactly(Map.entry("a.first", "1"), Map.entry("usedesk.typed", "true"));
        assertThat(replaced).containsExactly(Map.entry("a.first", "1"), Map.entry("usedesk.typed", "false"));
        assertThat(accounts.settings(account)).containsExactly(Map.entry("a.first", "1"));
    }

    @Test
    void settingsAreKeptPerAccount() {
        AccountId ours = accounts.insert(subdomain(), "Ours", NOW).id();
        AccountId theirs = accounts.insert(subdomain(), "Theirs", NOW).id();
        accounts.putSetting(ours, "shared.name", "ours");
        accounts.putSetting(theirs, "shared.name", "theirs");

        accounts.removeSetting(theirs, "shared.name");
        accounts.putSetting(theirs, "only.theirs", "x");

        assertThat(accounts.settings(ours)).containsExactly(Map.entry("shared.name", "ours"));
        assertThat(accounts.settings(theirs)).containsExactly(Map.entry("only.theirs", "x"));
    }

    private static String subdomain() {
        return "acr" + SEQUENCE.incrementAndGet();
    }
}
