package io.groupdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.accounts.Account;
import io.groupdesk.agents.NewAgent;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.NewGroup;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A data set of 10,000 memberships goes out with {@code export} and back in with {@code import} into a fresh
 * account, and arrives the same: agents by email, groups by name with their description and privacy, memberships
 * and defaults. A second import changes nothing.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ExportImportRoundTripTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    @Parameter
    TestDatabase database;

    @TempDir
    Path dir;

    @Test
    void exportedAccountImportsIntoAFreshAccountUnchangedAndTwiceIsIdempotent() throws Exception {
        Path sample = dir.resolve("sample");
        CliRun generated = run(
                "sample-data",
                "--out",
                sample.toString(),
                "--groups",
                "1000",
                "--agents",
                "2000",
                "--memberships",
                "10000",
                "--seed",
                "42");
        assertThat(generated.code()).as(generated.toString()).isZero();
        CliRun loaded = run("import", "--from", sample.toString(), "--account", "source", "--create-account");
        assertThat(loaded.code()).as(loaded.toString()).isZero();
        assertThat(loaded.out()).contains("source: memberships: 10,000 created, 0 updated, 0 unchanged");
        Account source = app.services().accounts().findBySubdomain("source").orElseThrow();
        // rows written through the API's own services travel too: a private group, a suspended agent, a deleted group
        Caller system = Caller.system(source.id());
        app.services()
                .groups()
                .create(system, new NewGroup("Night Owls", Optional.of("after hours"), Optional.of(false)));
        Group gone = app.services().groups().create(system, NewGroup.named("Disbanded"));
        app.services().groups().delete(system, gone.id());
        app.services().agents().create(system, NewAgent.of("Sam Suspended", "Sam.Suspended@example.com", Role.AGENT));

        Path export = dir.resolve("export");
        CliRun exported = run("export", "--out", export.toString(), "--account", "source");
        assertThat(exported.code()).as(exported.toString()).isZero();
        assertThat(exported.out()).contains("exported 2,001 users, 1,001 groups, 10,001 memberships");
        assertThat(Files.readString(export.resolve("groups/page-00001.json")))
                .startsWith("{\"groups\":[{\"url\":\"http://localhost:")
                .contains("\"meta\":{\"has_more\":true,\"after_cursor\":");

        CliRun imported = run("import", "--from", export.toString(), "--account", "target", "--create-account");

        assertThat(imported.code()).as(imported.toString()).isZero();
        assertThat(imported.out())
                .contains("target: users: 2,001 created, 0 updated, 0 unchanged")
                .contains("target: groups: 1,001 created, 0 updated, 0 unchanged")
                .contains("target: memberships: 10,001 created, 0 updated, 0 unchanged")
                .doesNotContain("skipped");
        assertThat(snapshot("target")).isEqualTo(snapshot("source"));

        CliRun again = run("import", "--from", export.toString(), "--account", "target");

        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(again.out())
                .contains("target: users: 0 created, 0 updated, 2,001 unchanged")
                .contains("target: groups: 0 created, 0 updated, 1,001 unchanged")
                .contains("target: memberships: 0 created, 0 updated, 10,001 unchanged");
        assertThat(snapshot("target")).isEqualTo(snapshot("source"));
    }

    /** An account's data by natural keys, as sorted text lines, so two accounts compare with one equality. */
    private static List<String> snapshot(String subdomain) {
        Jdbi jdbi = app.groupdesk().database().jdbi();
        long account = app.services()
                .accounts()
                .findBySubdomain(subdomain)
                .orElseThrow()
                .id()
                .value();
        return jdbi.withHandle(handle -> {
            List<String> lines = new java.util.ArrayList<>();
            lines.addAll(handle.createQuery(
                            """
                            SELECT 'agent ' || email_key || ' ' || name || ' ' || role || ' ' || suspended FROM agents
                            WHERE account_id = :account AND active
                            """)
                    .bind("account", account)
                    .mapTo(String.class)
                    .list());
            lines.addAll(handle.createQuery(
                            """
                            SELECT 'group ' || name || ' | ' || COALESCE(description, '-') || ' ' || is_public
                            FROM agent_groups WHERE account_id = :account AND NOT deleted
                            """)
                    .bind("account", account)
                    .mapTo(String.class)
                    .list());
            lines.addAll(handle.createQuery(
                            """
                            SELECT 'member ' || a.email_key || ' in ' || g.name
                                   || CASE WHEN m.default_marker THEN ' (default)' ELSE '' END
                            FROM memberships m
                            JOIN agents a ON a.account_id = m.account_id AND a.id = m.agent_id
                            JOIN agent_groups g ON g.account_id = m.account_id AND g.id = m.group_id
                            WHERE m.account_id = :account
                            """)
                    .bind("account", account)
                    .mapTo(String.class)
                    .list());
            java.util.Collections.sort(lines);
            return lines;
        });
    }

    private static CliRun run(String... args) {
        return CliRun.run(app.environment(), args);
    }
}
