package io.groupdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.groupdesk.access.Caller;
import io.groupdesk.agents.Agent;
import io.groupdesk.events.Event;
import io.groupdesk.events.EventRepository;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.TestDatabase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The command line's import records the events of what it changes, as the system's (no actor) and via
 * {@code import}: a consumer of the events sees every group, agent and membership an import made, and nothing for an
 * import that changed nothing.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ImportEventsTest {
    private static final String GROUPS =
            """
            {"groups":[
              {"id":201,"name":"Support","description":"","is_public":true,"default":true,"deleted":false},
              {"id":202,"name":"Billing","description":"%s","is_public":false,"default":false,"deleted":false}
             ]}
            """;
    private static final String USERS =
            """
            {"users":[
              {"id":101,"name":"Alice Admin","email":"alice@acme.test","role":"admin","active":true},
              {"id":102,"name":"Bob Agent","email":"bob@acme.test","role":"agent","active":true}
             ]}
            """;
    private static final String MEMBERSHIPS =
            """
            {"group_memberships":[
              {"id":301,"user_id":101,"group_id":201,"default":true},
              {"id":302,"user_id":102,"group_id":201,"default":false},
              {"id":303,"user_id":102,"group_id":202,"default":true}
             ]}
            """;

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    @Parameter
    TestDatabase database;

    @TempDir
    Path dir;

    @Test
    void anImportRecordsWhatItMadeAsTheSystemsViaImport() throws Exception {
        Path from = importSet(dir.resolve("first"), "Invoices");

        CliRun run = run("import", "--from", from.toString(), "--account", "evimport", "--create-account");

        assertThat(run.code()).as(run.toString()).isZero();
        AccountId account = account("evimport");
        Caller system = Caller.system(account);
        Map<String, GroupId> groups = app.services().groups().liveByName(system).values().stream()
                .collect(Collectors.toMap(Group::name, Group::id));
        Map<String, AgentId> agents = app.services().agents().activeByEmail(system).values().stream()
                .collect(Collectors.toMap(Agent::email, Agent::id));
        GroupId support = groups.get("Support");
        GroupId billing = groups.get("Billing");
        AgentId alice = agents.get("alice@acme.test");
        AgentId bob = agents.get("bob@acme.test");
        long aliceSupport = membership(system, alice, support);
        long bobSupport = membership(system, bob, support);
        long bobBilling = membership(system, bob, billing);
        List<Event> events = events(account, 0);
        assertThat(events)
                .extracting(event -> event.type().key(), Event::sourceId, Event::changes)
                .containsExactlyInAnyOrder(
                        tuple(
                                "groupdesk:event-type:group.created",
                                support.value(),
                                "{\"name\":{\"from\":null,\"to\":\"Support\"},\"description\":{\"from\":null,\"to\":\"\"},"
                                        + "\"is_public\":{\"from\":null,\"to\":true},\"default\":{\"from\":null,\"to\":true}}"),
                        tuple(
                                "groupdesk:event-type:group.created",
                                billing.value(),
                                "{\"name\":{\"from\":null,\"to\":\"Billing\"},"
                                        + "\"description\":{\"from\":null,\"to\":\"Invoices\"},"
                                        + "\"is_public\":{\"from\":null,\"to\":false}}"),
                        tuple(
                                "zen:event-type:user.created",
                                alice.value(),
                                "{\"name\":{\"from\":null,\"to\":\"Alice Admin\"},"
                                        + "\"email\":{\"from\":null,\"to\":\"alice@acme.test\"},"
                                        + "\"role\":{\"from\":null,\"to\":\"admin\"},"
                                        + "\"accepts_assignments\":{\"from\":null,\"to\":true},"
                                        + "\"suspended\":{\"from\":null,\"to\":false}}"),
                        tuple(
                                "zen:event-type:user.created",
                                bob.value(),
                                "{\"name\":{\"from\":null,\"to\":\"Bob Agent\"},"
                                        + "\"email\":{\"from\":null,\"to\":\"bob@acme.test\"},"
                                        + "\"role\":{\"from\":null,\"to\":\"agent\"},"
                                        + "\"accepts_assignments\":{\"from\":null,\"to\":true},"
                                        + "\"suspended\":{\"from\":null,\"to\":false}}"),
                        tuple(
                                "zen:event-type:user.group_membership_created",
                                aliceSupport,
                                joined(alice, support, true)),
                        tuple("zen:event-type:user.group_membership_created", bobSupport, joined(bob, support, false)),
                        tuple("zen:event-type:user.group_membership_created", bobBilling, joined(bob, billing, true)),
                        tuple(
                                "zen:event-type:user.default_group_changed",
                                alice.value(),
                                "{\"default_group_id\":{\"from\":null,\"to\":" + support.value() + "}}"),
                        tuple(
                                "zen:event-type:user.default_group_changed",
                                bob.value(),
                                "{\"default_group_id\":{\"from\":null,\"to\":" + billing.value() + "}}"));
        assertThat(events)
                .extracting(Event::actor, event -> event.via().key(), Event::requestId, Event::clientAddress)
                .containsOnly(tuple(
                        java.util.Optional.empty(), "import", java.util.Optional.empty(), java.util.Optional.empty()));
        // the groups and agents an event names come before their memberships' events
        assertThat(events.subList(0, 4))
                .extracting(event -> event.type().key())
                .containsExactly(
                        "groupdesk:event-type:group.created",
                        "groupdesk:event-type:group.created",
                        "zen:event-type:user.created",
                        "zen:event-type:user.created");
        assertThat(events).extracting(Event::id).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L);
    }

    @Test
    void theSameImportAgainRecordsNothingAndAChangedDescriptionItsUpdate() throws Exception {
        Path first = importSet(dir.resolve("first"), "Invoices");
        Path changed = importSet(dir.resolve("changed"), "Invoices and refunds");
        CliRun initial = run("import", "--from", first.toString(), "--account", "evagain", "--create-account");
        AccountId account = account("evagain");
        long mark = lastId(account);

        CliRun again = run("import", "--from", first.toString(), "--account", "evagain");
        long afterAgain = lastId(account);
        CliRun updated = run("import", "--from", changed.toString(), "--account", "evagain");

        assertThat(initial.code()).as(initial.toString()).isZero();
        assertThat(again.code()).as(again.toString()).isZero();
        assertThat(updated.code()).as(updated.toString()).isZero();
        assertThat(afterAgain).isEqualTo(mark);
        GroupId billing = app.services()
                .groups()
                .liveByName(Caller.system(account))
                .get(io.groupdesk.groups.GroupService.nameKey("Billing"))
                .id();
        assertThat(events(account, mark))
                .extracting(
                        event -> event.type().key(), Event::sourceId, Event::changes, Event::actor, event -> event.via()
                                .key())
                .containsExactly(tuple(
                        "groupdesk:event-type:group.updated",
                        billing.value(),
                        "{\"description\":{\"from\":\"Invoices\",\"to\":\"Invoices and refunds\"}}",
                        java.util.Optional.empty(),
                        "import"));
    }

    @Test
    void anImportThatRenamesAnAgentAndMovesItsDefaultRecordsJustThat() throws Exception {
        Path first = importSet(dir.resolve("first"), "Invoices");
        Path changed = importSet(dir.resolve("changed"), "Invoices");
        Files.writeString(changed.resolve("users.json"), USERS.replace("Bob Agent", "Robert Agent"));
        Files.writeString(
                changed.resolve("group_memberships.json"),
                MEMBERSHIPS
                        .replace("\"group_id\":201,\"default\":false", "\"group_id\":201,\"default\":true")
                        .replace("\"group_id\":202,\"default\":true", "\"group_id\":202,\"default\":false"));
        CliRun initial = run("import", "--from", first.toString(), "--account", "evmove", "--create-account");
        AccountId account = account("evmove");
        long mark = lastId(account);

        CliRun moved = run("import", "--from", changed.toString(), "--account", "evmove");

        assertThat(initial.code()).as(initial.toString()).isZero();
        assertThat(moved.code()).as(moved.toString()).isZero();
        Caller system = Caller.system(account);
        Map<String, GroupId> groups = app.services().groups().liveByName(system).values().stream()
                .collect(Collectors.toMap(Group::name, Group::id));
        AgentId bob = app.services()
                .agents()
                .activeByEmail(system)
                .get(io.groupdesk.agents.AgentService.emailKey("bob@acme.test"))
                .id();
        assertThat(app.services().memberships().defaultGroupOf(system, bob)).contains(groups.get("Support"));
        assertThat(events(account, mark))
                .extracting(event -> event.type().key(), Event::sourceId, Event::changes)
                .containsExactly(
                        tuple(
                                "zen:event-type:user.name_changed",
                                bob.value(),
                                "{\"name\":{\"from\":\"Bob Agent\",\"to\":\"Robert Agent\"}}"),
                        tuple(
                                "zen:event-type:user.default_group_changed",
                                bob.value(),
                                "{\"default_group_id\":{\"from\":"
                                        + groups.get("Billing").value() + ",\"to\":"
                                        + groups.get("Support").value() + "}}"));
    }

    private static String joined(AgentId agent, GroupId group, boolean isDefault) {
        return "{\"user_id\":{\"from\":null,\"to\":" + agent.value() + "},\"group_id\":{\"from\":null,\"to\":"
                + group.value() + "},\"default\":{\"from\":null,\"to\":" + isDefault + "}}";
    }

    private static long membership(Caller system, AgentId agent, GroupId group) {
        return app.services().memberships().ofAgent(system, agent).stream()
                .filter(m -> m.groupId().equals(group))
                .map(Membership::id)
                .findFirst()
                .orElseThrow()
                .value();
    }

    /** A small import set in Zendesk's page shapes, with Billing's description as given. */
    private static Path importSet(Path root, String billingDescription) throws Exception {
        Files.createDirectories(root);
        Files.writeString(root.resolve("groups.json"), GROUPS.formatted(billingDescription));
        Files.writeString(root.resolve("users.json"), USERS);
        Files.writeString(root.resolve("group_memberships.json"), MEMBERSHIPS);
        return root;
    }

    private static AccountId account(String subdomain) {
        return app.services()
                .accounts()
                .findBySubdomain(subdomain)
                .orElseThrow()
                .id();
    }

    private static List<Event> events(AccountId account, long after) {
        return EventRepository.jdbc(app.groupdesk().database().jdbi()).after(account, after, 1000);
    }

    private static long lastId(AccountId account) {
        return EventRepository.jdbc(app.groupdesk().database().jdbi()).lastId(account);
    }

    private static CliRun run(String... args) {
        return CliRun.run(app.environment(), args);
    }
}
