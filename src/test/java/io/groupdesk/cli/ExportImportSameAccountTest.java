package io.groupdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentChanges;
import io.groupdesk.agents.NewAgent;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.NewGroup;
import io.groupdesk.memberships.NewMembership;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * An account's own fresh export, imported back into it, is a no-op: nothing created or updated, and no
 * {@code updated_at} or ETag moves, whatever fields its agents have set (the profile fields, an explicit locale and
 * time zone equal to the ones the pages show for none, routing fields, suspension, both roles, a default group that
 * is not the first membership, private groups, and a deleted group, which the export leaves out). A field changed between export and import is put back on
 * that one agent only.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ExportImportSameAccountTest {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    @Parameter
    TestDatabase database;

    @TempDir
    Path dir;

    private TestAccount account;
    private Agent detailed;

    @BeforeEach
    void accountWithEveryKindOfField() {
        account = app.fixtures().account("same" + SEQUENCE.incrementAndGet());
        Caller system = Caller.system(account.id());
        var groups = app.services().groups();
        var agents = app.services().agents();
        var memberships = app.services().memberships();
        Group tier2 = groups.create(system, new NewGroup("Tier 2", Optional.of("escalations"), Optional.empty()));
        Group night = groups.create(system, new NewGroup("Night Owls", Optional.empty(), Optional.of(false)));
        Group gone = groups.create(system, NewGroup.named("Disbanded"));
        detailed = agents.create(
                system,
                new NewAgent(
                        "Dana Detailed",
                        "Dana.Detailed@example.com",
                        Optional.of(Role.AGENT),
                        AgentChanges.builder()
                                .phone("+49 30 1234567")
                                .alias("Dee")
                                .locale("de")
                                .timeZone("Europe/Berlin")
                                .position("Team lead")
                                .workId("W-42")
                                .avatarUrl("https://cdn.example.com/dana.png")
                                .skillLevel(7)
                                .acceptsAssignments(false)
                                .build()));
        Agent explicit = agents.create(
                system,
                new NewAgent(
                        "Eli Explicit",
                        "eli@example.com",
                        Optional.of(Role.ADMIN),
                        AgentChanges.builder()
                                .locale("en-US")
                                .timeZone("UTC")
                                .password("a long enough password")
                                .build()));
        Agent plain = agents.create(system, NewAgent.of("Pat Plain", "pat@example.com", Role.AGENT));
        Agent suspended = agents.create(system, NewAgent.of("Sam Suspended", "sam@example.com", Role.AGENT));
        memberships.add(system, new NewMembership(detailed.id(), tier2.id()));
        memberships.add(system, new NewMembership(detailed.id(), night.id()));
        // every new agent joins the account's default group (Support) first; Night Owls becomes Dana's default
        memberships.makeDefaultGroup(system, detailed.id(), night.id());
        memberships.add(system, new NewMembership(explicit.id(), tier2.id()));
        memberships.add(system, new NewMembership(suspended.id(), gone.id()));
        memberships.add(system, new NewMembership(suspended.id(), tier2.id()));
        groups.delete(system, gone.id());
        agents.update(
                system, suspended.id(), AgentChanges.builder().suspended(true).build());
    }

    @Test
    void importingAnAccountsOwnExportChangesNothing() {
        Path export = exportAccount();
        Map<String, String> updatedBefore = updatedAts();
        Map<String, String> etagsBefore = etags();

        CliRun imported = run("import", "--from", export.toString(), "--account", subdomain());

        assertThat(imported.code()).as(imported.toString()).isZero();
        assertThat(imported.out().lines().toList())
                .containsExactly(
                        subdomain() + ": users: 0 created, 0 updated, 5 unchanged",
                        subdomain() + ": groups: 0 created, 0 updated, 3 unchanged",
                        subdomain() + ": memberships: 0 created, 0 updated, 9 unchanged");
        assertThat(updatedAts()).isEqualTo(updatedBefore);
        assertThat(etags()).isEqualTo(etagsBefore);
    }

    @Test
    void importPutsBackTheOneAgentChangedSinceTheExport() {
        Path export = exportAccount();
        app.services()
                .agents()
                .update(
                        Caller.system(account.id()),
                        detailed.id(),
                        AgentChanges.builder().skillLevel(2).locale("fr").build());
        Map<String, String> updatedBefore = updatedAts();
        Map<String, String> etagsBefore = etags();

        CliRun imported = run("import", "--from", export.toString(), "--account", subdomain());

        assertThat(imported.code()).as(imported.toString()).isZero();
        assertThat(imported.out()).contains(subdomain() + ": users: 0 created, 1 updated, 4 unchanged");
        Agent restored = app.services().agents().get(Caller.system(account.id()), detailed.id());
        assertThat(restored.skillLevel()).isEqualTo(7);
        assertThat(restored.locale()).isEqualTo("de");
        Map<String, String> updatedAfter = updatedAts();
        Map<String, String> etagsAfter = etags();
        String key = "agent " + detailed.id().value();
        assertThat(updatedAfter.get(key)).isNotEqualTo(updatedBefore.get(key));
        assertThat(etagsAfter.get(key)).isNotEqualTo(etagsBefore.get(key));
        updatedAfter.remove(key);
        updatedBefore.remove(key);
        etagsAfter.remove(key);
        etagsBefore.remove(key);
        assertThat(updatedAfter).isEqualTo(updatedBefore);
        assertThat(etagsAfter).isEqualTo(etagsBefore);
    }

    @Test
    void pagesWithoutGroupdesksRoutingFieldsLeaveTheStoredOnesAlone() throws Exception {
        Path export = exportAccount();
        // Zendesk's own pages have neither accepts_assignments nor skill_level
        Path users = export.resolve("users/page-00001.json");
        tools.jackson.databind.json.JsonMapper mapper =
                tools.jackson.databind.json.JsonMapper.builder().build();
        tools.jackson.databind.node.ObjectNode page =
                (tools.jackson.databind.node.ObjectNode) mapper.readTree(users.toFile());
        page.get("users").forEach(user -> ((tools.jackson.databind.node.ObjectNode) user)
                .remove(List.of("accepts_assignments", "skill_level")));
        java.nio.file.Files.write(users, mapper.writeValueAsBytes(page));
        Map<String, String> updatedBefore = updatedAts();

        CliRun imported = run("import", "--from", export.toString(), "--account", subdomain());

        assertThat(imported.code()).as(imported.toString()).isZero();
        assertThat(imported.out()).contains(subdomain() + ": users: 0 created, 0 updated, 5 unchanged");
        Agent kept = app.services().agents().get(Caller.system(account.id()), detailed.id());
        assertThat(kept.skillLevel()).isEqualTo(7);
        assertThat(kept.acceptsAssignments()).isFalse();
        assertThat(updatedAts()).isEqualTo(updatedBefore);
    }

    private Path exportAccount() {
        Path export = dir.resolve("export");
        CliRun exported = run("export", "--out", export.toString(), "--account", subdomain());
        assertThat(exported.code()).as(exported.toString()).isZero();
        return export;
    }

    private String subdomain() {
        return account.account().subdomain();
    }

    /** Every agent's, group's (deleted ones too) and membership's {@code updated_at}, by kind and id. */
    private Map<String, String> updatedAts() {
        Jdbi jdbi = app.groupdesk().database().jdbi();
        Map<String, String> rows = new TreeMap<>();
        jdbi.useHandle(handle -> {
            for (String table : List.of("agents", "agent_groups", "memberships")) {
                handle.createQuery("SELECT id, updated_at FROM " + table + " WHERE account_id = :account")
                        .bind("account", account.id().value())
                        .map((rs, ctx) -> Map.entry(
                                kind(table) + " " + rs.getLong("id"),
                                rs.getObject("updated_at").toString()))
                        .forEach(entry -> rows.put(entry.getKey(), entry.getValue()));
            }
        });
        assertThat(rows).hasSize(5 + 4 + 9);
        return rows;
    }

    /** The ETag of every agent, live group and membership, as {@code GET /api/v2/…/{id}.json} answers. */
    private Map<String, String> etags() {
        Jdbi jdbi = app.groupdesk().database().jdbi();
        Map<String, String> tags = new TreeMap<>();
        Map<String, String> paths = Map.of(
                "agents", "/api/v2/users/",
                "agent_groups", "/api/v2/groups/",
                "memberships", "/api/v2/group_memberships/");
        paths.forEach((table, path) -> {
            List<Long> ids = jdbi.withHandle(handle -> handle.createQuery("SELECT id FROM " + table
                            + " WHERE account_id = :account" + (table.equals("agent_groups") ? " AND NOT deleted" : ""))
                    .bind("account", account.id().value())
                    .mapTo(Long.class)
                    .list());
            for (long id : ids) {
                Response shown = app.http()
                        .get(path + id + ".json")
                        .host(account.host())
                        .as(account.admin())
                        .send();
                assertThat(shown.status()).as(shown.toString()).isEqualTo(200);
                tags.put(kind(table) + " " + id, shown.header("ETag").orElseThrow());
            }
        });
        assertThat(tags).hasSize(5 + 3 + 9);
        return tags;
    }

    private static String kind(String table) {
        return switch (table) {
            case "agents" -> "agent";
            case "agent_groups" -> "group";
            default -> "membership";
        };
    }

    private static CliRun run(String... args) {
        return CliRun.run(app.environment(), args);
    }
}
