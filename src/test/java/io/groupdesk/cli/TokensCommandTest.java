package io.groupdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** {@code tokens create|list|revoke} against the running app: a created token works over HTTP, a revoked one not. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class TokensCommandTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    @Parameter
    TestDatabase database;

    @Test
    void createdTokenAuthenticatesUntilRevoked() {
        CliRun created = run(
                "tokens",
                "create",
                "--account",
                "demo",
                "--agent",
                TestApp.ADMIN_EMAIL,
                "--description",
                "nightly sync");
        assertThat(created.code()).as(created.toString()).isZero();
        String secret = created.out().strip();
        assertThat(secret).matches("[A-Za-z0-9]{40}");
        String authorization = Http.basic(TestApp.ADMIN_EMAIL + "/token", secret);

        Http.Response accepted = app.http()
                .get("/api/v2/groups.json")
                .authorization(authorization)
                .send();
        CliRun listed = run("tokens", "list", "--account", "demo");

        assertThat(accepted.status()).as(accepted.body()).isEqualTo(200);
        assertThat(listed.code()).isZero();
        String line = listed.out()
                .lines()
                .filter(l -> l.contains("nightly sync"))
                .findFirst()
                .orElseThrow();
        assertThat(line).contains(TestApp.ADMIN_EMAIL);
        assertThat(listed.out()).doesNotContain(secret).contains("bootstrap token");
        String id = line.split("\\s+")[0];

        CliRun revoked = run("tokens", "revoke", "--account", "demo", id);
        Http.Response refused = app.http()
                .get("/api/v2/groups.json")
                .authorization(authorization)
                .send();

        assertThat(revoked.code()).as(revoked.toString()).isZero();
        assertThat(revoked.out()).contains("token " + id + " revoked");
        assertThat(refused.status()).isEqualTo(401);
        assertThat(run("tokens", "list", "--account", "demo").out()).doesNotContain("nightly sync");
        assertThat(run("tokens", "revoke", "--account", "demo", id).code())
                .as("revoking twice changes nothing")
                .isZero();
    }

    @Test
    void createsATokenLimitedToScim() {
        CliRun created = run(
                "tokens",
                "create",
                "--account",
                "demo",
                "--agent",
                TestApp.ADMIN_EMAIL,
                "--scim",
                "--description",
                "identity provider");
        assertThat(created.code()).as(created.toString()).isZero();
        String secret = created.out().strip();

        Http.Response scim = app.http()
                .get("/scim/v2/Users")
                .authorization("Bearer " + secret)
                .send();
        Http.Response zendesk = app.http()
                .get("/api/v2/groups.json")
                .authorization("Bearer " + secret)
                .send();

        assertThat(scim.status()).as(scim.body()).isEqualTo(200);
        assertThat(zendesk.status()).isEqualTo(401);
        assertThat(run("tokens", "list", "--account", "demo").out()).contains("identity provider");
    }

    @Test
    void refusesATokenForSomeoneWhoIsNotAnAgentOfTheAccount() {
        CliRun run = run("tokens", "create", "--account", "demo", "--agent", "stranger@example.com");

        assertThat(run.code()).isEqualTo(1);
        assertThat(run.out()).isEmpty();
        assertThat(run.err().strip()).isEqualTo("error: agent stranger@example.com not found");
    }

    private static CliRun run(String... args) {
        return CliRun.run(app.environment(), args);
    }
}
