package io.groupdesk.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentChanges;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** An agent's page: its profile, its groups with the default named, its history for admins, and who may see what. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ConsoleAgentPageTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

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

    @Test
    void showsTheProfileAndTheGroupsWithTheDefaultNamed() {
        // given an agent in two more groups, the second of them its default
        TestAgent subject = app.fixtures().agent(account.id(), Role.AGENT);
        app.services()
                .agents()
                .update(
                        admin.caller(),
                        subject.agent().id(),
                        AgentChanges.builder()
                                .phone("+49 30 1234")
                                .position("Lead <EU>")
                                .build());
        Group first = app.fixtures().group(account.id(), "First " + database);
        Group second = app.fixtures().group(account.id(), "Second " + database);
        app.fixtures().membership(account.id(), subject, first);
        Membership chosen = app.fixtures().membership(account.id(), subject, second);
        app.services().memberships().makeDefault(admin.caller(), subject.agent().id(), chosen.id());
        ConsoleClient client = signedIn(admin);

        // when
        Response page = client.get(path(subject));

        // then
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("<h1 id=\"agent-name\">" + subject.agent().name() + "</h1>")
                .contains("<dt>Email</dt><dd>" + subject.email() + "</dd>")
                .contains("<dt>Role</dt><dd>agent</dd>")
                .contains("<dt>Status</dt><dd>Active</dd>")
                .contains("<dt>Phone</dt><dd>+49 30 1234</dd>")
                .contains("<dt>Position</dt><dd>Lead &lt;EU&gt;</dd>")
                .contains("<p id=\"default-group\">Default group: <a href=\"/console/groups/"
                        + second.id().value() + "\">" + second.name() + "</a></p>")
                .contains(groupRow(first, false))
                .contains(groupRow(second, true));
        assertThat(groupIds(page.body()))
                .containsExactlyElementsOf(
                        app
                                .services()
                                .memberships()
                                .ofAgent(admin.caller(), subject.agent().id())
                                .stream()
                                .map(Membership::groupId)
                                .toList());
    }

    @Test
    void adminSeesTheLatestHistoryAndALinkToTheWholeOfIt() {
        TestAgent subject = app.fixtures().agent(account.id(), Role.AGENT);
        ConsoleClient client = signedIn(admin);

        String body = client.get(path(subject)).body();

        assertThat(body)
                .contains("<h2 id=\"history-heading\">History</h2>")
                .contains("<a href=\"" + path(subject) + "/history\">Full history");
        assertThat(ConsoleHistoryTest.rows(body)).last().satisfies(row -> assertThat(row.what())
                .isEqualTo("Created agent " + subject.agent().name()));
    }

    @Test
    void agentSeesThePageReadOnlyWithoutHistoryOrPrivateGroupsItIsNotIn() {
        // given a colleague in a public group and in a private one the viewing agent is not in
        TestAgent colleague = app.fixtures().agent(account.id(), Role.AGENT);
        Group open = app.fixtures().group(account.id(), "Open " + database);
        Group hidden = app.fixtures().privateGroup(account.id(), "Hidden " + database);
        app.fixtures().membership(account.id(), colleague, open);
        app.fixtures().membership(account.id(), colleague, hidden);
        ConsoleClient client = signedIn(agent);

        // when
        Response page = client.get(path(colleague));

        // then
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body())
                .contains("<h1 id=\"agent-name\">" + colleague.agent().name() + "</h1>")
                .contains(open.name())
                .doesNotContain(hidden.name())
                .doesNotContain("/console/groups/" + hidden.id().value())
                .doesNotContain("history-heading")
                .doesNotContain("/history")
                .doesNotContain("<form method=\"post\" action=\"/console/agents/");
        assertThat(groupIds(page.body())).doesNotContain(hidden.id()).contains(open.id());
    }

    @Test
    void agentsListAndMemberTableLinkToTheAgentsPage() {
        TestAgent member = app.fixtures().agent(account.id(), Role.AGENT);
        Group group = app.fixtures().group(account.id(), "Linked " + database);
        app.fixtures().membership(account.id(), member, group);
        ConsoleClient client = signedIn(admin);
        String link = "<a href=\"" + path(member) + "\">" + member.agent().name() + "</a>";

        String members = client.get("/console/groups/" + group.id().value()).body();
        String agents = agentsListPagesUntil(client, link);

        assertThat(members).contains(link);
        assertThat(agents).contains(link);
    }

    @Test
    void suspendedAndDeletedAgentsSayWhatTheyAre() {
        TestAgent suspended = app.fixtures().agent(account.id(), Role.AGENT);
        TestAgent deleted = app.fixtures().agent(account.id(), Role.AGENT);
        app.services()
                .agents()
                .update(
                        admin.caller(),
                        suspended.agent().id(),
                        AgentChanges.builder().suspended(true).build());
        Agent gone =
                app.services().agents().delete(admin.caller(), deleted.agent().id());
        ConsoleClient client = signedIn(admin);

        String suspendedPage = client.get(path(suspended)).body();
        Response deletedPage = client.get(path(deleted));

        assertThat(suspendedPage).contains("<dt>Status</dt><dd>Suspended</dd>");
        assertThat(gone.active()).isFalse();
        assertThat(deletedPage.status()).isEqualTo(200);
        assertThat(deletedPage.body())
                .contains("<dt>Status</dt><dd>Deleted</dd>")
                .contains("<p>Not in any group you can see.</p>")
                .contains("Deleted agent " + deleted.agent().name());
    }

    // ---- who may see it -----------------------------------------------------------------------------------------

    @Test
    void withoutASessionTheAgentPageSendsToSignIn() {
        Response response = new ConsoleClient(app.http(), account.host()).get(path(agent));

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).hasValue("/");
        assertThat(response.body()).doesNotContain(agent.email());
    }

    @Test
    void anotherAccountsOrAnUnknownAgentIsNotFound() {
        TestAccount other = app.fixtures().account();
        ConsoleClient client = signedIn(admin);

        for (String page : List.of(path(other.admin()), "/console/agents/999999999", "/console/agents/abc")) {
            Response response = client.get(page);
            assertThat(response.status()).as(page).isEqualTo(404);
            assertThat(response.body())
                    .as(page)
                    .contains("<h1>Not found</h1>")
                    .doesNotContain(other.admin().email());
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static ConsoleClient signedIn(TestAgent who) {
        ConsoleClient client = new ConsoleClient(app.http(), account.host());
        Response response = client.signIn(who.email(), who.password());
        assertThat(response.status()).as(response.toString()).isEqualTo(303);
        return client;
    }

    private static String path(TestAgent who) {
        return "/console/agents/" + who.agent().id().value();
    }

    private static String groupRow(Group group, boolean isDefault) {
        return "<th scope=\"row\"><a href=\"/console/groups/" + group.id().value() + "\">" + group.name() + "</a>"
                + (isDefault ? " <span class=\"badge\">default</span>" : "") + "</th><td>Public</td>";
    }

    /** The groups in the page's group table, in its order. */
    private static List<GroupId> groupIds(String body) {
        return java.util.regex.Pattern.compile("<tr data-group=\"(\\d+)\">")
                .matcher(body)
                .results()
                .map(match -> new GroupId(Long.parseLong(match.group(1))))
                .toList();
    }

    /** The agents list's pages, followed with "Next" until one holds {@code text}. */
    private static String agentsListPagesUntil(ConsoleClient client, String text) {
        for (int page = 1; page <= 100; page++) {
            String body = client.get("/console/agents?page=" + page).body();
            if (body.contains(text) || !body.contains("rel=\"next\"")) {
                return body;
            }
        }
        throw new AssertionError("no agents page holds " + text);
    }
}
