package io.groupdesk.api.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.agents.Agent;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ZendeskConditionalRequestsTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;
    private static TestAccount account;
    private static TestAgent admin;
    private static TestAgent otherAdmin;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
        account = app.fixtures().account();
        admin = account.admin();
        otherAdmin = app.fixtures().agent(account.id(), Role.ADMIN);
    }

    // ---- ETag ---------------------------------------------------------------------------------------------------

    @Test
    void everySingleGroupAnswerCarriesTheSameETagUntilTheGroupChanges() {
        Response created = http.post("/api/v2/groups.json")
                .host(account.host())
                .as(admin)
                .json("{\"group\": {\"name\": \"Etag created\"}}")
                .send();
        long id = created.json().get("group").get("id").asLong();

        Response shown = get("/api/v2/groups/" + id + ".json");
        Response updated = put("/api/v2/groups/" + id + ".json", "{\"group\": {\"name\": \"Etag renamed\"}}", null);

        assertThat(created.status()).isEqualTo(201);
        assertThat(created.header("ETag")).isPresent();
        assertThat(shown.header("ETag")).isEqualTo(created.header("ETag"));
        assertThat(created.header("ETag").orElseThrow()).matches("\"" + id + "\\.\\d+\"");
        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.header("ETag")).isPresent().isNotEqualTo(created.header("ETag"));
        assertThat(get("/api/v2/groups/" + id + ".json").header("ETag")).isEqualTo(updated.header("ETag"));
    }

    @Test
    void etagChangesOnEveryUpdateEvenWithinOneMicrosecond() {
        Group group = app.fixtures().group(account.id(), "Rapid");
        Set<String> tags = new HashSet<>();
        tags.add(etagOf("/api/v2/groups/" + group.id().value()));

        for (int i = 0; i < 10; i++) {
            Response updated = put(
                    "/api/v2/groups/" + group.id().value(),
                    "{\"group\": {\"description\": \"change " + i + "\"}}",
                    null);
            tags.add(updated.header("ETag").orElseThrow());
        }

        assertThat(tags).hasSize(11);
    }

    @Test
    void userAndMembershipAnswersCarryETags() {
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        Group group = app.fixtures().group(account.id(), "Etag members");
        Membership membership = app.fixtures().membership(account.id(), agent, group);

        Response user = get("/api/v2/users/" + agent.agent().id().value() + ".json");
        Response shown = get("/api/v2/group_memberships/" + membership.id().value() + ".json");
        Response shownOfUser = get("/api/v2/users/" + agent.agent().id().value() + "/group_memberships/"
                + membership.id().value() + ".json");

        assertThat(user.header("ETag"))
                .contains(ZendeskETags.of(
                        agent.agent().id().value(), currentAgent(agent).updatedAt()));
        assertThat(shown.header("ETag"))
                .contains(ZendeskETags.of(membership.id().value(), membership.updatedAt()));
        assertThat(shownOfUser.header("ETag")).isEqualTo(shown.header("ETag"));
    }

    // ---- If-Match on groups -------------------------------------------------------------------------------------

    @Test
    void staleIfMatchOnGroupUpdateIsRefusedAndNothingChanges() {
        Group group = app.fixtures().group(account.id(), "Stale target");
        String stale = etagOf("/api/v2/groups/" + group.id().value());
        put("/api/v2/groups/" + group.id().value(), "{\"group\": {\"description\": \"moved on\"}}", null);

        Response response =
                put("/api/v2/groups/" + group.id().value(), "{\"group\": {\"name\": \"Lost write\"}}", stale);

        assertThat(response.status()).isEqualTo(412);
        assertThat(response.json().get("error").asString()).isEqualTo("PreconditionFailed");
        assertThat(response.json().get("description").asString()).contains("changed");
        Group stored = app.services().groups().get(admin.caller(), group.id());
        assertThat(stored.name()).isEqualTo("Stale target");
        assertThat(stored.description()).isEqualTo("moved on");
    }

    @Test
    void freshIfMatchUpdatesGroup() {
        Group group = app.fixtures().group(account.id(), "Fresh target");
        String fresh = etagOf("/api/v2/groups/" + group.id().value());

        Response response =
                put("/api/v2/groups/" + group.id().value(), "{\"group\": {\"name\": \"Fresh renamed\"}}", fresh);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("group").get("name").asString()).isEqualTo("Fresh renamed");
        assertThat(app.services().groups().get(admin.caller(), group.id()).name())
                .isEqualTo("Fresh renamed");
    }

    @Test
    void ifMatchListMatchesWhenAnyTagMatchesAndAWeakPrefixIsIgnored() {
        Group group = app.fixtures().group(account.id(), "Listed tags");
        String fresh = etagOf("/api/v2/groups/" + group.id().value());

        Response response = put(
                "/api/v2/groups/" + group.id().value(),
                "{\"group\": {\"name\": \"Listed renamed\"}}",
                "\"1.1\", W/" + fresh);

        assertThat(response.status()).isEqualTo(200);
        assertThat(app.services().groups().get(admin.caller(), group.id()).name())
                .isEqualTo("Listed renamed");
    }

    @Test
    void starMatchesAnyExistingGroupButNotAMissingOne() {
        Group group = app.fixtures().group(account.id(), "Star target");
        put("/api/v2/groups/" + group.id().value(), "{\"group\": {\"description\": \"changed\"}}", null);

        Response response =
                put("/api/v2/groups/" + group.id().value(), "{\"group\": {\"name\": \"Star renamed\"}}", "*");
        Response missing = put("/api/v2/groups/999999999", "{\"group\": {\"name\": \"Nobody\"}}", "*");

        assertThat(response.status()).isEqualTo(200);
        assertThat(app.services().groups().get(admin.caller(), group.id()).name())
                .isEqualTo("Star renamed");
        assertThat(missing.status()).isEqualTo(404);
    }

    @Test
    void malformedOrForeignIfMatchMatchesNothing() {
        Group group = app.fixtures().group(account.id(), "Foreign tags");
        Group other = app.fixtures().group(account.id(), "Other tags");
        String otherTag = etagOf("/api/v2/groups/" + other.id().value());

        Response foreign =
                put("/api/v2/groups/" + group.id().value(), "{\"group\": {\"name\": \"Foreign 1\"}}", otherTag);
        Response garbage =
                put("/api/v2/groups/" + group.id().value(), "{\"group\": {\"name\": \"Foreign 2\"}}", "\"x.y\"");

        assertThat(foreign.status()).isEqualTo(412);
        assertThat(garbage.status()).isEqualTo(412);
        assertThat(app.services().groups().get(admin.caller(), group.id()).name())
                .isEqualTo("Foreign tags");
    }

    @Test
    void secondAdministratorWritingFromTheSameReadIsRefused() {
        Group group = app.fixtures().group(account.id(), "Contested");
        String readByFirst = etagOf("/api/v2/groups/" + group.id().value());
        String readBySecond = http.get("/api/v2/groups/" + group.id().value())
                .host(account.host())
                .as(otherAdmin)
                .send()
                .header("ETag")
                .orElseThrow();

        Response first =
                put("/api/v2/groups/" + group.id().value(), "{\"group\": {\"name\": \"First wins\"}}", readByFirst);
        Response second = http.put("/api/v2/groups/" + group.id().value())
                .host(account.host())
                .as(otherAdmin)
                .header("If-Match", readBySecond)
                .json("{\"group\": {\"name\": \"Second loses\"}}")
                .send();

        assertThat(readBySecond).isEqualTo(readByFirst);
        assertThat(first.status()).isEqualTo(200);
        assertThat(second.status()).isEqualTo(412);
        assertThat(app.services().groups().get(admin.caller(), group.id()).name())
                .isEqualTo("First wins");
    }

    @Test
    void staleIfMatchOnGroupDeleteIsRefusedAndFreshOneDeletes() {
        Group group = app.fixtures().group(account.id(), "Delete target");
        String stale = etagOf("/api/v2/groups/" + group.id().value());
        String fresh = put("/api/v2/groups/" + group.id().value(), "{\"group\": {\"description\": \"new\"}}", null)
                .header("ETag")
                .orElseThrow();

        Response refused = delete("/api/v2/groups/" + group.id().value() + ".json", stale);
        boolean deletedAfterRefusal =
                app.services().groups().get(admin.caller(), group.id()).deleted();
        Response deleted = delete("/api/v2/groups/" + group.id().value() + ".json", fresh);

        assertThat(refused.status()).isEqualTo(412);
        assertThat(deletedAfterRefusal).isFalse();
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(app.services().groups().get(admin.caller(), group.id()).deleted())
                .isTrue();
    }

    // ---- If-Match on users --------------------------------------------------------------------------------------

    @Test
    void staleIfMatchOnUserUpdateAndDeleteIsRefusedAndFreshOneApplies() {
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        String path = "/api/v2/users/" + agent.agent().id().value();
        String stale = etagOf(path);
        Response renamed = put(path, "{\"user\": {\"name\": \"Renamed agent\"}}", stale);
        String fresh = renamed.header("ETag").orElseThrow();

        Response staleUpdate = put(path, "{\"user\": {\"name\": \"Lost agent write\"}}", stale);
        Response staleDelete = delete(path, stale);
        boolean activeAfterRefusals = currentAgent(agent).active();
        Response freshDelete = delete(path, fresh);

        assertThat(renamed.status()).isEqualTo(200);
        assertThat(fresh).isNotEqualTo(stale);
        assertThat(staleUpdate.status()).isEqualTo(412);
        assertThat(staleUpdate.json().get("error").asString()).isEqualTo("PreconditionFailed");
        assertThat(staleDelete.status()).isEqualTo(412);
        assertThat(activeAfterRefusals).isTrue();
        assertThat(freshDelete.status()).isEqualTo(200);
        Agent stored = currentAgent(agent);
        assertThat(stored.name()).isEqualTo("Renamed agent");
        assertThat(stored.active()).isFalse();
    }

    // ---- If-Match on memberships --------------------------------------------------------------------------------

    @Test
    void staleIfMatchOnMembershipDeleteIsRefusedAndFreshOneDeletes() {
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        Group first = app.fixtures().group(account.id(), "Membership first");
        Group second = app.fixtures().group(account.id(), "Membership second");
        app.fixtures().membership(account.id(), agent, first);
        Membership membership = app.fixtures().membership(account.id(), agent, second);
        String path = "/api/v2/group_memberships/" + membership.id().value() + ".json";
        String stale = etagOf(path);
        Response madeDefault = http.put("/api/v2/users/" + agent.agent().id().value() + "/group_memberships/"
                        + membership.id().value() + "/make_default.json")
                .host(account.host())
                .as(admin)
                .send();

        Response refused = delete(path, stale);
        boolean keptAfterRefusal = membershipsOf(agent).contains(membership.id().value());
        Response deleted = delete(path, etagOf(path));

        assertThat(madeDefault.status()).isEqualTo(200);
        assertThat(refused.status()).isEqualTo(412);
        assertThat(keptAfterRefusal).isTrue();
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(membershipsOf(agent)).doesNotContain(membership.id().value());
    }

    @Test
    void userScopedMembershipDeleteHonoursIfMatch() {
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        Group group = app.fixtures().group(account.id(), "Scoped membership");
        Membership membership = app.fixtures().membership(account.id(), agent, group);
        String path = "/api/v2/users/" + agent.agent().id().value() + "/group_memberships/"
                + membership.id().value();
        String fresh = etagOf(path);

        Response foreign = delete(path, "\"" + membership.id().value() + ".1\"");
        Response deleted = delete(path, fresh);

        assertThat(foreign.status()).isEqualTo(412);
        assertThat(deleted.status()).isEqualTo(204);
        assertThat(membershipsOf(agent)).doesNotContain(membership.id().value());
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    private static Response get(String path) {
        return http.get(path).host(account.host()).as(admin).send();
    }

    private static String etagOf(String path) {
        Response response = get(path);
        assertThat(response.status()).isEqualTo(200);
        return response.header("ETag").orElseThrow();
    }

    private static Response put(String path, String json, String ifMatch) {
        Http.Request request = http.put(path).host(account.host()).as(admin).json(json);
        if (ifMatch != null) {
            request.header("If-Match", ifMatch);
        }
        return request.send();
    }

    private static Response delete(String path, String ifMatch) {
        return http.delete(path)
                .host(account.host())
                .as(admin)
                .header("If-Match", ifMatch)
                .send();
    }

    private static Agent currentAgent(TestAgent agent) {
        return app.services().agents().get(admin.caller(), agent.agent().id());
    }

    private static List<Long> membershipsOf(TestAgent agent) {
        return app
                .services()
                .memberships()
                .ofAgent(admin.caller(), agent.agent().id())
                .stream()
                .map(m -> m.id().value())
                .toList();
    }
}
