package io.groupdesk.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.shared.ErrorCode;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The console's error pages, code by code, for the core failures no form shows next to its fields: each provoked
 * through the console's own pages (switching over every code, so a new code without a case here does not compile). A
 * code that never reaches the error page is reported as skipped, with the test that pins what the console does
 * instead.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ConsoleErrorPagesTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static TestAccount account;
    private static ConsoleClient admin;
    private static ConsoleClient clerk;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        account = app.fixtures().account();
        admin = signedIn(account.admin());
        clerk = signedIn(app.fixtures().agent(account.id(), Role.AGENT));
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void answersEachCodeWithItsErrorPage(ErrorCode code) {
        // given an admin and an agent of the account, signed in once for the class

        // when
        Response response =
                switch (code) {
                    case FORBIDDEN -> clerk.submit("/console/groups", "/console/groups", Map.of("name", "By a clerk"));
                    case NOT_FOUND -> admin.get("/console/groups/999999999");
                    case VALIDATION_FAILED -> {
                        // a deleted agent cannot be changed
                        TestAgent gone = app.fixtures().agent(account.id(), Role.AGENT);
                        app.services()
                                .agents()
                                .delete(
                                        Caller.system(account.id()),
                                        gone.agent().id());
                        yield admin.submit(
                                "/console/agents",
                                "/console/agents/" + gone.agent().id().value() + "/suspend",
                                Map.of());
                    }
                    case CONFLICT -> skip("a taken name or email is shown next to its field"
                            + " (ConsoleHttpTest.duplicateAgentEmailIsShownNextToTheEmailField)");
                    case UNAUTHENTICATED -> skip("a missing session is sent to sign in, a wrong password is the sign-in"
                            + " form's (ConsoleHttpTest)");
                    case TOO_MANY_REQUESTS -> skip("only the sign-in form is throttled, and it answers in the form");
                    case PRECONDITION_FAILED -> skip("the console sends no version with a change");
                };

        // then the error page with the status of the core failure, inside the signed-in layout
        int status =
                switch (code) {
                    case FORBIDDEN -> 403;
                    case NOT_FOUND -> 404;
                    case VALIDATION_FAILED, CONFLICT -> 422;
                    case UNAUTHENTICATED -> 401;
                    case TOO_MANY_REQUESTS -> 429;
                    case PRECONDITION_FAILED -> 500;
                };
        String title =
                switch (code) {
                    case FORBIDDEN -> "Not allowed";
                    case NOT_FOUND -> "Not found";
                    case VALIDATION_FAILED, CONFLICT -> "Not possible";
                    case UNAUTHENTICATED -> "Signed out";
                    case TOO_MANY_REQUESTS -> "Too many attempts";
                    case PRECONDITION_FAILED -> "Something went wrong";
                };
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.body()).contains(title).contains("/console/sign-out");
    }

    private static ConsoleClient signedIn(TestAgent who) {
        ConsoleClient client = new ConsoleClient(app.http(), account.host());
        Response response = client.signIn(who.email(), who.password());
        assertThat(response.status()).as(response.toString()).isEqualTo(303);
        return client;
    }

    private static Response skip(String reason) {
        Assumptions.abort("never an error page: " + reason);
        throw new AssertionError("unreachable");
    }
}
