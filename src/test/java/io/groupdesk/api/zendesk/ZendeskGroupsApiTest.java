package io.groupdesk.api.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.groups.Group;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ZendeskGroupsApiTest {
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
    void createsGroupWithEveryDocumentedField() {
        Response response = http.post("/api/v2/groups.json")
                .host(account.host())
                .as(admin)
                .json("{\"group\": {\"name\": \"Tier 2\", \"description\": \"Second line\", \"is_public\": true}}")
                .send();

        assertThat(response.status()).isEqualTo(201);
        JsonNode group = response.json().get("group");
        long id = group.get("id").asLong();
        assertThat(response.header("Location")).contains("http://" + account.host() + "/api/v2/groups/" + id + ".json");
        assertThat(group.get("url").asString())
                .isEqualTo("http://" + account.host() + "/api/v2/groups/" + id + ".json");
        assertThat(group.get("name").asString()).isEqualTo("Tier 2");
        assertThat(group.get("description").asString()).isEqualTo("Second line");
        assertThat(group.get("is_public").asBoolean()).isTrue();
        assertThat(group.get("default").asBoolean()).isFalse();
        assertThat(group.get("deleted").asBoolean()).isFalse();
        assertThat(group.get("created_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        assertThat(group.get("updated_at").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
        Group stored = app.services().groups().get(admin.caller(), new GroupId(id));
        assertThat(stored.name()).isEqualTo("Tier 2");
        assertThat(stored.description()).isEqualTo("Second line");
    }

    @Test
    void createsPrivateGroupAndWorksWithoutJsonSuffix() {
        Response response = http.post("/api/v2/groups")
                .host(account.host())
                .as(admin)
                .json("{\"group\": {\"name\": \"Escalations\", \"is_public\": false}}")
                .send();

        assertThat(response.status()).isEqualTo(201);
        assertThat(response.json().get("group").get("is_public").asBoolean()).isFalse();
    }

    @Test
    void answersJsonWithZendeskHeaders() {
        Response response =
                http.get("/api/v2/groups.json").host(account.host()).as(admin).send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("Content-Type").orElseThrow().replace(" ", ""))
                .isEqualToIgnoringCase("application/json;charset=utf-8");
        // no rate limit is configured, so none is advertised (RequestLimitsApiTest covers a configured one)
        assertThat(response.header("X-Rate-Limit")).isEmpty();
        assertThat(response.header("Retry-After")).isEmpty();
    }

    // ---- validation ---------------------------------------------------------------------------------------------

    @Test
    void rejectsBlankName() {
        Response response = createRaw("{\"group\": {\"name\": \"   \"}}");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("error").asString()).isEqualTo("RecordInvalid");
        assertThat(response.json().get("description").asString()).isEqualTo("Record validation errors");
        JsonNode detail = response.json().get("details").get("name").get(0);
        assertThat(detail.get("error").asString()).isEqualTo("BlankValue");
        assertThat(detail.get("description").asString()).isEqualTo("Name: cannot be blank");
    }

    @Test
    void rejectsMissingName() {
        Response response = createRaw("{\"group\": {\"description\": \"no name\"}}");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json()
                        .get("details")
                        .get("name")
                        .get(0)
                        .get("error")
                        .asString())
                .isEqualTo("BlankValue");
    }

    @Test
    void rejectsBodyWithoutGroupWrapper() {
        Response response = createRaw("{\"name\": \"Unwrapped\"}");

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json()
                        .get("details")
                        .get("base")
                        .get(0)
                        .get("description")
                        .asString())
                .contains("{\"group\": {...}}");
        assertThat(groupNames()).doesNotContain("Unwrapped");
    }

    @Test
    void acceptsNameOf255CharactersAndRejects256() {
        String longest = "n".repeat(255);

        Response accepted = createRaw("{\"group\": {\"name\": \"" + longest + "\"}}");
        Response rejected = createRaw("{\"group\": {\"name\": \"" + "m".repeat(256) + "\"}}");

        assertThat(accepted.status()).isEqualTo(201);
        assertThat(rejected.status()).isEqualTo(422);
        assertThat(rejected.json()
                        .get("details")
                        .get("name")
                        .get(0)
                        .get("description")
                        .asString())
                .isEqualTo("Name: is too long (maximum is 255 characters)");
    }

    @Test
    void rejectsDuplicateNameIgnoringCase() {
        assertThat(createRaw("{\"group\": {\"name\": \"Billing\"}}").status()).isEqualTo(201);

        Response response = createRaw("{\"group\": {\"name\": \"BILLING\"}}");

        assertThat(response.status()).isEqualTo(422);
        JsonNode detail = response.json().get("details").get("name").get(0);
        assertThat(detail.get("error").asString()).isEqualTo("DuplicateValue");
        assertThat(detail.get("description").asString()).isEqualTo("Name: has already been taken");
    }

    @Test
    void allowsNameOfDeletedGroupAgain() {
        long id = create("Seasonal");
        assertThat(http.delete("/api/v2/groups/" + id + ".json")
                        .host(account.host())
                        .as(admin)
                        .send()
                        .status())
                .isEqualTo(204);

        Response response = createRaw("{\"group\": {\"name\": \"Seasonal\"}}");

        assertThat(response.status()).isEqualTo(201);
    }

    @Test
    void rejectsMalformedJsonWith400() {
        Response response = createRaw("{\"group\": {\"name\": ");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").asString()).isEqualTo("InvalidJSON");
    }

    @Test
    void rejectsWrongTypesWith422() {
        Response objectName = createRaw("{\"group\": {\"name\": {\"nested\": true}}}");
        Response stringFlag = createRaw("{\"group\": {\"name\": \"Typed\", \"is_public\": \"maybe\"}}");
        Response arrayBody = createRaw("[1, 2, 3]");

        assertThat(objectName.status()).isEqualTo(422);
        assertThat(objectName.json().get("details").has("name")).isTrue();
        assertThat(stringFlag.status()).isEqualTo(422);
        assertThat(stringFlag.json().get("details").has("is_public")).isTrue();
        assertThat(arrayBody.status()).isEqualTo(400);
        assertThat(groupNames()).doesNotContain("Typed");
    }

    // ---- update -------------------------------------------------------------------------------------------------

    @Test
    void updatesOnlyTheFieldsSent() {
        long id = createWith("{\"group\": {\"name\": \"Hardware\", \"description\": \"Keep me\"}}");

        Response response = http.put("/api/v2/groups/" + id + ".json")
                .host(account.host())
                .as(admin)
                .json("{\"group\": {\"name\": \"Hardware and ICP\"}}")
                .send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("group").get("name").asString()).isEqualTo("Hardware and ICP");
        Group stored = app.services().groups().get(admin.caller(), new GroupId(id));
        assertThat(stored.name()).isEqualTo("Hardware and ICP");
        assertThat(stored.description()).isEqualTo("Keep me");
    }

    @Test
    void ignoresReadOnlyAndUnknownKeysAsTheJavaClientSendsThem() {
        long id = create("Escalations 2");

        Response response = http.put("/api/v2/groups/" + id)
                .host(account.host())
                .as(admin)
                .json(
                        "{\"group\":{\"id\":999999,\"url\":\"http://elsewhere/api/v2/groups/4.json\",\"name\":\"Escalations 3\","
                                + "\"deleted\":true,\"default\":true,\"created_at\":\"2024-01-01T00:00:00.000+00:00\","
                                + "\"updated_at\":\"2024-01-01T00:00:00.000+00:00\",\"colour\":\"blue\"}}")
                .send();

        assertThat(response.status()).isEqualTo(200);
        JsonNode group = response.json().get("group");
        assertThat(group.get("id").asLong()).isEqualTo(id);
        assertThat(group.get("name").asString()).isEqualTo("Escalations 3");
        assertThat(group.get("deleted").asBoolean()).isFalse();
        assertThat(group.get("default").asBoolean()).isFalse();
    }

    @Test
    void refusesToMakePrivateGroupPublic() {
        long id = createWith("{\"group\": {\"name\": \"Secret\", \"is_public\": false}}");

        Response response = http.put("/api/v2/groups/" + id + ".json")
                .host(account.host())
                .as(admin)
                .json("{\"group\": {\"is_public\": true}}")
                .send();

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("details").has("is_public")).isTrue();
        assertThat(app.services().groups().get(admin.caller(), new GroupId(id)).isPublic())
                .isFalse();
    }

    @Test
    void makesPublicGroupPrivate() {
        long id = create("Going private");

        Response response = http.put("/api/v2/groups/" + id + ".json")
                .host(account.host())
                .as(admin)
                .json("{\"group\": {\"is_public\": false}}")
                .send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(app.services().groups().get(admin.caller(), new GroupId(id)).isPublic())
                .isFalse();
    }

    @Test
    void rejectsRenameToTakenName() {
        create("Taken name");
        long id = create("Free name");

        Response response = http.put("/api/v2/groups/" + id + ".json")
                .host(account.host())
                .as(admin)
                .json("{\"group\": {\"name\": \"taken NAME\"}}")
                .send();

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json()
                        .get("details")
                        .get("name")
                        .get(0)
                        .get("error")
                        .asString())
                .isEqualTo("DuplicateValue");
        assertThat(app.services().groups().get(admin.caller(), new GroupId(id)).name())
                .isEqualTo("Free name");
    }

    // ---- delete -------------------------------------------------------------------------------------------------

    @Test
    void deleteIsSoft() {
        long id = create("Short lived");

        Response response = http.delete("/api/v2/groups/" + id + ".json")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(response.status()).isEqualTo(204);
        assertThat(response.bytes()).isEmpty();
        JsonNode shown = http.get("/api/v2/groups/" + id + ".json")
                .host(account.host())
                .as(admin)
                .send()
                .json();
        assertThat(shown.get("group").get("deleted").asBoolean()).isTrue();
        assertThat(groupNames()).doesNotContain("Short lived");
        assertThat(names(http.get("/api/v2/groups.json?exclude_deleted=false")
                        .host(account.host())
                        .as(admin)
                        .send()))
                .contains("Short lived");
        assertThat(names(http.get("/api/v2/groups/assignable.json")
                        .host(account.host())
                        .as(admin)
                        .send()))
                .doesNotContain("Short lived");
        assertThat(app.services().groups().get(admin.caller(), new GroupId(id)).deleted())
                .isTrue();
    }

    @Test
    void deletingTwiceChangesNothing() {
        long id = create("Twice deleted");
        http.delete("/api/v2/groups/" + id).host(account.host()).as(admin).send();

        Response again = http.delete("/api/v2/groups/" + id)
                .host(account.host())
                .as(admin)
                .send();

        assertThat(again.status()).isEqualTo(204);
        assertThat(app.services().groups().get(admin.caller(), new GroupId(id)).deleted())
                .isTrue();
    }

    @Test
    void refusesToDeleteTheAccountsDefaultGroup() {
        JsonNode groups = http.get("/api/v2/groups.json")
                .host(account.host())
                .as(admin)
                .send()
                .json()
                .get("groups");
        long defaultId = -1;
        for (JsonNode group : groups) {
            if (group.get("default").asBoolean()) {
                defaultId = group.get("id").asLong();
            }
        }
        assertThat(defaultId).isPositive();

        Response response = http.delete("/api/v2/groups/" + defaultId + ".json")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(response.status()).isEqualTo(422);
        assertThat(response.json().get("error").asString()).isEqualTo("RecordInvalid");
        assertThat(response.json()
                        .get("details")
                        .get("base")
                        .get(0)
                        .get("description")
                        .asString())
                .contains("default group");
        assertThat(app.services()
                        .groups()
                        .get(admin.caller(), new GroupId(defaultId))
                        .deleted())
                .isFalse();
    }

    @Test
    void refusesToChangeDeletedGroup() {
        long id = create("Gone");
        http.delete("/api/v2/groups/" + id).host(account.host()).as(admin).send();

        Response response = http.put("/api/v2/groups/" + id + ".json")
                .host(account.host())
                .as(admin)
                .json("{\"group\": {\"name\": \"Back again\"}}")
                .send();

        assertThat(response.status()).isEqualTo(422);
        assertThat(app.services().groups().get(admin.caller(), new GroupId(id)).name())
                .isEqualTo("Gone");
    }

    // ---- show and count -----------------------------------------------------------------------------------------

    @Test
    void showsOneGroup() {
        long id = createWith("{\"group\": {\"name\": \"Shown\", \"description\": \"Visible\"}}");

        Response response =
                http.get("/api/v2/groups/" + id).host(account.host()).as(agent).send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("group").get("name").asString()).isEqualTo("Shown");
        assertThat(response.json().get("group").get("description").asString()).isEqualTo("Visible");
    }

    @Test
    void answersRecordNotFoundForUnknownOrMalformedIds() {
        Response unknown = http.get("/api/v2/groups/987654321.json")
                .host(account.host())
                .as(admin)
                .send();
        Response malformed = http.get("/api/v2/groups/abc.json")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.body()).isEqualTo("{\"error\":\"RecordNotFound\",\"description\":\"Not found\"}");
        assertThat(malformed.status()).isEqualTo(404);
    }

    @Test
    void countsLiveGroups() {
        TestAccount fresh = app.fixtures().account();
        create(fresh, "Counted one");
        long deleted = create(fresh, "Counted two");
        http.delete("/api/v2/groups/" + deleted)
                .host(fresh.host())
                .as(fresh.admin())
                .send();

        Response response = http.get("/api/v2/groups/count.json")
                .host(fresh.host())
                .as(fresh.admin())
                .send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("count").get("value").asLong()).isEqualTo(2); // Support + Counted one
        assertThat(response.json().get("count").get("refreshed_at").asString()).endsWith("Z");
        assertThat(response.json().get("links").get("url").asString())
                .isEqualTo("http://" + fresh.host() + "/api/v2/groups/count");
    }

    @Test
    void answersInvalidEndpointForUnknownRoutes() {
        Response response = http.post("/api/v2/groups/create_many.json")
                .host(account.host())
                .as(admin)
                .json("{\"groups\": []}")
                .send();

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.json().get("error").asString()).isEqualTo("InvalidEndpoint");
        assertThat(response.json().get("description").asString()).isEqualTo("Not found");
    }

    @Test
    void pathOutsideEveryApiIsAJsonNotFound() {
        Response response = http.get("/no/such/page").host(account.host()).send();

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.header("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        assertThat(response.json().get("error").asString()).isEqualTo("InvalidEndpoint");
    }

    // ---- pagination ---------------------------------------------------------------------------------------------

    @Test
    void walksCursorPagesForwardAndBack() {
        TestAccount paged = app.fixtures().account();
        for (int i = 1; i <= 6; i++) {
            create(paged, "Paged " + i);
        }
        List<String> forward = new ArrayList<>();
        List<String> nextLinks = new ArrayList<>();
        String url = "/api/v2/groups.json?page[size]=3&exclude_deleted=true";
        JsonNode page = null;
        while (url != null) {
            page = http.get(url).host(paged.host()).as(paged.admin()).send().json();
            page.get("groups").forEach(g -> forward.add(g.get("name").asString()));
            JsonNode next = page.get("links").get("next");
            url = next.isNull() ? null : next.asString();
            if (url != null) {
                nextLinks.add(url);
            }
        }

        assertThat(forward)
                .containsExactly("Support", "Paged 1", "Paged 2", "Paged 3", "Paged 4", "Paged 5", "Paged 6");
        assertThat(page.get("meta").get("has_more").asBoolean()).isFalse();
        assertThat(nextLinks).hasSize(2).allSatisfy(link -> assertThat(link)
                .startsWith("http://" + paged.host() + "/api/v2/groups.json?")
                .contains("page%5Bsize%5D=3")
                .contains("exclude_deleted=true")
                .contains("page%5Bafter%5D=")
                .doesNotContain("["));

        List<String> backward = new ArrayList<>();
        String prev = page.get("links").get("prev").asString();
        while (prev != null) {
            JsonNode previous =
                    http.get(prev).host(paged.host()).as(paged.admin()).send().json();
            List<String> names = new ArrayList<>();
            previous.get("groups").forEach(g -> names.add(g.get("name").asString()));
            backward.addAll(0, names);
            JsonNode link = previous.get("links").get("prev");
            prev = link.isNull() ? null : link.asString();
        }
        assertThat(backward).containsExactly("Support", "Paged 1", "Paged 2", "Paged 3", "Paged 4", "Paged 5");
    }

    @Test
    void walksOffsetPagesWithCount() {
        TestAccount paged = app.fixtures().account();
        for (int i = 1; i <= 4; i++) {
            create(paged, "Offset " + i);
        }
        List<String> seen = new ArrayList<>();
        String url = "/api/v2/groups.json?per_page=2";
        JsonNode page = null;
        int pages = 0;
        while (url != null) {
            page = http.get(url).host(paged.host()).as(paged.admin()).send().json();
            pages++;
            assertThat(page.get("count").asLong()).isEqualTo(5);
            page.get("groups").forEach(g -> seen.add(g.get("name").asString()));
            url = page.get("next_page").isNull() ? null : page.get("next_page").asString();
        }

        assertThat(pages).isEqualTo(3);
        assertThat(seen).containsExactly("Support", "Offset 1", "Offset 2", "Offset 3", "Offset 4");
        assertThat(page.get("previous_page").asString())
                .isEqualTo("http://" + paged.host() + "/api/v2/groups.json?per_page=2&page=2");
        JsonNode second = http.get(page.get("previous_page").asString())
                .host(paged.host())
                .as(paged.admin())
                .send()
                .json();
        assertThat(second.get("previous_page").asString()).endsWith("/api/v2/groups.json?per_page=2&page=1");
    }

    @Test
    void acceptsRawAndEncodedBrackets() {
        Response raw = http.get("/api/v2/groups.json?page[size]=1")
                .host(account.host())
                .as(admin)
                .send();
        Response encoded = http.get("/api/v2/groups.json?page%5Bsize%5D=1")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.json().get("groups")).hasSize(1);
        assertThat(encoded.json().get("groups")).hasSize(1);
        assertThat(raw.json().get("meta").get("has_more").asBoolean()).isTrue();
    }

    @Test
    void clampsPageSizeTo100() {
        Response response = http.get("/api/v2/groups.json?page[size]=500")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("groups").size()).isLessThanOrEqualTo(100);
    }

    @Test
    void refusesOffsetPagesPast100() {
        Response response = http.get("/api/v2/groups.json?page=101")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("errors").get(0).get("code").asString()).isEqualTo("InvalidPaginationDepth");
    }

    @Test
    void refusesBadPagingParameters() {
        assertThat(status("/api/v2/groups.json?page=2&page[size]=2")).isEqualTo(400);
        assertThat(status("/api/v2/groups.json?page[after]=bogus")).isEqualTo(400);
        assertThat(status("/api/v2/groups.json?page[size]=abc")).isEqualTo(400);
        assertThat(status("/api/v2/groups.json?per_page=-1")).isEqualTo(400);
        assertThat(status("/api/v2/groups.json?page[after]=djE6MQ&page[before]=djE6MQ"))
                .isEqualTo(400);
    }

    // ---- access -------------------------------------------------------------------------------------------------

    @Test
    void everyEndpointRefusesMissingAndWrongCredentials() {
        long id = create("Guarded");
        for (Endpoint endpoint : endpoints(id)) {
            Response anonymous = endpoint.request(http).host(account.host()).send();
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

            for (Response response : List.of(anonymous, wrongToken, wrongPassword, bearerNull)) {
                assertThat(response.status()).as(endpoint.name()).isEqualTo(401);
                assertThat(response.body()).as(endpoint.name()).isEqualTo("{\"error\":\"Couldn't authenticate you\"}");
            }
        }
        assertThat(app.services().groups().get(admin.caller(), new GroupId(id)).deleted())
                .isFalse();
    }

    @Test
    void agentsReadButCannotWrite() {
        long id = create("Read only");
        for (Endpoint endpoint : endpoints(id)) {
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
        Group stored = app.services().groups().get(admin.caller(), new GroupId(id));
        assertThat(stored.name()).isEqualTo("Read only");
        assertThat(stored.deleted()).isFalse();
    }

    @Test
    void adminsMayUseEveryEndpoint() {
        long id = create("Admin owned");
        for (Endpoint endpoint : endpoints(id)) {
            Response response =
                    endpoint.request(http).host(account.host()).as(admin).send();
            assertThat(response.status()).as(endpoint.name()).isBetween(200, 204);
        }
    }

    @Test
    void anotherAccountsGroupIsNotFound() {
        TestAccount other = app.fixtures().account();
        long theirs = create(other, "Their group");
        for (Endpoint endpoint : endpoints(theirs)) {
            if (!endpoint.path().contains(Long.toString(theirs))) {
                continue;
            }
            Response response =
                    endpoint.request(http).host(account.host()).as(admin).send();
            assertThat(response.status()).as(endpoint.name()).isEqualTo(404);
            assertThat(response.json().get("error").asString()).isEqualTo("RecordNotFound");
        }
        assertThat(names(http.get("/api/v2/groups.json")
                        .host(account.host())
                        .as(admin)
                        .send()))
                .doesNotContain("Their group");
        Group stored = app.services().groups().get(other.admin().caller(), new GroupId(theirs));
        assertThat(stored.name()).isEqualTo("Their group");
        assertThat(stored.deleted()).isFalse();
    }

    @Test
    void credentialsOfOneAccountDoNotOpenAnother() {
        TestAccount other = app.fixtures().account();

        Response response =
                http.get("/api/v2/groups.json").host(other.host()).as(admin).send();

        assertThat(response.status()).isEqualTo(401);
    }

    @Test
    void acceptsPasswordAndBearerCredentials() {
        Response password = http.get("/api/v2/groups.json")
                .host(account.host())
                .authorization(Http.basic(agent.email(), agent.password()))
                .send();
        Response bearer = http.get("/api/v2/groups.json")
                .host(account.host())
                .authorization("Bearer " + agent.token())
                .send();

        assertThat(password.status()).isEqualTo(200);
        assertThat(bearer.status()).isEqualTo(200);
    }

    @Test
    void unknownHostFallsBackToTheBootstrapAccount() {
        Response response = http.get("/api/v2/groups.json")
                .host("localhost")
                .authorization(Http.basic(TestApp.ADMIN_EMAIL + "/token", TestApp.ADMIN_TOKEN))
                .send();

        assertThat(response.status()).isEqualTo(200);
        assertThat(names(response)).contains("Support");
    }

    @Test
    void agentsDoNotSeePrivateGroupsTheyAreNotIn() {
        Group secret = app.fixtures().privateGroup(account.id(), "Hidden from agents");

        Response shown = http.get("/api/v2/groups/" + secret.id() + ".json")
                .host(account.host())
                .as(agent)
                .send();
        Response listed =
                http.get("/api/v2/groups.json").host(account.host()).as(agent).send();
        Response assignable = http.get("/api/v2/groups/assignable.json")
                .host(account.host())
                .as(agent)
                .send();
        Response asAdmin = http.get("/api/v2/groups/" + secret.id() + ".json")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(shown.status()).isEqualTo(404);
        assertThat(names(listed)).doesNotContain("Hidden from agents");
        assertThat(names(assignable)).doesNotContain("Hidden from agents");
        assertThat(asAdmin.status()).isEqualTo(200);
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

    private List<Endpoint> endpoints(long id) {
        return List.of(
                new Endpoint("GET", "/api/v2/groups.json", null, false),
                new Endpoint("GET", "/api/v2/groups/assignable.json", null, false),
                new Endpoint("GET", "/api/v2/groups/count.json", null, false),
                new Endpoint("GET", "/api/v2/groups/" + id + ".json", null, false),
                new Endpoint(
                        "POST",
                        "/api/v2/groups.json",
                        "{\"group\":{\"name\":\"Matrix " + System.nanoTime() + "\"}}",
                        true),
                new Endpoint(
                        "PUT", "/api/v2/groups/" + id + ".json", "{\"group\":{\"description\":\"touched\"}}", true),
                new Endpoint("DELETE", "/api/v2/groups/" + id + ".json", null, true));
    }

    private int status(String url) {
        return http.get(url).host(account.host()).as(admin).send().status();
    }

    private Response createRaw(String json) {
        return http.post("/api/v2/groups.json")
                .host(account.host())
                .as(admin)
                .json(json)
                .send();
    }

    private long create(String name) {
        return create(account, name);
    }

    private long create(TestAccount target, String name) {
        Response response = http.post("/api/v2/groups.json")
                .host(target.host())
                .as(target.admin())
                .json("{\"group\": {\"name\": \"" + name + "\"}}")
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("group").get("id").asLong();
    }

    private long createWith(String json) {
        Response response = createRaw(json);
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("group").get("id").asLong();
    }

    private List<String> groupNames() {
        return names(
                http.get("/api/v2/groups.json").host(account.host()).as(admin).send());
    }

    private static List<String> names(Response response) {
        List<String> names = new ArrayList<>();
        response.json().get("groups").forEach(g -> names.add(g.get("name").asString()));
        return names;
    }
}
