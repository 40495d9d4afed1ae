package io.groupdesk.api.contract;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.api.contract.GroupsDialectDriver.Actor;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/** What an identity provider changes through SCIM, every dialect's own client reads at once. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ScimChangesThroughEveryDialectTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static TestAccount account;
    private static List<GroupsDialectDriver> dialects;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        account = app.fixtures().account();
        dialects = List.of(
                new ZendeskJsonDialectDriver(app.http()),
                new ZendeskXmlDialectDriver(app.http()),
                new UdeskDialectDriver(app.http()),
                new UsedeskDialectDriver(app.http()));
    }

    @Test
    void aMemberPushedThroughScimIsInTheGroupInEveryDialect() throws Exception {
        String user =
                scim("POST", "/Users", "{\"userName\": \"pushed@example.test\", \"displayName\": \"Pushed\"}", 201);
        String group = scim(
                "POST",
                "/Groups",
                "{\"displayName\": \"Pushed group\", \"members\": [{\"value\": \"" + user + "\"}]}",
                201);
        GroupId groupId = new GroupId(Long.parseLong(group));

        for (GroupsDialectDriver dialect : dialects) {
            assertThat(dialect.members(Actor.admin(account), groupId))
                    .as(dialect.getClass().getSimpleName())
                    .containsExactly(new AgentId(Long.parseLong(user)));
        }

        scim(
                "PATCH",
                "/Groups/" + group,
                "{\"Operations\": [{\"op\": \"remove\", \"path\": \"members[value eq \\\"" + user + "\\\"]\"}]}",
                200);

        for (GroupsDialectDriver dialect : dialects) {
            assertThat(dialect.members(Actor.admin(account), groupId))
                    .as(dialect.getClass().getSimpleName())
                    .isEqualTo(Set.of());
        }
    }

    /** A SCIM request as the account's administrator; the id of what it answers. */
    private static String scim(String method, String path, String body, int status) throws Exception {
        HttpResponse<String> response = CLIENT.send(
                HttpRequest.newBuilder(URI.create(app.http().baseUrl() + "/scim/v2" + path))
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .header("Host", account.host())
                        .header("Authorization", "Bearer " + account.admin().token())
                        .header("Content-Type", "application/scim+json")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body()).get("id").asString();
    }
}
