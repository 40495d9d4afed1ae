package io.groupdesk.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.accounts.Account;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupSearch;
import io.groupdesk.groups.GroupSort;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.MembershipFilter;
import io.groupdesk.rosters.GroupMembers;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The groups list and a group's page on an account loaded with the command line's sample data (120 groups, 300
 * agents, 2,000 memberships): totals and sizes as the API counts them, pages, searches, adding members found by a
 * search, changes to a selection, settings, and who may do what.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ConsoleGroupPagesTest {
    private static final Pattern SIZES = Pattern.compile("<td data-label=\"Members\" class=\"num\">([\\d,]+)</td>");
    private static final Pattern GROUP_LINKS =
            Pattern.compile("<td data-label=\"Name\"><a href=\"/console/groups/(\\d+)\">");

    private static final String FORM = "application/x-www-form-urlencoded";

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Account account;
    private static String host;
    private static TestAgent admin;
    private static TestAgent agent;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        account = SampleAccount.load(app.environment(), app.services().accounts(), "cgpages", 120, 300, 2000, true);
        host = account.subdomain() + ".groupdesk.test";
        admin = app.fixtures().agent(account.id(), Role.ADMIN);
        agent = app.fixtures().agent(account.id(), Role.AGENT);
    }

    @Test
    void theListShowsEachGroupsSizeAndTheTotalAsTheApiCountsThem() {
        ConsoleClient client = signedIn(admin);

        Response bySize = client.get("/console/groups?sort=size");

        assertThat(bySize.status()).isEqualTo(200);
        long total = apiCount("/api/v2/groups/count.json", "\"value\":(\\d+)");
        assertThat(bySize.body())
                .contains("<caption id=\"groups-caption\">" + String.format(Locale.ENGLISH, "%,d", total)
                        + " groups, largest first</caption>")
                .contains("<span class=\"where\">Page 1 of " + (total + 24) / 25 + "</span>")
                .contains("aria-sort=\"descending\"");
        List<Long> ids =
                all(GROUP_LINKS, bySize.body()).stream().map(Long::parseLong).toList();
        List<Long> sizes = all(SIZES, bySize.body()).stream()
                .map(size -> Long.parseLong(size.replace(",", "")))
                .toList();
        assertThat(ids).hasSize(25);
        assertThat(sizes).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        for (int row = 0; row < 3; row++) {
            assertThat(sizes.get(row))
                    .as("members of group %d", ids.get(row))
                    .isEqualTo(apiCount(
                            "/api/v2/groups/" + ids.get(row) + "/memberships.json?per_page=1", "\"count\":(\\d+)"));
        }
    }

    @Test
    void aPagePastTheEndSaysWhichPageIsTheLast() {
        ConsoleClient client = signedIn(admin);
        long last = (app.services().groups().count(caller(admin)) + 24) / 25;

        Response past = client.get("/console/groups?page=99");

        assertThat(past.status()).isEqualTo(200);
        assertThat(past.body())
                .contains("There is no page 99: the last is page " + last + ".")
                .contains("<a href=\"/console/groups?page=" + last + "\">Go to the last page</a>")
                .doesNotContain("No groups yet");
    }

    @Test
    void aSearchSaysHowManyGroupsMatch() {
        ConsoleClient client = signedIn(admin);
        String word = largest().name().split(" ")[0];
        long matching = app.services().groups().count(caller(admin), new GroupSearch(word, GroupSort.NAME));

        Response found = client.get("/console/groups?q=" + Urls.encode(word.toUpperCase(Locale.ROOT)));

        assertThat(matching).isPositive();
        assertThat(found.body())
                .contains(String.format(Locale.ENGLISH, "%,d", matching)
                        + (matching == 1 ? " group matches" : " groups match") + " “" + word.toUpperCase(Locale.ROOT)
                        + "”, by name</caption>");
        assertThat(all(GROUP_LINKS, found.body())).hasSize((int) Math.min(25, matching));
    }

    @Test
    void aGroupsPagePagesItsMembersWithTheTotalAndSearchesThem() {
        Group largest = largest();
        long size =
                apiCount("/api/v2/groups/" + largest.id().value() + "/memberships.json?per_page=1", "\"count\":(\\d+)");
        assertThat(size)
                .as("the largest sample group has more than a page of members")
                .isGreaterThan(25);
        GroupMembers.Member twentySixth = app.services()
                .rosters()
                .members(caller(admin), largest.id(), "", PageRequest.offset(2, 25))
                .items()
                .get(0);
        ConsoleClient client = signedIn(admin);
        String page = "/console/groups/" + largest.id().value();

        Response first = client.get(page);
        Response second = client.get(page + "?page=2");
        Response searched =
                client.get(page + "?q=" + twentySixth.agent().email().toUpperCase(Locale.ROOT));

        assertThat(first.body())
                .contains("<span id=\"group-size\">" + String.format(Locale.ENGLISH, "%,d", size) + " members</span>")
                .contains(String.format(Locale.ENGLISH, "%,d", size) + " members, in the order they joined")
                .contains("Page 1 of " + (size + 24) / 25)
                .doesNotContain("data-agent=\"" + twentySixth.agent().id().value() + "\"");
        assertThat(second.body())
                .contains("data-agent=\"" + twentySixth.agent().id().value() + "\"");
        assertThat(searched.body())
                .contains("1 member matches “" + twentySixth.agent().email().toUpperCase(Locale.ROOT) + "”")
                .contains("data-agent=\"" + twentySixth.agent().id().value() + "\"");
    }

    @Test
    void anAdminAddsSeveralAgentsFoundByASearchAtOnce() {
        Group group = app.fixtures().group(account.id(), "Added " + database);
        ConsoleClient client = signedIn(admin);
        String page = "/console/groups/" + group.id().value();

        Response found = client.get(page + "?add_q=lovelace");
        List<String> offered = all(Pattern.compile("name=\"agent\" value=\"(\\d+)\""), found.body());
        Response added = client.post(
                page + "/members",
                FORM,
                form(
                        found,
                        offered.subList(0, 3).stream()
                                .map(id -> Map.entry("agent", id))
                                .toList()));

        assertThat(found.body()).contains("agents match “lovelace”, page 1 of");
        assertThat(offered).hasSizeGreaterThanOrEqualTo(4);
        assertThat(added.status()).isEqualTo(303);
        assertThat(added.header("Location").orElseThrow()).endsWith(page + "?notice=members-added");
        assertThat(members(group))
                .containsExactlyInAnyOrderElementsOf(offered.subList(0, 3).stream()
                        .map(id -> new AgentId(Long.parseLong(id)))
                        .toList());
        assertThat(client.get(page + "?notice=members-added").body())
                .contains("<span id=\"group-size\">3 members</span>")
                .contains("The members were added.");

        // one already in and one new: the new one joins, the page says who was refused and why
        Response again = client.get(page + "?add_q=lovelace");
        assertThat(again.body())
                .contains("value=\"" + offered.get(0) + "\" id=\"add-" + offered.get(0) + "\" disabled>");
        Response mixed = client.post(
                page + "/members",
                FORM,
                form(again, List.of(Map.entry("agent", offered.get(0)), Map.entry("agent", offered.get(3)))));
        assertThat(mixed.status()).isEqualTo(422);
        assertThat(mixed.body()).contains(": is already a member");
        assertThat(members(group)).hasSize(4);
    }

    @Test
    void anAdminMakesTheGroupTheDefaultOfTickedMembersAndRemovesThem() {
        Group group = app.fixtures().group(account.id(), "Ticked " + database);
        List<TestAgent> joining = List.of(
                app.fixtures().agent(account.id(), Role.AGENT),
                app.fixtures().agent(account.id(), Role.AGENT),
                app.fixtures().agent(account.id(), Role.AGENT));
        List<Membership> memberships = new ArrayList<>();
        joining.forEach(each -> memberships.add(app.fixtures().membership(account.id(), each, group)));
        ConsoleClient client = signedIn(admin);
        String page = "/console/groups/" + group.id().value();
        Response shown = client.get(page);
        List<Map.Entry<String, String>> ticked = List.of(
                Map.entry("membership", Long.toString(memberships.get(0).id().value())),
                Map.entry("membership", Long.toString(memberships.get(1).id().value())));

        Response defaults =
                client.post(page + "/memberships", FORM, form(shown, concat(ticked, Map.entry("action", "default"))));
        Response removed =
                client.post(page + "/memberships", FORM, form(shown, concat(ticked, Map.entry("action", "remove"))));

        assertThat(shown.body()).contains("id=\"tick-" + memberships.get(2).id().value() + "\"");
        assertThat(defaults.status()).isEqualTo(303);
        assertThat(defaults.header("Location").orElseThrow()).endsWith(page + "?notice=defaults");
        assertThat(removed.status()).isEqualTo(303);
        assertThat(removed.header("Location").orElseThrow()).endsWith(page + "?notice=members-removed");
        assertThat(members(group)).containsExactly(joining.get(2).agent().id());
        // the two were moved to this group as their default before they left it; the third kept its own
        assertThat(app.services()
                        .memberships()
                        .defaultGroupOf(caller(admin), joining.get(2).agent().id()))
                .isNotEqualTo(java.util.Optional.of(group.id()));
    }

    @Test
    void aTickedMembershipOfAnotherGroupIsNotFound() {
        Group group = app.fixtures().group(account.id(), "Other ticks " + database);
        Group elsewhere = app.fixtures().group(account.id(), "Elsewhere " + database);
        Membership foreign =
                app.fixtures().membership(account.id(), app.fixtures().agent(account.id(), Role.AGENT), elsewhere);
        ConsoleClient client = signedIn(admin);
        String page = "/console/groups/" + group.id().value();

        Response refused = client.post(
                page + "/memberships",
                FORM,
                form(
                        client.get(page),
                        List.of(
                                Map.entry(
                                        "membership", Long.toString(foreign.id().value())),
                                Map.entry("action", "remove"))));

        assertThat(refused.status()).isEqualTo(404);
        assertThat(members(elsewhere)).hasSize(1);
    }

    @Test
    void anAdminEditsTheSettingsTimeZoneAndWorkingHours() {
        Group group = app.fixtures().group(account.id(), "Settings " + database);
        ConsoleClient client = signedIn(admin);
        String page = "/console/groups/" + group.id().value();

        Response saved = client.submit(
                page,
                page,
                Map.of(
                        "name", "Settings renamed " + database,
                        "description", "Nights & weekends",
                        "private", "on",
                        "time_zone", "Europe/Berlin",
                        "hours_mon", "09:00-12:00, 13:00-17:00",
                        "hours_fri", "09:00 - 15:00"));

        assertThat(saved.status()).isEqualTo(303);
        Group stored = app.services().groups().get(caller(admin), group.id());
        assertThat(stored.name()).isEqualTo("Settings renamed " + database);
        assertThat(stored.isPublic()).isFalse();
        assertThat(stored.timeZone()).isEqualTo("Europe/Berlin");
        assertThat(stored.workingHours().format()).isEqualTo("mon=09:00-12:00,13:00-17:00;fri=09:00-15:00");
        Response shown = client.get(page);
        assertThat(shown.body())
                .contains("name=\"hours_mon\" type=\"text\" value=\"09:00-12:00, 13:00-17:00\"")
                .contains("value=\"Europe/Berlin\"")
                .contains("A private group cannot be made public again.")
                .contains("id=\"edit-group-private\" name=\"private\" type=\"checkbox\" value=\"on\" checked disabled");

        Response badHours = client.submit(page, page, Map.of("name", stored.name(), "hours_tue", "9 to 5"));
        Response badZone = client.submit(page, page, Map.of("name", stored.name(), "time_zone", "Mars/Olympus"));

        assertThat(badHours.status()).isEqualTo(422);
        assertThat(badHours.body())
                .contains("id=\"edit-group-working_hours-error\"")
                .contains("Working hours on Tuesday are not ranges");
        assertThat(badZone.status()).isEqualTo(422);
        assertThat(badZone.body()).contains("id=\"edit-group-time_zone-error\"");
        assertThat(app.services().groups().get(caller(admin), group.id()).timeZone())
                .isEqualTo("Europe/Berlin");
    }

    @Test
    void anAgentReadsThePagesWithoutFormsAndIsRefusedEveryChange() {
        Group open = app.fixtures().group(account.id(), "Open " + database);
        Group hidden = app.fixtures().privateGroup(account.id(), "Hidden " + database);
        Membership member =
                app.fixtures().membership(account.id(), app.fixtures().agent(account.id(), Role.AGENT), open);
        ConsoleClient client = signedIn(agent);
        String page = "/console/groups/" + open.id().value();

        Response list = client.get("/console/groups?q=" + "Hidden+" + database);
        Response shown = client.get(page + "?add_q=lovelace");

        assertThat(list.status()).isEqualTo(200);
        assertThat(list.body())
                .contains("0 groups match")
                .doesNotContain("href=\"/console/groups/" + hidden.id().value() + "\"");
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body())
                .doesNotContain(
                        "id=\"bulk-members\"",
                        "name=\"membership\"",
                        "id=\"find-agents\"",
                        "id=\"add-members\"",
                        "id=\"edit-group\"",
                        "id=\"create-group\"");
        assertThat(client.get("/console/groups/" + hidden.id().value()).status())
                .isEqualTo(404);
        assertThat(client.get("/console/groups/" + hidden.id().value() + "?q=a").status())
                .isEqualTo(404);

        // the agent's own session and CSRF token, posting to the admins' forms
        String csrf = ConsoleClient.csrfOf(shown);
        assertThat(client.post(
                                page + "/members",
                                Map.of(
                                        "csrf",
                                        csrf,
                                        "agent",
                                        Long.toString(agent.agent().id().value())))
                        .status())
                .isEqualTo(403);
        assertThat(client.post(
                                page + "/memberships",
                                Map.of(
                                        "csrf",
                                        csrf,
                                        "membership",
                                        Long.toString(member.id().value()),
                                        "action",
                                        "remove"))
                        .status())
                .isEqualTo(403);
        assertThat(client.post(page, Map.of("csrf", csrf, "name", "Taken over")).status())
                .isEqualTo(403);
        assertThat(client.post("/console/groups", Map.of("csrf", csrf, "name", "New " + database))
                        .status())
                .isEqualTo(403);
        assertThat(members(open)).containsExactly(member.agentId());
        assertThat(app.services().groups().get(caller(admin), open.id()).name()).isEqualTo("Open " + database);
    }

    @Test
    void anotherAccountsGroupIsNotFound() {
        Group foreign = app.fixtures().group(app.fixtures().account().id(), "Foreign " + database);
        ConsoleClient client = signedIn(admin);

        assertThat(client.get("/console/groups/" + foreign.id().value()).status())
                .isEqualTo(404);
        assertThat(client.submit(
                                "/console/groups",
                                "/console/groups/" + foreign.id().value() + "/members",
                                Map.of("agent", Long.toString(admin.agent().id().value())))
                        .status())
                .isEqualTo(404);
    }

    private static Group largest() {
        return app.services()
                .groups()
                .search(caller(admin), GroupSearch.all().withSort(GroupSort.SIZE), PageRequest.offset(1, 1))
                .items()
                .get(0);
    }

    private static List<AgentId> members(Group group) {
        return app
                .services()
                .memberships()
                .list(caller(admin), MembershipFilter.ofGroup(group.id()), PageRequest.offset(1, 100))
                .items()
                .stream()
                .map(Membership::agentId)
                .toList();
    }

    private static long apiCount(String path, String pattern) {
        Response response = app.http().get(path).host(host).as(admin).send();
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        Matcher matcher = Pattern.compile(pattern).matcher(response.body());
        assertThat(matcher.find()).as(response.body()).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    private static ConsoleClient signedIn(TestAgent who) {
        ConsoleClient client = new ConsoleClient(app.http(), host);
        assertThat(client.signIn(who.email(), who.password()).status()).isEqualTo(303);
        return client;
    }

    private static Caller caller(TestAgent who) {
        return who.caller();
    }

    /** A form body with repeated fields, as a browser posts ticked boxes, carrying the page's CSRF token. */
    private static byte[] form(Response page, List<Map.Entry<String, String>> fields) {
        List<Map.Entry<String, String>> all = concat(fields, Map.entry("csrf", ConsoleClient.csrfOf(page)));
        return all.stream()
                .map(field -> Urls.encode(field.getKey()) + "=" + Urls.encode(field.getValue()))
                .collect(Collectors.joining("&"))
                .getBytes(StandardCharsets.UTF_8);
    }

    private static List<Map.Entry<String, String>> concat(
            List<Map.Entry<String, String>> fields, Map.Entry<String, String> more) {
        List<Map.Entry<String, String>> all = new ArrayList<>(fields);
        all.add(more);
        return all;
    }

    private static List<String> all(Pattern pattern, String text) {
        List<String> found = new ArrayList<>();
        Matcher matcher = pattern.matcher(text);
        while (matcher.find()) {
            found.add(matcher.group(1));
        }
        return found;
    }
}
