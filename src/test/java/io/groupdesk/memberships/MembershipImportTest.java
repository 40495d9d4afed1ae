package io.groupdesk.memberships;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.MembershipService.ImportResult;
import io.groupdesk.memberships.MembershipService.ImportedMemberships;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The bulk form of adding memberships keeps the rules of the single one, on both databases. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class MembershipImportTest {
    private static TestApp app;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start(TestDatabase database) {
        app = TestApp.start(database);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        app.close();
    }

    @Test
    void importedDefaultMovesTheAgentsDefaultAndKeepsExactlyOne() {
        TestAccount account = app.fixtures().account();
        Caller system = Caller.system(account.id());
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        Group first = app.fixtures().group(account.id(), "First");
        Group second = app.fixtures().group(account.id(), "Second");
        app.fixtures().membership(account.id(), agent, first);
        GroupId before = app.services()
                .memberships()
                .defaultGroupOf(system, agent.agent().id())
                .orElseThrow();

        ImportResult result = app.services()
                .memberships()
                .importBatch(
                        system,
                        List.of(new ImportedMemberships(
                                agent.agent().id(), List.of(first.id(), second.id()), Optional.of(second.id()))));

        assertThat(before).isNotEqualTo(second.id());
        assertThat(result).isEqualTo(new ImportResult(1, 1, 1, List.of()));
        assertThat(app.services().memberships().ofAgent(system, agent.agent().id()))
                .filteredOn(Membership::isDefault)
                .singleElement()
                .satisfies(m -> assertThat(m.groupId()).isEqualTo(second.id()));
    }

    @Test
    void importedMembershipsOfANewAgentMakeTheNamedDefaultItsOnlyDefault() {
        TestAccount account = app.fixtures().account();
        Caller system = Caller.system(account.id());
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        app.services().memberships().removeAllOfAgent(system, agent.agent().id());
        Group first = app.fixtures().group(account.id(), "One");
        Group second = app.fixtures().group(account.id(), "Two");

        ImportResult result = app.services()
                .memberships()
                .importBatch(
                        system,
                        List.of(new ImportedMemberships(
                                agent.agent().id(), List.of(first.id(), second.id()), Optional.of(second.id()))));

        assertThat(result).isEqualTo(new ImportResult(2, 0, 0, List.of()));
        assertThat(app.services().memberships().ofAgent(system, agent.agent().id()))
                .filteredOn(Membership::isDefault)
                .singleElement()
                .satisfies(m -> assertThat(m.groupId()).isEqualTo(second.id()));
    }

    @Test
    void importRefusesAMembershipInADeletedGroupAndWritesTheOthers() {
        TestAccount account = app.fixtures().account();
        Caller system = Caller.system(account.id());
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        Group live = app.fixtures().group(account.id(), "Live");
        Group gone = app.fixtures().group(account.id(), "Gone");
        app.services().groups().delete(system, gone.id());

        ImportResult result = app.services()
                .memberships()
                .importBatch(
                        system,
                        List.of(new ImportedMemberships(
                                agent.agent().id(), List.of(gone.id(), live.id()), Optional.empty())));

        assertThat(result.created()).isEqualTo(1);
        assertThat(result.refused()).singleElement().satisfies(refusal -> assertThat(refusal.group())
                .isEqualTo(gone.id()));
        assertThat(app.services().memberships().ofAgent(system, agent.agent().id()))
                .extracting(Membership::groupId)
                .contains(live.id())
                .doesNotContain(gone.id());
    }
}
