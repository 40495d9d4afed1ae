package io.groupdesk.rosters;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupdesk.access.Caller;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.NewAgent;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.MembershipFilter;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** A group's members a page at a time, with their total, and searched by name or email. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class GroupMemberPagesTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static RosterService rosters;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        rosters = app.services().rosters();
    }

    @Test
    void pagesListTheMembersInTheOrderTheyJoinedWithTheirTotal() {
        TestAccount account = app.fixtures().accountWithoutGroups();
        Caller admin = account.admin().caller();
        Group group = app.fixtures().group(account.id(), "Tier 2");
        List<Agent> joined = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            joined.add(agent(account, "Member " + i, "member" + i));
        }

        Slice<GroupMembers.Member> first =
                rosters.members(admin, group.id(), "", PageRequest.offset(1, 3).withTotal());
        Slice<GroupMembers.Member> last =
                rosters.members(admin, group.id(), " ", PageRequest.offset(3, 3).withTotal());

        assertThat(names(first)).containsExactly("Member 0", "Member 1", "Member 2");
        assertThat(first.hasMore()).isTrue();
        assertThat(first.total()).hasValue(7);
        assertThat(names(last)).containsExactly("Member 6");
        assertThat(last.hasMore()).isFalse();
        assertThat(first.total().getAsLong())
                .isEqualTo(app.services()
                        .memberships()
                        .list(
                                admin,
                                MembershipFilter.ofGroup(group.id()),
                                PageRequest.offset(1, 1).withTotal())
                        .total()
                        .orElseThrow());
    }

    @Test
    void aSearchMatchesNameOrEmailIgnoringCaseAndTakesWildcardsLiterally() {
        TestAccount account = app.fixtures().accountWithoutGroups();
        Caller admin = account.admin().caller();
        Group group = app.fixtures().group(account.id(), "Tier 2");
        agent(account, "Ada Lovelace", "ada");
        agent(account, "Grace Hopper", "grace.lovelace.fan");
        agent(account, "Alan Turing", "alan");
        agent(account, "100% Agent", "percent");
        Agent outside = agent(account, "Ada Outside", "ada.outside");
        app.services().memberships().removeMany(admin, List.of(membershipOf(admin, group, outside)));

        Slice<GroupMembers.Member> found = rosters.members(
                admin, group.id(), "LOVELACE", PageRequest.offset(1, 10).withTotal());
        Slice<GroupMembers.Member> literal = rosters.members(
                admin, group.id(), "0%", PageRequest.offset(1, 10).withTotal());

        assertThat(names(found)).containsExactly("Ada Lovelace", "Grace Hopper");
        assertThat(found.total()).hasValue(2);
        assertThat(names(literal)).containsExactly("100% Agent");
        assertThat(literal.total()).hasValue(1);
    }

    @Test
    void anAgentReadsNoMembersOfAPrivateGroupItIsNotIn() {
        TestAccount account = app.fixtures().account();
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        Group hidden = app.fixtures().privateGroup(account.id(), "Hidden");

        assertThatThrownBy(() -> rosters.members(agent.caller(), hidden.id(), "", PageRequest.offset(1, 10)))
                .isInstanceOf(NotFoundException.class);
    }

    /** An agent who joins the account's only group, as every new agent does. */
    private static Agent agent(TestAccount account, String name, String local) {
        return app.services()
                .agents()
                .create(Caller.system(account.id()), NewAgent.of(name, local + "@example.test", Role.AGENT));
    }

    private static io.groupdesk.shared.MembershipId membershipOf(Caller caller, Group group, Agent agent) {
        return app
                .services()
                .memberships()
                .list(caller, MembershipFilter.ofAgent(agent.id()), PageRequest.offset(1, 10))
                .items()
                .stream()
                .filter(m -> m.groupId().equals(group.id()))
                .findFirst()
                .orElseThrow()
                .id();
    }

    private static List<String> names(Slice<GroupMembers.Member> slice) {
        return slice.items().stream().map(member -> member.agent().name()).toList();
    }
}
