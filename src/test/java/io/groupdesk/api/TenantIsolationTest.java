package io.groupdesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import io.groupdesk.testing.UdeskSigner;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A caller of account A never reaches account B: B's ids answer the dialect's "not found" and reveal nothing, B's
 * Host with A's credentials is refused, and A's lists hold none of B's records, in every dialect.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class TenantIsolationTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;
    private static TestAccount a;
    private static TestAccount b;
    private static TestAgent adminA;
    private static TestAgent agentB;
    private static Group groupB;
    private static Membership membershipB;
    private static String jobB;
    private static String secretName;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
        a = app.fixtures().account();
        b = app.fixtures().account();
        adminA = a.admin();
        app.fixtures().group(a.id(), "Visible in A");
        secretName = "Confidential B " + System.nanoTime();
        groupB = app.fixtures().group(b.id(), secretName);
        agentB = app.fixtures().agent(b.id(), Role.AGENT);
        membershipB = app.fixtures().membership(b.id(), agentB, groupB);
        Response job = http.post("/api/v2/group_memberships/create_many.json")
                .host(b.host())
                .as(b.admin())
                .json("{\"group_memberships\": [{\"user_id\": "
                        + b.admin().agent().id().value() + ", \"group_id\": "
                        + groupB.id().value() + "}]}")
                .send();
        jobB = job.json().get("job_status").get("id").asString();
    }

    private record Call(String dialect, String method, String path, String body) {}

    private static List<Call> callsNamingB() {
        long g = groupB.id().value();
        long u = agentB.agent().id().value();
        long m = membershipB.id().value();
        List<Call> calls = new ArrayList<>();
        for (String suffix : List.of(".json", "")) {
            String v2 = "/api/v2";
            calls.add(new Call("zendesk", "GET", v2 + "/groups/" + g + suffix, null));
            calls.add(new Call("zendesk", "PUT", v2 + "/groups/" + g + suffix, "{\"group\": {\"name\": \"taken\"}}"));
            calls.add(new Call("zendesk", "DELETE", v2 + "/groups/" + g + suffix, null));
            calls.add(new Call("zendesk", "GET", v2 + "/groups/" + g + "/users" + suffix, null));
            calls.add(new Call("zendesk", "GET", v2 + "/groups/" + g + "/memberships" + suffix, null));
            calls.add(new Call("zendesk", "GET", v2 + "/groups/" + g + "/memberships/assignable" + suffix, null));
            calls.add(new Call("zendesk", "GET", v2 + "/users/" + u + suffix, null));
            calls.add(new Call("zendesk", "PUT", v2 + "/users/" + u + suffix, "{\"user\": {\"name\": \"taken\"}}"));
            calls.add(new Call("zendesk", "DELETE", v2 + "/users/" + u + suffix, null));
            calls.add(new Call("zendesk", "GET", v2 + "/users/" + u + "/groups" + suffix, null));
            calls.add(new Call("zendesk", "GET", v2 + "/users/" + u + "/groups/count" + suffix, null));
            calls.add(new Call("zendesk", "GET", v2 + "/users/" + u + "/group_memberships" + suffix, null));
            calls.add(new Call("zendesk", "GET", v2 + "/users/" + u + "/group_memberships/" + m + suffix, null));
            calls.add(new Call("zendesk", "DELETE", v2 + "/users/" + u + "/group_memberships/" + m + suffix, null));
            calls.add(new Call(
                    "zendesk",
                    "POST",
                    v2 + "/users/" + u + "/group_memberships" + suffix,
                    "{\"group_membership\": {\"group_id\": " + g + "}}"));
            calls.add(new Call(
                    "zendesk", "PUT", v2 + "/users/" + u + "/group_memberships/" + m + "/make_default" + suffix, "{}"));
            calls.add(new Call("zendesk", "GET", v2 + "/group_memberships/" + m + suffix, null));
            calls.add(new Call("zendesk", "DELETE", v2 + "/group_memberships/" + m + suffix, null));
            calls.add(new Call(
                    "zendesk",
                    "POST",
                    v2 + "/group_memberships" + suffix,
                    "{\"group_membership\": {\"user_id\": " + u + ", \"group_id\": " + g + "}}"));
            calls.add(new Call("zendesk", "GET", v2 + "/job_statuses/" + jobB + suffix, null));
        }
        calls.add(new Call("xml", "GET", "/groups/" + g + ".xml", null));
        calls.add(new Call("xml", "PUT", "/groups/" + g + ".xml", "<group><name>taken</name></group>"));
        calls.add(new Call("xml", "DELETE", "/groups/" + g + ".xml", null));
        calls.add(new Call("xml", "GET", "/groups/" + g + "/users.xml", null));
        calls.add(new Call("xml", "GET", "/groups/" + g + ".json", null));
        calls.add(new Call("udesk", "PUT", "/open_api_v1/user_groups/" + g, "{\"name\": \"taken\"}"));
        calls.add(new Call("udesk", "DELETE", "/open_api_v1/user_groups/" + g, null));
        calls.add(new Call("udesk", "GET", "/open_api_v1/user_groups/" + g + "/agents", null));
        calls.add(new Call("udesk", "PUT", "/open_api_v1/agents/" + u, "{\"agent\": {\"nick_name\": \"taken\"}}"));
        calls.add(new Call("udesk", "DELETE", "/open_api_v1/agents/" + u, null));
        calls.add(new Call("usedesk", "POST", "/users", "{\"user_id\": \"" + u + "\"}"));
        calls.add(new Call("usedesk", "POST", "/update/user", "{\"user_id\": \"" + u + "\", \"name\": \"taken\"}"));
        calls.add(new Call("usedesk", "POST", "/delete/user", "{\"user_id\": \"" + u + "\"}"));
        calls.add(new Call("usedesk", "POST", "/users", "{\"group_id\": \"" + g + "\"}"));
        return calls;
    }

    @Test
    void namingAnotherAccountsIdsAnswersNotFoundAndRevealsNothing() {
        List<String> failures = new ArrayList<>();
        for (Call call : callsNamingB()) {
            // when
            Response response = send(call, a.host(), adminA);

            // then
            String where = call + " → " + response;
            if (!notFound(call.dialect(), call.path(), response)) {
                failures.add("not 'not found': " + where);
            }
            if (reveals(response)) {
                failures.add("reveals B: " + where);
            }
        }
        assertThat(failures).isEmpty();
        Caller systemB = Caller.system(b.id());
        assertThat(app.services().groups().get(systemB, groupB.id()).name()).isEqualTo(secretName);
        assertThat(app.services().groups().get(systemB, groupB.id()).deleted()).isFalse();
        assertThat(app.services().agents().get(systemB, agentB.agent().id()).name())
                .isEqualTo(agentB.agent().name());
        assertThat(app.services()
                        .memberships()
                        .get(systemB, membershipB.id(), java.util.Optional.empty())
                        .groupId())
                .isEqualTo(groupB.id());
    }

    @Test
    void anotherAccountsHostWithTheseCredentialsIsRefused() {
        List<String> failures = new ArrayList<>();
        for (Call call : List.of(
                new Call("zendesk", "GET", "/api/v2/groups.json", null),
                new Call("zendesk", "GET", "/api/v2/users/me.json", null),
                new Call("zendesk", "GET", "/api/v2/groupdesk/account.json", null),
                new Call("xml", "GET", "/groups.xml", null),
                new Call("udesk", "GET", "/open_api_v1/user_groups", null),
                new Call("udesk", "GET", "/open_api_v1/agents", null),
                new Call("usedesk", "POST", "/groups", "{}"),
                new Call("usedesk", "POST", "/users", "{}"))) {
            // when
            Response response = send(call, b.host(), adminA);

            // then
            boolean refused = call.dialect().equals("udesk")
                    ? response.json().path("code").asInt() != 1000
                    : response.status() == 401;
            if (!refused || reveals(response)) {
                failures.add(call + " → " + response);
            }
        }
        Response logIn = http.post("/open_api_v1/log_in")
                .host(b.host())
                .json("{\"email\": \"" + adminA.email() + "\", \"password\": \"" + adminA.password() + "\"}")
                .send();
        if (logIn.json().path("code").asInt() == 1000) {
            failures.add("udesk log_in with A's password on B's host → " + logIn.status());
        }
        assertThat(failures).isEmpty();
    }

    @Test
    void listsNeverMixAccounts() {
        List<String> failures = new ArrayList<>();
        for (Call call : List.of(
                new Call("zendesk", "GET", "/api/v2/groups.json?exclude_deleted=false", null),
                new Call("zendesk", "GET", "/api/v2/groups/assignable.json", null),
                new Call("zendesk", "GET", "/api/v2/users.json", null),
                new Call("zendesk", "GET", "/api/v2/group_memberships.json?include=users,groups", null),
                new Call("zendesk", "GET", "/api/v2/group_memberships/assignable.json", null),
                new Call("zendesk", "GET", "/api/v2/job_statuses.json", null),
                new Call("zendesk", "GET", "/api/v2/job_statuses/show_many.json?ids=" + jobB, null),
                new Call("zendesk", "GET", "/api/v2/groups.json?page[size]=100&include=users", null),
                new Call("xml", "GET", "/groups.xml", null),
                new Call("xml", "GET", "/groups.json", null),
                new Call("udesk", "GET", "/open_api_v1/user_groups", null),
                new Call("udesk", "GET", "/open_api_v1/agents?with_disabled=true", null),
                new Call("usedesk", "POST", "/groups", "{}"),
                new Call("usedesk", "POST", "/users", "{}"))) {
            // when
            Response response = send(call, a.host(), adminA);

            // then
            if (response.status() != 200
                    || reveals(response)
                    || !response.body().contains("Visible in A")
                            && !call.path().contains("users")
                            && !call.path().contains("job_statuses")
                            && !call.path().contains("agents")
                            && !call.path().contains("memberships")) {
                failures.add(call + " → " + response);
            }
            if (call.path().contains("job_statuses") && response.body().contains(jobB)) {
                failures.add("job of B listed: " + call + " → " + response);
            }
        }
        assertThat(failures).isEmpty();
    }

    private static Response send(Call call, String host, TestAgent caller) {
        String path = call.path();
        Http.Request request;
        if (call.dialect().equals("udesk")) {
            path += (path.contains("?") ? "&" : "?")
                    + UdeskSigner.v2(caller.email(), caller.token()).query();
        }
        request = switch (call.method()) {
            case "POST" -> http.post(path);
            case "PUT" -> http.put(path);
            case "DELETE" -> http.delete(path);
            default -> http.get(path);
        };
        request.host(host);
        switch (call.dialect()) {
            case "zendesk", "xml" -> request.as(caller);
            case "usedesk" -> {
                String body = call.body() == null ? "{}" : call.body();
                String rest = body.equals("{}") ? "}" : ", " + body.substring(1);
                return request.json("{\"api_token\": \"" + caller.token() + "\"" + rest)
                        .send();
            }
            default -> {}
        }
        if (call.body() != null) {
            request.body(
                    call.path().endsWith(".xml") ? "application/xml" : "application/json",
                    call.body().getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return request.send();
    }

    private static boolean notFound(String dialect, String path, Response response) {
        return switch (dialect) {
            case "udesk" -> response.json().path("code").asInt() == 2005;
                // creating a membership that names B's agent and group: the named records do not exist here
            case "zendesk" -> response.status() == 404
                    || (path.endsWith("group_memberships") || path.endsWith("group_memberships.json"))
                            && response.status() == 422;
            default -> response.status() == 404;
        };
    }

    private static boolean reveals(Response response) {
        String body = response.body();
        return body.contains(secretName)
                || body.contains(agentB.email())
                || body.contains(agentB.agent().name())
                || body.contains(b.admin().email())
                || body.contains(b.account().subdomain());
    }
}
