package io.groupdesk.api.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.events.Change;
import io.groupdesk.events.EventType;
import io.groupdesk.events.MembershipHistory;
import io.groupdesk.events.NewEvent;
import io.groupdesk.events.Origin;
import io.groupdesk.events.RecordedEvents;
import io.groupdesk.events.Via;
import io.groupdesk.shared.Cursor;
import io.groupdesk.shared.GroupId;
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
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ZendeskEventsFeedApiTest {
    private static final Origin API = new Origin(Via.API, Optional.of("req-feed"), Optional.of("203.0.113.8"));

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;
    private static RecordedEvents events;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
        events = new RecordedEvents(app.groupdesk().database().jdbi(), Clock.systemUTC());
    }

    @Test
    void followsAfterUrlThroughEveryEventInOrder() {
        TestAccount account = app.fixtures().account();
        long start = events.mark(account.id());
        for (int i = 0; i < 5; i++) {
            events.record(account.admin().caller(), API, renamed(100 + i));
        }

        JsonNode first = feed(account, "/api/v2/groupdesk/events.json?per_page=3&cursor=" + new Cursor(start).encode());
        JsonNode second = feed(account, first.get("after_url").asString());
        JsonNode third = feed(account, second.get("after_url").asString());

        assertThat(ids(first)).containsExactly(start + 1, start + 2, start + 3);
        assertThat(first.get("count").asInt()).isEqualTo(3);
        assertThat(first.get("end_of_stream").asBoolean()).isFalse();
        assertThat(first.get("after_cursor").asString()).isEqualTo(new Cursor(start + 3).encode());
        assertThat(ids(second)).containsExactly(start + 4, start + 5);
        assertThat(second.get("end_of_stream").asBoolean()).isTrue();
        assertThat(ids(third)).isEmpty();
        assertThat(third.get("after_cursor").asString())
                .isEqualTo(second.get("after_cursor").asString());
    }

    @Test
    void aMembershipAddedThroughTheApiComesNextInTheFeed() {
        TestAccount account = app.fixtures().account();
        TestAgent member = app.fixtures().agent(account.id(), Role.AGENT);
        long group = app.fixtures().group(account.id(), "Feed").id().value();
        String cursor = new Cursor(events.mark(account.id())).encode();

        Response added = http.post("/api/v2/group_memberships.json")
                .host(account.host())
                .as(account.admin())
                .json("{\"group_membership\": {\"user_id\": "
                        + member.agent().id().value() + ", \"group_id\": " + group + "}}")
                .send();
        JsonNode page = feed(account, "/api/v2/groupdesk/events.json?cursor=" + cursor);

        assertThat(added.status()).as(added.body()).isEqualTo(201);
        JsonNode event = page.get("events").get(0);
        assertThat(page.get("count").asInt()).isEqualTo(1);
        assertThat(event.get("type").asString()).isEqualTo("zen:event-type:user.group_membership_created");
        assertThat(event.get("source_id").asLong())
                .isEqualTo(added.json().get("group_membership").get("id").asLong());
        assertThat(event.get("agent_id").asLong()).isEqualTo(member.agent().id().value());
        assertThat(event.get("group_id").asLong()).isEqualTo(group);
        assertThat(event.get("actor_id").asLong())
                .isEqualTo(account.admin().agent().id().value());
        assertThat(event.get("via").asString()).isEqualTo("api");
    }

    @Test
    void rendersEachEventWithNumericIds() {
        TestAccount account = app.fixtures().account();
        events.record(
                account.admin().caller(),
                API,
                NewEvent.ofMembership(
                        EventType.USER_GROUP_MEMBERSHIP_CREATED,
                        4242,
                        account.admin().agent().id(),
                        new GroupId(77),
                        Map.of("group_id", Change.created(77L))));
        long id = events.mark(account.id());

        JsonNode event = feed(account, "/api/v2/groupdesk/events?cursor=" + new Cursor(id - 1).encode())
                .get("events")
                .get(0);

        List<String> fields = new ArrayList<>();
        event.propertyNames().forEach(fields::add);
        assertThat(fields)
                .containsExactly(
                        "id",
                        "type",
                        "time",
                        "source_type",
                        "source_id",
                        "agent_id",
                        "group_id",
                        "actor_id",
                        "via",
                        "request_id",
                        "ip_address",
                        "changes");
        assertThat(event.get("id").isNumber()).isTrue();
        assertThat(event.get("id").asLong()).isEqualTo(id);
        assertThat(event.get("type").asString()).isEqualTo("zen:event-type:user.group_membership_created");
        assertThat(event.get("source_type").asString()).isEqualTo("group_membership");
        assertThat(event.get("source_id").asLong()).isEqualTo(4242);
        assertThat(event.get("agent_id").asLong())
                .isEqualTo(account.admin().agent().id().value());
        assertThat(event.get("group_id").asLong()).isEqualTo(77);
        assertThat(event.get("actor_id").asLong())
                .isEqualTo(account.admin().agent().id().value());
        assertThat(event.get("via").asString()).isEqualTo("api");
        assertThat(event.get("request_id").asString()).isEqualTo("req-feed");
        assertThat(event.get("ip_address").asString()).isEqualTo("203.0.113.8");
        assertThat(event.get("changes").toString()).isEqualTo("{\"group_id\":{\"from\":null,\"to\":77}}");
    }

    @Test
    void startsAtStartTimeInEpochSecondsOrIso() {
        TestAccount account = app.fixtures().account();
        events.record(account.admin().caller(), API, renamed(201));
        // the next whole second, waited for: epoch seconds name no finer time
        long second = Instant.now().getEpochSecond() + 1;
        while (Instant.now().getEpochSecond() < second) {
            Thread.onSpinWait();
        }
        Instant between = MembershipHistory.between();
        events.record(account.admin().caller(), API, renamed(202));

        JsonNode iso = feed(account, "/api/v2/groupdesk/events.json?start_time=" + between);
        JsonNode epoch = feed(account, "/api/v2/groupdesk/events.json?start_time=" + second);

        assertThat(sourceIds(iso)).containsExactly(202L);
        assertThat(sourceIds(epoch)).containsExactly(202L);
        assertThat(epoch.get("end_of_stream").asBoolean()).isTrue();
    }

    @Test
    void aCursorBeforeSweptEventsIsAClearErrorRatherThanAGap() {
        TestAccount account = app.fixtures().account();
        long start = events.mark(account.id());
        events.record(account.admin().caller(), API, renamed(301));
        events.record(account.admin().caller(), API, renamed(302));
        app.groupdesk().database().jdbi().useHandle(handle -> handle.createUpdate(
                        "DELETE FROM events WHERE account_id = :account AND id <= :id")
                .bind("account", account.id().value())
                .bind("id", start + 1)
                .execute());

        Response response = http.get("/api/v2/groupdesk/events.json?cursor=" + new Cursor(start).encode())
                .host(account.host())
                .as(account.admin())
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.json()
                        .get("details")
                        .get("cursor")
                        .get(0)
                        .get("description")
                        .asString())
                .contains("older than the oldest event kept");
    }

    @Test
    void refusesCursorsItNeverGave() {
        TestAccount account = app.fixtures().account();
        for (String query : List.of("cursor=garbage", "start_time=soon", "per_page=0")) {
            Response response = http.get("/api/v2/groupdesk/events.json?" + query)
                    .host(account.host())
                    .as(account.admin())
                    .send();

            assertThat(response.status()).as(query).isEqualTo(400);
        }
        Response future = http.get(
                        "/api/v2/groupdesk/events.json?cursor=" + new Cursor(events.mark(account.id()) + 10).encode())
                .host(account.host())
                .as(account.admin())
                .send();
        assertThat(future.status()).isEqualTo(422);
    }

    @Test
    void admitsOnlyAdminsAndKeepsAccountsApart() {
        TestAccount account = app.fixtures().account();
        TestAccount other = app.fixtures().account();
        TestAgent agent = app.fixtures().agent(account.id(), Role.AGENT);
        events.record(other.admin().caller(), API, renamed(401));

        Response anonymous =
                http.get("/api/v2/groupdesk/events.json").host(account.host()).send();
        Response asAgent = http.get("/api/v2/groupdesk/events.json")
                .host(account.host())
                .as(agent)
                .send();
        JsonNode mine = feed(account, "/api/v2/groupdesk/events.json");

        assertThat(anonymous.status()).isEqualTo(401);
        assertThat(asAgent.status()).isEqualTo(403);
        assertThat(sourceIds(mine)).doesNotContain(401L);
    }

    private static JsonNode feed(TestAccount account, String path) {
        Response response =
                http.get(path).host(account.host()).as(account.admin()).send();
        assertThat(response.status()).as(path + " " + response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("events").forEach(event -> ids.add(event.get("id").asLong()));
        return ids;
    }

    private static List<Long> sourceIds(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("events").forEach(event -> ids.add(event.get("source_id").asLong()));
        return ids;
    }

    private static NewEvent renamed(long group) {
        return NewEvent.ofGroup(
                EventType.GROUP_UPDATED, new GroupId(group), "G" + group, Map.of("name", new Change("F", "G" + group)));
    }
}
