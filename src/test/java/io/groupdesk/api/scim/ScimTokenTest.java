package io.groupdesk.api.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupdesk.access.Caller;
import io.groupdesk.credentials.ApiTokenService;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.ValidationException;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** A token limited to SCIM: good on /scim/v2, refused by the other APIs, listed and revoked as API tokens are. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ScimTokenTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static TestAccount account;
    private static Caller system;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        account = app.fixtures().account();
        system = Caller.system(account.id());
    }

    @Test
    void isTakenBySCIMAndRefusedByTheOtherApis() {
        ApiTokenService.IssuedToken token =
                app.services().tokens().issueForScim(system, account.admin().email(), "identity provider");

        ScimClient.Response scim = new ScimClient(app.http().port(), account.host(), token.secret()).get("/Users");
        Http.Response bearer = app.http()
                .get("/api/v2/users.json")
                .host(account.host())
                .authorization("Bearer " + token.secret())
                .send();
        Http.Response emailToken = app.http()
                .get("/api/v2/users.json")
                .host(account.host())
                .authorization(Http.basic(account.admin().email() + "/token", token.secret()))
                .send();
        Http.Response usedesk = app.http()
                .post("/groups")
                .host(account.host())
                .json("{\"api_token\": \"" + token.secret() + "\"}")
                .send();

        assertThat(scim.status()).as(scim.body()).isEqualTo(200);
        assertThat(bearer.status()).isEqualTo(401);
        assertThat(emailToken.status()).isEqualTo(401);
        assertThat(usedesk.status()).isEqualTo(401);
    }

    @Test
    void isListedAndRevokedLikeAnApiToken() {
        ApiTokenService.IssuedToken token =
                app.services().tokens().issueForScim(system, account.admin().email(), "");

        assertThat(app.services().tokens().list(system))
                .extracting(info -> info.id())
                .contains(token.id());
        app.services().tokens().revoke(system, token.id());

        assertThat(new ScimClient(app.http().port(), account.host(), token.secret())
                        .get("/Users")
                        .status())
                .isEqualTo(401);
    }

    @Test
    void belongsToAnAdministrator() {
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);

        assertThatThrownBy(() -> app.services().tokens().issueForScim(system, agent.email(), ""))
                .isInstanceOf(ValidationException.class)
                .hasMessage("agent: A token limited to SCIM belongs to an administrator");
    }
}
