package io.groupdesk.api.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupService;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.MembershipFilter;
import io.groupdesk.shared.Cursor;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Slice;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Replays, byte for byte where it matters, the requests node-zendesk 6.0.1 sends (reference §6b): {@code .json}
 * on every path, {@code Content-Type} and {@code Accept: application/json} on every request (also on GET, and on PUT
 * and DELETE without a body), {@code page%5Bsize%5D=100} on the whitelisted lists, next links followed verbatim, and
 * the comma of {@code destroy_many} percent-encoded. The client reads a body only when the content type says JSON, and
 * takes any response carrying {@code Retry-After} for a rate limit.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ZendeskNodeClientReplayTest {
    private static final String USER_AGENT = "node-zendesk/6.0.1 (node/20.11.1)";
    private static final int MANY = 105;
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;
    /** What the node client was configured with: {@code endpointUri}, with /api/v2 and no trailing slash. */
    private static String endpointUri;

    private static TestAgent busy;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
        endpointUri = http.baseUrl() + "/api/v2";
        busy = app.fixtures().agent(app.bootstrapAccount(), Role.AGENT);
        for (int i = 0; i < MANY; i++) {
            Group group = app.fixtures().group(app.bootstrapAccount(), "Node " + i);
            app.fixtures().membership(app.bootstrapAccount(), busy, group);
        }
    }

    @Test
    void groupsListFollowsNextLinksVerbatim() {
        List<Long> seen = new ArrayList<>();

        List<String> links = requestAll(endpointUri + "/groups.json?page%5Bsize%5D=100", "groups", seen);

        assertThat(links).isNotEmpty().allSatisfy(link -> assertThat(link)
                .startsWith(endpointUri + "/groups.json?")
                .contains("page%5Bsize%5D=100")
                .contains("page%5Bafter%5D=")
                .doesNotContain("[", "]"));
        assertThat(seen).doesNotHaveDuplicates().hasSizeGreaterThan(MANY).isSorted();
        assertThat(seen).containsExactlyElementsOf(allIds(page -> app.services()
                .groups()
                .list(app.system(), GroupService.Scope.ALL, false, page)
                .map(group -> group.id().value())));
    }

    @Test
    void groupMembershipsListFollowsNextLinksVerbatim() {
        List<Long> seen = new ArrayList<>();

        List<String> links =
                requestAll(endpointUri + "/group_memberships.json?page%5Bsize%5D=100", "group_memberships", seen);

        assertThat(links).isNotEmpty().allSatisfy(link -> assertThat(link)
                .startsWith(endpointUri + "/group_memberships.json?")
                .contains("page%5Bsize%5D=100")
                .doesNotContain("[", "]"));
        assertThat(seen).doesNotHaveDuplicates().hasSizeGreaterThan(MANY);
        assertThat(seen).containsExactlyElementsOf(allIds(page -> app.services()
                .memberships()
                .list(app.system(), MembershipFilter.all(), page)
                .map(membership -> membership.id().value())));
    }

    @Test
    void listsByGroupByUserAndAssignableAsTheClientAsksForThem() {
        TestAgent member = agent();
        Group group = group("Listed");
        Membership membership = app.fixtures().membership(app.bootstrapAccount(), member, group);

        Response byGroup = send(
                node("GET", endpointUri + "/groups/" + group.id().value() + "/memberships.json?page%5Bsize%5D=100"));
        Response byUser =
                send(node("GET", endpointUri + "/users/" + member.agent().id().value() + "/group_memberships.json"));
        Response assignable = send(node("GET", endpointUri + "/group_memberships/assignable.json"));
        Response assignableByGroup =
                send(node("GET", endpointUri + "/groups/" + group.id().value() + "/memberships/assignable.json"));
        Response assignableGroups = send(node("GET", endpointUri + "/groups/assignable.json?page%5Bsize%5D=100"));

        assertThat(ids(byGroup.json(), "group_memberships"))
                .containsExactly(membership.id().value());
        assertThat(byGroup.json().get("links").get("next").isNull()).isTrue();
        assertThat(ids(byUser.json(), "group_memberships"))
                .contains(membership.id().value());
        assertThat(byUser.json().get("next_page").isNull()).isTrue();
        assertThat(assignable.json().get("group_memberships").isArray()).isTrue();
        assertThat(ids(assignableByGroup.json(), "group_memberships"))
                .containsExactly(membership.id().value());
        assertThat(assignableGroups.json().get("groups").isArray()).isTrue();
        assertThat(app.services()
                        .memberships()
                        .ofAgent(app.system(), member.agent().id()))
                .extracting(Membership::id)
                .contains(membership.id());
    }

    @Test
    void countsAndListsTheGroupsOfAUser() {
        TestAgent member = agent();
        Group group = group("Counted");
        app.fixtures().membership(app.bootstrapAccount(), member, group);
        long user = member.agent().id().value();

        Response count = send(node("GET", endpointUri + "/users/" + user + "/groups/count.json"));
        Response listed = send(node("GET", endpointUri + "/users/" + user + "/groups.json"));

        assertThat(count.status()).isEqualTo(200);
        assertThat(count.json().get("count").get("value").asLong()).isEqualTo(2);
        assertThat(ids(listed.json(), "groups"))
                .containsExactly(
                        app.services()
                                .groups()
                                .accountDefault(app.system())
                                .orElseThrow()
                                .id()
                                .value(),
                        group.id().value());
        assertThat(app.services()
                        .groups()
                        .countOfAgent(app.system(), member.agent().id()))
                .isEqualTo(2);
    }

    @Test
    void createsShowsAndMakesDefaultWithAnEmptyBody() {
        TestAgent member = agent();
        Group group = group("Default");
        long user = member.agent().id().value();

        Response created = send(node("POST", endpointUri + "/group_memberships.json")
                .json("{\"group_membership\":{\"user_id\":" + user + ",\"group_id\":"
                        + group.id().value() + "}}"));
        long id = created.json().get("group_membership").get("id").asLong();
        Response shown = send(node("GET", endpointUri + "/group_memberships/" + id + ".json"));
        Response shownByUser = send(node("GET", endpointUri + "/users/" + user + "/group_memberships/" + id + ".json"));
        Response madeDefault =
                send(node("PUT", endpointUri + "/users/" + user + "/group_memberships/" + id + "/make_default.json"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("Location")).contains(endpointUri + "/group_memberships/" + id + ".json");
        assertThat(shown.json().get("group_membership").get("group_id").asLong())
                .isEqualTo(group.id().value());
        assertThat(shownByUser.json().get("group_membership").get("id").asLong())
                .isEqualTo(id);
        assertThat(madeDefault.status()).as(madeDefault.body()).isEqualTo(200);
        List<Long> defaults = new ArrayList<>();
        madeDefault.json().get("group_memberships").forEach(m -> {
            if (m.get("default").asBoolean()) {
                defaults.add(m.get("id").asLong());
            }
        });
        assertThat(defaults).containsExactly(id);
        assertThat(app.services()
                        .memberships()
                        .defaultGroupOf(app.system(), member.agent().id()))
                .contains(group.id());
    }

    @Test
    void bulkCreateAnswersAJobThatWatchFindsFinished() {
        TestAgent first = agent();
        TestAgent second = agent();
        Group group = group("Bulk");

        Response queued = send(node("POST", endpointUri + "/group_memberships/create_many.json")
                .json("{\"group_memberships\":[{\"user_id\":"
                        + first.agent().id().value() + ",\"group_id\":"
                        + group.id().value() + "},{\"user_id\":"
                        + second.agent().id().value() + ",\"group_id\":"
                        + group.id().value() + "}]}"));
        JsonNode job = queued.json().get("job_status");
        int polls = 0;
        while (!Set.of("completed", "failed", "killed")
                        .contains(job.get("status").asString())
                && polls < 10) {
            job = send(node(
                            "GET",
                            endpointUri + "/job_statuses/" + job.get("id").asString() + ".json"))
                    .json()
                    .get("job_status");
            polls++;
        }
        JsonNode watched = send(node(
                        "GET", endpointUri + "/job_statuses/" + job.get("id").asString() + ".json"))
                .json()
                .get("job_status");

        assertThat(queued.status()).isEqualTo(200);
        assertThat(job.get("status").asString()).isEqualTo("completed");
        assertThat(watched.get("status").asString()).isEqualTo("completed");
        assertThat(watched.get("url").asString()).startsWith(endpointUri + "/job_statuses/");
        assertThat(watched.get("results")).hasSize(2);
        assertThat(watched.get("results").get(0).get("success").asBoolean()).isTrue();
        assertThat(watched.get("results").get(1).get("success").asBoolean()).isTrue();
        assertThat(members(group))
                .extracting(Membership::agentId)
                .containsExactly(first.agent().id(), second.agent().id());
    }

    @Test
    void bulkDeleteSendsTheCommaEncoded() {
        TestAgent member = agent();
        Membership first = app.fixtures().membership(app.bootstrapAccount(), member, group("Destroyed A"));
        Membership second = app.fixtures().membership(app.bootstrapAccount(), member, group("Destroyed B"));

        Response response = send(node(
                "DELETE",
                endpointUri + "/group_memberships/destroy_many.json?ids="
                        + first.id().value() + "%2C" + second.id().value()));

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode results = response.json().get("job_status").get("results");
        assertThat(results).hasSize(2);
        assertThat(results.get(0).get("success").asBoolean()).isTrue();
        assertThat(results.get(1).get("success").asBoolean()).isTrue();
        assertThat(app.services()
                        .memberships()
                        .ofAgent(app.system(), member.agent().id()))
                .extracting(Membership::id)
                .doesNotContain(first.id(), second.id())
                .hasSize(1);
    }

    @Test
    void deletesWithTheJsonContentTypeAndNoBody() {
        TestAgent member = agent();
        Membership plain = app.fixtures().membership(app.bootstrapAccount(), member, group("Plain delete"));
        Membership scoped = app.fixtures().membership(app.bootstrapAccount(), member, group("Scoped delete"));

        Response deleted = send(
                node("DELETE", endpointUri + "/group_memberships/" + plain.id().value() + ".json"));
        Response deletedByUser = send(node(
                "DELETE",
                endpointUri + "/users/" + member.agent().id().value() + "/group_memberships/"
                        + scoped.id().value() + ".json"));

        assertThat(deleted.status()).isEqualTo(204);
        assertThat(deleted.bytes()).isEmpty();
        assertThat(deletedByUser.status()).isEqualTo(204);
        assertThat(app.services()
                        .memberships()
                        .ofAgent(app.system(), member.agent().id()))
                .extracting(Membership::id)
                .doesNotContain(plain.id(), scoped.id());
    }

    @Test
    void errorsComeAsJsonTheClientCanRead() {
        TestAgent member = agent();
        Group group = group("Errors");
        app.fixtures().membership(app.bootstrapAccount(), member, group);

        Response duplicate = send(node("POST", endpointUri + "/group_memberships.json")
                .json("{\"group_membership\":{\"user_id\":"
                        + member.agent().id().value() + ",\"group_id\":"
                        + group.id().value() + "}}"));
        Response missing = send(node("GET", endpointUri + "/group_memberships/987654321.json"));
        Response unauthenticated = send(http.get(endpointUri + "/group_memberships.json?page%5Bsize%5D=100")
                .header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .authorization(Http.basic(TestApp.ADMIN_EMAIL + "/token", "wrong")));

        assertThat(duplicate.status()).isEqualTo(422);
        assertThat(duplicate.json().get("error").asString()).isEqualTo("RecordInvalid");
        assertThat(missing.status()).isEqualTo(404);
        assertThat(missing.json().get("error").asString()).isEqualTo("RecordNotFound");
        assertThat(unauthenticated.status()).isEqualTo(401);
        assertThat(members(group)).hasSize(1);
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** A request as node-zendesk builds it, authenticated with an API token. */
    private static Http.Request node(String method, String url) {
        Http.Request request =
                switch (method) {
                    case "GET" -> http.get(url);
                    case "POST" -> http.post(url);
                    case "PUT" -> http.put(url);
                    default -> http.delete(url);
                };
        return request.header("Content-Type", "application/json")
                .header("Accept", "application/json")
                .header("User-Agent", USER_AGENT)
                .authorization(Http.basic(TestApp.ADMIN_EMAIL + "/token", TestApp.ADMIN_TOKEN));
    }

    /** Sends a request and checks what node-zendesk needs of every answer. */
    private static Response send(Http.Request request) {
        Response response = request.send();
        assertThat(response.header("Retry-After")).as(response.toString()).isEmpty();
        if (response.status() != 204) {
            assertThat(response.header("Content-Type"))
                    .as(response.toString())
                    .hasValueSatisfying(type -> assertThat(type).contains("application/json"));
        }
        return response;
    }

    /**
     * node-zendesk's {@code requestAll}: next is {@code links.next} if truthy, else {@code next_page} if truthy, else
     * stop; a next URL is used verbatim only if it contains the endpointUri. Returns the next links followed.
     */
    private static List<String> requestAll(String first, String key, List<Long> seen) {
        List<String> followed = new ArrayList<>();
        String url = first;
        int pages = 0;
        while (url != null) {
            assertThat(url)
                    .as("followed verbatim only if it contains endpointUri")
                    .contains(endpointUri);
            Response response = send(node("GET", url));
            assertThat(response.status()).as(url + " " + response.body()).isEqualTo(200);
            JsonNode page = response.json();
            assertThat(page.get(key).isArray()).as(key).isTrue();
            page.get(key).forEach(item -> seen.add(item.get("id").asLong()));
            url = truthy(page.path("links").path("next"))
                    ? page.get("links").get("next").asString()
                    : null;
            if (url == null && truthy(page.path("next_page"))) {
                url = page.get("next_page").asString();
            }
            if (url != null) {
                followed.add(url);
            }
            assertThat(++pages).as("pages").isLessThan(20);
        }
        return followed;
    }

    private static boolean truthy(JsonNode node) {
        return node.isString() && !node.asString().isEmpty();
    }

    private static List<Long> allIds(Function<PageRequest, Slice<Long>> read) {
        List<Long> ids = new ArrayList<>();
        PageRequest page = PageRequest.first(100);
        while (true) {
            Slice<Long> slice = read.apply(page);
            ids.addAll(slice.items());
            if (!slice.hasMore()) {
                return ids;
            }
            page = PageRequest.after(new Cursor(ids.get(ids.size() - 1)), 100);
        }
    }

    private static List<Long> ids(JsonNode page, String key) {
        List<Long> ids = new ArrayList<>();
        page.get(key).forEach(item -> ids.add(item.get("id").asLong()));
        return ids;
    }

    private static TestAgent agent() {
        return app.fixtures().agent(app.bootstrapAccount(), Role.AGENT);
    }

    private static Group group(String name) {
        return app.fixtures().group(app.bootstrapAccount(), name + " " + SEQUENCE.incrementAndGet());
    }

    private static List<Membership> members(Group group) {
        return app.services()
                .memberships()
                .list(Caller.system(group.accountId()), MembershipFilter.ofGroup(group.id()), PageRequest.first(100))
                .items();
    }
}
