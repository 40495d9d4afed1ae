package io.groupdesk.api.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.GroupService;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ZendeskIdempotencyTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;
    private static TestAccount account;
    private static TestAccount otherAccount;
    private static TestAgent admin;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
        account = app.fixtures().account();
        otherAccount = app.fixtures().account();
        admin = account.admin();
    }

    @Test
    void replayReturnsTheIdenticalAnswerAndCreatesNothingNew() {
        String key = newKey();
        String body = "{\"group\": {\"name\": \"Replayed group\"}}";

        Response first = createGroup(account, admin, key, body);
        Response replay = createGroup(account, admin, key, body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.header("Location")).isPresent().isEqualTo(first.header("Location"));
        assertThat(replay.header("ETag")).isPresent().isEqualTo(first.header("ETag"));
        assertThat(replay.header("Content-Type")).isEqualTo(first.header("Content-Type"));
        assertThat(first.header("Idempotent-Replayed")).isEmpty();
        assertThat(replay.header("Idempotent-Replayed")).contains("true");
        assertThat(groupsNamed(account, "Replayed group")).hasSize(1);
    }

    @Test
    void theSameKeyWithAnotherBodyIsRefused() {
        String key = newKey();
        createGroup(account, admin, key, "{\"group\": {\"name\": \"Original body\"}}");

        Response response = createGroup(account, admin, key, "{\"group\": {\"name\": \"Another body\"}}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").asString()).isEqualTo("IdempotentRequestError");
        assertThat(response.json().get("description").asString()).contains("Idempotency-Key");
        assertThat(groupsNamed(account, "Another body")).isEmpty();
        assertThat(groupsNamed(account, "Original body")).hasSize(1);
    }

    @Test
    void anotherAccountWithTheSameKeyIsIndependent() {
        String key = newKey();
        String body = "{\"group\": {\"name\": \"Shared key\"}}";

        Response here = createGroup(account, admin, key, body);
        Response there = createGroup(otherAccount, otherAccount.admin(), key, body);

        assertThat(here.status()).isEqualTo(201);
        assertThat(there.status()).isEqualTo(201);
        assertThat(there.header("Idempotent-Replayed")).isEmpty();
        assertThat(there.header("Location")).isNotEqualTo(here.header("Location"));
        assertThat(groupsNamed(account, "Shared key")).hasSize(1);
        assertThat(groupsNamed(otherAccount, "Shared key")).hasSize(1);
    }

    @Test
    void anotherPathWithTheSameKeyIsIndependentButJsonSuffixIsTheSameEndpoint() {
        String key = newKey();
        String email = "idem-" + key + "@example.test";

        Response group = createGroup(account, admin, key, "{\"group\": {\"name\": \"Path one\"}}");
        Response user = http.post("/api/v2/users")
                .host(account.host())
                .as(admin)
                .header("Idempotency-Key", key)
                .json("{\"user\": {\"name\": \"Path two\", \"email\": \"" + email + "\", \"role\": \"agent\"}}")
                .send();
        Response groupWithoutSuffix = http.post("/api/v2/groups")
                .host(account.host())
                .as(admin)
                .header("Idempotency-Key", key)
                .json("{\"group\": {\"name\": \"Path one\"}}")
                .send();

        assertThat(group.status()).isEqualTo(201);
        assertThat(user.status()).isEqualTo(201);
        assertThat(user.header("Idempotent-Replayed")).isEmpty();
        assertThat(groupWithoutSuffix.header("Idempotent-Replayed")).contains("true");
        assertThat(groupsNamed(account, "Path one")).hasSize(1);
        assertThat(app.services()
                        .agents()
                        .get(
                                admin.caller(),
                                new io.groupdesk.shared.AgentId(
                                        user.json().get("user").get("id").asLong()))
                        .email())
                .isEqualTo(email);
    }

    @Test
    void anExpiredKeyIsIgnored() {
        String key = newKey();
        createGroup(account, admin, key, "{\"group\": {\"name\": \"Before expiry\"}}");
        int aged = app.groupdesk().database().jdbi().withHandle(handle -> handle.createUpdate(
                        """
                                UPDATE idempotency_keys SET created_at = :old
                                WHERE account_id = :account AND idempotency_key = :key
                                """)
                .bind(
                        "old",
                        java.time.OffsetDateTime.now(java.time.ZoneOffset.UTC).minusHours(25))
                .bind("account", account.id().value())
                .bind("key", key)
                .execute());

        Response response = createGroup(account, admin, key, "{\"group\": {\"name\": \"After expiry\"}}");
        Response replay = createGroup(account, admin, key, "{\"group\": {\"name\": \"After expiry\"}}");

        assertThat(aged).isEqualTo(1);
        assertThat(response.status()).isEqualTo(201);
        assertThat(response.header("Idempotent-Replayed")).isEmpty();
        assertThat(replay.header("Idempotent-Replayed")).contains("true");
        assertThat(groupsNamed(account, "After expiry")).hasSize(1);
        assertThat(groupsNamed(account, "Before expiry")).hasSize(1);
    }

    @Test
    void aFailedCreateIsNotRememberedSoTheKeyCanBeUsedAgain() {
        String key = newKey();

        Response invalid = createGroup(account, admin, key, "{\"group\": {\"name\": \"\"}}");
        Response valid = createGroup(account, admin, key, "{\"group\": {\"name\": \"After failure\"}}");

        assertThat(invalid.status()).isEqualTo(422);
        assertThat(valid.status()).isEqualTo(201);
        assertThat(groupsNamed(account, "After failure")).hasSize(1);
    }

    @Test
    void membershipCreatesReplayToo() {
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        Group group = app.fixtures().group(account.id(), "Idempotent members");
        Group other = app.fixtures().group(account.id(), "Idempotent many");
        String scoped = "/api/v2/users/" + agent.agent().id().value() + "/group_memberships.json";
        String body = "{\"group_membership\": {\"group_id\": " + group.id().value() + "}}";
        String many = "{\"group_memberships\": [{\"user_id\": "
                + agent.agent().id().value() + ", \"group_id\": " + other.id().value() + "}]}";
        String key = newKey();

        Response first = post(scoped, key, body);
        Response replay = post(scoped, key, body);
        Response firstMany = post("/api/v2/group_memberships/create_many.json", key, many);
        Response replayMany = post("/api/v2/group_memberships/create_many.json", key, many);

        assertThat(first.status()).isEqualTo(201);
        assertThat(replay.body()).isEqualTo(first.body());
        assertThat(replay.header("Idempotent-Replayed")).contains("true");
        assertThat(firstMany.status()).isEqualTo(200);
        assertThat(replayMany.body()).isEqualTo(firstMany.body());
        assertThat(replayMany.header("Idempotent-Replayed")).contains("true");
        assertThat(app
                        .services()
                        .memberships()
                        .ofAgent(admin.caller(), agent.agent().id())
                        .stream()
                        .map(m -> m.groupId())
                        .filter(id -> id.equals(group.id()) || id.equals(other.id())))
                .hasSize(2);
    }

    @Test
    void anInvalidKeyIsABadRequest() {
        Response response = createGroup(account, admin, "x".repeat(256), "{\"group\": {\"name\": \"Long key\"}}");

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.json().get("error").asString()).isEqualTo("InvalidValue");
        assertThat(groupsNamed(account, "Long key")).isEmpty();
    }

    @Test
    void concurrentDuplicatesCreateExactlyOneRecord() throws Exception {
        String key = newKey();
        String body = "{\"group\": {\"name\": \"Raced group\"}}";
        int threads = 8;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> futures = new ArrayList<>();
        try {
            for (int i = 0; i < threads; i++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    return createGroup(account, admin, key, body);
                }));
            }

            start.countDown();
            List<Response> responses = new ArrayList<>();
            for (Future<Response> future : futures) {
                responses.add(future.get());
            }

            assertThat(responses).extracting(Response::status).allMatch(status -> status == 201 || status == 409);
            List<Response> created =
                    responses.stream().filter(r -> r.status() == 201).toList();
            assertThat(created).isNotEmpty();
            assertThat(created)
                    .extracting(Response::body)
                    .containsOnly(created.get(0).body());
            responses.stream().filter(r -> r.status() == 409).forEach(r -> assertThat(
                            r.json().get("error").asString())
                    .isEqualTo("IdempotentRequestInProgress"));
            assertThat(groupsNamed(account, "Raced group")).hasSize(1);
        } finally {
            pool.shutdownNow();
        }
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static String newKey() {
        return UUID.randomUUID().toString();
    }

    private static Response createGroup(TestAccount target, TestAgent caller, String key, String body) {
        return http.post("/api/v2/groups.json")
                .host(target.host())
                .as(caller)
                .header("Idempotency-Key", key)
                .json(body)
                .send();
    }

    private static Response post(String path, String key, String body) {
        return http.post(path)
                .host(account.host())
                .as(admin)
                .header("Idempotency-Key", key)
                .json(body)
                .send();
    }

    private static List<Group> groupsNamed(TestAccount target, String name) {
        return app
                .services()
                .groups()
                .list(Caller.system(target.id()), GroupService.Scope.ALL, true, PageRequest.offset(1, 100))
                .items()
                .stream()
                .filter(group -> group.name().equals(name))
                .toList();
    }
}
