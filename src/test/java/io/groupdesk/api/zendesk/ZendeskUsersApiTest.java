package io.groupdesk.api.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.agents.Agent;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.Cursor;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ZendeskUsersApiTest {
    private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";
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

    // ---- create -------------------------------------------------------------------------------------------------

    @Test
    void createsAgentInZendesksUserShape() {
        String email = uniqueEmail("ada");

        Response response = http.post("/api/v2/users.json")
                .host(account.host())
                .as(admin)
                .json("{\"user\": {\"name\": \"Ada Lovelace\", \"email\": \"" + email + "\", \"role\": \"agent\","
                        + " \"phone\": \"+44 20 7946 0000\", \"locale\": \"en-GB\", \"time_zone\": \"Europe/London\"}}")
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode user = response.json().get("user");
        long id = user.get("id").asLong();
        String url = "http://" + account.host() + "/api/v2/users/" + id + ".json";
        assertThat(response.header("Location")).contains(url);
        assertThat(response.header("Content-Type").orElseThrow()).contains("application/json");
        assertThat(user.get("url").asString()).isEqualTo(url);
        assertThat(user.get("name").asString()).isEqualTo("Ada Lovelace");
        assertThat(user.get("email").asString()).isEqualTo(email);
        assertThat(user.get("role").asString()).isEqualTo("agent");
        assertThat(user.get("phone").asString()).isEqualTo("+44 20 7946 0000");
        assertThat(user.get("locale").asString()).isEqualTo("en-GB");
        assertThat(user.get("time_zone").asString()).isEqualTo("Europe/London");
        assertThat(user.get("active").asBoolean()).isTrue();
        assertThat(user.get("suspended").asBoolean()).isFalse();
        assertThat(user.get("default_group_id").asLong())
                .isEqualTo(support().id().value());
        assertThat(user.get("created_at").asString()).matches(TIMESTAMP);
        assertThat(user.get("updated_at").asString()).matches(TIMESTAMP);
        Agent stored = app.services().agents().get(admin.caller(), new AgentId(id));
        assertThat(stored.name()).isEqualTo("Ada Lovelace");
        assertThat(stored.email()).isEqualTo(email);
        assertThat(stored.role()).isEqualTo(Role.AGENT);
        assertThat(stored.phone()).isEqualTo("+44 20 7946 0000");
        assertThat(stored.active()).isTrue();
    }

    @Test
    void newAgentJoinsTheAccountsDefaultGroup() {
        long id = createUser("{\"user\": {\"name\": \"Newcomer\", \"email\": \"" + uniqueEmail("new") + "\"}}");

        List<Membership> memberships = memberships(id);

        assertThat(memberships).hasSize(1);
        assertThat(memberships.get(0).groupId()).isEqualTo(support().id());
        assertThat(memberships.get(0).isDefault()).isTrue();
        assertThat(app.services().agents().get(admin.caller(), new AgentId(id)).role())
                .isEqualTo(Role.AGENT);
    }

    @Test
    void createsAdminWithoutJsonSuffix() {
        Response response = http.post("/api/v2/users")
                .host(account.host())
                .as(admin)
                .json("{\"user\": {\"name\": \"Second admin\", \"email\": \"" + uniqueEmail("boss")
                        + "\", \"role\": \"admin\"}}")
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().get("user").get("role").asString()).isEqualTo("admin");
        long id = response.json().get("user").get("id").asLong();
        assertThat(app.services().agents().get(admin.caller(), new AgentId(id)).role())
                .isEqualTo(Role.ADMIN);
    }

    @Test
    void createsAgentWithDefaultGroup() {
        Group tier2 = app.fixtures().group(account.id(), "Tier 2 " + SEQUENCE.incrementAndGet());

        Response response = http.post("/api/v2/users.json")
                .host(account.host())
                .as(admin)
                .json("{\"user\": {\"name\": \"Routed\", \"email\": \"" + uniqueEmail("routed")
                        + "\", \"default_group_id\": " + tier2.id().value() + "}}")
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode user = response.json().get("user");
        assertThat(user.get("default_group_id").asLong()).isEqualTo(tier2.id().value());
        List<Membership> memberships = memberships(user.get("id").asLong());
        assertThat(memberships)
                .extracting(Membership::groupId)
                .containsExactlyInAnyOrder(support().id(), tier2.id());
        assertThat(memberships)
                .filteredOn(Membership::isDefault)
                .singleElement()
                .satisfies(m -> assertThat(m.groupId()).isEqualTo(tier2.id()));
    }

    @Test
    void refusesToCreateEndUser() {
        String email = uniqueEmail("customer");

        Response response = http.post("/api/v2/users.json")
                .host(account.host())
                .as(admin)
                .json("{\"user\": {\"name\": \"A customer\", \"email\": \"" + email + "\", \"role\": \"end-user\"}}")
                .send();

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("error").asString()).isEqualTo("RecordInvalid");
        assertThat(response.json().get("details").has("role")).isTrue();
        assertThat(activeEmails()).doesNotContain(email);
    }

    @Test
    void rejectsMissingNameAndEmail() {
        Response response = http.post("/api/v2/users.json")
                .host(account.host())
                .as(admin)
                .json("{\"user\": {\"role\": \"agent\"}}")
                .send();

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("details").has("name")).isTrue();
        assertThat(response.json().get("details").has("email")).isTrue();
    }

    @Test
    void rejectsDuplicateEmailIgnoringCase() {
        String email = uniqueEmail("dup");
        long first = createUser("{\"user\": {\"name\": \"First\", \"email\": \"" + email + "\"}}");

        Response response = http.post("/api/v2/users.json")
                .host(account.host())
                .as(admin)
                .json("{\"user\": {\"name\": \"Second\", \"email\": \"" + email.toUpperCase() + "\"}}")
                .send();

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("error").asString()).isEqualTo("RecordInvalid");
        JsonNode detail = response.json().get("details").get("email").get(0);
        assertThat(detail.get("error").asString()).isEqualTo("DuplicateValue");
        assertThat(activeEmails().stream().filter(email::equalsIgnoreCase)).hasSize(1);
        assertThat(app.services()
                        .agents()
                        .get(admin.caller(), new AgentId(first))
                        .name())
                .isEqualTo("First");
    }

    @Test
    void rejectsChangingEmailToOneTakenIgnoringCase() {
        String taken = uniqueEmail("taken");
        createUser("{\"user\": {\"name\": \"Holder\", \"email\": \"" + taken + "\"}}");
        String own = uniqueEmail("own");
        long id = createUser("{\"user\": {\"name\": \"Changer\", \"email\": \"" + own + "\"}}");

        Response response = http.put("/api/v2/users/" + id + ".json")
                .host(account.host())
                .as(admin)
                .json("{\"user\": {\"email\": \"" + taken.toUpperCase() + "\"}}")
                .send();

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json()
                        .get("details")
                        .get("email")
                        .get(0)
                        .get("error")
                        .asString())
                .isEqualTo("DuplicateValue");
        assertThat(app.services().agents().get(admin.caller(), new AgentId(id)).email())
                .isEqualTo(own);
    }

    // ---- update -------------------------------------------------------------------------------------------------

    @Test
    void updatesOnlyTheFieldsSent() {
        String email = uniqueEmail("partial");
        long id = createUser("{\"user\": {\"name\": \"Partial\", \"email\": \"" + email
                + "\", \"phone\": \"111\", \"time_zone\": \"Europe/Berlin\"}}");

        Response response = http.put("/api/v2/users/" + id + ".json")
                .host(account.host())
                .as(admin)
                .json("{\"user\": {\"phone\": \"222\"}}")
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode user = response.json().get("user");
        assertThat(user.get("phone").asString()).isEqualTo("222");
        assertThat(user.get("name").asString()).isEqualTo("Partial");
        assertThat(user.get("time_zone").asString()).isEqualTo("Europe/Berlin");
        Agent stored = app.services().agents().get(admin.caller(), new AgentId(id));
        assertThat(stored.phone()).isEqualTo("222");
        assertThat(stored.name()).isEqualTo("Partial");
        assertThat(stored.email()).isEqualTo(email);
        assertThat(stored.timeZone()).isEqualTo("Europe/Berlin");
        assertThat(stored.role()).isEqualTo(Role.AGENT);
    }

    @Test
    void updatesWithoutJsonSuffixAndChangesRole() {
        long id = createUser("{\"user\": {\"name\": \"Promoted\", \"email\": \"" + uniqueEmail("promo") + "\"}}");

        Response response = http.put("/api/v2/users/" + id)
                .host(account.host())
                .as(admin)
                .json("{\"user\": {\"role\": \"admin\", \"name\": \"Promoted admin\"}}")
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("user").get("role").asString()).isEqualTo("admin");
        Agent stored = app.services().agents().get(admin.caller(), new AgentId(id));
        assertThat(stored.role()).isEqualTo(Role.ADMIN);
        assertThat(stored.name()).isEqualTo("Promoted admin");
    }

    @Test
    void settingDefaultGroupIdJoinsTheGroupAndMakesItTheOnlyDefault() {
        long id = createUser("{\"user\": {\"name\": \"Mover\", \"email\": \"" + uniqueEmail("mover") + "\"}}");
        Group billing = app.fixtures().group(account.id(), "Billing " + SEQUENCE.incrementAndGet());

        Response response = http.put("/api/v2/users/" + id + ".json")
                .host(account.host())
                .as(admin)
                .json("{\"user\": {\"default_group_id\": " + billing.id().value() + "}}")
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("user").get("default_group_id").asLong())
                .isEqualTo(billing.id().value());
        List<Membership> memberships = memberships(id);
        assertThat(memberships)
                .extracting(Membership::groupId)
                .containsExactlyInAnyOrder(support().id(), billing.id());
        assertThat(memberships)
                .filteredOn(Membership::isDefault)
                .extracting(Membership::groupId)
                .containsExactly(billing.id());
        assertThat(app.services().memberships().defaultGroupOf(admin.caller(), new AgentId(id)))
                .contains(billing.id());
    }

    @Test
    void settingDefaultGroupIdToAGroupTheAgentIsInSwitchesTheDefault() {
        long id = createUser("{\"user\": {\"name\": \"Switcher\", \"email\": \"" + uniqueEmail("switch") + "\"}}");
        Group sales = app.fixtures().group(account.id(), "Sales " + SEQUENCE.incrementAndGet());
        put(id, "{\"user\": {\"default_group_id\": " + sales.id().value() + "}}");

        Response response = http.put("/api/v2/users/" + id + ".json")
                .host(account.host())
                .as(admin)
                .json("{\"user\": {\"default_group_id\": " + support().id().value() + "}}")
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("user").get("default_group_id").asLong())
                .isEqualTo(support().id().value());
        List<Membership> memberships = memberships(id);
        assertThat(memberships).hasSize(2);
        assertThat(memberships)
                .filteredOn(Membership::isDefault)
                .extracting(Membership::groupId)
                .containsExactly(support().id());
    }

    @Test
    void refusesDefaultGroupThatCannotTakeMembers() {
        long id = createUser("{\"user\": {\"name\": \"Stays\", \"email\": \"" + uniqueEmail("stays") + "\"}}");
        Group gone = app.fixtures().group(account.id(), "Gone " + SEQUENCE.incrementAndGet());
        app.services().groups().delete(admin.caller(), gone.id());

        Response response = http.put("/api/v2/users/" + id + ".json")
                .host(account.host())
                .as(admin)
                .json("{\"user\": {\"default_group_id\": " + gone.id().value() + "}}")
                .send();

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("error").asString()).isEqualTo("RecordInvalid");
        assertThat(memberships(id))
                .extracting(Membership::groupId)
                .containsExactly(support().id());
    }

    @Test
    void switchesOffAcceptingAssignments() {
        long id = createUser("{\"user\": {\"name\": \"Busy\", \"email\": \"" + uniqueEmail("busy") + "\"}}");

        Response response = http.put("/api/v2/users/" + id + ".json")
                .host(account.host())
                .as(admin)
                .json("{\"user\": {\"accepts_assignments\": false}}")
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("user").get("accepts_assignments").asBoolean())
                .isFalse();
        assertThat(app.services().agents().get(admin.caller(), new AgentId(id)).acceptsAssignments())
                .isFalse();
    }

    @Test
    void ignoresReadOnlyAndUnknownKeys() {
        long id = createUser("{\"user\": {\"name\": \"Steady\", \"email\": \"" + uniqueEmail("steady") + "\"}}");

        Response response = http.put("/api/v2/users/" + id + ".json")
                .host(account.host())
                .as(admin)
                .json("{\"user\": {\"id\": 999999, \"url\": \"http://elsewhere/api/v2/users/1.json\","
                        + " \"active\": false, \"created_at\": \"2024-01-01T00:00:00.000+00:00\", \"shoe_size\": 44,"
                        + " \"alias\": \"Rock\"}}")
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode user = response.json().get("user");
        assertThat(user.get("id").asLong()).isEqualTo(id);
        assertThat(user.get("active").asBoolean()).isTrue();
        Agent stored = app.services().agents().get(admin.caller(), new AgentId(id));
        assertThat(stored.active()).isTrue();
        assertThat(stored.alias()).isEqualTo("Rock");
    }

    // ---- delete -------------------------------------------------------------------------------------------------

    @Test
    void deletingAgentDeactivatesItAndRemovesItsMemberships() {
        long id = createUser("{\"user\": {\"name\": \"Leaver\", \"email\": \"" + uniqueEmail("leaver") + "\"}}");
        Group extra = app.fixtures().group(account.id(), "Extra " + SEQUENCE.incrementAndGet());
        put(id, "{\"user\": {\"default_group_id\": " + extra.id().value() + "}}");

        Response response = http.delete("/api/v2/users/" + id + ".json")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode user = response.json().get("user");
        assertThat(user.get("id").asLong()).isEqualTo(id);
        assertThat(user.get("active").asBoolean()).isFalse();
        assertThat(user.get("default_group_id").isNull()).isTrue();
        assertThat(app.services().agents().get(admin.caller(), new AgentId(id)).active())
                .isFalse();
        assertThat(memberships(id)).isEmpty();
        assertThat(activeIds()).doesNotContain(id);
        Response shown = http.get("/api/v2/users/" + id + ".json")
                .host(account.host())
                .as(admin)
                .send();
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.json().get("user").get("active").asBoolean()).isFalse();
        assertThat(app.services().groups().get(admin.caller(), extra.id()).deleted())
                .isFalse();
        assertThat(http.delete("/api/v2/groups/" + extra.id().value() + ".json")
                        .host(account.host())
                        .as(admin)
                        .send()
                        .status())
                .as("the group is no longer anyone's default")
                .isEqualTo(204);
    }

    @Test
    void deletedAgentsIdIsNeverReusedAndItsEmailIsFreeAgain() {
        String email = uniqueEmail("again");
        long first = createUser("{\"user\": {\"name\": \"Once\", \"email\": \"" + email + "\"}}");
        assertThat(http.delete("/api/v2/users/" + first)
                        .host(account.host())
                        .as(admin)
                        .send()
                        .status())
                .isEqualTo(200);

        Response again = http.post("/api/v2/users.json")
                .host(account.host())
                .as(admin)
                .json("{\"user\": {\"name\": \"Twice\", \"email\": \"" + email + "\"}}")
                .send();

        assertThat(again.status()).as(again.body()).isEqualTo(201);
        long second = again.json().get("user").get("id").asLong();
        assertThat(second).isGreaterThan(first);
        Agent old = app.services().agents().get(admin.caller(), new AgentId(first));
        assertThat(old.active()).isFalse();
        assertThat(old.name()).isEqualTo("Once");
        Agent current = app.services().agents().get(admin.caller(), new AgentId(second));
        assertThat(current.active()).isTrue();
        assertThat(current.email()).isEqualTo(email);
    }

    @Test
    void refusesToChangeDeletedAgent() {
        long id = createUser("{\"user\": {\"name\": \"Frozen\", \"email\": \"" + uniqueEmail("frozen") + "\"}}");
        http.delete("/api/v2/users/" + id).host(account.host()).as(admin).send();

        Response response = http.put("/api/v2/users/" + id + ".json")
                .host(account.host())
                .as(admin)
                .json("{\"user\": {\"name\": \"Thawed\"}}")
                .send();

        assertThat(response.status()).isEqualTo(422);
        assertThat(app.services().agents().get(admin.caller(), new AgentId(id)).name())
                .isEqualTo("Frozen");
    }

    @Test
    void adminCannotDeleteItself() {
        Response response = http.delete("/api/v2/users/" + admin.agent().id().value() + ".json")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(response.status()).isEqualTo(422);
        assertThat(app.services()
                        .agents()
                        .get(admin.caller(), admin.agent().id())
                        .active())
                .isTrue();
    }

    // ---- show, me and lists -------------------------------------------------------------------------------------

    @Test
    void showsUserWithAndWithoutJsonSuffix() {
        Response withSuffix = http.get("/api/v2/users/" + admin.agent().id().value() + ".json")
                .host(account.host())
                .as(agent)
                .send();
        Response bare = http.get("/api/v2/users/" + admin.agent().id().value())
                .host(account.host())
                .as(agent)
                .send();

        assertThat(withSuffix.status()).isEqualTo(200);
        assertThat(bare.status()).isEqualTo(200);
        JsonNode user = withSuffix.json().get("user");
        assertThat(user.get("id").asLong()).isEqualTo(admin.agent().id().value());
        assertThat(user.get("email").asString()).isEqualTo(admin.email());
        assertThat(user.get("role").asString()).isEqualTo("admin");
        assertThat(user.get("default_group_id").asLong())
                .isEqualTo(support().id().value());
        assertThat(bare.json().get("user")).isEqualTo(user);
    }

    @Test
    void answersRecordNotFoundForUnknownUser() {
        Response unknown = http.get("/api/v2/users/987654321.json")
                .host(account.host())
                .as(admin)
                .send();
        Response malformed =
                http.get("/api/v2/users/abc").host(account.host()).as(admin).send();

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"RecordNotFound\",\"description\":\"Not found\"}");
        assertThat(malformed.status()).isEqualTo(404);
    }

    @Test
    void showsTheAuthenticatedUserAsMe() {
        Response asAgent =
                http.get("/api/v2/users/me.json").host(account.host()).as(agent).send();
        Response asAdmin =
                http.get("/api/v2/users/me").host(account.host()).as(admin).send();

        assertThat(asAgent.status()).isEqualTo(200);
        assertThat(asAgent.json().get("user").get("id").asLong())
                .isEqualTo(agent.agent().id().value());
        assertThat(asAgent.json().get("user").get("role").asString()).isEqualTo("agent");
        assertThat(asAdmin.status()).isEqualTo(200);
        assertThat(asAdmin.json().get("user").get("email").asString()).isEqualTo(admin.email());
    }

    @Test
    void meWithoutCredentialsIsTheAnonymousUser() {
        Response response =
                http.get("/api/v2/users/me.json").host(account.host()).send();

        assertThat(response.status()).isEqualTo(200);
        JsonNode user = response.json().get("user");
        assertThat(user.get("id").isNull()).isTrue();
        assertThat(user.get("name").asString()).isEqualTo("Anonymous user");
        assertThat(user.get("role").asString()).isEqualTo("end-user");
    }

    @Test
    void listsActiveAgentsAndFiltersByRole() {
        TestAccount fresh = app.fixtures().account();
        TestAgent first = app.fixtures().agent(fresh.id(), Role.AGENT);
        TestAgent second = app.fixtures().agent(fresh.id(), Role.AGENT);
        TestAgent gone = app.fixtures().agent(fresh.id(), Role.AGENT);
        app.services().agents().delete(fresh.admin().caller(), gone.agent().id());
        long adminId = fresh.admin().agent().id().value();
        long firstId = first.agent().id().value();
        long secondId = second.agent().id().value();

        List<Long> everyone = ids(list(fresh, "/api/v2/users.json"));
        List<Long> everyoneBare = ids(list(fresh, "/api/v2/users"));
        List<Long> agents = ids(list(fresh, "/api/v2/users.json?role=agent"));
        List<Long> admins = ids(list(fresh, "/api/v2/users.json?role=admin"));
        List<Long> both = ids(list(fresh, "/api/v2/users.json?role[]=agent&role[]=admin"));
        List<Long> bothEncoded = ids(list(fresh, "/api/v2/users.json?role%5B%5D=admin"));
        List<Long> endUsers = ids(list(fresh, "/api/v2/users.json?role=end-user"));

        assertThat(everyone).containsExactly(adminId, firstId, secondId);
        assertThat(everyoneBare).isEqualTo(everyone);
        assertThat(agents).containsExactly(firstId, secondId);
        assertThat(admins).containsExactly(adminId);
        assertThat(both).containsExactly(adminId, firstId, secondId);
        assertThat(bothEncoded).containsExactly(adminId);
        assertThat(endUsers).isEmpty();
        assertThat(app.services()
                        .agents()
                        .list(fresh.admin().caller(), Set.of(), PageRequest.first(100))
                        .items())
                .extracting(a -> a.id().value())
                .containsExactly(adminId, firstId, secondId);
    }

    @Test
    void walksUserPagesWithCursor() {
        TestAccount paged = app.fixtures().account();
        List<Long> expected = new ArrayList<>();
        expected.add(paged.admin().agent().id().value());
        for (int i = 0; i < 6; i++) {
            expected.add(
                    app.fixtures().agent(paged.id(), Role.AGENT).agent().id().value());
        }
        List<Long> seen = new ArrayList<>();
        List<String> nextLinks = new ArrayList<>();
        String url = "/api/v2/users.json?page[size]=3";
        JsonNode page = null;
        while (url != null) {
            page = list(paged, url);
            page.get("users").forEach(u -> seen.add(u.get("id").asLong()));
            JsonNode next = page.get("links").get("next");
            url = next.isNull() ? null : next.asString();
            if (url != null) {
                nextLinks.add(url);
            }
        }

        assertThat(seen).isEqualTo(expected);
        assertThat(page.get("meta").get("has_more").asBoolean()).isFalse();
        assertThat(nextLinks).hasSize(2).allSatisfy(link -> assertThat(link)
                .startsWith("http://" + paged.host() + "/api/v2/users.json?")
                .contains("page%5Bsize%5D=3")
                .contains("page%5Bafter%5D=")
                .doesNotContain("["));
    }

    @Test
    void walksUserPagesWithOffset() {
        TestAccount paged = app.fixtures().account();
        List<Long> expected = new ArrayList<>();
        expected.add(paged.admin().agent().id().value());
        for (int i = 0; i < 6; i++) {
            expected.add(
                    app.fixtures().agent(paged.id(), Role.AGENT).agent().id().value());
        }
        List<Long> seen = new ArrayList<>();
        String url = "/api/v2/users?per_page=3";
        int pages = 0;
        while (url != null) {
            JsonNode page = list(paged, url);
            pages++;
            assertThat(page.get("count").asLong()).isEqualTo(7);
            page.get("users").forEach(u -> seen.add(u.get("id").asLong()));
            url = page.get("next_page").isNull() ? null : page.get("next_page").asString();
            if (url != null) {
                assertThat(url).startsWith("http://" + paged.host() + "/api/v2/users?");
            }
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).isEqualTo(expected);
    }

    @Test
    void listsTheActiveMembersOfAGroup() {
        Group team = app.fixtures().group(account.id(), "Team " + SEQUENCE.incrementAndGet());
        TestAgent member = app.fixtures().agent(account.id(), Role.AGENT);
        TestAgent leaver = app.fixtures().agent(account.id(), Role.AGENT);
        app.fixtures().membership(account.id(), member, team);
        app.fixtures().membership(account.id(), leaver, team);
        app.services().agents().delete(admin.caller(), leaver.agent().id());

        Response withSuffix = http.get("/api/v2/groups/" + team.id().value() + "/users.json")
                .host(account.host())
                .as(agent)
                .send();
        Response bare = http.get("/api/v2/groups/" + team.id().value() + "/users")
                .host(account.host())
                .as(agent)
                .send();

        assertThat(withSuffix.status()).isEqualTo(200);
        assertThat(ids(withSuffix.json())).containsExactly(member.agent().id().value());
        assertThat(ids(bare.json())).containsExactly(member.agent().id().value());
        JsonNode user = withSuffix.json().get("users").get(0);
        assertThat(user.get("email").asString()).isEqualTo(member.email());
        assertThat(user.get("default_group_id").asLong())
                .isEqualTo(support().id().value());
        assertThat(app.services()
                        .agents()
                        .listInGroup(admin.caller(), team.id(), PageRequest.first(100))
                        .items())
                .extracting(Agent::id)
                .containsExactly(member.agent().id());
    }

    @Test
    void agentsDoNotSeeTheMembersOfPrivateGroupsTheyAreNotIn() {
        Group secret = app.fixtures().privateGroup(account.id(), "Secret " + SEQUENCE.incrementAndGet());
        TestAgent insider = app.fixtures().agent(account.id(), Role.AGENT);
        app.fixtures().membership(account.id(), insider, secret);

        Response outsider = http.get("/api/v2/groups/" + secret.id().value() + "/users.json")
                .host(account.host())
                .as(agent)
                .send();
        Response member = http.get("/api/v2/groups/" + secret.id().value() + "/users.json")
                .host(account.host())
                .as(insider)
                .send();

        assertThat(outsider.status()).isEqualTo(404);
        assertThat(outsider.json().get("error").asString()).isEqualTo("RecordNotFound");
        assertThat(member.status()).isEqualTo(200);
        assertThat(ids(member.json())).containsExactly(insider.agent().id().value());
    }

    // ---- access -------------------------------------------------------------------------------------------------

    @Test
    void everyEndpointRefusesMissingCredentialsExceptMe() {
        TestAgent target = app.fixtures().agent(account.id(), Role.AGENT);
        for (Endpoint endpoint :
                endpoints(target.agent().id().value(), support().id().value())) {
            Response anonymous = endpoint.request(http).host(account.host()).send();

            if (endpoint.path().startsWith("/api/v2/users/me")) {
                assertThat(anonymous.status()).as(endpoint.name()).isEqualTo(200);
                assertThat(anonymous.json().get("user").get("name").asString()).isEqualTo("Anonymous user");
            } else {
                assertThat(anonymous.status()).as(endpoint.name()).isEqualTo(401);
                assertThat(anonymous.body()).as(endpoint.name()).isEqualTo("{\"error\":\"Couldn't authenticate you\"}");
            }
        }
        Agent stored =
                app.services().agents().get(admin.caller(), target.agent().id());
        assertThat(stored.active()).isTrue();
        assertThat(stored.phone()).isNull();
        assertThat(activeEmails()).noneMatch(email -> email.startsWith("matrix"));
    }

    @Test
    void everyEndpointRefusesWrongCredentials() {
        TestAgent target = app.fixtures().agent(account.id(), Role.AGENT);
        for (Endpoint endpoint :
                endpoints(target.agent().id().value(), support().id().value())) {
            Response wrongToken = endpoint.request(http)
                    .host(account.host())
                    .authorization(Http.basic(admin.email() + "/token", "not-the-token"))
                    .send();
            Response wrongPassword = endpoint.request(http)
                    .host(account.host())
                    .authorization(Http.basic(admin.email(), "not-the-password"))
                    .send();
            Response bearerNull = endpoint.request(http)
                    .host(account.host())
                    .authorization("Bearer null")
                    .send();

            for (Response response : List.of(wrongToken, wrongPassword, bearerNull)) {
                assertThat(response.status()).as(endpoint.name()).isEqualTo(401);
                assertThat(response.body()).as(endpoint.name()).isEqualTo("{\"error\":\"Couldn't authenticate you\"}");
            }
        }
        Agent stored =
                app.services().agents().get(admin.caller(), target.agent().id());
        assertThat(stored.active()).isTrue();
        assertThat(stored.phone()).isNull();
    }

    @Test
    void agentsReadButCannotWrite() {
        TestAgent target = app.fixtures().agent(account.id(), Role.AGENT);
        for (Endpoint endpoint :
                endpoints(target.agent().id().value(), support().id().value())) {
            Response response =
                    endpoint.request(http).host(account.host()).as(agent).send();

            if (endpoint.writes()) {
                assertThat(response.status()).as(endpoint.name()).isEqualTo(403);
                assertThat(response.json().get("error").get("title").asString()).isEqualTo("Forbidden");
                assertThat(response.json().get("error").get("message").asString())
                        .startsWith("You do not have access to this page.");
            } else {
                assertThat(response.status()).as(endpoint.name()).isEqualTo(200);
            }
        }
        Agent stored =
                app.services().agents().get(admin.caller(), target.agent().id());
        assertThat(stored.active()).isTrue();
        assertThat(stored.phone()).isNull();
        assertThat(memberships(target.agent().id().value())).hasSize(1);
        assertThat(activeEmails()).noneMatch(email -> email.startsWith("matrix"));
    }

    @Test
    void adminsMayUseEveryEndpoint() {
        TestAgent target = app.fixtures().agent(account.id(), Role.AGENT);
        for (Endpoint endpoint :
                endpoints(target.agent().id().value(), support().id().value())) {
            Response response =
                    endpoint.request(http).host(account.host()).as(admin).send();

            assertThat(response.status())
                    .as(endpoint.name() + " " + response.body())
                    .isBetween(200, 204);
        }
        Agent stored =
                app.services().agents().get(admin.caller(), target.agent().id());
        assertThat(stored.phone()).isEqualTo("+1 555 0100");
        assertThat(stored.active()).isFalse();
        assertThat(activeEmails().stream().filter(email -> email.startsWith("matrix")))
                .hasSize(2);
    }

    @Test
    void anotherAccountsUserIsNotFound() {
        TestAccount other = app.fixtures().account();
        TestAgent theirs = app.fixtures().agent(other.id(), Role.AGENT);
        long theirGroup = app.services()
                .groups()
                .accountDefault(other.admin().caller())
                .orElseThrow()
                .id()
                .value();
        for (Endpoint endpoint : endpoints(theirs.agent().id().value(), theirGroup)) {
            if (!endpoint.path().contains("/" + theirs.agent().id().value())
                    && !endpoint.path().contains("/" + theirGroup + "/")) {
                continue;
            }
            Response response =
                    endpoint.request(http).host(account.host()).as(admin).send();

            assertThat(response.status()).as(endpoint.name()).isEqualTo(404);
            assertThat(response.json().get("error").asString()).isEqualTo("RecordNotFound");
        }
        assertThat(activeIds()).doesNotContain(theirs.agent().id().value());
        Agent stored = app.services()
                .agents()
                .get(other.admin().caller(), theirs.agent().id());
        assertThat(stored.active()).isTrue();
        assertThat(stored.phone()).isNull();
        assertThat(app.services()
                        .memberships()
                        .ofAgent(other.admin().caller(), theirs.agent().id()))
                .hasSize(1);
    }

    @Test
    void credentialsOfOneAccountDoNotOpenAnother() {
        TestAccount other = app.fixtures().account();

        Response response =
                http.get("/api/v2/users.json").host(other.host()).as(admin).send();
        Response me =
                http.get("/api/v2/users/me.json").host(other.host()).as(admin).send();

        assertThat(response.status()).isEqualTo(401);
        assertThat(me.status()).isEqualTo(401);
    }

    @Test
    void deletedAgentCannotSignInAnyMore() {
        TestAgent leaver = app.fixtures().agent(account.id(), Role.AGENT);
        app.services().agents().delete(admin.caller(), leaver.agent().id());

        Response response = http.get("/api/v2/users/me.json")
                .host(account.host())
                .as(leaver)
                .send();

        assertThat(response.status()).isEqualTo(401);
        assertThat(app.services()
                        .agents()
                        .get(admin.caller(), leaver.agent().id())
                        .active())
                .isFalse();
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private record Endpoint(String method, String path, String body, boolean writes) {
        String name() {
            return method + " " + path;
        }

        Http.Request request(Http http) {
            Http.Request request =
                    switch (method) {
                        case "GET" -> http.get(path);
                        case "POST" -> http.post(path);
                        case "PUT" -> http.put(path);
                        default -> http.delete(path);
                    };
            return body == null ? request : request.json(body);
        }
    }

    /** Every users endpoint, with and without {@code .json}; the deletes come last so the updates still apply. */
    private List<Endpoint> endpoints(long userId, long groupId) {
        List<Endpoint> endpoints = new ArrayList<>();
        for (String suffix : List.of(".json", "")) {
            endpoints.add(new Endpoint("GET", "/api/v2/users" + suffix, null, false));
            endpoints.add(new Endpoint("GET", "/api/v2/users" + suffix + "?role=agent", null, false));
            endpoints.add(new Endpoint("GET", "/api/v2/users/" + userId + suffix, null, false));
            endpoints.add(new Endpoint("GET", "/api/v2/users/me" + suffix, null, false));
            endpoints.add(new Endpoint("GET", "/api/v2/groups/" + groupId + "/users" + suffix, null, false));
            endpoints.add(new Endpoint(
                    "POST",
                    "/api/v2/users" + suffix,
                    "{\"user\":{\"name\":\"Matrix\",\"email\":\"" + uniqueEmail("matrix") + "\"}}",
                    true));
            endpoints.add(new Endpoint(
                    "PUT", "/api/v2/users/" + userId + suffix, "{\"user\":{\"phone\":\"+1 555 0100\"}}", true));
        }
        for (String suffix : List.of(".json", "")) {
            endpoints.add(new Endpoint("DELETE", "/api/v2/users/" + userId + suffix, null, true));
        }
        return endpoints;
    }

    private static String uniqueEmail(String prefix) {
        return prefix + SEQUENCE.incrementAndGet() + "x" + System.nanoTime() % 100000 + "@example.test";
    }

    private Group support() {
        return app.services().groups().accountDefault(admin.caller()).orElseThrow();
    }

    private long createUser(String json) {
        Response response = http.post("/api/v2/users.json")
                .host(account.host())
                .as(admin)
                .json(json)
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("user").get("id").asLong();
    }

    private void put(long id, String json) {
        Response response = http.put("/api/v2/users/" + id + ".json")
                .host(account.host())
                .as(admin)
                .json(json)
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
    }

    private List<Membership> memberships(long agentId) {
        return app.services().memberships().ofAgent(admin.caller(), new AgentId(agentId));
    }

    private List<String> activeEmails() {
        return activeAgents().stream().map(Agent::email).toList();
    }

    private List<Long> activeIds() {
        return activeAgents().stream().map(a -> a.id().value()).toList();
    }

    /** Every active agent of the account, read page by page through the core. */
    private List<Agent> activeAgents() {
        List<Agent> agents = new ArrayList<>();
        PageRequest page = PageRequest.first(100);
        while (true) {
            Slice<Agent> slice = app.services().agents().list(admin.caller(), Set.of(), page);
            agents.addAll(slice.items());
            if (!slice.hasMore()) {
                return agents;
            }
            page = PageRequest.after(
                    new Cursor(agents.get(agents.size() - 1).id().value()), 100);
        }
    }

    private JsonNode list(TestAccount target, String url) {
        Response response = http.get(url).host(target.host()).as(target.admin()).send();
        assertThat(response.status()).as(url + " " + response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("users").forEach(u -> ids.add(u.get("id").asLong()));
        return ids;
    }
}
