package io.groupdesk.api.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.agents.Agent;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
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
class ZendeskIncrementalUsersApiTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;
    private static long startTime;
    private static TestAccount account;
    private static TestAgent agent;
    private static Agent deleted;
    private static List<Long> expectedOrder;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
        startTime = Instant.now().getEpochSecond();
        account = app.fixtures().account();
        agent = app.fixtures().agent(account.id(), Role.AGENT);
        for (int i = 0; i < 3; i++) {
            app.fixtures().agent(account.id(), Role.AGENT);
        }
        TestAgent leaving = app.fixtures().agent(account.id(), Role.AGENT);
        deleted = app.services()
                .agents()
                .delete(account.admin().caller(), leaving.agent().id());
        // every agent of the account, deleted ones too, by (updated_at, id), read back through the service
        expectedOrder = app
                .services()
                .agents()
                .changedSince(account.admin().caller(), Instant.EPOCH, 0, java.util.Optional.empty(), 1000)
                .stream()
                .sorted(Comparator.comparing(Agent::updatedAt).thenComparing(a -> a.id().value()))
                .map(a -> a.id().value())
                .toList();
    }

    @Test
    void timeBasedExportPagesThroughEveryUserAsNodeZendeskFollowsIt() {
        List<Long> seen = new ArrayList<>();
        JsonNode page = get("/api/v2/incremental/users.json?per_page=2&start_time=" + startTime);
        int pages = 1;
        seen.addAll(ids(page));
        // node-zendesk: keep paging while count reaches the page size and next_page is set
        while (page.get("count").asInt() >= 2 && !page.get("next_page").isNull()) {
            page = get(page.get("next_page").asString());
            seen.addAll(ids(page));
            pages++;
        }

        assertThat(expectedOrder).hasSize(6);
        assertThat(seen).isEqualTo(expectedOrder);
        assertThat(pages).isEqualTo(4);
        assertThat(page.get("end_of_stream").asBoolean()).isTrue();
        assertThat(page.get("end_time").asLong()).isGreaterThanOrEqualTo(startTime);
    }

    @Test
    void thousandsChangedInOneInstantArePagedByThousandWithoutRepeatsOrGaps() {
        long since = Instant.now().getEpochSecond();
        TestAccount large = app.fixtures().account();
        List<io.groupdesk.agents.ImportedAgent> batch = new ArrayList<>();
        for (int i = 0; i < 1001; i++) {
            batch.add(new io.groupdesk.agents.ImportedAgent(
                    java.util.Optional.empty(),
                    "Imported " + i,
                    "imported" + i + "@" + large.account().subdomain() + ".test",
                    Role.AGENT,
                    false,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    true,
                    null));
        }
        // one import batch: every agent gets the same updated_at
        app.services().agents().importBatch(io.groupdesk.access.Caller.system(large.id()), batch);
        List<Long> seen = new ArrayList<>();
        List<Integer> counts = new ArrayList<>();

        Response response = http.get("/api/v2/incremental/users.json?start_time=" + since)
                .host(large.host())
                .as(large.admin())
                .send();
        JsonNode page = response.json();
        seen.addAll(ids(page));
        counts.add(page.get("count").asInt());
        // node-zendesk: keep paging while count >= 1000 and next_page is set
        while (page.get("count").asInt() >= 1000 && !page.get("next_page").isNull()) {
            page = http.get(page.get("next_page").asString())
                    .host(large.host())
                    .as(large.admin())
                    .send()
                    .json();
            seen.addAll(ids(page));
            counts.add(page.get("count").asInt());
        }

        assertThat(response.status()).isEqualTo(200);
        assertThat(counts).containsExactly(1000, 2);
        assertThat(seen).hasSize(1002).doesNotHaveDuplicates();
        assertThat(page.get("end_of_stream").asBoolean()).isTrue();
    }

    @Test
    void timeBasedPageCarriesZendesksKeys() {
        JsonNode page = get("/api/v2/incremental/users.json?start_time=" + startTime);

        List<String> keys = new ArrayList<>();
        page.propertyNames().forEach(keys::add);
        assertThat(keys).containsExactly("users", "next_page", "count", "end_time", "end_of_stream");
        assertThat(ids(page)).isEqualTo(expectedOrder);
        assertThat(page.get("count").asInt()).isEqualTo(6);
        assertThat(page.get("end_of_stream").asBoolean()).isTrue();
        assertThat(page.get("next_page").asString())
                .startsWith("http://" + account.host() + "/api/v2/incremental/users.json?");
    }

    @Test
    void cursorExportPagesThroughEveryUser() {
        List<Long> seen = new ArrayList<>();
        JsonNode page = get("/api/v2/incremental/users/cursor.json?per_page=4&start_time=" + startTime);
        seen.addAll(ids(page));
        List<String> keys = new ArrayList<>();
        page.propertyNames().forEach(keys::add);
        boolean firstEnded = page.get("end_of_stream").asBoolean();
        while (!page.get("end_of_stream").asBoolean()) {
            page = get(page.get("after_url").asString());
            seen.addAll(ids(page));
        }
        JsonNode again = get("/api/v2/incremental/users/cursor.json?cursor="
                + page.get("after_cursor").asString());

        assertThat(keys)
                .containsExactly("users", "after_cursor", "after_url", "before_cursor", "before_url", "end_of_stream");
        assertThat(firstEnded).isFalse();
        assertThat(seen).isEqualTo(expectedOrder);
        assertThat(ids(again)).isEmpty();
        assertThat(again.get("end_of_stream").asBoolean()).isTrue();
    }

    @Test
    void rendersUsersAsTheUsersApiDoesWithDeletedOnesInactive() {
        JsonNode page = get("/api/v2/incremental/users.json?start_time=" + startTime);
        JsonNode exported = find(page, agent.agent().id().value());
        JsonNode shown =
                get("/api/v2/users/" + agent.agent().id().value() + ".json").get("user");
        JsonNode gone = find(page, deleted.id().value());

        assertThat(exported).isEqualTo(shown);
        assertThat(gone.get("active").asBoolean()).isFalse();
    }

    @Test
    void refusesAMissingOrFutureStartTimeAndForeignCursors() {
        for (String path : List.of(
                "/api/v2/incremental/users.json",
                "/api/v2/incremental/users.json?start_time=" + (Instant.now().getEpochSecond() + 3600),
                "/api/v2/incremental/users/cursor.json",
                "/api/v2/incremental/users/cursor.json?cursor=nonsense",
                "/api/v2/incremental/users.json?start_time=tomorrow")) {
            Response response =
                    http.get(path).host(account.host()).as(account.admin()).send();

            assertThat(response.status()).as(path).isEqualTo(400);
            assertThat(response.json().get("error").asString()).as(path).isEqualTo("InvalidValue");
        }
    }

    @Test
    void admitsOnlyAdmins() {
        for (String path : List.of(
                "/api/v2/incremental/users.json?start_time=0", "/api/v2/incremental/users/cursor.json?start_time=0")) {
            assertThat(http.get(path).host(account.host()).send().status()).isEqualTo(401);
            assertThat(http.get(path).host(account.host()).as(agent).send().status())
                    .isEqualTo(403);
        }
    }

    private static JsonNode get(String path) {
        Response response =
                http.get(path).host(account.host()).as(account.admin()).send();
        assertThat(response.status()).as(path + " " + response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("users").forEach(user -> ids.add(user.get("id").asLong()));
        return ids;
    }

    private static JsonNode find(JsonNode page, long id) {
        for (JsonNode user : page.get("users")) {
            if (user.get("id").asLong() == id) {
                return user;
            }
        }
        throw new AssertionError("user " + id + " not exported");
    }
}
