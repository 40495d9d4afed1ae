package io.groupdesk.api.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.events.MembershipHistory;
import io.groupdesk.events.Origin;
import io.groupdesk.events.RecordedEvents;
import io.groupdesk.events.Via;
import io.groupdesk.groups.Group;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * {@code as_of} on a group's and a user's memberships: who was a member then, before and after an add, a default
 * move and a removal, paged as without it.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ZendeskMembershipsAsOfApiTest {
    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;
    private static TestAccount account;
    private static TestAgent ada;
    private static TestAgent viewer;
    private static Group first;
    private static Group second;
    private static Membership inFirst;
    private static Membership inSecond;
    private static Instant beforeAdd;
    private static Instant afterAdds;
    private static Instant afterDefaultMove;
    private static Instant afterRemoval;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
        account = app.fixtures().accountWithoutGroups();
        // the agents before any group: an account's first group is its default group, which every new agent joins
        ada = app.fixtures().agent(account.id(), Role.AGENT);
        viewer = app.fixtures().agent(account.id(), Role.AGENT);
        first = app.fixtures().group(account.id(), "Tier 1");
        second = app.fixtures().group(account.id(), "Tier 2");
        MembershipHistory history = new MembershipHistory(
                app.services().memberships(),
                new RecordedEvents(app.groupdesk().database().jdbi(), Clock.systemUTC()),
                Origin.of(Via.API));
        AgentId id = ada.agent().id();
        beforeAdd = MembershipHistory.between();
        inFirst = history.add(account.admin().caller(), id, first);
        inSecond = history.add(account.admin().caller(), id, second);
        afterAdds = MembershipHistory.between();
        history.makeDefault(account.admin().caller(), inSecond);
        afterDefaultMove = MembershipHistory.between();
        history.remove(account.admin().caller(), inFirst);
        afterRemoval = MembershipHistory.between();
    }

    @Test
    void aGroupsMembersBeforeAndAfterAnAdd() {
        assertThat(memberships("/api/v2/groups/" + first.id().value() + "/memberships.json?as_of=" + beforeAdd))
                .isEmpty();
        assertThat(memberships("/api/v2/groups/" + first.id().value() + "/memberships.json?as_of=" + afterAdds))
                .containsExactly(inFirst.id().value() + ":true");
    }

    @Test
    void aRemovedMembershipIsListedAsOfBeforeItsRemovalOnly() {
        String path = "/api/v2/groups/" + first.id().value() + "/memberships?as_of=";

        assertThat(memberships(path + afterDefaultMove))
                .containsExactly(inFirst.id().value() + ":false");
        assertThat(memberships(path + afterRemoval)).isEmpty();
        assertThat(memberships("/api/v2/groups/" + first.id().value() + "/memberships.json"))
                .isEmpty();
    }

    @Test
    void theDefaultIsTheOneOfThatTime() {
        String path = "/api/v2/users/" + ada.agent().id().value() + "/group_memberships.json?as_of=";

        assertThat(memberships(path + afterAdds))
                .containsExactly(inFirst.id().value() + ":true", inSecond.id().value() + ":false");
        assertThat(memberships(path + afterDefaultMove))
                .containsExactly(inFirst.id().value() + ":false", inSecond.id().value() + ":true");
        assertThat(memberships(path + afterRemoval))
                .containsExactly(inSecond.id().value() + ":true");
    }

    @Test
    void rendersMembershipsAsTheListDoes() {
        JsonNode page =
                get("/api/v2/users/" + ada.agent().id().value() + "/group_memberships.json?as_of=" + afterDefaultMove);
        JsonNode removed = page.get("group_memberships").get(0);

        assertThat(removed.get("url").asString())
                .isEqualTo("http://" + account.host() + "/api/v2/group_memberships/"
                        + inFirst.id().value() + ".json");
        assertThat(removed.get("user_id").asLong()).isEqualTo(ada.agent().id().value());
        assertThat(removed.get("group_id").asLong()).isEqualTo(first.id().value());
        assertThat(removed.get("created_at").asString()).isEqualTo(ZendeskJson.timestamp(inFirst.createdAt()));
        assertThat(page.get("count").asLong()).isEqualTo(2);
        assertThat(page.get("next_page").isNull()).isTrue();
    }

    @Test
    void pagesAsOfATimeLikeTheListOfNow() {
        JsonNode firstPage = get("/api/v2/users/" + ada.agent().id().value() + "/group_memberships.json?as_of="
                + afterDefaultMove + "&page[size]=1");
        JsonNode secondPage = get(firstPage.get("links").get("next").asString());
        JsonNode offsetPage = get("/api/v2/users/" + ada.agent().id().value() + "/group_memberships.json?as_of="
                + afterDefaultMove + "&per_page=1&page=2");

        assertThat(ids(firstPage)).containsExactly(inFirst.id().value());
        assertThat(firstPage.get("meta").get("has_more").asBoolean()).isTrue();
        assertThat(ids(secondPage)).containsExactly(inSecond.id().value());
        assertThat(secondPage.get("meta").get("has_more").asBoolean()).isFalse();
        assertThat(ids(offsetPage)).containsExactly(inSecond.id().value());
        assertThat(offsetPage.get("count").asLong()).isEqualTo(2);
    }

    @Test
    void takesEpochSeconds() {
        // the first whole second after the last change, waited for: epoch seconds name no finer time
        long now = afterRemoval.getEpochSecond() + 1;
        while (Instant.now().getEpochSecond() < now) {
            Thread.onSpinWait();
        }

        assertThat(memberships("/api/v2/groups/" + second.id().value() + "/memberships.json?as_of=" + now))
                .containsExactly(inSecond.id().value() + ":true");
    }

    @Test
    void refusesTimesWithoutHistory() {
        String path = "/api/v2/groups/" + first.id().value() + "/memberships.json?as_of=";
        Response future = send(path + Instant.now().plusSeconds(3600));
        Response beforeHistory = send(path + "2001-01-01T00:00:00Z");
        Response malformed = send(path + "last-tuesday");

        assertThat(future.status()).isEqualTo(422);
        assertThat(future.json()
                        .get("details")
                        .get("as_of")
                        .get(0)
                        .get("description")
                        .asString())
                .contains("in the future");
        assertThat(beforeHistory.status()).isEqualTo(422);
        assertThat(beforeHistory
                        .json()
                        .get("details")
                        .get("as_of")
                        .get(0)
                        .get("description")
                        .asString())
                .contains("before membership history began");
        assertThat(malformed.status()).isEqualTo(400);
    }

    @Test
    void keepsTheVisibilityRulesAndAccounts() {
        Group secret = app.fixtures().privateGroup(account.id(), "Secret");
        TestAccount other = app.fixtures().account();
        String asOf = "?as_of=" + Instant.now();

        Response hidden = http.get("/api/v2/groups/" + secret.id().value() + "/memberships.json" + asOf)
                .host(account.host())
                .as(viewer)
                .send();
        Response foreign = http.get("/api/v2/groups/" + first.id().value() + "/memberships.json" + asOf)
                .host(other.host())
                .as(other.admin())
                .send();
        Response anonymous = http.get("/api/v2/groups/" + first.id().value() + "/memberships.json" + asOf)
                .host(account.host())
                .send();
        Response asAgent = http.get("/api/v2/groups/" + second.id().value() + "/memberships.json" + asOf)
                .host(account.host())
                .as(viewer)
                .send();

        assertThat(hidden.status()).isEqualTo(404);
        assertThat(foreign.status()).isEqualTo(404);
        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(asAgent.status()).isEqualTo(200);
        assertThat(ids(asAgent.json())).containsExactly(inSecond.id().value());
    }

    private static Response send(String path) {
        return http.get(path).host(account.host()).as(account.admin()).send();
    }

    private static JsonNode get(String path) {
        Response response = send(path);
        assertThat(response.status()).as(path + " " + response.body()).isEqualTo(200);
        return response.json();
    }

    /** Each membership as {@code id:default}. */
    private static List<String> memberships(String path) {
        List<String> rows = new ArrayList<>();
        get(path)
                .get("group_memberships")
                .forEach(m ->
                        rows.add(m.get("id").asLong() + ":" + m.get("default").asBoolean()));
        return rows;
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("group_memberships").forEach(m -> ids.add(m.get("id").asLong()));
        return ids;
    }
}
