package io.groupdesk.accounts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupdesk.access.Caller;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.FieldViolation;
import io.groupdesk.shared.ForbiddenException;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.ValidationException;
import io.groupdesk.shared.WeeklyHours;
import io.groupdesk.testing.Fixtures;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.TestCore;
import io.groupdesk.testing.TestDatabase;
import java.time.DayOfWeek;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Accounts in core terms: creation rules, reads and updates of the caller's account, and its settings. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class AccountServiceTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private static TestCore core;
    private static AccountService accounts;
    private static Fixtures fixtures;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start(TestDatabase database) {
        core = TestCore.start(database);
        accounts = core.services().accounts();
        fixtures = core.fixtures();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        core.close();
    }

    // ---- create -------------------------------------------------------------------------------------------------

    @Test
    void createStoresTheSubdomainInLowerCase() {
        String subdomain = subdomain();

        Account created = accounts.create(subdomain.toUpperCase(), "Shouting Inc");

        assertThat(accounts.findBySubdomain(subdomain).map(Account::id)).contains(created.id());
    }

    @Test
    void findBySubdomainIgnoresCase() {
        Account created = accounts.create(subdomain(), "Mixed");

        Optional<Account> found = accounts.findBySubdomain(created.subdomain().toUpperCase());

        assertThat(found.map(Account::id)).contains(created.id());
    }

    @Test
    void createRefusesASubdomainThatIsNotADnsLabel() {
        for (String subdomain : List.of("", "-leading", "trailing-", "under_score", "dot.ted", "x".repeat(64))) {
            assertThatThrownBy(() -> accounts.create(subdomain, "Bad"))
                    .as(subdomain)
                    .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                            .extracting(FieldViolation::field)
                            .containsExactly("subdomain"));
        }
    }

    @Test
    void createRefusesATakenSubdomainIgnoringCase() {
        String subdomain = subdomain();
        Account first = accounts.create(subdomain, "First");

        assertThatThrownBy(() -> accounts.create(subdomain.toUpperCase(), "Second"))
                .isInstanceOfSatisfying(
                        ConflictException.class,
                        conflict -> assertThat(conflict.violation().field()).isEqualTo("subdomain"));

        assertThat(accounts.findBySubdomain(subdomain).map(Account::name)).contains(first.name());
    }

    @Test
    void createWithoutANameNamesTheAccountAfterItsSubdomain() {
        String subdomain = subdomain();

        Account created = accounts.create(subdomain, "  ");

        assertThat(accounts.get(Caller.system(created.id())).name()).isEqualTo(subdomain);
    }

    @Test
    void aNewAccountIsInUtcWithoutWorkingHours() {
        Account created = accounts.create(subdomain(), "Fresh");

        Account stored = accounts.get(Caller.system(created.id()));

        assertThat(stored)
                .extracting(Account::timeZone, Account::workingHours)
                .containsExactly("UTC", WeeklyHours.NONE);
    }

    @Test
    void allListsAccountsInSubdomainOrder() {
        String prefix = subdomain();
        accounts.create(prefix + "-b", "B");
        accounts.create(prefix + "-a", "A");

        List<String> subdomains =
                accounts.all().stream().map(Account::subdomain).toList();

        // only these two are compared: the database's collation decides how others' hyphens and digits sort
        assertThat(subdomains).containsSubsequence(prefix + "-a", prefix + "-b");
    }

    // ---- get and update -----------------------------------------------------------------------------------------

    @Test
    void anAgentReadsItsOwnAccount() {
        TestAccount account = fixtures.account();
        TestAgent agent = fixtures.agent(account.id(), Role.AGENT);

        Account read = accounts.get(agent.caller());

        assertThat(read.id()).isEqualTo(account.id());
    }

    @Test
    void updateChangesTheNameTimeZoneAndWorkingHours() {
        TestAccount account = fixtures.account();
        WeeklyHours hours = WeeklyHours.of(
                Map.of(DayOfWeek.MONDAY, List.<String[]>of(new String[] {"09:00", "17:00"})), "working_hours");

        accounts.update(
                account.admin().caller(), Optional.of("  Renamed  "), Optional.of("Europe/Berlin"), Optional.of(hours));

        Account stored = accounts.get(account.admin().caller());
        assertThat(stored)
                .extracting(Account::name, Account::timeZone, Account::workingHours)
                .containsExactly("Renamed", "Europe/Berlin", hours);
    }

    @Test
    void updateLeavesAbsentFieldsAlone() {
        TestAccount account = fixtures.account();
        accounts.update(account.admin().caller(), Optional.empty(), Optional.of("Asia/Tokyo"), Optional.empty());

        accounts.update(account.admin().caller(), Optional.of("Only the name"), Optional.empty(), Optional.empty());

        Account stored = accounts.get(account.admin().caller());
        assertThat(stored).extracting(Account::name, Account::timeZone).containsExactly("Only the name", "Asia/Tokyo");
    }

    @Test
    void updateRefusesABlankName() {
        TestAccount account = fixtures.account();

        assertThatThrownBy(() ->
                        accounts.update(account.admin().caller(), Optional.of(" "), Optional.empty(), Optional.empty()))
                .isInstanceOf(ValidationException.class);

        assertThat(accounts.get(account.admin().caller()).name())
                .isEqualTo(account.account().name());
    }

    @Test
    void updateRefusesAnUnknownTimeZone() {
        TestAccount account = fixtures.account();

        assertThatThrownBy(() -> accounts.update(
                        account.admin().caller(), Optional.empty(), Optional.of("Mars/Olympus"), Optional.empty()))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::field)
                        .containsExactly("time_zone"));

        assertThat(accounts.get(account.admin().caller()).timeZone()).isEqualTo("UTC");
    }

    @Test
    void anUpdateChangesOnlyTheCallersAccount() {
        TestAccount ours = fixtures.account();
        TestAccount theirs = fixtures.account();

        accounts.update(ours.admin().caller(), Optional.of("Ours renamed"), Optional.empty(), Optional.empty());

        assertThat(accounts.get(theirs.admin().caller()).name())
                .isEqualTo(theirs.account().name());
    }

    @Test
    void anAgentMayNotUpdateTheAccountOrItsSettings() {
        TestAccount account = fixtures.account();
        TestAgent agent = fixtures.agent(account.id(), Role.AGENT);

        assertThatThrownBy(() ->
                        accounts.update(agent.caller(), Optional.of("Agent's"), Optional.empty(), Optional.empty()))
                .isInstanceOf(ForbiddenException.class);
        assertThatThrownBy(() -> accounts.putSetting(agent.caller(), "usedesk.typed", Optional.of("true")))
                .isInstanceOf(ForbiddenException.class);

        assertThat(accounts.get(account.admin().caller()).name())
                .isEqualTo(account.account().name());
        assertThat(accounts.settings(account.admin().caller())).isEmpty();
    }

    // ---- settings -----------------------------------------------------------------------------------------------

    @Test
    void aSettingIsSetReplacedAndRemoved() {
        TestAccount account = fixtures.account();
        Caller caller = account.admin().caller();

        accounts.putSetting(caller, "usedesk.typed", Optional.of("true"));
        Map<String, String> set = accounts.settings(caller);
        accounts.putSetting(caller, "usedesk.typed", Optional.of("false"));
        Map<String, String> replaced = accounts.settings(caller);
        accounts.putSetting(caller, "usedesk.typed", Optional.empty());

        assertThat(set).containsExactly(Map.entry("usedesk.typed", "true"));
        assertThat(replaced).containsExactly(Map.entry("usedesk.typed", "false"));
        assertThat(accounts.settings(caller)).isEmpty();
    }

    @Test
    void anAgentReadsTheSettings() {
        TestAccount account = fixtures.account();
        TestAgent agent = fixtures.agent(account.id(), Role.AGENT);
        accounts.putSetting(account.admin().caller(), "a.b", Optional.of("c"));

        Map<String, String> settings = accounts.settings(agent.caller());

        assertThat(settings).containsExactly(Map.entry("a.b", "c"));
    }

    @Test
    void settingsAreKeptPerAccount() {
        TestAccount ours = fixtures.account();
        TestAccount theirs = fixtures.account();
        accounts.putSetting(ours.admin().caller(), "shared.name", Optional.of("ours"));
        accounts.putSetting(theirs.admin().caller(), "shared.name", Optional.of("theirs"));

        accounts.putSetting(theirs.admin().caller(), "shared.name", Optional.empty());

        assertThat(accounts.settings(ours.admin().caller())).containsExactly(Map.entry("shared.name", "ours"));
        assertThat(accounts.settings(theirs.admin().caller())).isEmpty();
    }

    @Test
    void aSettingNameMustBeDottedLowercaseWordsOfAtMost64Characters() {
        TestAccount account = fixtures.account();
        Caller caller = account.admin().caller();

        for (String name : List.of("Upper.case", "trailing.", ".leading", "two..dots", "sp ace", "a".repeat(65))) {
            assertThatThrownBy(() -> accounts.putSetting(caller, name, Optional.of("v")))
                    .as(name)
                    .isInstanceOf(ValidationException.class);
        }

        assertThat(accounts.settings(caller)).isEmpty();
    }

    @Test
    void aSettingValueIsAtMost255CharactersWithoutNul() {
        TestAccount account = fixtures.account();
        Caller caller = account.admin().caller();

        assertThatThrownBy(() -> accounts.putSetting(caller, "long.value", Optional.of("v".repeat(256))))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::rule)
                        .containsExactly(FieldViolation.Rule.TOO_LONG));
        assertThatThrownBy(() -> accounts.putSetting(caller, "nul.value", Optional.of("a\0b")))
                .isInstanceOfSatisfying(ValidationException.class, e -> assertThat(e.violations())
                        .extracting(FieldViolation::rule)
                        .containsExactly(FieldViolation.Rule.INVALID));
        accounts.putSetting(caller, "longest.value", Optional.of("v".repeat(255)));

        assertThat(accounts.settings(caller)).containsOnlyKeys("longest.value");
    }

    // ---- hosts --------------------------------------------------------------------------------------------------

    @Test
    void aHostNamesTheAccountOfItsFirstLabelOrElseTheFallback() {
        Account account = accounts.create(subdomain(), "Hosted");
        AccountId fallback = new AccountId(-1);

        assertThat(accounts.forHost(account.subdomain().toUpperCase() + ".groupdesk.test:8080", fallback))
                .isEqualTo(account.id());
        assertThat(accounts.forHost("nobody-" + account.subdomain() + ".groupdesk.test", fallback))
                .isEqualTo(fallback);
        assertThat(accounts.forHost("127.0.0.1:8080", fallback)).isEqualTo(fallback);
        assertThat(accounts.forHost("[::1]:8080", fallback)).isEqualTo(fallback);
    }

    private static String subdomain() {
        return "acs" + SEQUENCE.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 100000, 36);
    }
}
