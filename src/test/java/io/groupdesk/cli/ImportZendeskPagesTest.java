package io.groupdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.accounts.Account;
import io.groupdesk.agents.Agent;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupService;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Import of pages as a script saved them from real Zendesk (reference zendesk.md): files named freely, extra fields,
 * end users, a deleted group, a membership of an unknown user and duplicates, each skip counted with its reason. Also
 * the command line's errors: usage errors exit 2, failures 1 with one line and no stack trace.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ImportZendeskPagesTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    @Parameter
    TestDatabase database;

    @TempDir
    Path dir;

    @Test
    void importsRealZendeskPagesAndReportsEverySkip() throws Exception {
        Path from = zendeskPages(dir.resolve("pulled"));
        Path report = dir.resolve("skipped.tsv");
        String subdomain = "acme" + database.name().toLowerCase(java.util.Locale.ROOT);

        CliRun run = run(
                "import",
                "--from",
                from.toString(),
                "--account",
                subdomain,
                "--create-account",
                "--report",
                report.toString());

        assertThat(run.code()).as(run.toString()).isZero();
        assertThat(run.out().lines().toList())
                .containsExactly(
                        subdomain + ": users: 2 created, 0 updated, 0 unchanged",
                        subdomain + ":   skipped 2 users: role end-user",
                        subdomain + ":   skipped 1 user: duplicate id 102",
                        subdomain + ": groups: 2 created, 0 updated, 0 unchanged",
                        subdomain + ":   skipped 1 group: deleted (deleted groups are not imported)",
                        subdomain + ": memberships: 3 created, 0 updated, 0 unchanged",
                        subdomain + ":   skipped 1 membership: user not imported (role end-user)",
                        subdomain + ":   skipped 1 membership: unknown user",
                        subdomain + ":   skipped 1 membership: group not imported",
                        subdomain + ":   skipped 1 membership: duplicate",
                        subdomain + ":   skipped 1 membership: unknown group",
                        "skipped rows: 9, listed in " + report);
        assertThat(Files.readAllLines(report))
                .hasSize(10)
                .contains(
                        subdomain + "\tusers\tusers.json#3\tcarol@customer.test\trole end-user",
                        subdomain + "\tmemberships\tmemberships/p1.json#5\tuser 999 in group 201\tunknown user");

        Account account = app.services().accounts().findBySubdomain(subdomain).orElseThrow();
        Caller system = Caller.system(account.id());
        Map<String, Group> groups =
                app
                        .services()
                        .groups()
                        .list(system, GroupService.Scope.ALL, true, PageRequest.first(100))
                        .items()
                        .stream()
                        .collect(Collectors.toMap(Group::name, g -> g));
        assertThat(groups).containsOnlyKeys("Support", "Billing");
        assertThat(groups.get("Support").isDefault()).isTrue();
        assertThat(groups.get("Billing").isPublic()).isFalse();
        assertThat(groups.get("Billing").description()).isEqualTo("Invoices and refunds");
        Map<String, Agent> agents =
                app.services().agents().list(system, Set.of(), PageRequest.first(100)).items().stream()
                        .collect(Collectors.toMap(Agent::email, a -> a));
        assertThat(agents).containsOnlyKeys("alice@acme.test", "bob@acme.test");
        assertThat(agents.get("bob@acme.test").timeZone()).isEqualTo("Eastern Time (US & Canada)");
        assertThat(app.services()
                        .memberships()
                        .defaultGroupOf(system, agents.get("bob@acme.test").id()))
                .contains(groups.get("Billing").id());
        assertThat(app.services()
                        .memberships()
                        .defaultGroupOf(system, agents.get("alice@acme.test").id()))
                .contains(groups.get("Support").id());

        CliRun again = run("import", "--from", from.toString(), "--account", subdomain);

        assertThat(again.out())
                .contains(subdomain + ": users: 0 created, 0 updated, 2 unchanged")
                .contains(subdomain + ": groups: 0 created, 0 updated, 2 unchanged")
                .contains(subdomain + ": memberships: 0 created, 0 updated, 3 unchanged");
    }

    @Test
    void usageErrorsExitWithTwoAndSayWhat() {
        CliRun missing = run("import");
        CliRun unknown = run("frobnicate");
        CliRun both = run("export", "--out", dir.toString(), "--account", "demo", "--all-accounts");
        CliRun notANumber = run("tokens", "revoke", "seven");

        assertThat(missing.code()).isEqualTo(2);
        assertThat(missing.err())
                .contains("Missing required option: '--from=DIR'")
                .contains("Usage: groupdesk import");
        assertThat(unknown.code()).isEqualTo(2);
        assertThat(unknown.err()).contains("Unmatched argument at index 0: 'frobnicate'");
        assertThat(both.code()).isEqualTo(2);
        assertThat(both.err()).contains("mutually exclusive");
        assertThat(notANumber.code()).isEqualTo(2);
        assertThat(notANumber.err()).contains("Invalid value for positional parameter at index 0 (ID): 'seven'");
    }

    @Test
    void failuresExitWithOneAndOneLineWithoutAStackTrace() throws Exception {
        Path pages = zendeskPages(dir.resolve("pulled"));
        Path broken = dir.resolve("broken");
        Files.createDirectories(broken.resolve("groups"));
        Files.writeString(broken.resolve("groups/page-1.json"), "{\"groups\": [");

        CliRun noAccount = run("import", "--from", pages.toString(), "--account", "nobody");
        CliRun badJson = run("import", "--from", broken.toString(), "--account", "demo");
        CliRun noToken = run("tokens", "revoke", "987654");

        assertThat(noAccount.code()).isEqualTo(1);
        assertThat(noAccount.err().strip())
                .isEqualTo("error: no account has the subdomain \"nobody\": pass --create-account to create it");
        assertThat(badJson.code()).isEqualTo(1);
        assertThat(badJson.err())
                .startsWith("error: groups/page-1.json is not valid JSON")
                .doesNotContain("\tat ");
        assertThat(noToken.code()).isEqualTo(1);
        assertThat(noToken.err().strip()).isEqualTo("error: token 987654 not found");
    }

    @Test
    void helpAndVersionExitWithZero() {
        CliRun help = run("--help");
        CliRun version = run("--version");

        assertThat(help.code()).isZero();
        assertThat(help.out()).contains("serve", "export", "import", "tokens", "sample-data");
        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("groupdesk ");
    }

    /** Pages shaped like real Zendesk responses, saved under names a script might choose. */
    private static Path zendeskPages(Path root) throws Exception {
        Files.createDirectories(root.resolve("memberships"));
        Files.writeString(
                root.resolve("users.json"),
                """
                {"users":[
                  {"id":101,"url":"https://acme.zendesk.com/api/v2/users/101.json","name":"Alice Admin",
                   "email":"alice@acme.test","role":"admin","role_type":null,"active":true,"suspended":false,
                   "verified":true,"locale":"en-US","time_zone":"UTC","iana_time_zone":"Etc/UTC","tags":[],
                   "user_fields":{},"photo":null,"default_group_id":201,"shared":false},
                  {"id":102,"url":"https://acme.zendesk.com/api/v2/users/102.json","name":"Bob Agent",
                   "email":"bob@acme.test","role":"agent","role_type":0,"active":true,"suspended":false,
                   "locale":"en-US","time_zone":"Eastern Time (US & Canada)","phone":"+1 555 0100",
                   "photo":{"content_url":"https://acme.zendesk.com/photos/bob.png","size":1200}},
                  {"id":103,"name":"Carol Customer","email":"carol@customer.test","role":"end-user","active":true},
                  {"id":104,"name":"Dan Customer","email":"dan@customer.test","role":"end-user","active":true}
                 ],
                 "meta":{"has_more":true,"after_cursor":"eyJvIjoiaWQiLCJ2IjoiYVdRQUFBPT0ifQ==","before_cursor":null},
                 "links":{"prev":null,"next":"https://acme.zendesk.com/api/v2/users.json?page%5Bafter%5D=eyJvIjoiaWQifQ%3D%3D&page%5Bsize%5D=4"}}
                """);
        Files.writeString(
                root.resolve("users_2.json"),
                """
                {"users":[{"id":102,"name":"Bob Agent","email":"bob@acme.test","role":"agent","active":true}],
                 "meta":{"has_more":false,"after_cursor":null,"before_cursor":null},"links":{"prev":null,"next":null}}
                """);
        Files.writeString(
                root.resolve("groups.json"),
                """
                {"groups":[
                  {"url":"https://acme.zendesk.com/api/v2/groups/201.json","id":201,"is_public":true,"name":"Support",
                   "description":"","default":true,"deleted":false,"created_at":"2019-01-01T00:00:00Z",
                   "updated_at":"2024-01-01T00:00:00Z"},
                  {"url":"https://acme.zendesk.com/api/v2/groups/202.json","id":202,"is_public":false,"name":"Billing",
                   "description":"Invoices and refunds","default":false,"deleted":false},
                  {"url":"https://acme.zendesk.com/api/v2/groups/203.json","id":203,"is_public":true,"name":"Old Team",
                   "description":"","default":false,"deleted":true}
                 ],
                 "next_page":null,"previous_page":null,"count":3}
                """);
        Files.writeString(
                root.resolve("memberships/p1.json"),
                """
                {"group_memberships":[
                  {"url":"https://acme.zendesk.com/api/v2/group_memberships/301.json","id":301,"user_id":101,
                   "group_id":201,"default":true,"created_at":"2019-01-01T00:00:00Z","updated_at":"2019-01-01T00:00:00Z"},
                  {"id":302,"user_id":102,"group_id":201,"default":false},
                  {"id":303,"user_id":102,"group_id":202,"default":true},
                  {"id":304,"user_id":103,"group_id":201,"default":false},
                  {"id":305,"user_id":999,"group_id":201,"default":false},
                  {"id":306,"user_id":101,"group_id":203,"default":false},
                  {"id":307,"user_id":102,"group_id":202,"default":false},
                  {"id":308,"user_id":101,"group_id":888,"default":false}
                 ],
                 "users":[{"id":101,"name":"Alice Admin","email":"alice@acme.test","role":"admin"}],
                 "meta":{"has_more":false,"after_cursor":null,"before_cursor":null},"links":{"prev":null,"next":null}}
                """);
        return root;
    }

    private static CliRun run(String... args) {
        return CliRun.run(app.environment(), args);
    }
}
