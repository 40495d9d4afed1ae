package io.groupdesk.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.credentials.CredentialRepository.TokenInfo;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The console's API tokens page: admins list, create (the secret shown once) and revoke; agents get no page. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ConsoleTokensTest {
    private static final Pattern NEW_TOKEN = Pattern.compile("<code id=\"new-token\">([A-Za-z0-9]+)</code>");

    @RegisterExtension
    static final AppExtension app = new AppExtension(Map.of("GROUPDESK_TRUST_PROXY", "true"));

    private static TestAccount account;
    private static TestAgent admin;
    private static TestAgent agent;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        account = app.fixtures().account();
        admin = account.admin();
        agent = app.fixtures().agent(account.id(), Role.AGENT);
    }

    private static ConsoleClient signedIn(TestAgent who) {
        ConsoleClient client = new ConsoleClient(app.http(), account.host());
        Response response = client.signIn(who.email(), who.password());
        assertThat(response.status()).as(response.toString()).isEqualTo(303);
        return client;
    }

    @Test
    void adminCreatesATokenSeesItsSecretOnceAndRevokesIt() {
        ConsoleClient client = signedIn(admin);

        // when an admin creates a token on the page
        Response created = client.submit("/console/tokens", "/console/tokens", Map.of("description", "Console sync"));
        Matcher secret = NEW_TOKEN.matcher(created.body());

        // then the answer shows its secret, which works, and the page shows it no more
        assertThat(created.status()).isEqualTo(201);
        assertThat(secret.find()).as(created.body()).isTrue();
        String token = secret.group(1);
        TokenInfo listed = app.services().tokens().list(admin.caller()).stream()
                .filter(t -> "Console sync".equals(t.description()))
                .findFirst()
                .orElseThrow();
        assertThat(listed.owner()).isEqualTo(admin.agent().id());
        Response page = client.get("/console/tokens");
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("data-token=\"" + listed.id() + "\"", "Console sync")
                .doesNotContain(token);
        assertThat(me(token).status()).isEqualTo(200);

        // when it is revoked on the page
        Response revoked = client.submit("/console/tokens", "/console/tokens/" + listed.id() + "/revoke", Map.of());

        // then it is gone from the page and authenticates nothing
        assertThat(revoked.status()).isEqualTo(303);
        assertThat(revoked.header("Location")).contains("/console/tokens?notice=token-revoked");
        assertThat(client.get(revoked.header("Location").orElseThrow()).body())
                .contains("The token was revoked.")
                .doesNotContain("data-token=\"" + listed.id() + "\"");
        assertThat(me(token).status()).isEqualTo(401);
    }

    @Test
    void tooLongDescriptionIsShownOnTheFormAndCreatesNothing() {
        ConsoleClient client = signedIn(admin);
        int before = app.services().tokens().list(admin.caller()).size();

        Response response = client.submit("/console/tokens", "/console/tokens", Map.of("description", "d".repeat(256)));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body())
                .contains("is too long (maximum is 255 characters)")
                .doesNotContain("new-token");
        assertThat(app.services().tokens().list(admin.caller())).hasSize(before);
    }

    @Test
    void agentGetsNoTokensPageAndNoLinkToIt() {
        ConsoleClient client = signedIn(agent);

        Response page = client.get("/console/tokens");
        Response create = client.submit("/console/groups", "/console/tokens", Map.of("description", "sneaky"));

        assertThat(page.status()).isEqualTo(403);
        assertThat(page.body()).doesNotContain("<table id=\"tokens\"");
        assertThat(create.status()).isEqualTo(403);
        assertThat(client.get("/console/groups").body()).doesNotContain("/console/tokens");
        assertThat(app.services().tokens().list(admin.caller())).noneMatch(t -> "sneaky".equals(t.description()));
    }

    @Test
    void adminSeesTheTokensLinkInTheNavigation() {
        assertThat(signedIn(admin).get("/console/groups").body())
                .contains("<a href=\"/console/tokens\">API tokens</a>");
    }

    private static Response me(String token) {
        return app.http()
                .get("/api/v2/users/me.json")
                .host(account.host())
                .authorization(Http.basic(admin.email() + "/token", token))
                .send();
    }
}
