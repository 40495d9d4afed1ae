package io.groupdesk.api.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.groupdesk.access.Caller;
import io.groupdesk.api.contract.GroupsDialectDriver.Actor;
import io.groupdesk.api.contract.GroupsDialectDriver.GroupPage;
import io.groupdesk.api.contract.GroupsDialectDriver.Operation;
import io.groupdesk.api.contract.GroupsDialectDriver.Refusal;
import io.groupdesk.api.contract.GroupsDialectDriver.Refused;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupService;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.Cursor;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;

/**
 * The same group scenarios (create, add members, rename, list in pages, delete, and the refusals) run through every
 * dialect's {@link GroupsDialectDriver}, each outcome compared with what the core holds. A dialect lacking an
 * operation skips the scenarios that need it, saying why. Each dialect's class names its driver and runs on every
 * {@link TestDatabase}.
 */
abstract class GroupsContract {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    @Parameter
    TestDatabase database;

    private GroupsDialectDriver driver;

    /** The dialect under test, speaking to the running app. */
    abstract GroupsDialectDriver driver(AppExtension app);

    @BeforeEach
    void dialect() {
        driver = driver(app);
    }

    // ---- create -------------------------------------------------------------------------------------------------

    @Test
    void createdGroupIsTheCoresGroup() {
        assumeSupported(Operation.CREATE_GROUP);
        TestAccount account = app.fixtures().account();

        GroupId created = driver.createGroup(Actor.admin(account), "Contract escalations");

        Group stored = app.services().groups().get(system(account), created);
        assertThat(stored.name()).isEqualTo("Contract escalations");
        assertThat(stored.deleted()).isFalse();
        assertThat(liveGroupsInCore(account)).contains(created);
    }

    @Test
    void anAgentCannotCreateAGroup() {
        assumeSupported(Operation.CREATE_GROUP);
        TestAccount account = app.fixtures().account();
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        List<GroupId> before = liveGroupsInCore(account);

        ThrowingCallable creating = () -> driver.createGroup(Actor.as(account, agent), "Not for agents");

        assertRefused(creating, Refusal.FORBIDDEN);
        assertThat(liveGroupsInCore(account)).isEqualTo(before);
    }

    @Test
    void aGroupWithABlankNameIsInvalid() {
        assumeSupported(Operation.CREATE_GROUP);
        TestAccount account = app.fixtures().account();
        List<GroupId> before = liveGroupsInCore(account);

        ThrowingCallable creating = () -> driver.createGroup(Actor.admin(account), "   ");

        assertRefused(creating, Refusal.INVALID);
        assertThat(liveGroupsInCore(account)).isEqualTo(before);
    }

    @Test
    void creatingWithoutCredentialsIsUnauthenticated() {
        assumeSupported(Operation.CREATE_GROUP);
        TestAccount account = app.fixtures().account();
        List<GroupId> before = liveGroupsInCore(account);

        ThrowingCallable creating = () -> driver.createGroup(Actor.anonymous(account), "Nobody's group");

        assertRefused(creating, Refusal.UNAUTHENTICATED);
        assertThat(liveGroupsInCore(account)).isEqualTo(before);
    }

    // ---- members ------------------------------------------------------------------------------------------------

    @Test
    void addedMembersAreTheCoresMembersAndAnAgentsFirstGroupIsItsDefault() {
        assumeSupported(Operation.ADD_MEMBER, Operation.MEMBERS);
        // agents made before any group exists are in no group (a new agent joins the account's default group)
        TestAccount account = app.fixtures().accountWithoutGroups();
        AgentId alice = app.fixtures().agent(account.id(), Role.AGENT).agent().id();
        AgentId bob = app.fixtures().agent(account.id(), Role.AGENT).agent().id();
        Group first = app.fixtures().group(account.id(), "First joined");
        Group second = app.fixtures().group(account.id(), "Joined later");

        driver.addMember(Actor.admin(account), first.id(), alice);
        driver.addMember(Actor.admin(account), first.id(), bob);
        driver.addMember(Actor.admin(account), second.id(), alice);

        assertThat(membersInCore(account, first.id())).containsExactlyInAnyOrder(alice, bob);
        assertThat(membersInCore(account, second.id())).containsExactly(alice);
        assertThat(driver.members(Actor.admin(account), first.id())).isEqualTo(membersInCore(account, first.id()));
        assertThat(driver.members(Actor.admin(account), second.id())).isEqualTo(membersInCore(account, second.id()));
        assertThat(app.services().memberships().defaultGroupOf(system(account), alice))
                .contains(first.id());
        assertThat(app.services().memberships().defaultGroupOf(system(account), bob))
                .contains(first.id());
    }

    @Test
    void membersShownAreTheCoresMembers() {
        assumeSupported(Operation.MEMBERS);
        TestAccount account = app.fixtures().account();
        Group group = app.fixtures().group(account.id(), "Shown members");
        TestAgent alice = app.fixtures().agent(account.id(), Role.AGENT);
        TestAgent bob = app.fixtures().agent(account.id(), Role.AGENT);
        app.fixtures().agent(account.id(), Role.AGENT);
        app.fixtures().membership(account.id(), alice, group);
        app.fixtures().membership(account.id(), bob, group);

        Set<AgentId> shown = driver.members(Actor.admin(account), group.id());

        assertThat(shown)
                .containsExactlyInAnyOrder(alice.agent().id(), bob.agent().id())
                .isEqualTo(membersInCore(account, group.id()));
    }

    @Test
    void removedMemberIsNoLongerTheCoresMember() {
        assumeSupported(Operation.REMOVE_MEMBER, Operation.MEMBERS);
        TestAccount account = app.fixtures().account();
        Group group = app.fixtures().group(account.id(), "Shrinking");
        TestAgent alice = app.fixtures().agent(account.id(), Role.AGENT);
        TestAgent bob = app.fixtures().agent(account.id(), Role.AGENT);
        app.fixtures().membership(account.id(), alice, group);
        app.fixtures().membership(account.id(), bob, group);

        driver.removeMember(Actor.admin(account), group.id(), bob.agent().id());

        assertThat(membersInCore(account, group.id()))
                .containsExactly(alice.agent().id());
        assertThat(driver.members(Actor.admin(account), group.id()))
                .containsExactly(alice.agent().id());
    }

    @Test
    void anotherAccountsGroupIsNotFoundForItsMembers() {
        assumeSupported(Operation.MEMBERS);
        TestAccount account = app.fixtures().account();
        TestAccount other = app.fixtures().account();
        Group theirs = app.fixtures().group(other.id(), "Theirs");
        app.fixtures().membership(other.id(), other.admin(), theirs);

        ThrowingCallable reading = () -> driver.members(Actor.admin(account), theirs.id());

        assertRefused(reading, Refusal.NOT_FOUND);
    }

    @Test
    void membersWithoutCredentialsAreUnauthenticated() {
        assumeSupported(Operation.MEMBERS);
        TestAccount account = app.fixtures().account();
        Group group = app.fixtures().group(account.id(), "Private roster");

        ThrowingCallable reading = () -> driver.members(Actor.anonymous(account), group.id());

        assertRefused(reading, Refusal.UNAUTHENTICATED);
    }

    // ---- rename -------------------------------------------------------------------------------------------------

    @Test
    void renamedGroupHasTheNewNameInTheCore() {
        assumeSupported(Operation.RENAME_GROUP);
        TestAccount account = app.fixtures().account();
        Group group = app.fixtures().group(account.id(), "Tier 1");

        driver.renameGroup(Actor.admin(account), group.id(), "Tier one");

        assertThat(app.services().groups().get(system(account), group.id()).name())
                .isEqualTo("Tier one");
    }

    @Test
    void renamingToABlankNameIsInvalidAndKeepsTheName() {
        assumeSupported(Operation.RENAME_GROUP);
        TestAccount account = app.fixtures().account();
        Group group = app.fixtures().group(account.id(), "Keeps its name");

        ThrowingCallable renaming = () -> driver.renameGroup(Actor.admin(account), group.id(), "");

        assertRefused(renaming, Refusal.INVALID);
        assertThat(app.services().groups().get(system(account), group.id()).name())
                .isEqualTo("Keeps its name");
    }

    @Test
    void renamingAnotherAccountsGroupIsNotFoundAndChangesNothing() {
        assumeSupported(Operation.RENAME_GROUP);
        TestAccount account = app.fixtures().account();
        TestAccount other = app.fixtures().account();
        Group theirs = app.fixtures().group(other.id(), "Not yours");

        ThrowingCallable renaming = () -> driver.renameGroup(Actor.admin(account), theirs.id(), "Taken over");

        assertRefused(renaming, Refusal.NOT_FOUND);
        assertThat(app.services().groups().get(system(other), theirs.id()).name())
                .isEqualTo("Not yours");
    }

    // ---- list ---------------------------------------------------------------------------------------------------

    @Test
    void pagesListEveryLiveGroupExactlyOnce() {
        assumeSupported(Operation.LIST_GROUPS_IN_PAGES);
        TestAccount account = app.fixtures().account();
        int size = driver.pageSize(2);
        for (int i = 0; i < 2 * size; i++) {
            app.fixtures().group(account.id(), "Listed " + i);
        }
        Group gone = app.fixtures().group(account.id(), "Deleted before listing");
        app.services().groups().delete(system(account), gone.id());

        List<List<GroupId>> pages = new ArrayList<>();
        Optional<String> next = Optional.empty();
        do {
            GroupPage page = driver.listGroups(Actor.admin(account), size, next);
            pages.add(page.groups());
            next = page.next();
        } while (next.isPresent() && pages.size() < 100);

        List<GroupId> listed = pages.stream().flatMap(List::stream).toList();
        assertThat(listed).doesNotHaveDuplicates().doesNotContain(gone.id());
        assertThat(listed).containsExactlyInAnyOrderElementsOf(liveGroupsInCore(account));
        assertThat(pages).hasSize(3).allSatisfy(page -> assertThat(page).hasSizeLessThanOrEqualTo(size));
    }

    // ---- delete -------------------------------------------------------------------------------------------------

    @Test
    void deletedGroupTakesNoMembersLeavesTheListingAndStaysDeletedInTheCore() {
        assumeSupported(Operation.DELETE_GROUP, Operation.ADD_MEMBER, Operation.LIST_GROUPS_IN_PAGES);
        TestAccount account = app.fixtures().account();
        Group group = app.fixtures().group(account.id(), "Short lived");
        TestAgent member = app.fixtures().agent(account.id(), Role.AGENT);
        AgentId latecomer =
                app.fixtures().agent(account.id(), Role.AGENT).agent().id();
        app.fixtures().membership(account.id(), member, group);

        driver.deleteGroup(Actor.admin(account), group.id());

        assertRefused(() -> driver.addMember(Actor.admin(account), group.id(), latecomer), Refusal.INVALID);
        assertThat(driver.listGroups(Actor.admin(account), driver.pageSize(100), Optional.empty())
                        .groups())
                .doesNotContain(group.id());
        assertThat(app.services().groups().get(system(account), group.id()).deleted())
                .isTrue();
        assertThat(liveGroupsInCore(account)).doesNotContain(group.id());
        assertThat(membersInCore(account, group.id())).isEmpty();
    }

    @Test
    void deletedGroupIsNotFoundThroughTheDialectAndStaysDeletedInTheCore() {
        assumeSupported(Operation.DELETE_GROUP, Operation.RENAME_GROUP, Operation.MEMBERS);
        Optional<String> shown = driver.showsDeletedGroups();
        assumeTrue(shown.isEmpty(), () -> driver.name() + ": " + shown.orElseThrow());
        TestAccount account = app.fixtures().account();
        Group group = app.fixtures().group(account.id(), "Gone for good");

        driver.deleteGroup(Actor.admin(account), group.id());

        assertRefused(() -> driver.deleteGroup(Actor.admin(account), group.id()), Refusal.NOT_FOUND);
        assertRefused(() -> driver.renameGroup(Actor.admin(account), group.id(), "Back again"), Refusal.NOT_FOUND);
        assertRefused(() -> driver.members(Actor.admin(account), group.id()), Refusal.NOT_FOUND);
        Group stored = app.services().groups().get(system(account), group.id());
        assertThat(stored.deleted()).isTrue();
        assertThat(stored.name()).isEqualTo("Gone for good");
    }

    @Test
    void deletedGroupIsShownDeletedThroughTheDialectAndInTheCore() {
        assumeSupported(Operation.DELETE_GROUP, Operation.RENAME_GROUP);
        assumeTrue(
                driver.showsDeletedGroups().isPresent(),
                () -> driver.name() + ": a deleted group is gone from this dialect, not shown deleted");
        TestAccount account = app.fixtures().account();
        Group group = app.fixtures().group(account.id(), "Set inactive");

        driver.deleteGroup(Actor.admin(account), group.id());
        driver.deleteGroup(Actor.admin(account), group.id());

        assertRefused(() -> driver.renameGroup(Actor.admin(account), group.id(), "Changed after"), Refusal.INVALID);
        Group stored = app.services().groups().get(system(account), group.id());
        assertThat(stored.deleted()).isTrue();
        assertThat(stored.name()).isEqualTo("Set inactive");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private void assumeSupported(Operation... operations) {
        for (Operation operation : operations) {
            Optional<String> lacking = driver.lacks(operation);
            assumeTrue(lacking.isEmpty(), () -> driver.name() + ": " + lacking.orElseThrow());
        }
    }

    private static void assertRefused(ThrowingCallable call, Refusal expected) {
        assertThatThrownBy(call).isInstanceOfSatisfying(Refused.class, refused -> assertThat(refused.refusal())
                .as(refused.getMessage())
                .isEqualTo(expected));
    }

    private static Caller system(TestAccount account) {
        return Caller.system(account.id());
    }

    private static Set<AgentId> membersInCore(TestAccount account, GroupId group) {
        return app.services().memberships().ofGroups(system(account), List.of(group)).stream()
                .map(Membership::agentId)
                .collect(Collectors.toSet());
    }

    /** The account's live groups as the core lists them, every keyset page read. */
    private static List<GroupId> liveGroupsInCore(TestAccount account) {
        List<GroupId> ids = new ArrayList<>();
        PageRequest page = PageRequest.first(PageRequest.MAX_SIZE);
        while (true) {
            Slice<Group> slice = app.services().groups().list(system(account), GroupService.Scope.ALL, false, page);
            slice.items().forEach(group -> ids.add(group.id()));
            if (!slice.hasMore()) {
                return ids;
            }
            page = PageRequest.after(new Cursor(ids.get(ids.size() - 1).value()), PageRequest.MAX_SIZE);
        }
    }
}
