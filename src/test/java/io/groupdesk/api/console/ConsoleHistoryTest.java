package io.groupdesk.api.console;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.groupdesk.access.Caller;
import io.groupdesk.events.Event;
import io.groupdesk.events.EventHistory;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupChanges;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.NewMembership;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** A group's and an agent's history in the console: the rows in words, their order, paging, and who may see them. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ConsoleHistoryTest {
    private static final Pattern ROW = Pattern.compile("<tr data-event=\"(\\d+)\"><td data-label=\"Time\">"
            + "<time datetime=\"([^\"]*)\">([^<]*)</time></td><td data-label=\"Who\">(.*?)</td>"
            + "<td data-label=\"What\">(.*?)</td><td data-label=\"Through\">(.*?)</td></tr>");
    private static final Pattern OLDER = Pattern.compile("<a href=\"([^\"]*\\?before=\\d+)\" rel=\"next\">Older</a>");

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

    /** One row of a history table, its markup taken off. */
    record Row(long id, String datetime, String time, String who, String what, String through) {}

    @Test
    void groupHistoryListsEachDoorsChangesNewestFirstInWords() {
        // given: a group created and joined through the console, renamed through the Zendesk API, and made a
        // member's default by the system
        ConsoleClient client = signedIn(admin);
        String name = "Tier 2 " + database;
        Response created = client.submit("/console/groups", "/console/groups", Map.of("name", name));
        GroupId group = groupIdOf(created);
        String page = "/console/groups/" + group.value();
        TestAgent member = app.fixtures().agent(account.id(), Role.AGENT);
        Response added = client.submit(page, page + "/members", Map.of("agent", id(member)));
        Response renamed = app.http()
                .put("/api/v2/groups/" + group.value() + ".json")
                .host(account.host())
                .as(admin)
                .json("{\"group\": {\"name\": \"" + name + " (EU)\"}}")
                .send();
        String home = defaultGroupName(member);
        Membership membership = app
                .services()
                .memberships()
                .ofAgent(admin.caller(), member.agent().id())
                .stream()
                .filter(m -> m.groupId().equals(group))
                .findFirst()
                .orElseThrow();
        app.services()
                .memberships()
                .makeDefault(Caller.system(account.id()), member.agent().id(), membership.id());

        // when
        List<Row> rows = rows(client.get(page + "/history").body());

        // then
        assertThat(created.status()).isEqualTo(303);
        assertThat(added.status()).isEqualTo(303);
        assertThat(renamed.status()).as(renamed.body()).isEqualTo(200);
        assertThat(rows)
                .extracting(Row::what, Row::who, Row::through)
                .containsExactly(
                        tuple("Default group changed from " + home + " to " + name + " (EU)", "System", "System"),
                        tuple(
                                "Name changed from " + name + " to " + name + " (EU)",
                                admin.agent().name(),
                                "Zendesk API"),
                        tuple(
                                "Added " + member.agent().name() + " to " + name + " (EU)",
                                admin.agent().name(),
                                "Console"),
                        tuple("Created group " + name, admin.agent().name(), "Console"));
        assertThat(rows).extracting(Row::id).isSortedAccordingTo((a, b) -> Long.compare(b, a));
    }

    @Test
    void groupPageShowsTheLatestTwentyChangesAndLinksToTheWholeHistory() {
        // given: 1 create and 24 renames
        Group group = app.fixtures().group(account.id(), "Busy " + database);
        for (int i = 1; i <= 24; i++) {
            rename(group, "Busy " + database + " " + i);
        }
        ConsoleClient client = signedIn(admin);
        String page = "/console/groups/" + group.id().value();

        // when
        String body = client.get(page).body();

        // then
        List<Row> rows = rows(body);
        assertThat(body).contains("<h2 id=\"history-heading\">History</h2>", "<a href=\"" + page + "/history\">");
        assertThat(rows).hasSize(ConsoleHistoryController.RECENT);
        assertThat(rows.get(0).what())
                .isEqualTo("Name changed from Busy " + database + " 23 to Busy " + database + " 24");
        assertThat(rows.get(19).what())
                .isEqualTo("Name changed from Busy " + database + " 4 to Busy " + database + " 5");
    }

    @Test
    void wholeHistoryPagesWithOlderUntilTheFirstChange() {
        // given: 1 create and 30 renames, more than one page of 25
        Group group = app.fixtures().group(account.id(), "Paged " + database);
        for (int i = 1; i <= 30; i++) {
            rename(group, "Paged " + database + " " + i);
        }
        ConsoleClient client = signedIn(admin);
        String history = "/console/groups/" + group.id().value() + "/history";

        // when
        String first = client.get(history).body();
        String older = olderLink(first).orElseThrow();
        String second = client.get(older).body();

        // then: the newest 25, then the 6 before them, the last being the create; no overlap, no gap
        List<Row> newest = rows(first);
        List<Row> rest = rows(second);
        assertThat(newest).hasSize(ConsoleHistoryController.PAGE_SIZE);
        assertThat(older)
                .isEqualTo(history + "?before=" + newest.get(newest.size() - 1).id());
        assertThat(rest).hasSize(6);
        assertThat(rest.get(0).what())
                .isEqualTo("Name changed from Paged " + database + " 4 to Paged " + database + " 5");
        assertThat(rest.get(5).what()).isEqualTo("Created group Paged " + database);
        assertThat(olderLink(second)).isEmpty();
        assertThat(second).contains("<a href=\"" + history + "\">Newest</a>");
        List<Long> ids = new ArrayList<>();
        newest.forEach(row -> ids.add(row.id()));
        rest.forEach(row -> ids.add(row.id()));
        assertThat(ids).doesNotHaveDuplicates().isSortedAccordingTo((a, b) -> Long.compare(b, a));
        EventHistory.Page core =
                app.services().history().ofGroup(admin.caller(), group.id(), OptionalLong.empty(), 100);
        assertThat(ids)
                .containsExactlyElementsOf(core.events().stream().map(Event::id).toList());
    }

    @Test
    void agentHistoryListsTheAgentsOwnChangesAndItsMemberships() {
        // given
        TestAgent subject = app.fixtures().agent(account.id(), Role.AGENT);
        Group group = app.fixtures().group(account.id(), "Joined " + database);
        ConsoleClient client = signedIn(admin);
        Response suspended = client.submit("/console/agents", "/console/agents/" + id(subject) + "/suspend", Map.of());
        app.services()
                .memberships()
                .add(admin.caller(), new NewMembership(subject.agent().id(), group.id()));

        // when
        List<Row> rows =
                rows(client.get("/console/agents/" + id(subject) + "/history").body());

        // then
        assertThat(suspended.status()).isEqualTo(303);
        assertThat(rows.get(0).what()).isEqualTo("Added " + subject.agent().name() + " to " + group.name());
        assertThat(rows.get(0).who()).isEqualTo(admin.agent().name());
        assertThat(rows.get(0).through()).isEqualTo("System");
        assertThat(rows.get(1).what()).isEqualTo("Suspended");
        assertThat(rows.get(1).through()).isEqualTo("Console");
        assertThat(rows.get(rows.size() - 1).what())
                .isEqualTo("Created agent " + subject.agent().name());
        assertThat(rows.get(rows.size() - 1).who()).isEqualTo("System");
    }

    @Test
    void actorLinksToItsAgentPage() {
        Group group = app.fixtures().group(account.id(), "Linked actor " + database);
        rename(group, "Linked actor " + database + " renamed");
        ConsoleClient client = signedIn(admin);

        String body =
                client.get("/console/groups/" + group.id().value() + "/history").body();

        assertThat(body)
                .contains("<td data-label=\"Who\"><a href=\"/console/agents/" + id(admin) + "\">"
                        + admin.agent().name() + "</a></td>");
    }

    @Test
    void timesAreInTheAccountsTimeZoneWhichTheTableNames() {
        // given an account in Berlin
        TestAccount berlin = app.fixtures().account();
        app.services()
                .accounts()
                .update(berlin.admin().caller(), Optional.empty(), Optional.of("Europe/Berlin"), Optional.empty());
        Group group = app.fixtures().group(berlin.id(), "Berlin " + database);
        ConsoleClient client = new ConsoleClient(app.http(), berlin.host());
        assertThat(client.signIn(berlin.admin().email(), berlin.admin().password())
                        .status())
                .isEqualTo(303);

        // when
        String body =
                client.get("/console/groups/" + group.id().value() + "/history").body();

        // then
        Event created = app.services()
                .history()
                .ofGroup(berlin.admin().caller(), group.id(), OptionalLong.empty(), 1)
                .events()
                .get(0);
        Row row = rows(body).get(0);
        assertThat(body).contains("<caption>Newest first, times in Europe/Berlin</caption>");
        assertThat(row.datetime()).isEqualTo(created.time().toString());
        assertThat(row.time())
                .isEqualTo(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss")
                        .format(created.time().atZone(ZoneId.of("Europe/Berlin"))));
    }

    @Test
    void hostileGroupNameIsEscapedInTheHistory() {
        String hostile = "<script>alert('x')</script>";
        Group group = app.fixtures().group(account.id(), hostile + " " + database);
        ConsoleClient client = signedIn(admin);

        String history =
                client.get("/console/groups/" + group.id().value() + "/history").body();
        String page = client.get("/console/groups/" + group.id().value()).body();

        for (String body : List.of(history, page)) {
            assertThat(body)
                    .contains("Created group &lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; " + database)
                    .doesNotContain("<script>");
        }
    }

    // ---- who may see it -----------------------------------------------------------------------------------------

    @Test
    void withoutASessionHistoryPagesSendToSignIn() {
        Group group = app.fixtures().group(account.id(), "Signed out " + database);

        for (String page : List.of(
                "/console/groups/" + group.id().value() + "/history", "/console/agents/" + id(admin) + "/history")) {
            Response response = new ConsoleClient(app.http(), account.host()).get(page);
            assertThat(response.status()).as(page).isEqualTo(303);
            assertThat(response.header("Location")).as(page).hasValue("/");
        }
    }

    @Test
    void agentSeesNoHistorySectionAndItsHistoryPagesAreForbidden() {
        Group group = app.fixtures().group(account.id(), "Agent reads " + database);
        ConsoleClient client = signedIn(agent);

        String page = client.get("/console/groups/" + group.id().value()).body();
        Response groupHistory = client.get("/console/groups/" + group.id().value() + "/history");
        Response agentHistory = client.get("/console/agents/" + id(agent) + "/history");

        assertThat(page)
                .contains("Agent reads " + database)
                .doesNotContain("history-heading")
                .doesNotContain("/history");
        for (Response response : List.of(groupHistory, agentHistory)) {
            assertThat(response.status()).isEqualTo(403);
            assertThat(response.body()).contains("<h1>Not allowed</h1>").doesNotContain("Created group");
        }
    }

    @Test
    void anotherAccountsGroupOrAgentHistoryIsNotFound() {
        TestAccount other = app.fixtures().account();
        Group theirs = app.fixtures().group(other.id(), "Their history " + database);
        ConsoleClient client = signedIn(admin);

        Response group = client.get("/console/groups/" + theirs.id().value() + "/history");
        Response agent = client.get("/console/agents/" + id(other.admin()) + "/history");

        for (Response response : List.of(group, agent)) {
            assertThat(response.status()).isEqualTo(404);
            assertThat(response.body()).contains("<h1>Not found</h1>").doesNotContain("Their history");
        }
    }

    @Test
    void unreadableBeforeStartsFromTheNewest() {
        Group group = app.fixtures().group(account.id(), "Odd cursor " + database);
        ConsoleClient client = signedIn(admin);

        Response response = client.get("/console/groups/" + group.id().value() + "/history?before=abc");

        assertThat(response.status()).isEqualTo(200);
        assertThat(rows(response.body())).extracting(Row::what).containsExactly("Created group Odd cursor " + database);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static ConsoleClient signedIn(TestAgent who) {
        ConsoleClient client = new ConsoleClient(app.http(), account.host());
        Response response = client.signIn(who.email(), who.password());
        assertThat(response.status()).as(response.toString()).isEqualTo(303);
        return client;
    }

    private static void rename(Group group, String name) {
        app.services()
                .groups()
                .update(
                        admin.caller(),
                        group.id(),
                        new GroupChanges(Optional.of(name), Optional.empty(), Optional.empty()));
    }

    private static String defaultGroupName(TestAgent member) {
        GroupId home = app.services()
                .memberships()
                .defaultGroupOf(admin.caller(), member.agent().id())
                .orElseThrow();
        return app.services().groups().get(admin.caller(), home).name();
    }

    private static String id(TestAgent who) {
        return Long.toString(who.agent().id().value());
    }

    private static GroupId groupIdOf(Response created) {
        String location = created.header("Location").orElseThrow();
        Matcher matcher = Pattern.compile("/console/groups/(\\d+)").matcher(location);
        assertThat(matcher.find()).as(location).isTrue();
        return new GroupId(Long.parseLong(matcher.group(1)));
    }

    private static Optional<String> olderLink(String body) {
        Matcher matcher = OLDER.matcher(body);
        return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
    }

    static List<Row> rows(String body) {
        List<Row> rows = new ArrayList<>();
        Matcher matcher = ROW.matcher(body);
        while (matcher.find()) {
            rows.add(new Row(
                    Long.parseLong(matcher.group(1)),
                    matcher.group(2),
                    matcher.group(3),
                    text(matcher.group(4)),
                    text(matcher.group(5)),
                    text(matcher.group(6))));
        }
        return rows;
    }

    /** A cell's text as a reader sees it: tags dropped, the few entities the pages use turned back. */
    private static String text(String cell) {
        return cell.replaceAll("<[^>]+>", "")
                .replace("&lt;", "<")
                .replace("&gt;", ">")
                .replace("&quot;", "\"")
                .replace("&#39;", "'")
                .replace("&amp;", "&");
    }
}
