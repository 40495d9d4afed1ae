package io.groupdesk.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.agents.AgentChanges;
import io.groupdesk.credentials.SecretBox;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupService;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.NewMembership;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** The console over plain HTTP: sessions, CSRF, escaping and the core's permissions, without a browser. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ConsoleHttpTest {
    // behind a trusted proxy, so that X-Forwarded-Proto says a sign-in came over HTTPS
    @RegisterExtension
    static final AppExtension app = new AppExtension(Map.of("GROUPDESK_TRUST_PROXY", "true"));

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

    private static ConsoleClient browser() {
        return new ConsoleClient(app.http(), account.host());
    }

    private static ConsoleClient signedIn(TestAgent who) {
        ConsoleClient client = browser();
        Response response = client.signIn(who.email(), who.password());
        assertThat(response.status()).as(response.toString()).isEqualTo(303);
        return client;
    }

    private static boolean groupExists(String name) {
        return app
                .services()
                .groups()
                .search(account.admin().caller(), name, PageRequest.offset(1, 100))
                .items()
                .stream()
                .anyMatch(group -> group.name().equals(name));
    }

    // ---- signing in ---------------------------------------------------------------------------------------------

    @Test
    void memberTableNamesEachMembersDefaultGroup() {
        ConsoleClient client = signedIn(admin);
        Group side = app.fixtures().group(account.id(), "Side " + database);
        TestAgent member = app.fixtures().agent(account.id(), Role.AGENT);
        app.services()
                .memberships()
                .add(account.admin().caller(), new NewMembership(member.agent().id(), side.id()));
        String home = app.services()
                .groups()
                .get(
                        account.admin().caller(),
                        app.services()
                                .memberships()
                                .defaultGroupOf(
                                        account.admin().caller(), member.agent().id())
                                .orElseThrow())
                .name();

        String page = client.get("/console/groups/" + side.id().value()).body();

        assertThat(page)
                .contains("<td data-label=\"Name\"><a href=\"/console/agents/"
                        + member.agent().id().value() + "\">"
                        + member.agent().name() + "</a></td><td data-label=\"Email\">" + member.email()
                        + "</td><td data-label=\"Default group\">" + home + "</td>");
    }

    @Test
    void everyPageNamesTheAccountSignedInTo() {
        ConsoleClient client = signedIn(agent);

        String groups = client.get("/console/groups").body();
        String agents = client.get("/console/agents").body();

        String expected = "<span class=\"account\" title=\"The account you are signed in to\">"
                + account.account().name() + " <span class=\"subdomain\">"
                + account.account().subdomain()
                + "</span></span>";
        assertThat(groups).contains(expected);
        assertThat(agents).contains(expected);
    }

    @Test
    void rootShowsSignInFormAndRedirectsOnceSignedIn() {
        ConsoleClient client = browser();

        Response form = client.get("/");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(form.body()).contains("<label for=\"sign-in-email\">Email</label>", "name=\"viewport\"");

        Response signIn = client.post(
                "/console/sign-in",
                Map.of("email", admin.email(), "password", admin.password(), "csrf", ConsoleClient.csrfOf(form)));
        assertThat(signIn.status()).isEqualTo(303);
        assertThat(signIn.header("Location")).contains("/console/groups");
        assertThat(client.get("/").header("Location")).contains("/console/groups");
        assertThat(client.get("/console/groups").body())
                .contains("<h1>Groups</h1>", admin.agent().name());
    }

    @Test
    void sessionCookieIsHttpOnlyLaxAndSecureOnlyOverHttps() {
        ConsoleClient client = browser();
        Response page = client.get("/");
        Map<String, String> form =
                Map.of("email", admin.email(), "password", admin.password(), "csrf", ConsoleClient.csrfOf(page));

        Response plain = client.post("/console/sign-in", form);
        Response https = app.http()
                .post("/console/sign-in")
                .host(account.host())
                .header("X-Forwarded-Proto", "https")
                .header("Cookie", ConsoleApi.SIGN_IN_COOKIE + "=" + signInNonce(page))
                .body("application/x-www-form-urlencoded", formBody(form))
                .send();

        String session = sessionSetCookie(plain);
        assertThat(session).contains("HttpOnly", "SameSite=Lax", "Path=/").doesNotContain("Secure");
        assertThat(sessionSetCookie(https)).contains("HttpOnly", "SameSite=Lax", "; Secure");
    }

    @Test
    void wrongPasswordShowsErrorAndStartsNoSession() {
        ConsoleClient client = browser();

        Response response = client.signIn(admin.email(), "not-the-password");

        assertThat(response.status()).isEqualTo(401);
        assertThat(response.body()).contains("Wrong email or password.");
        assertThat(client.cookie(ConsoleApi.SESSION_COOKIE)).isEmpty();
        assertThat(client.get("/console/groups").status()).isEqualTo(303);
    }

    @Test
    void signInFormWithoutItsCookieIsRefused() {
        Response page = browser().get("/");

        Response response = app.http()
                .post("/console/sign-in")
                .host(account.host())
                .body(
                        "application/x-www-form-urlencoded",
                        formBody(Map.of(
                                "email",
                                admin.email(),
                                "password",
                                admin.password(),
                                "csrf",
                                ConsoleClient.csrfOf(page))))
                .send();

        assertThat(response.status()).isEqualTo(403);
        assertThat(ConsoleClient.setCookies(response)).noneMatch(c -> c.startsWith(ConsoleApi.SESSION_COOKIE + "="));
    }

    @Test
    void signOutEndsTheSessionInTheBrowser() {
        ConsoleClient client = signedIn(admin);

        Response out = client.submit("/console/groups", "/console/sign-out", Map.of());

        assertThat(out.status()).isEqualTo(303);
        assertThat(client.cookie(ConsoleApi.SESSION_COOKIE)).isEmpty();
        assertThat(out.header("Location")).hasValue("/?signed_out=1");
        assertThat(client.get("/?signed_out=1").body()).contains("You are signed out.");
        assertThat(client.get("/console/groups").status()).isEqualTo(303);
    }

    // ---- sessions -----------------------------------------------------------------------------------------------

    @Test
    void tamperedSessionCookieIsRefused() {
        ConsoleClient client = signedIn(agent);
        String cookie = client.cookie(ConsoleApi.SESSION_COOKIE).orElseThrow();
        String[] parts = cookie.split("\\.");
        // the agent's cookie, rewritten to name the admin while keeping the agent's signature
        String forged = parts[0] + "." + admin.agent().id().value() + "." + parts[2] + "." + parts[3];

        client.setCookie(ConsoleApi.SESSION_COOKIE, forged);
        Response page = client.get("/console/groups");
        Response change = client.post("/console/groups", Map.of("name", "Forged", "csrf", "x"));

        assertThat(page.status()).isEqualTo(303);
        assertThat(page.header("Location")).hasValue("/");
        assertThat(change.status()).isEqualTo(401);
        assertThat(groupExists("Forged")).isFalse();
    }

    @Test
    void expiredSessionIsRefused() {
        byte[] key = Base64.getDecoder().decode(app.environment().get("GROUPDESK_SECRET_KEY"));
        Clock nineHoursAgo = Clock.fixed(Instant.now().minus(Duration.ofHours(9)), ZoneOffset.UTC);
        SessionCookies signer = new SessionCookies(new SecretBox(key, List.of()), nineHoursAgo, Duration.ofHours(8));
        SessionCookies fresh =
                new SessionCookies(new SecretBox(key, List.of()), Clock.systemUTC(), Duration.ofHours(8));
        ConsoleClient expired = browser();
        ConsoleClient current = browser();

        expired.setCookie(
                ConsoleApi.SESSION_COOKIE,
                signer.issue(account.id(), admin.agent().id()).token());
        current.setCookie(
                ConsoleApi.SESSION_COOKIE,
                fresh.issue(account.id(), admin.agent().id()).token());

        assertThat(expired.get("/console/groups").status()).isEqualTo(303);
        assertThat(current.get("/console/groups").status()).isEqualTo(200); // the same key, in date: accepted
    }

    @Test
    void suspendedAgentIsSignedOutOnItsNextRequest() {
        TestAgent leaving = app.fixtures().agent(account.id(), Role.AGENT);
        ConsoleClient client = signedIn(leaving);
        assertThat(client.get("/console/groups").status()).isEqualTo(200);

        app.services()
                .agents()
                .update(
                        admin.caller(),
                        leaving.agent().id(),
                        AgentChanges.builder().suspended(true).build());

        assertThat(client.get("/console/groups").status()).isEqualTo(303);
    }

    @Test
    void sessionOfOneAccountIsRefusedOnAnotherAccountsHost() {
        TestAccount other = app.fixtures().account();
        ConsoleClient client = signedIn(admin);
        ConsoleClient elsewhere = new ConsoleClient(app.http(), other.host());

        elsewhere.setCookie(
                ConsoleApi.SESSION_COOKIE,
                client.cookie(ConsoleApi.SESSION_COOKIE).orElseThrow());

        assertThat(elsewhere.get("/console/groups").status()).isEqualTo(303);
    }

    @Test
    void unreadableFormIsRefusedWith400AndChangesNothing() {
        ConsoleClient client = signedIn(admin);
        String csrf = ConsoleClient.csrfOf(client.get("/console/groups"));
        // a multipart body whose parts are not delimited by the boundary its Content-Type names
        byte[] broken = ("--not-the-boundary\r\nContent-Disposition: form-data; name=\"csrf\"\r\n\r\n" + csrf
                        + "\r\n--not-the-boundary\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\n"
                        + "Unreadable\r\n--not-the-boundary--\r\n")
                .getBytes(StandardCharsets.UTF_8);

        Response change = client.post("/console/groups", "multipart/form-data; boundary=expected", broken);
        Response signIn = browser().post("/console/sign-in", "multipart/form-data; boundary=expected", broken);

        assertThat(change.status()).isEqualTo(400);
        assertThat(change.body()).contains("The form could not be read.");
        assertThat(change.header("Connection")).hasValue("close");
        assertThat(signIn.status()).isEqualTo(400);
        assertThat(signIn.body()).contains("The form could not be read.");
        assertThat(groupExists("Unreadable")).isFalse();
    }

    // ---- CSRF ---------------------------------------------------------------------------------------------------

    @Test
    void postWithoutCsrfTokenIsRefused() {
        ConsoleClient client = signedIn(admin);

        Response response = client.post("/console/groups", Map.of("name", "No token"));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("Form expired");
        assertThat(groupExists("No token")).isFalse();
    }

    @Test
    void postWithAnotherSessionsTokenIsRefused() {
        ConsoleClient adminClient = signedIn(admin);
        ConsoleClient agentClient = signedIn(agent);
        String agentsToken = ConsoleClient.csrfOf(agentClient.get("/console/groups"));

        Response response = adminClient.post("/console/groups", Map.of("name", "Wrong token", "csrf", agentsToken));

        assertThat(response.status()).isEqualTo(403);
        assertThat(groupExists("Wrong token")).isFalse();
    }

    // ---- pages --------------------------------------------------------------------------------------------------

    @Test
    void hostileGroupNameIsEscapedEverywhere() {
        String hostile = "<script>alert('x')</script>\"><img src=x onerror=alert(1)>&amp;";
        Group group = app.fixtures().group(account.id(), hostile);
        ConsoleClient client = signedIn(admin);

        String list = client.get("/console/groups?q="
                        + java.net.URLEncoder.encode("<script>", java.nio.charset.StandardCharsets.UTF_8))
                .body();
        // the group page offers the agent among those a search finds to add
        String show = client.get("/console/groups/" + group.id().value() + "?add_q=mallory")
                .body();

        for (String body : List.of(list, show)) {
            assertThat(body)
                    .contains(
                            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;&quot;&gt;&lt;img src=x onerror=alert(1)&gt;&amp;amp;")
                    .doesNotContain("<script>")
                    .doesNotContain("<img");
        }
        assertThat(show).contains("<title>&lt;script&gt;");
    }

    @Test
    void searchFindsGroupsByPartOfTheirNameIgnoringCase() {
        app.fixtures().group(account.id(), "Billing North");
        app.fixtures().group(account.id(), "Billing South");
        app.fixtures().group(account.id(), "Returns");
        ConsoleClient client = signedIn(admin);

        String body = client.get("/console/groups?q=billing").body();

        assertThat(body).contains("Billing North", "Billing South").doesNotContain(">Returns<");
        // LIKE wildcards in the query are plain characters
        assertThat(client.get("/console/groups?q=100%25").body()).contains("No group matches.");
        assertThat(client.get("/console/groups?q=Billing_North").body()).contains("No group matches.");
    }

    @Test
    void duplicateNameIsShownNextToTheNameField() {
        app.fixtures().group(account.id(), "Taken name");
        ConsoleClient client = signedIn(admin);

        Response response = client.submit("/console/groups", "/console/groups", Map.of("name", "taken NAME"));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body())
                .contains("<p class=\"error\" id=\"create-group-name-error\">Name has already been taken</p>")
                .contains("aria-describedby=\"create-group-name-error\"")
                .contains("value=\"taken NAME\"");
    }

    @Test
    void groupInAnotherSpellingOfItsIdIsTheNotFoundPage() {
        // given
        ConsoleClient client = signedIn(admin);
        Group group = app.fixtures().group(account.id(), "Spelled " + System.nanoTime());
        String digits = Long.toString(group.id().value());
        StringBuilder arabicIndic = new StringBuilder();
        digits.chars().forEach(c -> arabicIndic.append((char) ('\u0660' + (c - '0'))));
        assertThat(client.get("/console/groups/" + digits).status()).isEqualTo(200);

        for (String spelling : List.of(
                "+" + digits,
                "0" + digits,
                arabicIndic.toString(),
                digits + ".0",
                " " + digits,
                "9223372036854775808")) {
            // when
            Response response = client.get("/console/groups/"
                    + java.net.URLEncoder.encode(spelling, StandardCharsets.UTF_8)
                            .replace("+", "%20"));

            // then
            assertThat(response.status()).as(spelling).isEqualTo(404);
            assertThat(response.body()).as(spelling).contains("<h1>Not found</h1>");
        }
    }

    @Test
    void groupNameWithABidiOverrideIsShownNextToTheNameField() {
        ConsoleClient client = signedIn(admin);

        Response response = client.submit("/console/groups", "/console/groups", Map.of("name", "Admins\u202Enimda"));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body())
                .contains("cannot contain control characters or bidirectional formatting characters");
        assertThat(groupExists("Admins\u202Enimda")).isFalse();
    }

    @Test
    void formWithAnOverlongEncodingIsABadRequest() {
        // given: %C0%BC is an overlong '<', which a lenient decoder turns into a tag
        ConsoleClient client = signedIn(admin);
        String csrf = ConsoleClient.csrfOf(client.get("/console/groups"));

        // when
        Response response = client.post(
                "/console/groups",
                "application/x-www-form-urlencoded",
                ("csrf=" + csrf + "&name=%C0%BCscript%3EOverlong").getBytes(StandardCharsets.UTF_8));

        // then
        assertThat(response.status()).isEqualTo(400);
        assertThat(response.body()).contains("Form not readable");
        assertThat(groupExists("<script>Overlong")).isFalse();
    }

    @Test
    void unknownGroupIsNotFoundPage() {
        ConsoleClient client = signedIn(admin);

        assertThat(client.get("/console/groups/999999").status()).isEqualTo(404);
        assertThat(client.get("/console/groups/abc").status()).isEqualTo(404);
        Response unknown = client.get("/console/no-such-page");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).contains("<h1>Not found</h1>");
    }

    @Test
    void pagesWithoutASessionSendToSignIn() {
        Group group = app.fixtures().group(account.id(), "Seen by nobody signed out");

        for (String page :
                List.of("/console/groups", "/console/groups/" + group.id().value(), "/console/agents")) {
            Response response = browser().get(page);
            assertThat(response.status()).as(page).isEqualTo(303);
            assertThat(response.body()).as(page).doesNotContain("Seen by nobody signed out");
        }
    }

    @Test
    void anotherAccountsGroupIsNotFoundAndStaysUnchanged() {
        TestAccount other = app.fixtures().account();
        Group theirs = app.fixtures().group(other.id(), "Theirs");
        ConsoleClient client = signedIn(admin);
        String page = "/console/groups/" + theirs.id().value();

        Response shown = client.get(page);
        Response deleted = client.submit("/console/groups", page + "/delete", Map.of());
        Response renamed = client.submit("/console/groups", page, Map.of("name", "Mine now", "description", ""));

        assertThat(shown.status()).isEqualTo(404);
        assertThat(shown.body()).doesNotContain("Theirs");
        assertThat(deleted.status()).isEqualTo(404);
        assertThat(renamed.status()).isEqualTo(404);
        Group stored = app.services().groups().get(other.admin().caller(), theirs.id());
        assertThat(stored.name()).isEqualTo("Theirs");
        assertThat(stored.deleted()).isFalse();
    }

    @Test
    void hostileAgentNameIsEscapedInListsAndChoices() {
        String hostile = "<b onmouseover=alert(1)>Mallory</b>";
        app.services()
                .agents()
                .create(admin.caller(), io.groupdesk.agents.NewAgent.of(hostile, "mallory@example.test", Role.AGENT));
        Group group = app.fixtures().group(account.id(), "Mallory's group");
        ConsoleClient client = signedIn(admin);

        String agents = client.get("/console/agents").body();
        // the group page offers the agent among those a search finds to add
        String show = client.get("/console/groups/" + group.id().value() + "?add_q=mallory")
                .body();

        for (String body : List.of(agents, show)) {
            assertThat(body)
                    .contains("&lt;b onmouseover=alert(1)&gt;Mallory&lt;/b&gt;")
                    .doesNotContain("<b ");
        }
    }

    @Test
    void adminRenamesAndDescribesGroupAndRemovesAMember() {
        Group group = app.fixtures().group(account.id(), "Before rename");
        TestAgent member = app.fixtures().agent(account.id(), Role.AGENT);
        Membership membership = app.fixtures().membership(account.id(), member, group);
        ConsoleClient client = signedIn(admin);
        String page = "/console/groups/" + group.id().value();

        Response renamed = client.submit(page, page, Map.of("name", "After rename", "description", "Now with <words>"));
        Response removed =
                client.submit(page, "/console/memberships/" + membership.id().value() + "/delete", Map.of());

        assertThat(renamed.status()).isEqualTo(303);
        assertThat(removed.status()).isEqualTo(303);
        assertThat(removed.header("Location")).hasValue(page + "?notice=removed");
        Group stored = app.services().groups().get(admin.caller(), group.id());
        assertThat(stored.name()).isEqualTo("After rename");
        assertThat(stored.description()).isEqualTo("Now with <words>");
        assertThat(app.services()
                        .memberships()
                        .ofAgent(admin.caller(), member.agent().id()))
                .extracting(Membership::groupId)
                .doesNotContain(group.id());
        String body = client.get(page).body();
        String members = body.substring(body.indexOf("<table id=\"members\""), body.indexOf("</table>"));
        assertThat(body).contains("Now with &lt;words&gt;");
        assertThat(members).doesNotContain(member.email());
    }

    @Test
    void blankNameIsRefusedNextToTheRenameField() {
        Group group = app.fixtures().group(account.id(), "Keeps its name");
        ConsoleClient client = signedIn(admin);
        String page = "/console/groups/" + group.id().value();

        Response response = client.submit(page, page, Map.of("name", "  ", "description", ""));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body())
                .contains("<p class=\"error\" id=\"edit-group-name-error\">Name cannot be blank</p>");
        assertThat(app.services().groups().get(admin.caller(), group.id()).name())
                .isEqualTo("Keeps its name");
    }

    @Test
    void adminCreatesSuspendsAndReactivatesAnAgent() {
        ConsoleClient client = signedIn(admin);

        Response created = client.submit(
                "/console/agents",
                "/console/agents",
                Map.of("name", "New Hire", "email", "new.hire@example.test", "role", "agent", "password", "pw-123456"));
        io.groupdesk.agents.Agent hire = app
                .services()
                .agents()
                .list(admin.caller(), java.util.Set.of(), true, PageRequest.offset(1, 100))
                .items()
                .stream()
                .filter(a -> a.email().equals("new.hire@example.test"))
                .findFirst()
                .orElseThrow();
        ConsoleClient hired = browser();
        Response hiredSignIn = hired.signIn("new.hire@example.test", "pw-123456");
        Response suspended =
                client.submit("/console/agents", "/console/agents/" + hire.id().value() + "/suspend", Map.of());

        assertThat(created.status()).isEqualTo(303);
        assertThat(hiredSignIn.status()).isEqualTo(303);
        assertThat(suspended.status()).isEqualTo(303);
        assertThat(app.services().agents().get(admin.caller(), hire.id()).suspended())
                .isTrue();
        assertThat(hired.get("/console/groups").status()).isEqualTo(303); // signed out by the suspension
        assertThat(client.get("/console/agents").body()).contains("Suspended");

        Response reactivated =
                client.submit("/console/agents", "/console/agents/" + hire.id().value() + "/reactivate", Map.of());
        assertThat(reactivated.status()).isEqualTo(303);
        assertThat(app.services().agents().get(admin.caller(), hire.id()).suspended())
                .isFalse();
    }

    @Test
    void duplicateAgentEmailIsShownNextToTheEmailField() {
        ConsoleClient client = signedIn(admin);

        Response response = client.submit(
                "/console/agents",
                "/console/agents",
                Map.of("name", "Twin", "email", agent.email().toUpperCase(java.util.Locale.ROOT), "role", "agent"));

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.body()).contains("id=\"create-agent-email-error\">Email ");
    }

    // ---- an agent's view ----------------------------------------------------------------------------------------

    @Test
    void agentSeesNoChangeControlsAndItsPostsAreRefusedByTheCore() {
        Group group = app.fixtures().group(account.id(), "Agent visible");
        ConsoleClient client = signedIn(agent);

        String list = client.get("/console/groups").body();
        // the group page offers the agent among those a search finds to add
        String show = client.get("/console/groups/" + group.id().value() + "?add_q=mallory")
                .body();
        Response create = client.submit("/console/groups", "/console/groups", Map.of("name", "By an agent"));
        Response delete =
                client.submit("/console/groups", "/console/groups/" + group.id().value() + "/delete", Map.of());

        assertThat(list).contains("Agent visible").doesNotContain("Create group");
        assertThat(show).doesNotContain("<form method=\"post\" action=\"/console/groups/");
        assertThat(create.status()).isEqualTo(403);
        assertThat(create.body()).contains("Not allowed");
        assertThat(delete.status()).isEqualTo(403);
        assertThat(groupExists("By an agent")).isFalse();
        assertThat(app.services().groups().get(admin.caller(), group.id()).deleted())
                .isFalse();
    }

    @Test
    void agentDoesNotSeePrivateGroupItIsNotIn() {
        Group hidden = app.fixtures().privateGroup(account.id(), "Hidden from agents");
        ConsoleClient client = signedIn(agent);

        assertThat(client.get("/console/groups").body()).doesNotContain("Hidden from agents");
        assertThat(client.get("/console/groups/" + hidden.id().value()).status())
                .isEqualTo(404);
        assertThat(app.services()
                        .groups()
                        .list(admin.caller(), GroupService.Scope.ALL, false, PageRequest.offset(1, 100))
                        .items())
                .extracting(Group::name)
                .contains("Hidden from agents");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static String sessionSetCookie(Response response) {
        return ConsoleClient.setCookies(response).stream()
                .filter(c -> c.startsWith(ConsoleApi.SESSION_COOKIE + "="))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no session cookie in " + response.headers()));
    }

    private static String signInNonce(Response page) {
        return ConsoleClient.setCookies(page).stream()
                .filter(c -> c.startsWith(ConsoleApi.SIGN_IN_COOKIE + "="))
                .map(c -> c.split(";", 2)[0].substring(ConsoleApi.SIGN_IN_COOKIE.length() + 1))
                .findFirst()
                .orElseThrow();
    }

    private static byte[] formBody(Map<String, String> form) {
        StringBuilder body = new StringBuilder();
        form.forEach((name, value) -> body.append(body.length() == 0 ? "" : "&")
                .append(java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8))
                .append('=')
                .append(java.net.URLEncoder.encode(value, java.nio.charset.StandardCharsets.UTF_8)));
        return body.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }
}
