package io.groupdesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import io.groupdesk.testing.UdeskSigner;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Agents and groups changed through the Usedesk API read back through the Zendesk v2 API, and the other way round:
 * both show the core's memberships, default groups and working time.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class UsedeskCrossDialectTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
    }

    @Test
    void agentCreatedThroughUsedeskIsAMemberWithThatDefaultGroupThroughZendesk() {
        TestAccount shop = app.fixtures().account();
        Group support = app.services().groups().accountDefault(system(shop)).orElseThrow();
        Group sales = app.fixtures().group(shop.id(), "Sales");

        Response created = usedesk(
                shop,
                "/create/user",
                "name",
                "Usedesk Hire",
                "email",
                "hire@" + shop.account().subdomain() + ".test",
                "password",
                "secret-password",
                "group",
                Long.toString(sales.id().value()));
        long userId = Long.parseLong(created.json().get("user_id").asString());
        Response memberships = zendesk(shop, "/api/v2/users/" + userId + "/group_memberships.json");
        Response user = zendesk(shop, "/api/v2/users/" + userId + ".json");

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(memberships.status()).as(memberships.body()).isEqualTo(200);
        JsonNode listed = memberships.json().get("group_memberships");
        assertThat(listed.valueStream().map(m -> m.get("group_id").asLong()))
                .containsExactlyInAnyOrder(support.id().value(), sales.id().value());
        assertThat(listed.valueStream().map(m -> m.get("user_id").asLong())).containsOnly(userId);
        assertThat(listed.valueStream()
                        .filter(m -> m.get("default").asBoolean())
                        .map(m -> m.get("group_id").asLong()))
                .containsExactly(sales.id().value());
        assertThat(user.status()).as(user.body()).isEqualTo(200);
        assertThat(user.json().get("user").get("default_group_id").asLong())
                .isEqualTo(sales.id().value());
        assertThat(user.json().get("user").get("name").asString()).isEqualTo("Usedesk Hire");
        assertThat(app.services().memberships().ofAgent(system(shop), new AgentId(userId)))
                .extracting(m -> m.groupId().value())
                .containsExactlyInAnyOrder(support.id().value(), sales.id().value());
        assertThat(app.services().memberships().defaultGroupOf(system(shop), new AgentId(userId)))
                .contains(sales.id());
    }

    @Test
    void agentCreatedThroughUsedeskIsAMemberOfTheSameGroupThroughUdesk() {
        TestAccount shop = app.fixtures().account();
        Group sales = app.fixtures().group(shop.id(), "Sales desk");

        Response created = usedesk(
                shop,
                "/create/user",
                "name",
                "Both Ways",
                "email",
                "both@" + shop.account().subdomain() + ".test",
                "password",
                "secret-password",
                "group",
                Long.toString(sales.id().value()));
        long userId = Long.parseLong(created.json().get("user_id").asString());
        String signature =
                UdeskSigner.v2(shop.admin().email(), shop.admin().token()).query();
        Response members = http.get("/open_api_v1/user_groups/" + sales.id().value() + "/agents?" + signature)
                .host(shop.host())
                .send();

        assertThat(created.status()).as(created.body()).isEqualTo(200);
        assertThat(members.json().get("code").asInt()).as(members.body()).isEqualTo(1000);
        JsonNode agents = members.json().get("user_group").get("agents");
        assertThat(agents.valueStream().map(a -> a.get("id").asLong())).contains(userId);
        JsonNode hire = agents.valueStream()
                .filter(a -> a.get("id").asLong() == userId)
                .findFirst()
                .orElseThrow();
        assertThat(hire.get("nick_name").asString()).isEqualTo("Both Ways");
        assertThat(hire.get("user_group_ids").valueStream().map(JsonNode::asLong))
                .contains(sales.id().value());
    }

    @Test
    void defaultGroupChangedThroughUsedeskShowsThroughZendesk() {
        TestAccount shop = app.fixtures().account();
        Group first = app.fixtures().group(shop.id(), "First team");
        Group second = app.fixtures().group(shop.id(), "Second team");
        long userId = Long.parseLong(usedesk(
                        shop,
                        "/create/user",
                        "name",
                        "Mover",
                        "email",
                        "mover@" + shop.account().subdomain() + ".test",
                        "password",
                        "secret-password",
                        "group",
                        Long.toString(first.id().value()))
                .json()
                .get("user_id")
                .asString());

        Response moved = usedesk(
                shop,
                "/update/user",
                "user_id",
                Long.toString(userId),
                "group",
                Long.toString(second.id().value()));
        Response user = zendesk(shop, "/api/v2/users/" + userId + ".json");
        Response memberships = zendesk(shop, "/api/v2/users/" + userId + "/group_memberships.json");

        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
        assertThat(user.json().get("user").get("default_group_id").asLong())
                .isEqualTo(second.id().value());
        assertThat(memberships.json().get("group_memberships").valueStream().map(m -> m.get("group_id")
                        .asLong()))
                .contains(first.id().value(), second.id().value());
        assertThat(app.services().memberships().defaultGroupOf(system(shop), new AgentId(userId)))
                .contains(second.id());
    }

    @Test
    void membershipAddedThroughZendeskShowsInUsedeskGroups() {
        TestAccount shop = app.fixtures().account();
        Group sales = app.fixtures().group(shop.id(), "Sales");
        long admin = shop.admin().agent().id().value();

        Response added = http.post("/api/v2/group_memberships.json")
                .host(shop.host())
                .as(shop.admin())
                .json("{\"group_membership\": {\"user_id\": " + admin + ", \"group_id\": "
                        + sales.id().value() + "}}")
                .send();
        Response groups = usedesk(shop, "/groups");
        Response users = usedesk(shop, "/users", "user_id", Long.toString(admin));

        assertThat(added.status()).as(added.body()).isEqualTo(201);
        JsonNode shown = byName(groups.json(), "Sales");
        assertThat(shown.get("users")).hasSize(1);
        assertThat(shown.get("users").get(0).get("pivot").get("user_id").asString())
                .isEqualTo(Long.toString(admin));
        assertThat(shown.get("users").get(0).get("pivot").get("user_group_id").asString())
                .isEqualTo(Long.toString(sales.id().value()));
        assertThat(users.json().get(0).get("groups").valueStream().map(g -> g.get("name")
                        .asString()))
                .containsExactlyInAnyOrder("Support", "Sales");
        List<Membership> stored = app.services().memberships().ofGroups(system(shop), List.of(sales.id()));
        assertThat(stored).extracting(m -> m.agentId().value()).containsExactly(admin);
    }

    @Test
    void groupTimeZoneSetThroughZendeskShowsInUsedesk() {
        TestAccount shop = app.fixtures().account();
        Group night = app.fixtures().group(shop.id(), "Night desk");
        Group plain = app.fixtures().group(shop.id(), "Plain desk");

        Response set = http.put("/api/v2/groups/" + night.id().value() + ".json")
                .host(shop.host())
                .as(shop.admin())
                .json("{\"group\": {\"time_zone\": \"Asia/Tokyo\", \"working_hours\":"
                        + " {\"monday\": [{\"start\": \"22:00\", \"end\": \"24:00\"}]}}}")
                .send();
        Response account = http.put("/api/v2/groupdesk/account.json")
                .host(shop.host())
                .as(shop.admin())
                .json("{\"account\": {\"time_zone\": \"Europe/Moscow\"}}")
                .send();
        Response groups = usedesk(shop, "/groups");

        assertThat(set.status()).as(set.body()).isEqualTo(200);
        assertThat(account.status()).as(account.body()).isEqualTo(200);
        assertThat(byName(groups.json(), "Night desk").get("timezone").asString())
                .isEqualTo("Asia/Tokyo");
        assertThat(byName(groups.json(), "Night desk")
                        .get("custom_working_time")
                        .asString())
                .isEqualTo("1");
        assertThat(byName(groups.json(), "Plain desk").get("timezone").asString())
                .isEqualTo("Europe/Moscow");
        assertThat(byName(groups.json(), "Plain desk")
                        .get("custom_working_time")
                        .asString())
                .isEqualTo("0");
        Group stored = app.services().groups().get(system(shop), night.id());
        assertThat(stored.timeZone()).isEqualTo("Asia/Tokyo");
        assertThat(stored.workingHours().isEmpty()).isFalse();
        assertThat(app.services().groups().get(system(shop), plain.id()).timeZone())
                .isNull();
    }

    @Test
    void clearingTheGroupsWorkingTimeThroughZendeskFallsBackToTheAccountsInUsedesk() {
        TestAccount shop = app.fixtures().account();
        Group desk = app.fixtures().group(shop.id(), "Cleared desk");
        http.put("/api/v2/groups/" + desk.id().value() + ".json")
                .host(shop.host())
                .as(shop.admin())
                .json("{\"group\": {\"time_zone\": \"Asia/Tokyo\", \"working_hours\":"
                        + " {\"friday\": [{\"start\": \"09:00\", \"end\": \"17:00\"}]}}}")
                .send();

        Response cleared = http.put("/api/v2/groups/" + desk.id().value() + ".json")
                .host(shop.host())
                .as(shop.admin())
                .json("{\"group\": {\"time_zone\": null, \"working_hours\": null}}")
                .send();
        Response groups = usedesk(shop, "/groups");

        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        JsonNode shown = byName(groups.json(), "Cleared desk");
        assertThat(shown.get("timezone").asString()).isEqualTo("UTC");
        assertThat(shown.get("custom_working_time").asString()).isEqualTo("0");
        Group stored = app.services().groups().get(system(shop), desk.id());
        assertThat(stored.timeZone()).isNull();
        assertThat(stored.workingHours().isEmpty()).isTrue();
    }

    @Test
    void groupDeletedThroughZendeskIsMarkedDeletedInUsedesk() {
        TestAccount shop = app.fixtures().account();
        Group closing = app.fixtures().group(shop.id(), "Closing desk");

        Response deleted = http.delete("/api/v2/groups/" + closing.id().value() + ".json")
                .host(shop.host())
                .as(shop.admin())
                .send();
        Response groups = usedesk(shop, "/groups");

        assertThat(deleted.status()).isEqualTo(204);
        JsonNode shown = byName(groups.json(), "Closing desk");
        assertThat(shown.get("deleted").asString()).isEqualTo("1");
        assertThat(shown.get("deleted_at").asString()).isNotEqualTo("0000-00-00 00:00:00");
        assertThat(app.services().groups().get(system(shop), closing.id()).deleted())
                .isTrue();
    }

    @Test
    void agentDeletedThroughUsedeskIsInactiveThroughZendesk() {
        TestAccount shop = app.fixtures().account();
        Group team = app.fixtures().group(shop.id(), "Leaving team");
        long userId = Long.parseLong(usedesk(
                        shop,
                        "/create/user",
                        "name",
                        "Leaver",
                        "email",
                        "leaver@" + shop.account().subdomain() + ".test",
                        "password",
                        "secret-password",
                        "group",
                        Long.toString(team.id().value()))
                .json()
                .get("user_id")
                .asString());

        Response deleted = usedesk(shop, "/delete/user", "user_id", Long.toString(userId));
        Response user = zendesk(shop, "/api/v2/users/" + userId + ".json");
        Response memberships = zendesk(shop, "/api/v2/groups/" + team.id().value() + "/memberships.json");

        assertThat(deleted.status()).as(deleted.body()).isEqualTo(200);
        assertThat(user.status()).as(user.body()).isEqualTo(200);
        assertThat(user.json().get("user").get("active").asBoolean()).isFalse();
        assertThat(user.json().get("user").get("default_group_id").isNull()).isTrue();
        assertThat(memberships.json().get("group_memberships")).isEmpty();
        assertThat(app.services().memberships().ofAgent(system(shop), new AgentId(userId)))
                .isEmpty();
        assertThat(app.services().memberships().defaultGroupOf(system(shop), new AgentId(userId)))
                .isEqualTo(Optional.<GroupId>empty());
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static Caller system(TestAccount target) {
        return Caller.system(target.id());
    }

    /** A Usedesk call as its documented JSON clients make it: {@code api_token} in the JSON body. */
    private static Response usedesk(TestAccount target, String path, String... pairs) {
        Map<String, String> body = new LinkedHashMap<>();
        body.put("api_token", target.admin().token());
        for (int i = 0; i < pairs.length; i += 2) {
            body.put(pairs[i], pairs[i + 1]);
        }
        return http.post(path)
                .host(target.host())
                .json(JSON.writeValueAsString(body))
                .send();
    }

    private static Response zendesk(TestAccount target, String path) {
        return http.get(path).host(target.host()).as(target.admin()).send();
    }

    private static JsonNode byName(JsonNode groups, String name) {
        return groups.valueStream()
                .filter(g -> g.get("name").asString().equals(name))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no group named " + name + " in " + groups));
    }
}
