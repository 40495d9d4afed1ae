package io.groupdesk.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentChanges;
import io.groupdesk.agents.AgentSearch;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.NewMembership;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The agents list (search, filters, totals, pager, each agent's number of groups) and the changes an agent's page
 * makes to its groups, on the bootstrap account loaded with the command line's sample data: 300 agents, 120 groups,
 * 2,000 memberships. Counts are checked against the Zendesk API's, and every form against an agent's post.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ConsoleAgentsTest {
    private static final Pattern ROW = Pattern.compile(
            "<tr data-agent=\"(\\d+)\">.*?<td class=\"number\" data-label=\"Groups\">(\\d+)</td>", Pattern.DOTALL);
    private static final String HOST = "demo.groupdesk.test";

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Caller admin;
    private static TestAgent agent;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        SampleAccount.load(app.environment(), 120, 300, 2000);
        admin = app.system();
        agent = app.fixtures().agent(app.bootstrapAccount(), Role.AGENT);
    }

    // ---- the list -----------------------------------------------------------------------------------------------

    @Test
    void theListSaysHowManyAgentsThereAreAndEachOnesGroupsAsTheApiCountsThem() {
        ConsoleClient client = signedIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
        long total = app.services().agents().count(admin, AgentSearch.activeAgents());

        String body = client.get("/console/agents").body();

        assertThat(total).isGreaterThan(300);
        assertThat(body)
                .contains("<p id=\"agent-total\" class=\"total\" role=\"status\">" + AgentPages.number(total)
                        + " agents</p>")
                .contains("<span>Page 1 of " + AgentPages.pages(total, 25) + "</span>");
        Map<Long, Long> counts = groupCounts(body);
        assertThat(counts).hasSize(25);
        counts.forEach((id, count) -> assertThat(count).as("agent %d", id).isEqualTo(apiGroupCount(id)));
    }

    @Test
    void searchFindsAnAgentFarFromTheFirstHundredByPartOfItsEmailIgnoringCase() {
        Agent last = lastAgent();
        String part = last.email().substring(0, last.email().indexOf('@')).toUpperCase(Locale.ROOT);
        ConsoleClient client = signedIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);

        String body = client.get("/console/agents?q=" + Urls.encode(part)).body();

        assertThat(groupCounts(body)).containsOnlyKeys(last.id().value());
        assertThat(body)
                .contains("<p id=\"agent-total\" class=\"total\" role=\"status\">1 agent matches “" + part + "”</p>")
                .contains("<input id=\"agents-q\" name=\"q\" type=\"search\" value=\"" + part + "\"");
    }

    @Test
    void filtersNarrowToSuspendedAgentsOrToARole() {
        Agent suspended = app.services()
                .agents()
                .update(
                        admin,
                        lastAgent().id(),
                        AgentChanges.builder().suspended(true).build());
        ConsoleClient client = signedIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
        long suspendedTotal = app.services()
                .agents()
                .count(admin, new AgentSearch("", Optional.empty(), Optional.of(true), Optional.of(true)));
        long admins = app.services()
                .agents()
                .count(admin, new AgentSearch("", Optional.of(Role.ADMIN), Optional.of(true), Optional.empty()));

        String suspendedPage = client.get("/console/agents?status=suspended").body();
        String adminPage = client.get("/console/agents?role=admin").body();

        assertThat(groupCounts(suspendedPage)).containsKey(suspended.id().value());
        assertThat(suspendedPage)
                .contains("role=\"status\">" + AgentPages.number(suspendedTotal) + " agent"
                        + (suspendedTotal == 1 ? " matches" : "s match") + ", suspended</p>")
                .doesNotContain("data-label=\"Status\">Active</td>")
                .contains("<option value=\"suspended\" selected>Suspended</option>");
        assertThat(adminPage)
                .contains("role=\"status\">" + AgentPages.number(admins) + " agent"
                        + (admins == 1 ? " matches" : "s match") + ", role admin</p>")
                .doesNotContain("data-label=\"Role\">agent</td>");
        app.services()
                .agents()
                .update(
                        admin,
                        suspended.id(),
                        AgentChanges.builder().suspended(false).build());
    }

    @Test
    void thePagerJumpsToAnyPageAndAPagePastTheEndSaysWhereTheEndIs() {
        ConsoleClient client = signedIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
        long total = app.services().agents().count(admin, AgentSearch.activeAgents());
        int pages = AgentPages.pages(total, 25);
        List<Long> expected = app
                .services()
                .agents()
                .search(admin, AgentSearch.activeAgents(), PageRequest.offset(3, 25))
                .items()
                .stream()
                .map(a -> a.id().value())
                .toList();

        String third = client.get("/console/agents?page=3").body();
        Response past = client.get("/console/agents?page=" + (pages + 5));

        assertThat(List.copyOf(groupCounts(third).keySet())).isEqualTo(expected);
        assertThat(third)
                .contains("<a href=\"/console/agents\">First</a>")
                .contains("<a href=\"/console/agents?page=2\" rel=\"prev\">Previous</a>")
                .contains("<span>Page 3 of " + pages + "</span>")
                .contains("<a href=\"/console/agents?page=4\" rel=\"next\">Next</a>")
                .contains("<a href=\"/console/agents?page=" + pages + "\">Last</a>")
                .contains("<label for=\"agents-page\">Go to page</label>");
        assertThat(past.status()).isEqualTo(200);
        assertThat(past.body())
                .contains("<p id=\"past-end\">There is no page " + (pages + 5))
                .contains("<a href=\"/console/agents?page=" + pages + "\">Go to page " + pages + "</a>")
                .doesNotContain("No agents yet");
    }

    @Test
    void suspendingFromASearchReturnsToTheSameSearch() {
        Agent target = lastAgent();
        ConsoleClient client = signedIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);

        Response suspended = client.submit(
                "/console/agents",
                "/console/agents/" + target.id().value() + "/suspend",
                Map.of("q", target.name(), "status", "any"));

        assertThat(suspended.status()).isEqualTo(303);
        assertThat(suspended.header("Location"))
                .hasValue("/console/agents?q=" + Urls.encode(target.name()) + "&status=any&notice=suspended");
        assertThat(app.services().agents().get(admin, target.id()).suspended()).isTrue();
        app.services()
                .agents()
                .update(
                        admin,
                        target.id(),
                        AgentChanges.builder().suspended(false).build());
    }

    @Test
    void anAgentReadsTheListWithoutFormsAndItsSuspendIsRefused() {
        Agent target = lastAgent();
        ConsoleClient client = signedIn(agent.email(), agent.password());

        String body =
                client.get("/console/agents?q=" + Urls.encode(target.email())).body();
        Response suspend = client.submit(
                "/console/agents", "/console/agents/" + target.id().value() + "/suspend", Map.of());

        assertThat(groupCounts(body)).containsOnlyKeys(target.id().value());
        assertThat(body).doesNotContain("method=\"post\" action=\"/console/agents");
        assertThat(suspend.status()).isEqualTo(403);
        assertThat(app.services().agents().get(admin, target.id()).suspended()).isFalse();
    }

    @Test
    void anotherAccountsAgentsAreNotListed() {
        TestAccount other = app.fixtures().account();
        ConsoleClient client = signedIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);

        String body = client.get(
                        "/console/agents?q=" + Urls.encode(other.admin().email()) + "&status=any")
                .body();

        assertThat(body).contains("<p id=\"no-agents\">No agent matches.");
        assertThat(groupCounts(body)).isEmpty();
        assertThat(body)
                .doesNotContain("/console/agents/" + other.admin().agent().id().value());
    }

    @Test
    void aSearchForTextNoAgentCanHoldFindsNone() {
        ConsoleClient client = signedIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);

        Response response = client.get("/console/agents?q=a%00b");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("<p id=\"no-agents\">No agent matches.");
    }

    @Test
    void withoutASessionTheListSendsToSignIn() {
        Response response = new ConsoleClient(app.http(), HOST).get("/console/agents?q=a");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).hasValue("/");
    }

    // ---- an agent's groups --------------------------------------------------------------------------------------

    @Test
    void theAgentPageCountsAndPagesTheGroupsAsTheApiCountsThem() {
        // the sample's busiest agent, in a few more groups so that they fill two pages
        Agent busiest = busiestAgent();
        for (long joined = apiGroupCount(busiest.id().value()); joined <= 55; joined++) {
            Group extra = app.fixtures().group(app.bootstrapAccount(), "Extra " + joined + " " + database);
            app.services().memberships().add(admin, new NewMembership(busiest.id(), extra.id()));
        }
        long count = apiGroupCount(busiest.id().value());
        ConsoleClient client = signedIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
        String path = "/console/agents/" + busiest.id().value();

        String first = client.get(path).body();
        String second = client.get(path + "?groups_page=2").body();

        assertThat(count).isGreaterThan(50);
        assertThat(first)
                .contains("in " + count + " groups</p>")
                .contains("<caption>Groups 1–50 of " + count + ", oldest membership first</caption>")
                .contains("<a href=\"" + path + "?groups_page=2#groups\" rel=\"next\">Next</a>");
        assertThat(second).contains("<caption>Groups 51–" + Math.min(100, count) + " of " + count);
        assertThat(groupRows(first).size() + groupRows(second).size()).isEqualTo((int) Math.min(100, count));
    }

    @Test
    void adminFindsGroupsByNameAndAddsTheAgentToSeveralAtOnce() {
        TestAgent subject = app.fixtures().agent(app.bootstrapAccount(), Role.AGENT);
        Group one = app.fixtures().group(app.bootstrapAccount(), "Findable One " + database);
        Group two = app.fixtures().group(app.bootstrapAccount(), "Findable Two " + database);
        ConsoleClient client = signedIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
        String path = "/console/agents/" + subject.agent().id().value();

        String found = client.get(path + "?group_q=" + Urls.encode("findable")).body();
        Response added = client.post(
                path + "/groups",
                "application/x-www-form-urlencoded",
                ("csrf=" + Urls.encode(ConsoleClient.csrfOf(client.get(path))) + "&group="
                                + one.id().value() + "&group=" + two.id().value())
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(found)
                .contains("<input type=\"checkbox\" name=\"group\" value=\""
                        + one.id().value() + "\"")
                .contains("<input type=\"checkbox\" name=\"group\" value=\""
                        + two.id().value() + "\"")
                .contains("Add to selected groups");
        assertThat(added.status()).isEqualTo(303);
        assertThat(added.header("Location")).hasValue(path + "?notice=groups-added#groups");
        assertThat(groupsOf(subject.agent().id())).contains(one.id(), two.id());
        assertThat(client.get(path + "?group_q=" + Urls.encode("findable one")).body())
                .contains("<span class=\"meta\">Public · already a member</span>");
    }

    @Test
    void adminRemovesOneGroupByItsRowAndSeveralBySelection() {
        TestAgent subject = app.fixtures().agent(app.bootstrapAccount(), Role.AGENT);
        Membership a = join(subject, "Remove A " + database);
        Membership b = join(subject, "Remove B " + database);
        Membership c = join(subject, "Remove C " + database);
        ConsoleClient client = signedIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
        String path = "/console/agents/" + subject.agent().id().value();

        Response one = client.submit(path, path + "/groups/remove", Map.of("membership", id(a)));
        Response several = client.post(
                path + "/groups/remove",
                "application/x-www-form-urlencoded",
                ("csrf=" + Urls.encode(ConsoleClient.csrfOf(client.get(path))) + "&selected=" + id(b) + "&selected="
                                + id(c) + "&bulk=remove")
                        .getBytes(StandardCharsets.UTF_8));

        assertThat(one.status()).isEqualTo(303);
        assertThat(several.status()).isEqualTo(303);
        assertThat(several.header("Location")).hasValue(path + "?notice=groups-removed#groups");
        assertThat(groupsOf(subject.agent().id())).doesNotContain(a.groupId(), b.groupId(), c.groupId());
        assertThat(client.get(path + "?notice=groups-removed").body())
                .contains("The agent was removed from the groups.");
    }

    @Test
    void adminMakesAGroupTheDefaultFromItsRow() {
        TestAgent subject = app.fixtures().agent(app.bootstrapAccount(), Role.AGENT);
        Membership chosen = join(subject, "Make default " + database);
        ConsoleClient client = signedIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
        String path = "/console/agents/" + subject.agent().id().value();

        String before = client.get(path).body();
        Response changed = client.submit(path, path + "/groups/default", Map.of("membership", id(chosen)));

        assertThat(before)
                .contains("<button type=\"submit\" name=\"membership\" value=\"" + id(chosen) + "\" formaction=\""
                        + path + "/groups/default\"");
        assertThat(changed.status()).isEqualTo(303);
        assertThat(app.services()
                        .memberships()
                        .defaultGroupOf(admin, subject.agent().id()))
                .hasValue(chosen.groupId());
        assertThat(client.get(path).body())
                .contains("<p id=\"default-group\">Default group: <a href=\"/console/groups/"
                        + chosen.groupId().value() + "\">Make default " + database + "</a></p>");
    }

    @Test
    void anAgentSeesNoGroupFormsAndItsPostsToThemAreRefused() {
        TestAgent subject = app.fixtures().agent(app.bootstrapAccount(), Role.AGENT);
        Membership kept = join(subject, "Kept " + database);
        Group other = app.fixtures().group(app.bootstrapAccount(), "Not joined " + database);
        ConsoleClient client = signedIn(agent.email(), agent.password());
        String path = "/console/agents/" + subject.agent().id().value();

        String page = client.get(path + "?group_q=" + Urls.encode("Not joined")).body();
        Response add = client.submit(
                path,
                path + "/groups",
                Map.of("group", String.valueOf(other.id().value())));
        Response remove = client.submit(path, path + "/groups/remove", Map.of("membership", id(kept)));
        Response makeDefault = client.submit(path, path + "/groups/default", Map.of("membership", id(kept)));

        assertThat(page)
                .doesNotContain("<form method=\"post\" action=\"/console/agents")
                .doesNotContain("add-groups");
        assertThat(List.of(add.status(), remove.status(), makeDefault.status())).containsOnly(403);
        assertThat(groupsOf(subject.agent().id())).contains(kept.groupId()).doesNotContain(other.id());
        assertThat(app.services()
                        .memberships()
                        .defaultGroupOf(admin, subject.agent().id()))
                .isNotEqualTo(Optional.of(kept.groupId()));
    }

    @Test
    void anotherAccountsAgentTakesNoGroups() {
        TestAccount other = app.fixtures().account();
        Group ours = app.fixtures().group(app.bootstrapAccount(), "Ours " + database);
        ConsoleClient client = signedIn(TestApp.ADMIN_EMAIL, TestApp.ADMIN_PASSWORD);
        String path = "/console/agents/" + other.admin().agent().id().value();

        Response add = client.submit(
                "/console/agents",
                path + "/groups",
                Map.of("group", String.valueOf(ours.id().value())));

        assertThat(add.status()).isEqualTo(404);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static ConsoleClient signedIn(String email, String password) {
        ConsoleClient client = new ConsoleClient(app.http(), HOST);
        Response response = client.signIn(email, password);
        assertThat(response.status()).as(response.toString()).isEqualTo(303);
        return client;
    }

    /** Each agent row's id and number of groups, in the page's order. */
    private static Map<Long, Long> groupCounts(String body) {
        Map<Long, Long> counts = new LinkedHashMap<>();
        Matcher matcher = ROW.matcher(body);
        while (matcher.find()) {
            counts.put(Long.parseLong(matcher.group(1)), Long.parseLong(matcher.group(2)));
        }
        return counts;
    }

    private static List<String> groupRows(String body) {
        return Pattern.compile("<tr data-group=\"(\\d+)\">")
                .matcher(body)
                .results()
                .map(match -> match.group(1))
                .toList();
    }

    /** What {@code GET /api/v2/users/{id}/groups/count} answers the bootstrap admin. */
    private static long apiGroupCount(long agentId) {
        Response response = app.http()
                .get("/api/v2/users/" + agentId + "/groups/count.json")
                .authorization(Http.basic(TestApp.ADMIN_EMAIL + "/token", TestApp.ADMIN_TOKEN))
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Matcher value = Pattern.compile("\"value\":(\\d+)").matcher(response.body());
        assertThat(value.find()).as(response.body()).isTrue();
        return Long.parseLong(value.group(1));
    }

    /** The sample's agent with the highest id: far from the first hundred. */
    private static Agent lastAgent() {
        return app
                .services()
                .agents()
                .search(
                        admin,
                        AgentSearch.activeAgents().withText("@sample"),
                        PageRequest.offset(1, 1).withTotal())
                .total()
                .stream()
                .mapToObj(total -> app.services()
                        .agents()
                        .search(
                                admin,
                                AgentSearch.activeAgents().withText("@sample"),
                                PageRequest.offset((int) total, 1))
                        .items()
                        .get(0))
                .findFirst()
                .orElseThrow();
    }

    /** The sample's agent in the most groups. */
    private static Agent busiestAgent() {
        List<Agent> all = app.services()
                .agents()
                .search(admin, AgentSearch.activeAgents(), PageRequest.offset(1, 100))
                .items();
        List<Agent> more = new java.util.ArrayList<>(all);
        for (int page = 2; page <= 4; page++) {
            more.addAll(app.services()
                    .agents()
                    .search(admin, AgentSearch.activeAgents(), PageRequest.offset(page, 100))
                    .items());
        }
        Map<AgentId, Long> counts = app.services()
                .agents()
                .groupCounts(admin, more.stream().map(Agent::id).toList());
        return more.stream()
                .max(java.util.Comparator.comparing(a -> counts.getOrDefault(a.id(), 0L)))
                .orElseThrow();
    }

    private static Membership join(TestAgent subject, String groupName) {
        Group group = app.fixtures().group(app.bootstrapAccount(), groupName);
        return app.services()
                .memberships()
                .add(admin, new NewMembership(subject.agent().id(), group.id()));
    }

    private static List<GroupId> groupsOf(AgentId agent) {
        return app.services().memberships().ofAgent(admin, agent).stream()
                .map(Membership::groupId)
                .toList();
    }

    private static String id(Membership membership) {
        return String.valueOf(membership.id().value());
    }
}
