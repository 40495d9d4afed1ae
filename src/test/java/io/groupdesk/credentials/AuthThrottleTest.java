package io.groupdesk.credentials;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupdesk.access.Caller;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.TooManyRequestsException;
import io.groupdesk.shared.UnauthenticatedException;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.TestDatabase;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The failed-authentication throttle and the rate limit, counting in the real database under a clock we move. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class AuthThrottleTest {
    private static final Duration WINDOW = Duration.ofMinutes(5);
    // five minutes after a window start, so a test's window is the same until the clock is moved
    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    @Parameter
    TestDatabase database;

    private MovableClock clock;
    private RequestCounter counter;
    private AuthThrottle throttle;
    private TestAccount account;
    private TestAccount other;

    @BeforeEach
    void setUp() {
        clock = new MovableClock(START);
        counter = new RequestCounter(
                RequestCountRepository.jdbc(app.groupdesk().database().jdbi()), clock);
        throttle = new AuthThrottle(counter, 3, WINDOW);
        account = app.fixtures().account();
    }

    @Test
    void refusesAClientAfterTheLimitOfFailuresUntilTheWindowEnds() {
        // given three failures from one address
        failTimes(account.id(), "198.51.100.7", 3);
        clock.advance(Duration.ofSeconds(60));

        // when it tries again, with the right password
        // then it is refused until the window ends, 240 seconds later
        assertThatThrownBy(() ->
                        signIn(account.id(), "198.51.100.7", account.admin().password()))
                .isInstanceOfSatisfying(TooManyRequestsException.class, e -> assertThat(e.retryAfterSeconds())
                        .isEqualTo(240));

        // and once the window is over, the right password lets it in
        clock.advance(Duration.ofSeconds(240));
        assertThat(signIn(account.id(), "198.51.100.7", account.admin().password())
                        .agent())
                .contains(account.admin().agent().id());
    }

    @Test
    void aFailureBelowTheLimitIsAnsweredAsAFailure() {
        // given two failures
        failTimes(account.id(), "198.51.100.8", 2);

        // when the third fails too, then it is still an authentication failure, not a refusal
        assertThatThrownBy(() -> signIn(account.id(), "198.51.100.8", "wrong"))
                .isInstanceOf(UnauthenticatedException.class);
        // and the fourth is refused
        assertThatThrownBy(() -> signIn(account.id(), "198.51.100.8", "wrong"))
                .isInstanceOf(TooManyRequestsException.class);
    }

    @Test
    void successesAreNotCounted() {
        // given many successful sign-ins and two failures
        for (int i = 0; i < 3; i++) {
            signIn(account.id(), "198.51.100.9", account.admin().password());
        }
        failTimes(account.id(), "198.51.100.9", 2);

        // when it signs in again, then it is let in
        assertThat(signIn(account.id(), "198.51.100.9", account.admin().password())
                        .agent())
                .contains(account.admin().agent().id());
        assertThat(counter.peek(account.id(), "auth-failures 198.51.100.9", WINDOW)
                        .hits())
                .isEqualTo(2);
    }

    @Test
    void anotherAddressAndAnotherAccountAreNotAffected() {
        // given an address throttled in one account
        other = app.fixtures().account();
        failTimes(account.id(), "203.0.113.1", 3);

        // when another address signs in to that account, and the same address to another account
        Caller fromElsewhere =
                signIn(account.id(), "203.0.113.2", account.admin().password());
        Caller inOtherAccount = signIn(other.id(), "203.0.113.1", other.admin().password());

        // then both are let in
        assertThat(fromElsewhere.agent()).contains(account.admin().agent().id());
        assertThat(inOtherAccount.agent()).contains(other.admin().agent().id());
    }

    @Test
    void aLimitOfZeroTurnsTheThrottleOff() {
        AuthThrottle off = new AuthThrottle(counter, 0, WINDOW);
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> off.checkPassword(account.id(), "192.0.2.1", () -> {
                        throw new UnauthenticatedException();
                    }))
                    .isInstanceOf(UnauthenticatedException.class);
        }
        assertThat(counter.peek(account.id(), "auth-failures 192.0.2.1", WINDOW).hits())
                .isZero();
    }

    @Test
    void aTokenSignInIsRefusedWhenThrottledAndTheRefusalsAreNotCounted() {
        // given three wrong tokens from one address, in both of Zendesk's token forms
        Authenticator authenticator = app.services().authenticator();
        String email = account.admin().email();
        String client = "198.51.100.20";
        List<Credentials> wrong = List.of(
                new Credentials.Token("wrong-token-0123456789abcdefghij"),
                new Credentials.EmailToken(email, "wrong-token-0123456789abcdefghij"),
                new Credentials.Token("another-wrong-token-0123456789ab"));
        for (Credentials credentials : wrong) {
            assertThatThrownBy(() -> throttle.authenticate(account.id(), client, credentials, authenticator))
                    .isInstanceOf(UnauthenticatedException.class);
        }
        clock.advance(Duration.ofSeconds(100));

        // when it comes back with the right token, alone or with the email
        // then it is refused until the window ends, and the refusals are not counted as failures
        for (Credentials right : List.of(
                new Credentials.Token(account.admin().token()),
                new Credentials.EmailToken(email, account.admin().token()))) {
            assertThatThrownBy(() -> throttle.authenticate(account.id(), client, right, authenticator))
                    .isInstanceOfSatisfying(TooManyRequestsException.class, e -> assertThat(e.retryAfterSeconds())
                            .isEqualTo(200));
        }
        assertThatThrownBy(() -> throttle.authenticate(account.id(), client, wrong.get(0), authenticator))
                .isInstanceOf(TooManyRequestsException.class);
        assertThat(counter.peek(account.id(), "auth-failures " + client, WINDOW).hits())
                .isEqualTo(3);

        // and once the window is over, the token lets it in
        clock.advance(Duration.ofSeconds(200));
        assertThat(throttle.authenticate(
                                account.id(),
                                client,
                                new Credentials.Token(account.admin().token()),
                                authenticator)
                        .agent())
                .contains(account.admin().agent().id());
    }

    @Test
    void tokenSignInsBelowTheLimitAreLetInAndOnlyFailuresAreCounted() {
        // given two wrong tokens and many right ones from one address
        Authenticator authenticator = app.services().authenticator();
        String client = "198.51.100.21";
        Credentials right = new Credentials.EmailToken(
                account.admin().email(), account.admin().token());
        for (int i = 0; i < 2; i++) {
            assertThatThrownBy(() -> throttle.authenticate(
                            account.id(),
                            client,
                            new Credentials.Token("wrong-token-0123456789abcdefghij"),
                            authenticator))
                    .isInstanceOf(UnauthenticatedException.class);
        }

        // when the right token signs in five times
        List<Caller> callers = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            callers.add(throttle.authenticate(account.id(), client, right, authenticator));
        }

        // then each is let in as the admin, and the count holds the two failures only
        assertThat(callers).allSatisfy(caller -> assertThat(caller.agent())
                .contains(account.admin().agent().id()));
        assertThat(counter.peek(account.id(), "auth-failures " + client, WINDOW).hits())
                .isEqualTo(2);
    }

    @Test
    void aLimitOfZeroCountsNoWrongToken() {
        AuthThrottle off = new AuthThrottle(counter, 0, WINDOW);
        Authenticator authenticator = app.services().authenticator();
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> off.authenticate(
                            account.id(),
                            "192.0.2.2",
                            new Credentials.Token("wrong-token-0123456789abcdefghij"),
                            authenticator))
                    .isInstanceOf(UnauthenticatedException.class);
        }
        assertThat(off.authenticate(
                                account.id(),
                                "192.0.2.2",
                                new Credentials.Token(account.admin().token()),
                                authenticator)
                        .agent())
                .contains(account.admin().agent().id());
        assertThat(counter.peek(account.id(), "auth-failures 192.0.2.2", WINDOW).hits())
                .isZero();
    }

    @Test
    void rateLimitCountsDownAndRefusesOverTheLimitUntilTheNextWindow() {
        // given a limit of 3 a minute
        RateLimit limit = RateLimit.of(counter, "test", 3, Duration.ofMinutes(1));

        // when the account makes four requests
        List<RateLimit.Quota> quotas = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            quotas.add(limit.spend(account.id()).orElseThrow());
        }

        // then the allowance counts down, the fourth goes over, and a new minute starts afresh
        assertThat(quotas).extracting(RateLimit.Quota::remaining).containsExactly(2, 1, 0, 0);
        assertThat(quotas).extracting(RateLimit.Quota::exceeded).containsExactly(false, false, false, true);
        assertThatThrownBy(() -> quotas.get(3).enforce())
                .isInstanceOfSatisfying(TooManyRequestsException.class, e -> assertThat(e.retryAfterSeconds())
                        .isEqualTo(60));
        clock.advance(Duration.ofSeconds(60));
        assertThat(limit.spend(account.id()).orElseThrow().remaining()).isEqualTo(2);
        assertThat(RateLimit.off().spend(account.id())).isEmpty();
    }

    @Test
    void manyRightTokensAtOnceAreAllLetInAndNotCounted() throws Exception {
        // given a limit of three, and thirty sign-ins with the right token from one address released at once
        Authenticator authenticator = app.services().authenticator();
        Credentials right = new Credentials.Token(account.admin().token());
        int threads = 30;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Caller>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    return throttle.authenticate(account.id(), "198.51.100.30", right, authenticator);
                }));
            }
            go.countDown();

            // then each is let in without waiting for the others, and nothing is counted
            for (Future<Caller> caller : done) {
                assertThat(caller.get().agent())
                        .contains(account.admin().agent().id());
            }
        } finally {
            pool.shutdown();
        }
        assertThat(counter.peek(account.id(), "auth-failures 198.51.100.30", WINDOW)
                        .hits())
                .isZero();
    }

    @Test
    void aPasswordCheckInFlightHoldsItsPlaceAgainstWrongTokens() throws Exception {
        // given a limit of three, and a wrong password from one address whose check is still running
        Authenticator authenticator = app.services().authenticator();
        String client = "198.51.100.31";
        Credentials wrongToken = new Credentials.Token("wrong-token-0123456789abcdefghij");
        CountDownLatch checking = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            Future<Caller> password = pool.submit(() -> throttle.checkPassword(account.id(), client, () -> {
                checking.countDown();
                awaitQuietly(finish);
                throw new UnauthenticatedException();
            }));
            checking.await();

            // when three wrong tokens arrive meanwhile
            // then two are answered as wrong, and the third is refused for a second, the password holding the last
            // place
            for (int i = 0; i < 2; i++) {
                assertThatThrownBy(() -> throttle.authenticate(account.id(), client, wrongToken, authenticator))
                        .isInstanceOf(UnauthenticatedException.class);
            }
            assertThatThrownBy(() -> throttle.authenticate(account.id(), client, wrongToken, authenticator))
                    .isInstanceOfSatisfying(TooManyRequestsException.class, e -> assertThat(e.retryAfterSeconds())
                            .isEqualTo(1));

            // and once the password is found wrong, the three failures answered are all the window counts
            finish.countDown();
            assertThatThrownBy(password::get).hasCauseInstanceOf(UnauthenticatedException.class);
        } finally {
            finish.countDown();
            pool.shutdown();
        }
        assertThat(counter.peek(account.id(), "auth-failures " + client, WINDOW).hits())
                .isEqualTo(3);
        assertThatThrownBy(() -> throttle.authenticate(account.id(), client, wrongToken, authenticator))
                .isInstanceOfSatisfying(TooManyRequestsException.class, e -> assertThat(e.retryAfterSeconds())
                        .isEqualTo(300));
    }

    @Test
    void concurrentHitsOnANewBucketAreAllCounted() throws Exception {
        // given eight threads hitting one bucket no one has counted yet
        int threads = 8;
        int each = 25;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try {
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    go.await();
                    for (int i = 0; i < each; i++) {
                        counter.hit(account.id(), "race", WINDOW);
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> future : done) {
                future.get();
            }
        } finally {
            pool.shutdown();
        }

        // then every hit is in the count
        assertThat(counter.peek(account.id(), "race", WINDOW).hits()).isEqualTo(threads * each);
    }

    @Test
    void bucketsQuietForADayAreForgotten() {
        // given a bucket counted a day ago
        counter.hit(account.id(), "old", WINDOW);
        clock.advance(Duration.ofDays(1).plus(WINDOW));
        RequestCountRepository counts =
                RequestCountRepository.jdbc(app.groupdesk().database().jdbi());

        // when a new bucket is counted, then the old row is gone
        counter.hit(account.id(), "new", WINDOW);
        assertThat(counts.prune(account.id(), Long.MAX_VALUE)).isEqualTo(1);
    }

    private void failTimes(AccountId account, String client, int times) {
        for (int i = 0; i < times; i++) {
            assertThatThrownBy(() -> signIn(account, client, "wrong-password"))
                    .isInstanceOf(UnauthenticatedException.class);
        }
    }

    /**
     * Signs in through the throttle. Argon2 makes a real check slow, so only the right password of the test's own
     * account goes through the authenticator; the rest is decided here the way the authenticator would.
     */
    private Caller signIn(AccountId accountId, String client, String password) {
        TestAccount target = accountId.equals(account.id()) ? account : other;
        boolean right = password.equals(target.admin().password());
        return throttle.checkPassword(accountId, client, () -> {
            if (!right) {
                throw new UnauthenticatedException();
            }
            return app.services()
                    .authenticator()
                    .authenticate(
                            accountId,
                            new Credentials.EmailPassword(target.admin().email(), password));
        });
    }

    private static void awaitQuietly(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** A clock the test moves by hand. */
    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant now) {
            this.now = now;
        }

        void advance(Duration by) {
            now = now.plus(by);
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }
    }
}
