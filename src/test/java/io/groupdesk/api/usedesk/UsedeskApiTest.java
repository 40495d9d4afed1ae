package io.groupdesk.api.usedesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.NewAgent;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupChanges;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.NewMembership;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.WeeklyHours;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.DayOfWeek;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Usedesk API (reference §2 and §4, seed 000): {@code /groups}, {@code /users} and the user writes, with
 * {@code api_token} from every transport clients use, against the real core on a real database.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class UsedeskApiTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ZERO_DATE = "0000-00-00 00:00:00";
    private static final DateTimeFormatter MYSQL_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private static final String BOUNDARY = "----GroupdeskUsedeskBoundary7MA4YWxkTrZu0gW";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;
    private static TestAccount account;
    private static TestAgent admin;
    private static TestAgent agent;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
        account = app.fixtures().account();
        admin = account.admin();
        agent = app.fixtures().agent(account.id(), Role.AGENT);
    }

    /** Where a client puts its parameters (reference §2.2). */
    private enum Transport {
        JSON_BODY,
        URLENCODED_FORM,
        MULTIPART_FORM,
        QUERY_STRING
    }

    // ---- api_token transports -----------------------------------------------------------------------------------

    @Test
    void listsGroupsWithTokenInJsonBody() {
        listsGroupsWithTokenIn(Transport.JSON_BODY);
    }

    @Test
    void listsGroupsWithTokenInUrlencodedForm() {
        listsGroupsWithTokenIn(Transport.URLENCODED_FORM);
    }

    @Test
    void listsGroupsWithTokenInMultipartForm() {
        listsGroupsWithTokenIn(Transport.MULTIPART_FORM);
    }

    @Test
    void listsGroupsWithTokenInQueryString() {
        listsGroupsWithTokenIn(Transport.QUERY_STRING);
    }

    private void listsGroupsWithTokenIn(Transport transport) {
        TestAccount shop = app.fixtures().account();
        app.fixtures().group(shop.id(), "Transport " + transport);

        Response response = send(
                transport, "/groups", shop, params("api_token", shop.admin().token()));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.header("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(response.json().isArray()).isTrue();
        assertThat(names(response)).containsExactly("Support", "Transport " + transport);
        assertThat(response.body())
                .isEqualTo(send(
                                Transport.JSON_BODY,
                                "/groups",
                                shop,
                                params("api_token", shop.admin().token()))
                        .body());
    }

    @Test
    void listsGroupsOnGetWithTokenInQueryString() {
        Response response = http.get("/groups?api_token=" + encode(admin.token()))
                .host(account.host())
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(names(response)).contains("Support");
    }

    @Test
    void listsUsersOnGetWithTokenInQueryString() {
        Response response = http.get("/users?api_token=" + encode(admin.token()) + "&user_id="
                        + agent.agent().id().value())
                .host(account.host())
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json()).hasSize(1);
        assertThat(response.json().get(0).get("email").asString()).isEqualTo(agent.email());
    }

    @Test
    void createsUserWithTokenInJsonBody() {
        createsUserWithTokenIn(Transport.JSON_BODY);
    }

    @Test
    void createsUserWithTokenInUrlencodedForm() {
        createsUserWithTokenIn(Transport.URLENCODED_FORM);
    }

    @Test
    void createsUserWithTokenInMultipartForm() {
        createsUserWithTokenIn(Transport.MULTIPART_FORM);
    }

    @Test
    void createsUserWithTokenInQueryString() {
        createsUserWithTokenIn(Transport.QUERY_STRING);
    }

    private void createsUserWithTokenIn(Transport transport) {
        Group group = app.fixtures().group(account.id(), "Written via " + transport);
        String email = uniqueEmail();

        Response response = send(
                transport,
                "/create/user",
                account,
                params(
                        "api_token",
                        admin.token(),
                        "name",
                        "Via " + transport,
                        "email",
                        email,
                        "password",
                        "secret-password",
                        "group",
                        Long.toString(group.id().value())));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        long userId = response.json().get("user_id").asLong();
        Agent stored = app.services().agents().get(system(account), new AgentId(userId));
        assertThat(stored.name()).isEqualTo("Via " + transport);
        assertThat(stored.email()).isEqualTo(email);
        assertThat(defaultGroupOf(account, userId)).contains(group.id().value());
    }

    @Test
    void laterSourcesWinOverTheQueryString() {
        Response response = http.post("/groups?api_token=not-the-token")
                .host(account.host())
                .json("{\"api_token\": \"" + admin.token() + "\"}")
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    // ---- groups: seed 000's shape -------------------------------------------------------------------------------

    @Test
    void showsGroupsInSeedShapeFieldByField() {
        TestAccount shop = app.fixtures().account();
        TestAgent clerk = app.fixtures().agent(shop.id(), Role.AGENT);
        Group sales = app.fixtures().group(shop.id(), "Group 2");
        Membership adminIn = join(shop, shop.admin(), sales);
        Membership clerkIn = join(shop, clerk, sales);

        Response response = asAdmin("/groups", shop);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json()).hasSize(2);
        JsonNode group = byName(response.json(), "Group 2");
        assertThat(fieldNames(group))
                .containsExactly(
                        "id",
                        "name",
                        "company_id",
                        "deleted",
                        "deleted_at",
                        "custom_working_time",
                        "timezone",
                        "users");
        assertString(group, "id", Long.toString(sales.id().value()));
        assertString(group, "name", "Group 2");
        assertString(group, "company_id", Long.toString(shop.id().value()));
        assertString(group, "deleted", "0");
        assertString(group, "deleted_at", ZERO_DATE);
        assertString(group, "custom_working_time", "0");
        assertString(group, "timezone", "UTC");
        JsonNode users = group.get("users");
        assertThat(users).hasSize(2);
        JsonNode first = users.get(0);
        assertThat(fieldNames(first)).containsExactly("id", "name", "email", "position", "role", "phone", "pivot");
        assertString(first, "id", Long.toString(shop.admin().agent().id().value()));
        assertString(first, "name", shop.admin().agent().name());
        assertString(first, "email", shop.admin().email());
        assertString(first, "position", "");
        assertString(first, "role", "admin");
        assertThat(first.get("phone").isNull()).isTrue();
        assertThat(fieldNames(first.get("pivot"))).containsExactly("user_group_id", "user_id");
        assertString(
                first.get("pivot"), "user_group_id", Long.toString(sales.id().value()));
        assertString(
                first.get("pivot"),
                "user_id",
                Long.toString(shop.admin().agent().id().value()));
        JsonNode second = users.get(1);
        assertString(second, "id", Long.toString(clerk.agent().id().value()));
        assertString(second, "role", "employee");
        assertString(
                second.get("pivot"), "user_group_id", Long.toString(sales.id().value()));
        assertString(
                second.get("pivot"), "user_id", Long.toString(clerk.agent().id().value()));
        List<Membership> members = app.services().memberships().ofGroups(system(shop), List.of(sales.id()));
        assertThat(members).extracting(Membership::id).containsExactly(adminIn.id(), clerkIn.id());
    }

    @Test
    void showsEveryGroupOfTheAccountWithItsMembers() {
        TestAccount shop = app.fixtures().account();
        TestAgent clerk = app.fixtures().agent(shop.id(), Role.AGENT);
        Group empty = app.fixtures().group(shop.id(), "Nobody here");

        Response response = asAdmin("/groups", shop);

        assertThat(response.status()).isEqualTo(200);
        assertThat(names(response)).containsExactly("Support", "Nobody here");
        assertThat(userIds(byName(response.json(), "Support")))
                .containsExactly(
                        shop.admin().agent().id().value(), clerk.agent().id().value());
        assertThat(byName(response.json(), "Nobody here").get("users")).isEmpty();
        assertThat(app.services().memberships().ofGroups(system(shop), List.of(empty.id())))
                .isEmpty();
    }

    @Test
    void listsEveryGroupEvenPastOneHundred() {
        TestAccount big = app.fixtures().account();
        List<String> expected = new ArrayList<>(List.of("Support"));
        for (int i = 1; i <= 130; i++) {
            expected.add("Bulk group " + i);
            app.fixtures().group(big.id(), "Bulk group " + i);
        }

        Response response = asAdmin("/groups", big);

        assertThat(response.status()).isEqualTo(200);
        assertThat(names(response)).containsExactlyElementsOf(expected);
    }

    @Test
    void listsDeletedGroupsWithDeletedFlagAndTime() {
        TestAccount shop = app.fixtures().account();
        Group closed = app.fixtures().group(shop.id(), "Closed down");
        join(shop, shop.admin(), closed);
        Group deleted = app.services().groups().delete(system(shop), closed.id());

        Response response = asAdmin("/groups", shop);

        assertThat(response.status()).isEqualTo(200);
        JsonNode group = byName(response.json(), "Closed down");
        assertString(group, "deleted", "1");
        assertThat(group.get("deleted_at").asString())
                .matches("\\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d")
                .isNotEqualTo(ZERO_DATE)
                .isEqualTo(MYSQL_TIME.format(deleted.deletedAt()));
        assertThat(group.get("users")).isEmpty();
        assertString(byName(response.json(), "Support"), "deleted", "0");
        assertThat(app.services().groups().get(system(shop), closed.id()).deleted())
                .isTrue();
    }

    @Test
    void showsTheGroupsOwnTimeZoneAndWorkingTimeElseTheAccounts() {
        TestAccount shop = app.fixtures().account();
        app.services()
                .accounts()
                .update(system(shop), Optional.empty(), Optional.of("Europe/Moscow"), Optional.of(hours("09:00")));
        Group both = app.fixtures().group(shop.id(), "Own zone and hours");
        Group zoneOnly = app.fixtures().group(shop.id(), "Own zone only");
        Group hoursOnly = app.fixtures().group(shop.id(), "Own hours only");
        Group neither = app.fixtures().group(shop.id(), "Account's everything");
        setWorkingTime(shop, both, Optional.of("Asia/Tokyo"), Optional.of(hours("08:00")));
        setWorkingTime(shop, zoneOnly, Optional.of("America/New_York"), Optional.empty());
        setWorkingTime(shop, hoursOnly, Optional.empty(), Optional.of(hours("10:00")));

        Response response = asAdmin("/groups", shop);

        assertThat(response.status()).isEqualTo(200);
        assertString(byName(response.json(), "Own zone and hours"), "timezone", "Asia/Tokyo");
        assertString(byName(response.json(), "Own zone and hours"), "custom_working_time", "1");
        assertString(byName(response.json(), "Own zone only"), "timezone", "America/New_York");
        assertString(byName(response.json(), "Own zone only"), "custom_working_time", "0");
        assertString(byName(response.json(), "Own hours only"), "timezone", "Europe/Moscow");
        assertString(byName(response.json(), "Own hours only"), "custom_working_time", "1");
        assertString(byName(response.json(), "Account's everything"), "timezone", "Europe/Moscow");
        assertString(byName(response.json(), "Account's everything"), "custom_working_time", "0");
        Group stored = app.services().groups().get(system(shop), neither.id());
        assertThat(stored.timeZone()).isNull();
        assertThat(stored.workingHours().isEmpty()).isTrue();
        assertThat(app.services().accounts().get(system(shop)).timeZone()).isEqualTo("Europe/Moscow");
    }

    @Test
    void agentTokenDoesNotSeePrivateGroupsItIsNotIn() {
        TestAccount shop = app.fixtures().account();
        TestAgent clerk = app.fixtures().agent(shop.id(), Role.AGENT);
        app.fixtures().privateGroup(shop.id(), "Hidden from clerks");

        Response asClerk = withToken("/groups", shop, clerk.token());
        Response asAdmin = asAdmin("/groups", shop);

        assertThat(asClerk.status()).isEqualTo(200);
        assertThat(names(asClerk)).containsExactly("Support");
        assertThat(names(asAdmin)).containsExactly("Support", "Hidden from clerks");
    }

    @Test
    void doesNotListAnotherAccountsGroups() {
        TestAccount other = app.fixtures().account();
        app.fixtures().group(other.id(), "Theirs only");

        Response response = asAdmin("/groups", account);

        assertThat(response.status()).isEqualTo(200);
        assertThat(names(response)).doesNotContain("Theirs only");
        assertThat(response.json().valueStream().map(g -> g.get("company_id").asString()))
                .containsOnly(Long.toString(account.id().value()));
    }

    // ---- the /uapi prefix ---------------------------------------------------------------------------------------

    @Test
    void servesEveryMethodUnderTheUapiPrefix() {
        TestAccount shop = app.fixtures().account();
        Group group = app.fixtures().group(shop.id(), "Under uapi");
        Group other = app.fixtures().group(shop.id(), "Also under uapi");
        String email = uniqueEmail();

        Response groups = asAdmin("/uapi/groups", shop);
        Response created = asAdmin(
                "/uapi/create/user",
                shop,
                "name",
                "Uapi Agent",
                "email",
                email,
                "password",
                "secret-password",
                "group",
                id(group));
        long userId = userId(created);
        Response users = asAdmin("/uapi/users", shop, "user_id", Long.toString(userId));
        Response updated = asAdmin("/uapi/update/user", shop, "user_id", Long.toString(userId), "group", id(other));
        Response deleted = asAdmin("/uapi/delete/user", shop, "user_id", Long.toString(userId));

        assertThat(groups.status()).isEqualTo(200);
        assertThat(names(groups)).containsExactly("Support", "Under uapi", "Also under uapi");
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(users.status()).isEqualTo(200);
        assertThat(users.json().get(0).get("email").asString()).isEqualTo(email);
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertNumber(updated.json(), "user_id", userId);
        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(app.services()
                        .agents()
                        .get(system(shop), new AgentId(userId))
                        .active())
                .isFalse();
        assertThat(http.get("/uapi/groups?api_token=" + encode(shop.admin().token()))
                        .host(shop.host())
                        .send()
                        .status())
                .isEqualTo(200);
    }

    // ---- numeric values -----------------------------------------------------------------------------------------

    @Test
    void switchesIdsAndFlagsToNumbersWhenTheAccountAsks() {
        TestAccount typed = app.fixtures().account();
        Group group = app.fixtures().group(typed.id(), "Typed group");
        join(typed, typed.admin(), group);

        Response setting = putSetting(typed, "\"true\"");
        Response groups = asAdmin("/groups", typed);
        Response users = asAdmin("/users", typed, "user_type", "admin");
        Response created = asAdmin(
                "/create/user",
                typed,
                "name",
                "Typed Agent",
                "email",
                uniqueEmail(),
                "password",
                "secret-password",
                "group",
                id(group));
        Response elsewhere = asAdmin("/groups", account);

        assertThat(setting.status()).as(setting.body()).isEqualTo(200);
        assertThat(app.services().accounts().settings(system(typed))).containsEntry("usedesk.numeric_values", "true");
        JsonNode shown = byName(groups.json(), "Typed group");
        assertNumber(shown, "id", group.id().value());
        assertNumber(shown, "company_id", typed.id().value());
        assertNumber(shown, "deleted", 0);
        assertNumber(shown, "custom_working_time", 0);
        assertString(shown, "deleted_at", ZERO_DATE);
        assertString(shown, "timezone", "UTC");
        JsonNode member = shown.get("users").get(0);
        assertNumber(member, "id", typed.admin().agent().id().value());
        assertNumber(member.get("pivot"), "user_group_id", group.id().value());
        assertNumber(member.get("pivot"), "user_id", typed.admin().agent().id().value());
        JsonNode user = users.json().get(0);
        assertNumber(user, "id", typed.admin().agent().id().value());
        assertNumber(user, "chat_online_status", 1);
        assertNumber(user, "online_status", 1);
        JsonNode membership = user.get("groups").get(0);
        assertNumber(
                membership, "id", membership.get("pivot").get("user_group_id").asLong());
        assertNumber(membership, "company_id", typed.id().value());
        assertNumber(membership, "deleted", 0);
        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(created.json().get("status").asString()).isEqualTo("success");
        assertThat(created.json().get("user_id").isIntegralNumber()).isTrue();
        assertThat(app.services()
                        .agents()
                        .get(
                                system(typed),
                                new AgentId(created.json().get("user_id").asLong()))
                        .name())
                .isEqualTo("Typed Agent");
        assertThat(byName(elsewhere.json(), "Support").get("id").isString()).isTrue();
    }

    @Test
    void switchesBackToStringsWhenTheSettingIsTurnedOff() {
        TestAccount typed = app.fixtures().account();
        putSetting(typed, "\"true\"");

        Response off = putSetting(typed, "\"false\"");
        Response afterOff = asAdmin("/groups", typed);
        Response removed = putSetting(typed, "null");
        Response afterRemoval = asAdmin("/groups", typed);

        assertThat(off.status()).isEqualTo(200);
        assertThat(afterOff.json().get(0).get("id").isString()).isTrue();
        assertString(afterOff.json().get(0), "deleted", "0");
        assertThat(removed.status()).isEqualTo(200);
        assertThat(afterRemoval.json().get(0).get("id").isString()).isTrue();
        assertThat(app.services().accounts().settings(system(typed))).doesNotContainKey("usedesk.numeric_values");
    }

    // ---- POST /users --------------------------------------------------------------------------------------------

    @Test
    void listsEmployeesByDefaultInUsedeskShape() {
        TestAccount shop = app.fixtures().account();
        TestAgent clerk = app.fixtures().agent(shop.id(), Role.AGENT);
        Group sales = app.fixtures().group(shop.id(), "Sales");
        join(shop, clerk, sales);

        Response response = asAdmin("/users", shop);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json()).hasSize(1);
        JsonNode user = response.json().get(0);
        assertThat(fieldNames(user))
                .containsExactly(
                        "id",
                        "name",
                        "email",
                        "position",
                        "role",
                        "phone",
                        "chat_online_status",
                        "online_status",
                        "groups");
        assertString(user, "id", Long.toString(clerk.agent().id().value()));
        assertString(user, "name", clerk.agent().name());
        assertString(user, "email", clerk.email());
        assertString(user, "position", "");
        assertString(user, "role", "employee");
        assertThat(user.get("phone").isNull()).isTrue();
        assertString(user, "chat_online_status", "1");
        assertString(user, "online_status", "1");
        JsonNode groups = user.get("groups");
        assertThat(groups).hasSize(2);
        for (JsonNode group : groups) {
            assertThat(fieldNames(group)).containsExactly("id", "name", "company_id", "deleted", "deleted_at", "pivot");
            assertString(group, "company_id", Long.toString(shop.id().value()));
            assertString(group, "deleted", "0");
            assertString(group, "deleted_at", ZERO_DATE);
            assertString(
                    group.get("pivot"),
                    "user_id",
                    Long.toString(clerk.agent().id().value()));
            assertString(group.get("pivot"), "user_group_id", group.get("id").asString());
        }
        assertThat(groups.valueStream().map(g -> g.get("name").asString())).containsExactly("Support", "Sales");
        assertThat(memberGroupsOf(shop, clerk.agent().id().value()))
                .containsExactlyInAnyOrder(
                        accountDefault(shop).id().value(), sales.id().value());
    }

    @Test
    void listsEveryUserEvenPastOneHundred() {
        TestAccount big = app.fixtures().account();
        List<Long> expected = new ArrayList<>();
        for (int i = 1; i <= 130; i++) {
            expected.add(app.services()
                    .agents()
                    .create(system(big), NewAgent.of("Bulk agent " + i, "bulk" + i + "@" + big.host(), Role.AGENT))
                    .id()
                    .value());
        }

        Response all = asAdmin("/users", big);
        Response inSupport = asAdmin("/users", big, "group_id", id(accountDefault(big)));

        assertThat(ids(all)).containsExactlyElementsOf(expected);
        assertThat(ids(inSupport)).containsExactlyElementsOf(expected);
    }

    @Test
    void filtersUsersByUserType() {
        TestAccount shop = app.fixtures().account();
        TestAgent clerk = app.fixtures().agent(shop.id(), Role.AGENT);
        TestAgent boss = app.fixtures().agent(shop.id(), Role.ADMIN);

        Response admins = asAdmin("/users", shop, "user_type", "admin");
        Response employees = asAdmin("/users", shop, "user_type", "employee");
        Response support = asAdmin("/users", shop, "user_type", "support");

        assertThat(admins.status()).isEqualTo(200);
        assertThat(ids(admins))
                .containsExactly(
                        shop.admin().agent().id().value(), boss.agent().id().value());
        assertThat(ids(admins)).allSatisfy(id -> assertThat(app.services()
                        .agents()
                        .get(system(shop), new AgentId(id))
                        .role())
                .isEqualTo(Role.ADMIN));
        assertThat(ids(employees)).containsExactly(clerk.agent().id().value());
        assertThat(support.status()).isEqualTo(200);
        assertThat(support.json()).isEmpty();
    }

    @Test
    void filtersUsersByGroupId() {
        TestAccount shop = app.fixtures().account();
        TestAgent inside = app.fixtures().agent(shop.id(), Role.AGENT);
        app.fixtures().agent(shop.id(), Role.AGENT);
        Group sales = app.fixtures().group(shop.id(), "Sales");
        join(shop, inside, sales);
        join(shop, shop.admin(), sales);

        Response employees = asAdmin("/users", shop, "group_id", id(sales));
        Response admins = asAdmin("/users", shop, "group_id", id(sales), "user_type", "admin");

        assertThat(employees.status()).isEqualTo(200);
        assertThat(ids(employees)).containsExactly(inside.agent().id().value());
        assertThat(ids(admins)).containsExactly(shop.admin().agent().id().value());
        assertThat(app.services().memberships().ofGroups(system(shop), List.of(sales.id())))
                .extracting(m -> m.agentId().value())
                .containsExactlyInAnyOrder(
                        inside.agent().id().value(), shop.admin().agent().id().value());
    }

    @Test
    void filtersUsersByQueryOnNameOrEmailIgnoringCase() {
        TestAccount shop = app.fixtures().account();
        long anna = createUser(shop, "Anna Karenina", "anna.k@" + shop.account().subdomain() + ".test");
        long boris = createUser(
                shop, "Boris Godunov", "tsar@kremlin-" + shop.account().subdomain() + ".test");

        Response byName = asAdmin("/users", shop, "query", "KAREN");
        Response byEmail = asAdmin("/users", shop, "query", "Kremlin");
        Response nobody = asAdmin("/users", shop, "query", "nobody-matches-this");

        assertThat(ids(byName)).containsExactly(anna);
        assertThat(ids(byEmail)).containsExactly(boris);
        assertThat(nobody.status()).isEqualTo(200);
        assertThat(nobody.json()).isEmpty();
    }

    @Test
    void showsOneUserByUserIdWhateverItsRole() {
        Response response = asAdmin(
                "/users", account, "user_id", Long.toString(admin.agent().id().value()));

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json()).hasSize(1);
        assertString(
                response.json().get(0), "id", Long.toString(admin.agent().id().value()));
        assertString(response.json().get(0), "role", "admin");
    }

    @Test
    void leavesDeletedUsersOutAndFindsThemNoMore() {
        TestAccount shop = app.fixtures().account();
        TestAgent gone = app.fixtures().agent(shop.id(), Role.AGENT);
        TestAgent kept = app.fixtures().agent(shop.id(), Role.AGENT);
        app.services().agents().delete(system(shop), gone.agent().id());

        Response list = asAdmin("/users", shop);
        Response one = asAdmin(
                "/users", shop, "user_id", Long.toString(gone.agent().id().value()));
        Response groups = asAdmin("/groups", shop);

        assertThat(ids(list)).containsExactly(kept.agent().id().value());
        assertError(one, 404);
        assertThat(userIds(byName(groups.json(), "Support")))
                .doesNotContain(gone.agent().id().value());
    }

    @Test
    void refusesUnknownUserType() {
        Response response = asAdmin("/users", account, "user_type", "overlord");

        assertError(response, 400);
        assertThat(response.json().get("error").asString()).contains("user_type");
    }

    @Test
    void answersNotFoundForUnknownUserIdAndGroupId() {
        Response user = asAdmin("/users", account, "user_id", "999999999");
        Response group = asAdmin("/users", account, "group_id", "999999999");

        assertError(user, 404);
        assertError(group, 404);
    }

    @Test
    void refusesMalformedIdFilters() {
        for (String bad : List.of("abc", "0", "-1", "1.5", "12345678901234567890")) {
            Response user = asAdmin("/users", account, "user_id", bad);
            Response group = asAdmin("/users", account, "group_id", bad);

            assertError(user, 400);
            assertError(group, 400);
        }
    }

    // ---- POST /create/user --------------------------------------------------------------------------------------

    @Test
    void createsUserWhoJoinsTheGroupAsDefault() {
        Group group = app.fixtures().group(account.id(), "New hires");
        String email = uniqueEmail();

        Response response = asAdmin(
                "/create/user",
                account,
                "name",
                "Nina New",
                "email",
                email,
                "password",
                "secret-password",
                "group",
                id(group),
                "phone",
                "+7 900 000-00-00",
                "lang",
                "en");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(fieldNames(response.json())).containsExactly("status", "user_id");
        assertThat(response.json().get("status").asString()).isEqualTo("success");
        assertThat(response.json().get("user_id").isIntegralNumber()).isTrue();
        long userId = userId(response);
        Agent stored = app.services().agents().get(system(account), new AgentId(userId));
        assertThat(stored.name()).isEqualTo("Nina New");
        assertThat(stored.email()).isEqualTo(email);
        assertThat(stored.role()).isEqualTo(Role.AGENT);
        assertThat(stored.phone()).isEqualTo("+7 900 000-00-00");
        assertThat(stored.locale()).isEqualTo("en");
        assertThat(stored.active()).isTrue();
        assertThat(memberGroupsOf(account, userId))
                .containsExactlyInAnyOrder(
                        accountDefault(account).id().value(), group.id().value());
        assertThat(defaultGroupOf(account, userId)).contains(group.id().value());
        JsonNode listed = byName(asAdmin("/groups", account).json(), "New hires");
        assertThat(userIds(listed)).containsExactly(userId);
        assertString(listed.get("users").get(0).get("pivot"), "user_group_id", id(group));
    }

    @Test
    void createsAdminWhenRoleIsAdmin() {
        Group group = app.fixtures().group(account.id(), "Admins' group");

        Response response = asAdmin(
                "/create/user",
                account,
                "name",
                "Ada Admin",
                "email",
                uniqueEmail(),
                "password",
                "secret-password",
                "group",
                id(group),
                "role",
                "admin");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(app.services()
                        .agents()
                        .get(system(account), new AgentId(userId(response)))
                        .role())
                .isEqualTo(Role.ADMIN);
        assertString(
                asAdmin("/users", account, "user_id", Long.toString(userId(response)))
                        .json()
                        .get(0),
                "role",
                "admin");
    }

    @Test
    void createsUserInThePrivateGroupItNames() {
        Group secret = app.fixtures().privateGroup(account.id(), "Private hires");

        Response response = asAdmin(
                "/create/user",
                account,
                "name",
                "Pia Private",
                "email",
                uniqueEmail(),
                "password",
                "secret-password",
                "group",
                id(secret));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(defaultGroupOf(account, userId(response)))
                .contains(secret.id().value());
    }

    @Test
    void refusesCreateWithoutEachRequiredField() {
        Group group = app.fixtures().group(account.id(), "Required fields");
        for (String missing : List.of("name", "email", "password", "group")) {
            String email = uniqueEmail();
            Map<String, String> fields = params(
                    "api_token",
                    admin.token(),
                    "name",
                    "Missing " + missing,
                    "email",
                    email,
                    "password",
                    "secret-password",
                    "group",
                    id(group));
            fields.remove(missing);
            Map<String, String> blank = new LinkedHashMap<>(fields);
            blank.put(missing, "  ");

            Response absent = send(Transport.JSON_BODY, "/create/user", account, fields);
            Response empty = send(Transport.URLENCODED_FORM, "/create/user", account, blank);

            assertError(absent, 400);
            assertThat(absent.json().get("error").asString()).as(missing).contains(missing);
            assertError(empty, 400);
            assertThat(emailsOf(account)).doesNotContain(email);
        }
        assertThat(app.services().memberships().ofGroups(system(account), List.of(group.id())))
                .isEmpty();
    }

    @Test
    void refusesCreateWithInvalidEmail() {
        Group group = app.fixtures().group(account.id(), "Bad emails");

        Response response = asAdmin(
                "/create/user",
                account,
                "name",
                "No Mail",
                "email",
                "not-an-email",
                "password",
                "secret-password",
                "group",
                id(group));

        assertError(response, 400);
        assertThat(response.json().get("error").asString()).contains("email");
        assertThat(emailsOf(account)).doesNotContain("not-an-email");
        assertThat(app.services().memberships().ofGroups(system(account), List.of(group.id())))
                .isEmpty();
    }

    @Test
    void refusesCreateWithTakenEmail() {
        Response response = asAdmin(
                "/create/user",
                account,
                "name",
                "Double",
                "email",
                agent.email().toUpperCase(),
                "password",
                "secret-password",
                "group",
                id(accountDefault(account)));

        assertError(response, 400);
        assertThat(response.json().get("error").asString()).contains("email");
        assertThat(app.services()
                        .agents()
                        .get(system(account), agent.agent().id())
                        .name())
                .isEqualTo(agent.agent().name());
    }

    @Test
    void refusesCreateWithShortPasswordOrUnknownRole() {
        String shortEmail = uniqueEmail();
        String roleEmail = uniqueEmail();

        Response shortPassword = asAdmin(
                "/create/user",
                account,
                "name",
                "Short",
                "email",
                shortEmail,
                "password",
                "short",
                "group",
                id(accountDefault(account)));
        Response unknownRole = asAdmin(
                "/create/user",
                account,
                "name",
                "Overlord",
                "email",
                roleEmail,
                "password",
                "secret-password",
                "group",
                id(accountDefault(account)),
                "role",
                "overlord");

        assertError(shortPassword, 400);
        assertThat(shortPassword.json().get("error").asString()).contains("password");
        assertError(unknownRole, 400);
        assertThat(unknownRole.json().get("error").asString()).contains("role");
        assertThat(emailsOf(account)).doesNotContain(shortEmail, roleEmail);
    }

    @Test
    void refusesCreateIntoUnknownGroup() {
        String email = uniqueEmail();

        Response response = asAdmin(
                "/create/user",
                account,
                "name",
                "Lost",
                "email",
                email,
                "password",
                "secret-password",
                "group",
                "999999999");

        assertError(response, 404);
        assertThat(response.json().get("error").asString()).contains("group");
        assertThat(emailsOf(account)).doesNotContain(email);
    }

    @Test
    void refusesCreateIntoDeletedGroupWithoutCreatingTheUser() {
        Group closed = app.fixtures().group(account.id(), "Closed for hiring");
        app.services().groups().delete(system(account), closed.id());
        String email = uniqueEmail();

        Response response = asAdmin(
                "/create/user",
                account,
                "name",
                "Too Late",
                "email",
                email,
                "password",
                "secret-password",
                "group",
                id(closed));

        assertError(response, 400);
        assertThat(emailsOf(account)).doesNotContain(email);
    }

    // ---- POST /update/user --------------------------------------------------------------------------------------

    @Test
    void updateMakesTheGroupTheDefaultJoiningItIfNeeded() {
        TestAgent mover = app.fixtures().agent(account.id(), Role.AGENT);
        Group target = app.fixtures().group(account.id(), "Moved into");
        long moverId = mover.agent().id().value();
        assertThat(defaultGroupOf(account, moverId))
                .contains(accountDefault(account).id().value());

        Response response = asAdmin("/update/user", account, "user_id", Long.toString(moverId), "group", id(target));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("status").asString()).isEqualTo("success");
        assertNumber(response.json(), "user_id", moverId);
        assertThat(memberGroupsOf(account, moverId))
                .containsExactlyInAnyOrder(
                        accountDefault(account).id().value(), target.id().value());
        assertThat(defaultGroupOf(account, moverId)).contains(target.id().value());
    }

    @Test
    void updateMakesAnExistingMembershipTheDefaultWithoutDuplicatingIt() {
        TestAgent member = app.fixtures().agent(account.id(), Role.AGENT);
        Group already = app.fixtures().group(account.id(), "Already in");
        join(account, member, already);
        long memberId = member.agent().id().value();

        Response first = asAdmin("/update/user", account, "user_id", Long.toString(memberId), "group", id(already));
        Response again = asAdmin("/update/user", account, "user_id", Long.toString(memberId), "group", id(already));

        assertThat(first.status()).as(first.body()).isEqualTo(200);
        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(memberGroupsOf(account, memberId))
                .containsExactlyInAnyOrder(
                        accountDefault(account).id().value(), already.id().value());
        assertThat(defaultGroupOf(account, memberId)).contains(already.id().value());
        assertThat(app.services()
                        .memberships()
                        .ofAgent(system(account), member.agent().id()))
                .filteredOn(Membership::isDefault)
                .hasSize(1);
    }

    @Test
    void updatesNameEmailRoleAndOnlineStatus() {
        TestAgent changed = app.fixtures().agent(account.id(), Role.AGENT);
        long changedId = changed.agent().id().value();
        String email = uniqueEmail();

        Response response = send(
                Transport.MULTIPART_FORM,
                "/update/user",
                account,
                params(
                        "api_token", admin.token(),
                        "user_id", Long.toString(changedId),
                        "name", "Renamed Agent",
                        "email", email,
                        "role", "admin",
                        "phone", "12345",
                        "ticket_online_status", "false"));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Agent stored =
                app.services().agents().get(system(account), changed.agent().id());
        assertThat(stored.name()).isEqualTo("Renamed Agent");
        assertThat(stored.email()).isEqualTo(email);
        assertThat(stored.role()).isEqualTo(Role.ADMIN);
        assertThat(stored.phone()).isEqualTo("12345");
        assertThat(stored.acceptsAssignments()).isFalse();
        JsonNode shown = asAdmin("/users", account, "user_id", Long.toString(changedId))
                .json()
                .get(0);
        assertString(shown, "name", "Renamed Agent");
        assertString(shown, "role", "admin");
        assertString(shown, "phone", "12345");
        assertString(shown, "chat_online_status", "0");
        assertString(shown, "online_status", "0");
        assertThat(defaultGroupOf(account, changedId))
                .contains(accountDefault(account).id().value());
    }

    @Test
    void updateLeavesUnsentFieldsAlone() {
        TestAgent quiet = app.fixtures().agent(account.id(), Role.AGENT);

        Response response = asAdmin(
                "/update/user",
                account,
                "user_id",
                Long.toString(quiet.agent().id().value()));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        Agent stored =
                app.services().agents().get(system(account), quiet.agent().id());
        assertThat(stored.name()).isEqualTo(quiet.agent().name());
        assertThat(stored.email()).isEqualTo(quiet.email());
        assertThat(stored.role()).isEqualTo(Role.AGENT);
        assertThat(defaultGroupOf(account, quiet.agent().id().value()))
                .contains(accountDefault(account).id().value());
    }

    @Test
    void refusesUpdateWithUnknownGroupAndChangesNothing() {
        TestAgent steady = app.fixtures().agent(account.id(), Role.AGENT);
        long steadyId = steady.agent().id().value();

        Response response = asAdmin(
                "/update/user",
                account,
                "user_id",
                Long.toString(steadyId),
                "name",
                "Not Applied",
                "group",
                "999999999");

        assertError(response, 404);
        assertThat(app.services()
                        .agents()
                        .get(system(account), steady.agent().id())
                        .name())
                .isEqualTo(steady.agent().name());
        assertThat(memberGroupsOf(account, steadyId))
                .containsExactly(accountDefault(account).id().value());
    }

    @Test
    void refusesUpdateIntoDeletedGroupAndChangesNothing() {
        TestAgent steady = app.fixtures().agent(account.id(), Role.AGENT);
        Group closed = app.fixtures().group(account.id(), "Closed for moves");
        app.services().groups().delete(system(account), closed.id());
        long steadyId = steady.agent().id().value();

        Response response = asAdmin(
                "/update/user",
                account,
                "user_id",
                Long.toString(steadyId),
                "name",
                "Not Applied",
                "group",
                id(closed));

        assertError(response, 400);
        assertThat(app.services()
                        .agents()
                        .get(system(account), steady.agent().id())
                        .name())
                .isEqualTo(steady.agent().name());
        assertThat(memberGroupsOf(account, steadyId))
                .containsExactly(accountDefault(account).id().value());
        assertThat(defaultGroupOf(account, steadyId))
                .contains(accountDefault(account).id().value());
    }

    @Test
    void refusesUpdateWithInvalidInput() {
        TestAgent steady = app.fixtures().agent(account.id(), Role.AGENT);
        String steadyId = Long.toString(steady.agent().id().value());

        Response noUserId = asAdmin("/update/user", account, "name", "Nobody");
        Response badUserId = asAdmin("/update/user", account, "user_id", "abc");
        Response badEmail = asAdmin("/update/user", account, "user_id", steadyId, "email", "broken@");
        Response blankName = asAdmin("/update/user", account, "user_id", steadyId, "name", "   ");
        Response badStatus = asAdmin("/update/user", account, "user_id", steadyId, "ticket_online_status", "maybe");
        Response badGroup = asAdmin("/update/user", account, "user_id", steadyId, "group", "first");
        Response takenEmail = asAdmin("/update/user", account, "user_id", steadyId, "email", admin.email());

        assertError(noUserId, 400);
        assertThat(noUserId.json().get("error").asString()).contains("user_id");
        assertError(badUserId, 400);
        assertError(badEmail, 400);
        assertThat(badEmail.json().get("error").asString()).contains("email");
        assertError(blankName, 400);
        assertError(badStatus, 400);
        assertError(badGroup, 400);
        assertError(takenEmail, 400);
        assertThat(takenEmail.json().get("error").asString()).contains("email");
        Agent stored =
                app.services().agents().get(system(account), steady.agent().id());
        assertThat(stored.email()).isEqualTo(steady.email());
        assertThat(stored.name()).isEqualTo(steady.agent().name());
        assertThat(stored.acceptsAssignments()).isTrue();
    }

    @Test
    void refusesUpdateOfUnknownOrDeletedUser() {
        TestAgent gone = app.fixtures().agent(account.id(), Role.AGENT);
        app.services().agents().delete(system(account), gone.agent().id());

        Response unknown = asAdmin("/update/user", account, "user_id", "999999999", "name", "Ghost");
        Response deleted = asAdmin(
                "/update/user",
                account,
                "user_id",
                Long.toString(gone.agent().id().value()),
                "name",
                "Ghost");

        assertError(unknown, 404);
        assertError(deleted, 400);
        assertThat(deleted.json().get("error").asString()).isEqualTo("A deleted agent cannot be changed");
        assertThat(app.services()
                        .agents()
                        .get(system(account), gone.agent().id())
                        .name())
                .isEqualTo(gone.agent().name());
    }

    // ---- POST /delete/user --------------------------------------------------------------------------------------

    @Test
    void deletesUserWithItsMemberships() {
        TestAgent leaver = app.fixtures().agent(account.id(), Role.AGENT);
        Group team = app.fixtures().group(account.id(), "Leaver's team");
        join(account, leaver, team);
        long leaverId = leaver.agent().id().value();

        Response response = asAdmin("/delete/user", account, "user_id", Long.toString(leaverId));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("status").asString()).isEqualTo("success");
        assertNumber(response.json(), "user_id", leaverId);
        assertThat(app.services()
                        .agents()
                        .get(system(account), leaver.agent().id())
                        .active())
                .isFalse();
        assertThat(memberGroupsOf(account, leaverId)).isEmpty();
        assertThat(defaultGroupOf(account, leaverId)).isEmpty();
        assertThat(userIds(byName(asAdmin("/groups", account).json(), "Leaver's team")))
                .isEmpty();
        assertThat(ids(asAdmin("/users", account))).doesNotContain(leaverId);
        assertThat(withToken("/groups", account, leaver.token()).status()).isEqualTo(401);
    }

    @Test
    void refusesToDeleteTheCallerItself() {
        Response response = asAdmin(
                "/delete/user",
                account,
                "user_id",
                Long.toString(admin.agent().id().value()));

        assertError(response, 400);
        assertThat(app.services()
                        .agents()
                        .get(system(account), admin.agent().id())
                        .active())
                .isTrue();
    }

    @Test
    void refusesDeleteWithoutOrWithUnknownUserId() {
        Response missing = asAdmin("/delete/user", account);
        Response unknown = asAdmin("/delete/user", account, "user_id", "999999999");

        assertError(missing, 400);
        assertThat(missing.json().get("error").asString()).contains("user_id");
        assertError(unknown, 404);
    }

    // ---- access -------------------------------------------------------------------------------------------------

    @Test
    void everyEndpointRefusesMissingEmptyAndWrongTokens() {
        TestAgent target = app.fixtures().agent(account.id(), Role.AGENT);
        TestAccount other = app.fixtures().account();
        for (Endpoint endpoint : endpoints(account, target)) {
            Map<String, String> none = new LinkedHashMap<>(endpoint.params());
            Map<String, String> empty = withToken(endpoint.params(), "");
            Map<String, String> wrong = withToken(endpoint.params(), "e1cbe1c1c9d910ef2ae975215644cb53dd555de4");
            Map<String, String> foreign =
                    withToken(endpoint.params(), other.admin().token());
            Map<String, String> password = withToken(endpoint.params(), admin.password());

            List<Response> responses = List.of(
                    send(Transport.JSON_BODY, endpoint.path(), account, none),
                    send(Transport.URLENCODED_FORM, endpoint.path(), account, empty),
                    send(Transport.MULTIPART_FORM, endpoint.path(), account, wrong),
                    send(Transport.QUERY_STRING, endpoint.path(), account, foreign),
                    send(Transport.JSON_BODY, endpoint.path(), account, password));

            for (Response response : responses) {
                assertThat(response.status())
                        .as(endpoint.path() + " " + response.body())
                        .isEqualTo(401);
                assertError(response, 401);
            }
        }
        Agent stored =
                app.services().agents().get(system(account), target.agent().id());
        assertThat(stored.active()).isTrue();
        assertThat(stored.name()).isEqualTo(target.agent().name());
        assertThat(memberGroupsOf(account, target.agent().id().value()))
                .containsExactly(accountDefault(account).id().value());
    }

    @Test
    void tokenOfADeletedAgentIsRefused() {
        TestAgent gone = app.fixtures().agent(account.id(), Role.ADMIN);
        app.services().agents().delete(system(account), gone.agent().id());

        Response response = withToken("/groups", account, gone.token());

        assertError(response, 401);
    }

    @Test
    void tokenIsCheckedInTheAccountTheHostNames() {
        TestAccount other = app.fixtures().account();

        Response foreignHost = withToken("/groups", other, admin.token());
        Response ownHost = withToken("/groups", other, other.admin().token());

        assertError(foreignHost, 401);
        assertThat(ownHost.status()).isEqualTo(200);
        assertThat(ownHost.json().valueStream().map(g -> g.get("company_id").asString()))
                .containsOnly(Long.toString(other.id().value()));
    }

    @Test
    void unknownHostFallsBackToTheBootstrapAccount() {
        Response response = http.post("/groups")
                .host("localhost")
                .json("{\"api_token\": \"" + TestApp.ADMIN_TOKEN + "\"}")
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().valueStream().map(g -> g.get("company_id").asString()))
                .containsOnly(Long.toString(app.bootstrapAccount().value()));
    }

    @Test
    void agentTokenReadsButCannotWrite() {
        TestAgent target = app.fixtures().agent(account.id(), Role.AGENT);
        List<String> createdEmails = new ArrayList<>();
        for (Endpoint endpoint : endpoints(account, target)) {
            createdEmails.add(endpoint.params().getOrDefault("email", "none"));

            Response response =
                    send(Transport.JSON_BODY, endpoint.path(), account, withToken(endpoint.params(), agent.token()));

            if (endpoint.writes()) {
                assertError(response, 403);
            } else {
                assertThat(response.status())
                        .as(endpoint.path() + " " + response.body())
                        .isEqualTo(200);
                assertThat(response.json().isArray()).isTrue();
            }
        }
        Agent stored =
                app.services().agents().get(system(account), target.agent().id());
        assertThat(stored.active()).isTrue();
        assertThat(stored.name()).isEqualTo(target.agent().name());
        assertThat(memberGroupsOf(account, target.agent().id().value()))
                .containsExactly(accountDefault(account).id().value());
        assertThat(emailsOf(account)).doesNotContainAnyElementsOf(createdEmails);
    }

    @Test
    void adminTokenMayUseEveryEndpoint() {
        TestAgent target = app.fixtures().agent(account.id(), Role.AGENT);
        for (Endpoint endpoint : endpoints(account, target)) {
            Response response =
                    send(Transport.JSON_BODY, endpoint.path(), account, withToken(endpoint.params(), admin.token()));

            assertThat(response.status())
                    .as(endpoint.path() + " " + response.body())
                    .isEqualTo(200);
        }
        assertThat(app.services()
                        .agents()
                        .get(system(account), target.agent().id())
                        .active())
                .isFalse();
    }

    @Test
    void anotherAccountsIdsAreNotFoundOnEveryEndpoint() {
        TestAccount other = app.fixtures().account();
        TestAgent theirAgent = app.fixtures().agent(other.id(), Role.AGENT);
        Group theirGroup = app.fixtures().group(other.id(), "Their team");
        String theirUser = Long.toString(theirAgent.agent().id().value());
        String email = uniqueEmail();

        List<Response> responses = List.of(
                asAdmin("/users", account, "user_id", theirUser),
                asAdmin("/users", account, "group_id", id(theirGroup)),
                asAdmin(
                        "/create/user",
                        account,
                        "name",
                        "Cross",
                        "email",
                        email,
                        "password",
                        "secret-password",
                        "group",
                        id(theirGroup)),
                asAdmin("/update/user", account, "user_id", theirUser, "name", "Hijacked"),
                asAdmin(
                        "/update/user",
                        account,
                        "user_id",
                        Long.toString(agent.agent().id().value()),
                        "group",
                        id(theirGroup)),
                asAdmin("/delete/user", account, "user_id", theirUser));

        for (Response response : responses) {
            assertError(response, 404);
        }
        assertThat(names(asAdmin("/groups", account))).doesNotContain("Their team");
        Agent stored =
                app.services().agents().get(system(other), theirAgent.agent().id());
        assertThat(stored.active()).isTrue();
        assertThat(stored.name()).isEqualTo(theirAgent.agent().name());
        assertThat(emailsOf(account)).doesNotContain(email);
        assertThat(memberGroupsOf(account, agent.agent().id().value()))
                .doesNotContain(theirGroup.id().value());
        assertThat(app.services().memberships().ofGroups(system(other), List.of(theirGroup.id())))
                .isEmpty();
    }

    // ---- unreadable requests ------------------------------------------------------------------------------------

    @Test
    void refusesUnreadableJsonBodiesWith400() {
        List<Response> responses = List.of(
                http.post("/groups")
                        .host(account.host())
                        .json("{\"api_token\": ")
                        .send(),
                http.post("/groups").host(account.host()).json("[1, 2, 3]").send(),
                http.post("/groups")
                        .host(account.host())
                        .json("{\"api_token\": {\"nested\": \"" + admin.token() + "\"}}")
                        .send(),
                http.post("/create/user")
                        .host(account.host())
                        .json("{\"api_token\": \"" + admin.token() + "\", \"name\": [\"a\", \"b\"]}")
                        .send());

        for (Response response : responses) {
            assertError(response, 400);
        }
    }

    @Test
    void refusesMultipartBodyWithTheWrongBoundaryWith400() {
        Response response = http.post("/groups")
                .host(account.host())
                .body(
                        "multipart/form-data; boundary=" + BOUNDARY,
                        ("--not-the-boundary\r\nContent-Disposition: form-data; name=\"api_token\"\r\n\r\n"
                                        + admin.token() + "\r\n--not-the-boundary--\r\n")
                                .getBytes(StandardCharsets.UTF_8))
                .send();

        assertError(response, 400);
        // the server drops the connection after a body it could not parse, and says so: a keep-alive client
        // must not send its next request down it
        assertThat(response.header("Connection")).hasValue("close");
    }

    @Test
    void refusesMultipartBodyWithoutABoundaryWith400() {
        Response response = http.post("/groups")
                .host(account.host())
                .body("multipart/form-data", ("api_token=" + admin.token()).getBytes(StandardCharsets.UTF_8))
                .send();

        assertError(response, 400);
    }

    @Test
    void neverAnswers500ForBrokenPercentEncodingInAForm() {
        Response response = http.post("/groups")
                .host(account.host())
                .body("application/x-www-form-urlencoded", "api_token=%zz&x=%".getBytes(StandardCharsets.UTF_8))
                .send();

        // the broken escapes are kept as text, so the token is one no account has
        assertError(response, 401);
        assertThat(response.json().get("error").asString()).isEqualTo("Invalid api_token");
    }

    @Test
    void readsJsonBodySentWithoutAJsonContentType() {
        Response response = http.post("/groups")
                .host(account.host())
                .body("text/plain", ("{\"api_token\": \"" + admin.token() + "\"}").getBytes(StandardCharsets.UTF_8))
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(names(response)).contains("Support");
    }

    @Test
    void acceptsNumbersAndBooleansInJsonBodies() {
        TestAgent typed = app.fixtures().agent(account.id(), Role.AGENT);
        Group target = app.fixtures().group(account.id(), "Typed JSON target");

        Response response = http.post("/update/user")
                .host(account.host())
                .json("{\"api_token\": \"" + admin.token() + "\", \"user_id\": "
                        + typed.agent().id().value() + ", \"group\": "
                        + target.id().value() + ", \"ticket_online_status\": false}")
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(defaultGroupOf(account, typed.agent().id().value()))
                .contains(target.id().value());
        assertThat(app.services()
                        .agents()
                        .get(system(account), typed.agent().id())
                        .acceptsAssignments())
                .isFalse();
    }

    @Test
    void keepsCyrillicNamesFromEveryTransport() {
        for (Transport transport : Transport.values()) {
            String name = "Анна Каренина " + transport.ordinal();

            Response response = send(
                    transport,
                    "/create/user",
                    account,
                    params(
                            "api_token", admin.token(),
                            "name", name,
                            "email", uniqueEmail(),
                            "password", "пароль-секретный",
                            "group", id(accountDefault(account))));

            assertThat(response.status()).as(transport + " " + response.body()).isEqualTo(200);
            assertThat(app.services()
                            .agents()
                            .get(system(account), new AgentId(userId(response)))
                            .name())
                    .as(transport.toString())
                    .isEqualTo(name);
        }
    }

    @Test
    void acceptsMultipartFormWithAnAvatarFilePart() {
        String email = uniqueEmail();
        String fields = params(
                        "api_token",
                        admin.token(),
                        "name",
                        "With Avatar",
                        "email",
                        email,
                        "password",
                        "secret-password",
                        "group",
                        id(accountDefault(account)))
                .entrySet()
                .stream()
                .map(e -> "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"" + e.getKey() + "\"\r\n\r\n"
                        + e.getValue() + "\r\n")
                .collect(Collectors.joining());
        String file = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"avatar\"; filename=\"me.png\"\r\n"
                + "Content-Type: image/png\r\n\r\n\u0089PNG fake image bytes\r\n--" + BOUNDARY + "--\r\n";

        Response response = http.post("/create/user")
                .host(account.host())
                .body("multipart/form-data; boundary=" + BOUNDARY, (fields + file).getBytes(StandardCharsets.UTF_8))
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(emailsOf(account)).contains(email);
    }

    @Test
    void ignoresJsonNullForAnAbsentParameter() {
        Response response = http.post("/groups?api_token=" + encode(admin.token()))
                .host(account.host())
                .json("{\"api_token\": null}")
                .send();

        assertError(response, 401);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** A Usedesk method and parameters that make it succeed for an admin, without {@code api_token}. */
    private record Endpoint(String path, boolean writes, Map<String, String> params) {}

    private List<Endpoint> endpoints(TestAccount target, TestAgent victim) {
        String victimId = Long.toString(victim.agent().id().value());
        String defaultGroup = id(accountDefault(target));
        return List.of(
                new Endpoint("/groups", false, params()),
                new Endpoint("/users", false, params()),
                new Endpoint("/users", false, params("user_id", victimId, "group_id", defaultGroup)),
                new Endpoint(
                        "/create/user",
                        true,
                        params(
                                "name",
                                "Matrix " + SEQUENCE.incrementAndGet(),
                                "email",
                                uniqueEmail(),
                                "password",
                                "secret-password",
                                "group",
                                defaultGroup)),
                new Endpoint("/update/user", true, params("user_id", victimId, "name", "Touched")),
                new Endpoint("/delete/user", true, params("user_id", victimId)));
    }

    private static Map<String, String> withToken(Map<String, String> params, String token) {
        Map<String, String> all = new LinkedHashMap<>();
        all.put("api_token", token);
        all.putAll(params);
        return all;
    }

    private static Map<String, String> params(String... pairs) {
        Map<String, String> params = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) {
            params.put(pairs[i], pairs[i + 1]);
        }
        return params;
    }

    private static Response asAdmin(String path, TestAccount target, String... pairs) {
        return send(
                Transport.JSON_BODY,
                path,
                target,
                withToken(params(pairs), target.admin().token()));
    }

    private static Response withToken(String path, TestAccount target, String token, String... pairs) {
        return send(Transport.JSON_BODY, path, target, withToken(params(pairs), token));
    }

    private static Response send(Transport transport, String path, TestAccount target, Map<String, String> params) {
        Http.Request request =
                switch (transport) {
                    case JSON_BODY -> http.post(path).json(JSON.writeValueAsString(params));
                    case URLENCODED_FORM -> http.post(path)
                            .body(
                                    "application/x-www-form-urlencoded",
                                    urlencoded(params).getBytes(StandardCharsets.UTF_8));
                    case MULTIPART_FORM -> http.post(path)
                            .body("multipart/form-data; boundary=" + BOUNDARY, multipart(params));
                    case QUERY_STRING -> http.post(path + "?" + urlencoded(params));
                };
        return request.host(target.host()).send();
    }

    private static String urlencoded(Map<String, String> params) {
        return params.entrySet().stream()
                .map(e -> encode(e.getKey()) + "=" + encode(e.getValue()))
                .collect(Collectors.joining("&"));
    }

    /** The body PHP's curl sends for {@code CURLOPT_POSTFIELDS} with an array, as in Usedesk's own examples. */
    private static byte[] multipart(Map<String, String> params) {
        StringBuilder body = new StringBuilder();
        params.forEach((name, value) -> body.append("--")
                .append(BOUNDARY)
                .append("\r\n")
                .append("Content-Disposition: form-data; name=\"")
                .append(name)
                .append("\"\r\n\r\n")
                .append(value)
                .append("\r\n"));
        body.append("--").append(BOUNDARY).append("--\r\n");
        return body.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private static Response putSetting(TestAccount target, String jsonValue) {
        return http.put("/api/v2/groupdesk/account.json")
                .host(target.host())
                .as(target.admin())
                .json("{\"account\": {\"settings\": {\"usedesk.numeric_values\": " + jsonValue + "}}}")
                .send();
    }

    private static long createUser(TestAccount target, String name, String email) {
        Response response = asAdmin(
                "/create/user",
                target,
                "name",
                name,
                "email",
                email,
                "password",
                "secret-password",
                "group",
                id(accountDefault(target)));
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return userId(response);
    }

    private static long userId(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("user_id").asLong();
    }

    private static String uniqueEmail() {
        return "usedesk" + SEQUENCE.incrementAndGet() + "x" + System.nanoTime() % 100000 + "@example.test";
    }

    private static String id(Group group) {
        return Long.toString(group.id().value());
    }

    private static Caller system(TestAccount target) {
        return Caller.system(target.id());
    }

    private static Membership join(TestAccount target, TestAgent member, Group group) {
        return app.services()
                .memberships()
                .add(system(target), new NewMembership(member.agent().id(), group.id()));
    }

    private static Group accountDefault(TestAccount target) {
        return app.services().groups().accountDefault(system(target)).orElseThrow();
    }

    private static void setWorkingTime(
            TestAccount target, Group group, Optional<String> timeZone, Optional<WeeklyHours> hours) {
        app.services()
                .groups()
                .update(
                        system(target),
                        group.id(),
                        new GroupChanges(
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                Optional.empty(),
                                timeZone,
                                hours));
    }

    private static WeeklyHours hours(String start) {
        return WeeklyHours.of(Map.of(DayOfWeek.MONDAY, List.<String[]>of(new String[] {start, "17:00"})), "hours");
    }

    private static List<Long> memberGroupsOf(TestAccount target, long agentId) {
        return app.services().memberships().ofAgent(system(target), new AgentId(agentId)).stream()
                .map(m -> m.groupId().value())
                .toList();
    }

    private static Optional<Long> defaultGroupOf(TestAccount target, long agentId) {
        return app.services()
                .memberships()
                .defaultGroupOf(system(target), new AgentId(agentId))
                .map(GroupId::value);
    }

    private static List<String> emailsOf(TestAccount target) {
        return app
                .services()
                .agents()
                .list(system(target), Set.of(), PageRequest.first(PageRequest.MAX_SIZE))
                .items()
                .stream()
                .map(Agent::email)
                .toList();
    }

    private static JsonNode byName(JsonNode groups, String name) {
        return groups.valueStream()
                .filter(g -> g.get("name").asString().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no group named " + name + " in " + groups));
    }

    private static List<String> names(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().valueStream().map(g -> g.get("name").asString()).toList();
    }

    private static List<Long> ids(Response response) {
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json()
                .valueStream()
                .map(u -> Long.parseLong(u.get("id").asString()))
                .toList();
    }

    private static List<Long> userIds(JsonNode group) {
        return group.get("users")
                .valueStream()
                .map(u -> Long.parseLong(u.get("id").asString()))
                .toList();
    }

    private static List<String> fieldNames(JsonNode node) {
        return List.copyOf(node.propertyNames());
    }

    private static void assertString(JsonNode node, String field, String expected) {
        assertThat(node.has(field)).as(field + " in " + node).isTrue();
        assertThat(node.get(field).isString())
                .as(field + " is a string in " + node)
                .isTrue();
        assertThat(node.get(field).asString()).as(field).isEqualTo(expected);
    }

    private static void assertNumber(JsonNode node, String field, long expected) {
        assertThat(node.get(field).isIntegralNumber())
                .as(field + " is a number in " + node)
                .isTrue();
        assertThat(node.get(field).asLong()).as(field).isEqualTo(expected);
    }

    /** Usedesk's error shape (reference §2.5): a JSON object with one {@code error} text, and a non-2xx status. */
    private static void assertError(Response response, int status) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.header("Content-Type").orElseThrow()).startsWith("application/json");
        assertThat(fieldNames(response.json())).as(response.body()).containsExactly("error");
        assertThat(response.json().get("error").asString()).isNotBlank();
    }
}
