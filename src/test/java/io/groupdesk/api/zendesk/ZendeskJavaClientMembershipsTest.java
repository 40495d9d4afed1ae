package io.groupdesk.api.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.agents.AgentChanges;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.MembershipFilter;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.MembershipId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.zendesk.client.v2.Zendesk;
import org.zendesk.client.v2.model.Group;
import org.zendesk.client.v2.model.GroupMembership;
import org.zendesk.client.v2.model.Role;
import org.zendesk.client.v2.model.User;

/**
 * The real Zendesk Java client ({@code com.cloudbees.thirdparty:zendesk-java-client} 1.5.2) driving group
 * memberships. Its cursor page size is set to 3 so every list it reads here spans several pages.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ZendeskJavaClientMembershipsTest {
    private static final int PAGE_SIZE = 3;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Zendesk zendesk;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start() {
        zendesk = new Zendesk.Builder(app.http().baseUrl())
                .setUsername(TestApp.ADMIN_EMAIL)
                .setToken(TestApp.ADMIN_TOKEN)
                .setCbpPageSize(PAGE_SIZE)
                .build();
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        zendesk.close();
    }

    @Test
    void createsMembershipAndReadsItBack() {
        TestAgent member = agent();
        Group group = zendesk.createGroup(named("Tier 2"));

        GroupMembership created = zendesk.createGroupMembership(membership(member, group));

        assertThat(created.getId()).isNotNull();
        assertThat(created.getUserId()).isEqualTo(member.agent().id().value());
        assertThat(created.getGroupId()).isEqualTo(group.getId());
        assertThat(created.get_default()).isFalse();
        assertThat(created.getUrl())
                .isEqualTo(app.http().baseUrl() + "/api/v2/group_memberships/" + created.getId() + ".json");
        assertThat(created.getCreatedAt()).isNotNull();
        GroupMembership shown = zendesk.getGroupMembership(created.getId());
        GroupMembership shownForUser =
                zendesk.getGroupMembership(member.agent().id().value(), created.getId());
        assertThat(shown.getGroupId()).isEqualTo(group.getId());
        assertThat(shownForUser.getId()).isEqualTo(created.getId());
        Membership stored =
                app.services().memberships().get(app.system(), new MembershipId(created.getId()), Optional.empty());
        assertThat(stored.agentId()).isEqualTo(member.agent().id());
        assertThat(stored.groupId()).isEqualTo(new GroupId(group.getId()));
        assertThat(stored.isDefault()).isFalse();
    }

    @Test
    void createsMembershipForTheUserInThePath() {
        TestAgent member = agent();
        Group group = zendesk.createGroup(named("User scoped"));
        GroupMembership request = new GroupMembership();
        request.setGroupId(group.getId());

        GroupMembership created =
                zendesk.createGroupMembership(member.agent().id().value(), request);

        assertThat(created.getUserId()).isEqualTo(member.agent().id().value());
        assertThat(created.getGroupId()).isEqualTo(group.getId());
        assertThat(groupsOf(member)).contains(new GroupId(group.getId()));
    }

    @Test
    void readsAGroupsMembershipsOverSeveralPages() {
        Group group = zendesk.createGroup(named("Paged"));
        List<Long> created = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            created.add(
                    zendesk.createGroupMembership(membership(agent(), group)).getId());
        }

        List<Long> read = new ArrayList<>();
        for (GroupMembership membership : zendesk.getGroupMemberships(group.getId())) {
            assertThat(membership.getGroupId()).isEqualTo(group.getId());
            read.add(membership.getId());
        }

        assertThat(read).isEqualTo(created);
        assertThat(app.services()
                        .memberships()
                        .list(
                                app.system(),
                                MembershipFilter.ofGroup(new GroupId(group.getId())),
                                PageRequest.first(100))
                        .items())
                .extracting(m -> m.id().value())
                .isEqualTo(created);
    }

    @Test
    void readsTheMembershipsOfAUserAndOfTheAccount() {
        TestAgent member = agent();
        List<Long> expected = new ArrayList<>();
        expected.add(app.services()
                .memberships()
                .ofAgent(app.system(), member.agent().id())
                .get(0)
                .id()
                .value());
        for (int i = 0; i < 4; i++) {
            expected.add(zendesk.createGroupMembership(membership(member, zendesk.createGroup(named("Of user"))))
                    .getId());
        }

        List<Long> ofUser = new ArrayList<>();
        zendesk.getGroupMembershipByUser(member.agent().id().value()).forEach(m -> ofUser.add(m.getId()));
        List<Long> everyone = new ArrayList<>();
        zendesk.getGroupMemberships().forEach(m -> everyone.add(m.getId()));

        assertThat(ofUser).isEqualTo(expected);
        assertThat(everyone).containsAll(expected).doesNotHaveDuplicates();
        assertThat(app.services()
                        .memberships()
                        .ofAgent(app.system(), member.agent().id()))
                .extracting(m -> m.id().value())
                .isEqualTo(expected);
    }

    @Test
    void readsAssignableMembershipsOnly() {
        Group group = zendesk.createGroup(named("Assignable"));
        List<Long> available = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            available.add(
                    zendesk.createGroupMembership(membership(agent(), group)).getId());
        }
        TestAgent busy = agent();
        long busyMembership =
                zendesk.createGroupMembership(membership(busy, group)).getId();
        app.services()
                .agents()
                .update(
                        app.system(),
                        busy.agent().id(),
                        AgentChanges.builder().acceptsAssignments(false).build());

        List<Long> ofGroup = new ArrayList<>();
        zendesk.getAssignableGroupMemberships(group.getId()).forEach(m -> ofGroup.add(m.getId()));
        List<Long> all = new ArrayList<>();
        zendesk.getAssignableGroupMemberships().forEach(m -> all.add(m.getId()));

        assertThat(ofGroup).isEqualTo(available);
        assertThat(all).containsAll(available).doesNotContain(busyMembership);
        assertThat(app.services()
                        .memberships()
                        .list(
                                app.system(),
                                MembershipFilter.ofGroup(new GroupId(group.getId()))
                                        .assignable(),
                                PageRequest.first(100))
                        .items())
                .extracting(m -> m.id().value())
                .isEqualTo(available);
    }

    @Test
    void setsAMembershipAsTheUsersDefault() {
        TestAgent member = agent();
        Group group = zendesk.createGroup(named("New default"));
        GroupMembership created = zendesk.createGroupMembership(membership(member, group));

        List<GroupMembership> all =
                zendesk.setGroupMembershipAsDefault(member.agent().id().value(), created);

        assertThat(all).hasSize(2);
        assertThat(all)
                .filteredOn(GroupMembership::get_default)
                .extracting(GroupMembership::getId)
                .containsExactly(created.getId());
        assertThat(zendesk.getGroupMembership(created.getId()).get_default()).isTrue();
        assertThat(app.services()
                        .memberships()
                        .defaultGroupOf(app.system(), member.agent().id()))
                .contains(new GroupId(group.getId()));
        assertThat(app.services()
                        .memberships()
                        .ofAgent(app.system(), member.agent().id()))
                .filteredOn(Membership::isDefault)
                .extracting(m -> m.id().value())
                .containsExactly(created.getId());
    }

    @Test
    void readsTheUsersOfAGroupOverSeveralPages() {
        Group group = zendesk.createGroup(named("With users"));
        List<TestAgent> members = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            TestAgent member = agent();
            members.add(member);
            zendesk.createGroupMembership(membership(member, group));
        }

        List<User> users = new ArrayList<>();
        zendesk.getGroupUsers(group.getId()).forEach(users::add);

        assertThat(users)
                .extracting(User::getId)
                .containsExactlyElementsOf(
                        members.stream().map(m -> m.agent().id().value()).toList());
        assertThat(users).allSatisfy(user -> {
            assertThat(user.getRole()).isEqualTo(Role.AGENT);
            assertThat(user.getActive()).isTrue();
            assertThat(user.getEmail()).endsWith("@example.test");
            assertThat(user.getUrl()).isEqualTo(app.http().baseUrl() + "/api/v2/users/" + user.getId() + ".json");
        });
        assertThat(app.services()
                        .agents()
                        .listInGroup(app.system(), new GroupId(group.getId()), PageRequest.first(100))
                        .items())
                .extracting(a -> a.id().value())
                .containsExactlyElementsOf(users.stream().map(User::getId).toList());
    }

    @Test
    void deletesMembershipsInBothForms() {
        TestAgent member = agent();
        GroupMembership plain = zendesk.createGroupMembership(membership(member, zendesk.createGroup(named("Plain"))));
        GroupMembership scoped =
                zendesk.createGroupMembership(membership(member, zendesk.createGroup(named("Scoped"))));

        zendesk.deleteGroupMembership(plain.getId());
        zendesk.deleteGroupMembership(member.agent().id().value(), scoped.getId());

        assertThat(zendesk.getGroupMembership(plain.getId())).isNull();
        assertThat(zendesk.getGroupMembership(scoped.getId())).isNull();
        assertThat(app.services()
                        .memberships()
                        .ofAgent(app.system(), member.agent().id()))
                .extracting(m -> m.id().value())
                .doesNotContain(plain.getId(), scoped.getId())
                .hasSize(1);
    }

    @Test
    void unknownMembershipIsNull() {
        assertThat(zendesk.getGroupMembership(987654321L)).isNull();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static TestAgent agent() {
        return app.fixtures().agent(app.bootstrapAccount(), io.groupdesk.shared.Role.AGENT);
    }

    private static Group named(String name) {
        Group group = new Group();
        group.setName(name + " " + SEQUENCE.incrementAndGet());
        return group;
    }

    private static GroupMembership membership(TestAgent agent, Group group) {
        GroupMembership membership = new GroupMembership();
        membership.setUserId(agent.agent().id().value());
        membership.setGroupId(group.getId());
        return membership;
    }

    private static List<GroupId> groupsOf(TestAgent agent) {
        return app.services().memberships().ofAgent(app.system(), agent.agent().id()).stream()
                .map(Membership::groupId)
                .toList();
    }
}
