package io.groupdesk.api.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.groupdesk.groups.GroupService;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.asynchttpclient.AsyncHttpClient;
import org.asynchttpclient.Dsl;
import org.asynchttpclient.filter.FilterContext;
import org.asynchttpclient.filter.RequestFilter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.zendesk.client.v2.Zendesk;
import org.zendesk.client.v2.ZendeskResponseException;
import org.zendesk.client.v2.model.Group;

/** The real Zendesk Java client ({@code com.cloudbees.thirdparty:zendesk-java-client}) against the running service. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ZendeskJavaClientTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Zendesk zendesk;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void start() {
        zendesk = client(TestApp.ADMIN_EMAIL, TestApp.ADMIN_TOKEN);
    }

    @AfterParameterizedClassInvocation
    static void stop() {
        zendesk.close();
    }

    @Test
    void createsGroup() {
        Group created = zendesk.createGroup(named("Tier 2"));

        assertThat(created.getId()).isNotNull();
        assertThat(created.getName()).isEqualTo("Tier 2");
        assertThat(created.getDeleted()).isFalse();
        assertThat(created.getUrl()).isEqualTo(app.http().baseUrl() + "/api/v2/groups/" + created.getId() + ".json");
        assertThat(created.getCreatedAt()).isNotNull();
        assertThat(created.getUpdatedAt()).isNotNull();
        io.groupdesk.groups.Group stored = stored(created.getId());
        assertThat(stored.accountId()).isEqualTo(app.bootstrapAccount());
        assertThat(stored.name()).isEqualTo("Tier 2");
        assertThat(stored.deleted()).isFalse();
        assertThat(created.getCreatedAt().toInstant()).isCloseTo(stored.createdAt(), within(1, ChronoUnit.SECONDS));
    }

    @Test
    void listsEveryGroupAcrossSeveralPages() throws Exception {
        for (int i = 1; i <= 7; i++) {
            zendesk.createGroup(named("Paged " + i));
        }
        List<String> expected = app
                .services()
                .groups()
                .list(app.system(), GroupService.Scope.ALL, false, PageRequest.first(100))
                .items()
                .stream()
                .map(io.groupdesk.groups.Group::name)
                .toList();
        RecordedUrls requests = new RecordedUrls();
        List<String> listed = new ArrayList<>();

        try (AsyncHttpClient http =
                        Dsl.asyncHttpClient(Dsl.config().setFollowRedirect(true).addRequestFilter(requests));
                Zendesk paged = new Zendesk.Builder(app.http().baseUrl())
                        .setClient(http)
                        .setUsername(TestApp.ADMIN_EMAIL)
                        .setToken(TestApp.ADMIN_TOKEN)
                        .setCbpPageSize(2)
                        .build()) {
            for (Group group : paged.getGroups()) {
                listed.add(group.getName());
            }
        }

        assertThat(listed).containsExactlyElementsOf(expected);
        assertThat(listed).contains("Paged 1", "Paged 2", "Paged 3", "Paged 4", "Paged 5", "Paged 6", "Paged 7");
        assertThat(requests.urls()).hasSize((expected.size() + 1) / 2).hasSizeGreaterThanOrEqualTo(4);
        assertThat(requests.urls().get(0)).isEqualTo(app.http().baseUrl() + "/api/v2/groups.json?page%5Bsize%5D=2");
        assertThat(requests.urls().subList(1, requests.urls().size()))
                .allSatisfy(url -> assertThat(url).contains("page%5Bsize%5D=2").contains("page%5Bafter%5D="));
    }

    @Test
    void readsOneGroup() {
        Group created = zendesk.createGroup(named("Readable"));

        Group read = zendesk.getGroup(created.getId());

        assertThat(read.getId()).isEqualTo(created.getId());
        assertThat(read.getName()).isEqualTo("Readable");
        assertThat(read.getDeleted()).isFalse();
        assertThat(read.getUrl()).isEqualTo(created.getUrl());
        assertThat(stored(created.getId()).name()).isEqualTo("Readable");
    }

    @Test
    void unknownGroupReadsAsNull() {
        long theirs = app.fixtures()
                .group(app.fixtures().account().id(), "In another account")
                .id()
                .value();

        Group unknown = zendesk.getGroup(999_999_999L);
        Group otherAccounts = zendesk.getGroup(theirs);

        assertThat(unknown).isNull();
        assertThat(otherAccounts).isNull();
    }

    @Test
    void updateRenamesAndKeepsTheDescription() {
        Response response = app.http()
                .post("/api/v2/groups.json")
                .host("localhost")
                .authorization(Http.basic(TestApp.ADMIN_EMAIL + "/token", TestApp.ADMIN_TOKEN))
                .json("{\"group\": {\"name\": \"Hardware\", \"description\": \"Keep me\"}}")
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        long id = response.json().get("group").get("id").asLong();
        Group group = zendesk.getGroup(id);
        group.setName("Hardware and ICP");

        Group updated = zendesk.updateGroup(group);

        assertThat(updated.getId()).isEqualTo(id);
        assertThat(updated.getName()).isEqualTo("Hardware and ICP");
        assertThat(updated.getDeleted()).isFalse();
        assertThat(zendesk.getGroup(id).getName()).isEqualTo("Hardware and ICP");
        io.groupdesk.groups.Group stored = stored(id);
        assertThat(stored.name()).isEqualTo("Hardware and ICP");
        assertThat(stored.description()).isEqualTo("Keep me");
    }

    @Test
    void deleteMarksTheGroupDeleted() {
        Group created = zendesk.createGroup(named("Short lived"));

        zendesk.deleteGroup(created.getId());

        Group read = zendesk.getGroup(created.getId());
        assertThat(read).isNotNull();
        assertThat(read.getDeleted()).isTrue();
        assertThat(names(zendesk.getGroups())).doesNotContain("Short lived");
        io.groupdesk.groups.Group stored = stored(created.getId());
        assertThat(stored.deleted()).isTrue();
        assertThat(stored.deletedAt()).isNotNull();
    }

    @Test
    void agentGets403OnCreate() {
        TestAgent agent = app.fixtures().agent(app.bootstrapAccount(), Role.AGENT);

        try (Zendesk asAgent = client(agent.email(), agent.token())) {
            assertThatThrownBy(() -> asAgent.createGroup(named("Made by an agent")))
                    .isInstanceOfSatisfying(ZendeskResponseException.class, e -> assertThat(e.getStatusCode())
                            .isEqualTo(403));
            assertThat(names(asAgent.getGroups())).contains("Support");
        }

        assertThat(storedNames()).doesNotContain("Made by an agent");
    }

    @Test
    void wrongTokenGets401() {
        try (Zendesk wrong = client(TestApp.ADMIN_EMAIL, "not-the-token")) {
            assertThatThrownBy(() -> wrong.createGroup(named("Never made")))
                    .isInstanceOfSatisfying(ZendeskResponseException.class, e -> assertThat(e.getStatusCode())
                            .isEqualTo(401));
            assertThatThrownBy(() -> wrong.getGroup(stored("Support").id().value()))
                    .isInstanceOfSatisfying(ZendeskResponseException.class, e -> assertThat(e.getStatusCode())
                            .isEqualTo(401));
        }

        assertThat(storedNames()).doesNotContain("Never made");
    }

    @Test
    void clientWithoutCredentialsGets401() {
        // with nothing set the client sends "Authorization: Bearer null"
        try (Zendesk anonymous = new Zendesk.Builder(app.http().baseUrl()).build()) {
            assertThatThrownBy(() -> anonymous.createGroup(named("Anonymous")))
                    .isInstanceOfSatisfying(ZendeskResponseException.class, e -> assertThat(e.getStatusCode())
                            .isEqualTo(401));
        }

        assertThat(storedNames()).doesNotContain("Anonymous");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static Zendesk client(String email, String token) {
        return new Zendesk.Builder(app.http().baseUrl())
                .setUsername(email)
                .setToken(token)
                .build();
    }

    private static Group named(String name) {
        Group group = new Group();
        group.setName(name);
        return group;
    }

    private static io.groupdesk.groups.Group stored(long id) {
        return app.services().groups().get(app.system(), new GroupId(id));
    }

    private static io.groupdesk.groups.Group stored(String name) {
        return app
                .services()
                .groups()
                .list(app.system(), GroupService.Scope.ALL, false, PageRequest.first(100))
                .items()
                .stream()
                .filter(group -> group.name().equals(name))
                .findFirst()
                .orElseThrow();
    }

    private static List<String> storedNames() {
        return app
                .services()
                .groups()
                .list(app.system(), GroupService.Scope.ALL, true, PageRequest.first(100))
                .items()
                .stream()
                .map(io.groupdesk.groups.Group::name)
                .toList();
    }

    private static List<String> names(Iterable<Group> groups) {
        List<String> names = new ArrayList<>();
        groups.forEach(group -> names.add(group.getName()));
        return names;
    }

    /** Records the URL of every request the client sends, to see how many pages it read. */
    private static final class RecordedUrls implements RequestFilter {
        private final List<String> urls = new CopyOnWriteArrayList<>();

        @Override
        public <T> FilterContext<T> filter(FilterContext<T> ctx) {
            urls.add(ctx.getRequest().getUrl());
            return ctx;
        }

        List<String> urls() {
            return urls;
        }
    }
}
