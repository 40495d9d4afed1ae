package io.groupdesk.api.udesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentChanges;
import io.groupdesk.agents.NewAgent;
import io.groupdesk.bulk.BulkImporter;
import io.groupdesk.bulk.ImportSet;
import io.groupdesk.bulk.Progress;
import io.groupdesk.credentials.ApiTokenService;
import io.groupdesk.credentials.CredentialRepository.TokenInfo;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import io.groupdesk.testing.UdeskSigner;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Udesk's {@code POST /open_api_v1/log_in} answers the agent's own sign-in token (reference §1.4): issued at the first
 * log_in, the same at later ones, revoked when the agent's password changes or it is suspended, through any door, and
 * never a token made for anything else.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class UdeskLogInTokenTest {
    private static final String PASSWORD = "a long password";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;

    @Parameter
    TestDatabase database;

    private TestAccount account;
    private Agent admin;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
    }

    @BeforeEach
    void setUp() {
        account = app.fixtures().account();
        admin = newAgent(Role.ADMIN);
    }

    @Test
    void firstLogInIssuesATokenOfItsOwnAndLaterOnesAnswerTheSame() {
        // given an admin with an API token made with tokens create
        ApiTokenService.IssuedToken created =
                app.services().tokens().issue(Caller.system(account.id()), admin.id(), "integration", Optional.empty());

        // when it logs in twice
        String first = logIn(admin.email(), PASSWORD);
        String second = logIn(admin.email(), PASSWORD);

        // then both answer one token, not the API token nor the account's, and it signs Udesk requests
        assertThat(first).hasSize(ApiTokenService.TOKEN_LENGTH).isEqualTo(second);
        assertThat(first)
                .isNotEqualTo(created.secret())
                .isNotEqualTo(account.admin().token());
        assertThat(code(signedGroups(admin.email(), first))).isEqualTo(1000);
    }

    @Test
    void logInWithoutAHostNeverAnswersTheBootstrapToken() {
        // when the bootstrap admin logs in on the bootstrap account
        Response response = http.post("/open_api_v1/log_in")
                .json("{\"email\": \"" + TestApp.ADMIN_EMAIL + "\", \"password\": \"" + TestApp.ADMIN_PASSWORD + "\"}")
                .send();

        // then it gets a token of its own, which signs its requests, and not the bootstrap token
        String token = response.json().get("open_api_auth_token").asString();
        assertThat(response.json().get("open_api_token").asString()).isEqualTo(token);
        assertThat(token).isNotEqualTo(TestApp.ADMIN_TOKEN);
        Response signed = http.get("/open_api_v1/user_groups?"
                        + UdeskSigner.v2(TestApp.ADMIN_EMAIL, token).query())
                .send();
        assertThat(code(signed)).isEqualTo(1000);
    }

    @Test
    void anotherAgentGetsADifferentToken() {
        Agent other = newAgent(Role.ADMIN);

        assertThat(logIn(other.email(), PASSWORD)).isNotEqualTo(logIn(admin.email(), PASSWORD));
    }

    @Test
    void theSignInTokenIsNotAnApiTokenAndSignsOnlyUdeskRequests() {
        // given an admin's sign-in token
        String token = logIn(admin.email(), PASSWORD);

        // then tokens list does not show it, and neither Zendesk nor Usedesk takes it
        assertThat(app.services().tokens().list(Caller.system(account.id())))
                .extracting(TokenInfo::description)
                .doesNotContain("Udesk sign-in token");
        assertThat(app.services().tokens().list(Caller.system(account.id())))
                .extracting(TokenInfo::owner)
                .doesNotContain(admin.id());
        assertThat(http.get("/api/v2/groups.json")
                        .host(account.host())
                        .authorization(Http.basic(admin.email() + "/token", token))
                        .send()
                        .status())
                .isEqualTo(401);
        assertThat(http.get("/groups?api_token=" + URLEncoder.encode(token, StandardCharsets.UTF_8))
                        .host(account.host())
                        .send()
                        .status())
                .isEqualTo(401);
    }

    @Test
    void aPasswordChangeThroughUdeskRevokesTheTokenAndTheNextLogInGetsANewOne() {
        // given an admin's sign-in token
        String old = logIn(admin.email(), PASSWORD);

        // when its password is changed through Udesk's agent update, signed with the account's API token
        Response changed = http.put("/open_api_v1/agents/" + admin.id().value() + "?"
                        + UdeskSigner.v2(
                                        account.admin().email(), account.admin().token())
                                .query())
                .host(account.host())
                .json("{\"agent\": {\"password\": \"another long password\"}}")
                .send();
        assertThat(code(changed)).isEqualTo(1000);

        // then the old token answers Udesk's bad-signature code, and the next log_in answers a new one that signs
        assertThat(code(signedGroups(admin.email(), old))).isEqualTo(2059);
        String renewed = logIn(admin.email(), "another long password");
        assertThat(renewed).isNotEqualTo(old);
        assertThat(code(signedGroups(admin.email(), renewed))).isEqualTo(1000);
    }

    @Test
    void aPasswordChangeThroughZendeskRevokesTheToken() {
        String old = logIn(admin.email(), PASSWORD);

        Response changed = http.put("/api/v2/users/" + admin.id().value() + ".json")
                .host(account.host())
                .as(account.admin())
                .json("{\"user\": {\"password\": \"another long password\"}}")
                .send();
        assertThat(changed.status()).as(changed.body()).isEqualTo(200);

        assertThat(code(signedGroups(admin.email(), old))).isEqualTo(2059);
    }

    @Test
    void aSuspensionRevokesTheTokenEvenOnceTheAgentIsReactivated() {
        // given an admin's sign-in token
        String old = logIn(admin.email(), PASSWORD);

        // when it is suspended through Udesk, then reactivated in the core (as the console does)
        Response suspended = http.put("/open_api_v1/agents/" + admin.id().value() + "?"
                        + UdeskSigner.v2(
                                        account.admin().email(), account.admin().token())
                                .query())
                .host(account.host())
                .json("{\"agent\": {\"disable_status\": \"disable\"}}")
                .send();
        assertThat(code(suspended)).isEqualTo(1000);
        app.services()
                .agents()
                .update(
                        Caller.system(account.id()),
                        admin.id(),
                        AgentChanges.builder().suspended(false).build());

        // then the old token signs nothing, and the next log_in answers a new one
        assertThat(code(signedGroups(admin.email(), old))).isEqualTo(2059);
        assertThat(logIn(admin.email(), PASSWORD)).isNotEqualTo(old);
    }

    @Test
    void aSuspensionByAnImportRevokesTheToken() {
        // given an admin's sign-in token
        String old = logIn(admin.email(), PASSWORD);

        // when an import (the command line's import) suspends the admin, and it is reactivated afterwards
        ImportSet.User suspended = new ImportSet.User(
                "users/page-00001.json#1",
                1,
                admin.name(),
                admin.email(),
                "admin",
                true,
                true,
                null,
                null,
                null,
                null,
                null,
                null,
                null,
                null);
        BulkImporter.of(
                        app.services().groups(),
                        app.services().agents(),
                        app.services().memberships())
                .importInto(account.id(), new ImportSet(List.of(suspended), List.of(), List.of()), Progress.NONE);
        assertThat(app.services()
                        .agents()
                        .get(Caller.system(account.id()), admin.id())
                        .suspended())
                .isTrue();
        app.services()
                .agents()
                .update(
                        Caller.system(account.id()),
                        admin.id(),
                        AgentChanges.builder().suspended(false).build());

        // then the old token signs nothing
        assertThat(code(signedGroups(admin.email(), old))).isEqualTo(2059);
    }

    @Test
    void otherChangesKeepTheToken() {
        String token = logIn(admin.email(), PASSWORD);

        app.services()
                .agents()
                .update(
                        Caller.system(account.id()),
                        admin.id(),
                        AgentChanges.builder().name("Renamed").build());

        assertThat(logIn(admin.email(), PASSWORD)).isEqualTo(token);
        assertThat(code(signedGroups(admin.email(), token))).isEqualTo(1000);
    }

    private Agent newAgent(Role role) {
        String email = "signin" + SEQUENCE.incrementAndGet() + "@example.test";
        return app.services()
                .agents()
                .create(
                        Caller.system(account.id()),
                        NewAgent.of("Sign In", email, role).withPassword(PASSWORD));
    }

    private String logIn(String email, String password) {
        Response response = http.post("/open_api_v1/log_in")
                .host(account.host())
                .json("{\"email\": \"" + email + "\", \"password\": \"" + password + "\"}")
                .send();
        assertThat(code(response)).as(response.body()).isEqualTo(1000);
        return response.json().get("open_api_auth_token").asString();
    }

    private Response signedGroups(String email, String token) {
        return http.get("/open_api_v1/user_groups?"
                        + UdeskSigner.v2(email, token).query())
                .host(account.host())
                .send();
    }

    private static int code(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("code").asInt();
    }
}
