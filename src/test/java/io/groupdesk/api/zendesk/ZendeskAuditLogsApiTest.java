package io.groupdesk.api.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.events.Change;
import io.groupdesk.events.EventType;
import io.groupdesk.events.MembershipHistory;
import io.groupdesk.events.NewEvent;
import io.groupdesk.events.Origin;
import io.groupdesk.events.RecordedEvents;
import io.groupdesk.events.Via;
import io.groupdesk.groups.Group;
import io.groupdesk.shared.Role;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
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
class ZendeskAuditLogsApiTest {
    private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";
    private static final Origin API = new Origin(Via.API, Optional.of("req-audit"), Optional.of("203.0.113.5"));

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;
    private static TestAccount account;
    private static TestAgent admin;
    private static TestAgent agent;
    private static RecordedEvents events;
    private static Group tier2;
    private static long renameId;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
        account = app.fixtures().account();
        admin = account.admin();
        agent = app.fixtures().agent(account.id(), Role.AGENT);
        events = new RecordedEvents(app.groupdesk().database().jdbi(), Clock.systemUTC());
        tier2 = app.fixtures().group(account.id(), "Tier 2 (EU)");
        events.record(
                admin.caller(),
                API,
                NewEvent.ofGroup(
                        EventType.GROUP_UPDATED,
                        tier2.id(),
                        "Tier 2 (EU)",
                        Map.of("name", new Change("Tier 2", "Tier 2 (EU)"))));
        renameId = events.mark(account.id());
    }

    @Test
    void showsAnEntryInZendesksFieldsWithChangesAndVia() {
        Response response = http.get("/api/v2/audit_logs/" + renameId + ".json")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode entry = response.json().get("audit_log");
        List<String> fields = new ArrayList<>();
        entry.propertyNames().forEach(fields::add);
        assertThat(fields)
                .containsExactly(
                        "url",
                        "id",
                        "action",
                        "action_label",
                        "actor_id",
                        "actor_name",
                        "change_description",
                        "created_at",
                        "ip_address",
                        "source_id",
                        "source_label",
                        "source_type",
                        "changes",
                        "via");
        assertThat(entry.get("url").asString())
                .isEqualTo("http://" + account.host() + "/api/v2/audit_logs/" + renameId + ".json");
        assertThat(entry.get("id").asLong()).isEqualTo(renameId);
        assertThat(entry.get("action").asString()).isEqualTo("update");
        assertThat(entry.get("action_label").asString()).isEqualTo("Updated");
        assertThat(entry.get("actor_id").asLong()).isEqualTo(admin.agent().id().value());
        assertThat(entry.get("actor_name").asString()).isEqualTo(admin.agent().name());
        assertThat(entry.get("change_description").asString()).isEqualTo("Name changed from Tier 2 to Tier 2 (EU)");
        assertThat(entry.get("created_at").asString()).matches(TIMESTAMP);
        assertThat(entry.get("ip_address").asString()).isEqualTo("203.0.113.5");
        assertThat(entry.get("source_id").asLong()).isEqualTo(tier2.id().value());
        assertThat(entry.get("source_label").asString()).isEqualTo("Tier 2 (EU)");
        assertThat(entry.get("source_type").asString()).isEqualTo("group");
        assertThat(entry.get("changes").toString())
                .isEqualTo("{\"name\":{\"from\":\"Tier 2\",\"to\":\"Tier 2 (EU)\"}}");
        assertThat(entry.get("via").asString()).isEqualTo("api");
    }

    @Test
    void aRenameThroughTheApiIsInTheAuditLogInWords() {
        Group group = app.fixtures().group(account.id(), "Tier 3");

        Response rename = http.put("/api/v2/groups/" + group.id().value() + ".json")
                .host(account.host())
                .as(admin)
                .json("{\"group\": {\"name\": \"Tier 3 (EU)\"}}")
                .send();
        JsonNode entries = get("/api/v2/audit_logs.json?filter[source_type]=group&filter[source_id]="
                + group.id().value() + "&filter[action]=update");

        assertThat(rename.status()).as(rename.body()).isEqualTo(200);
        JsonNode entry = entries.get("audit_logs").get(0);
        assertThat(entries.get("audit_logs")).hasSize(1);
        assertThat(entry.get("change_description").asString()).isEqualTo("Name changed from Tier 3 to Tier 3 (EU)");
        assertThat(entry.get("actor_id").asLong()).isEqualTo(admin.agent().id().value());
        assertThat(entry.get("source_label").asString()).isEqualTo("Tier 3 (EU)");
        assertThat(entry.get("via").asString()).isEqualTo("api");
        assertThat(entry.get("changes").get("name").get("from").asString()).isEqualTo("Tier 3");
    }

    @Test
    void theSystemIsActorMinusOne() {
        events.record(
                Caller.system(account.id()),
                Origin.of(Via.IMPORT),
                NewEvent.ofGroup(
                        EventType.GROUP_UPDATED,
                        tier2.id(),
                        "Tier 2 (EU)",
                        Map.of("description", Change.created("Imported"))));
        long id = events.mark(account.id());

        JsonNode entry = http.get("/api/v2/audit_logs/" + id)
                .host(account.host())
                .as(admin)
                .send()
                .json()
                .get("audit_log");
        JsonNode listed = http.get("/api/v2/audit_logs.json?filter[actor_id]=-1&filter[source_id]="
                        + tier2.id().value() + "&filter[source_type]=group")
                .host(account.host())
                .as(admin)
                .send()
                .json();

        assertThat(entry.get("actor_id").asLong()).isEqualTo(-1);
        assertThat(entry.get("actor_name").asString()).isEqualTo("Groupdesk");
        assertThat(entry.get("via").asString()).isEqualTo("import");
        assertThat(entry.get("ip_address").isNull()).isTrue();
        assertThat(entry.get("change_description").asString()).isEqualTo("Description set to Imported");
        assertThat(ids(listed)).contains(id).doesNotContain(renameId);
    }

    @Test
    void filtersBySourceActorAddressActionAndTime() {
        Instant before = MembershipHistory.between(); // after the rename the class recorded first
        TestAgent other = app.fixtures().agent(account.id(), Role.ADMIN);
        Group sales = app.fixtures().group(account.id(), "Sales " + System.nanoTime());
        events.record(
                other.caller(),
                new Origin(Via.CONSOLE, Optional.empty(), Optional.of("198.51.100.77")),
                NewEvent.ofGroup(
                        EventType.GROUP_DELETED, sales.id(), sales.name(), Map.of("deleted", new Change(false, true))));
        long deleted = events.mark(account.id());
        String base = "/api/v2/audit_logs.json?";

        assertThat(ids(get(base + "filter[source_type]=group&filter[source_id]="
                        + sales.id().value())))
                .contains(deleted)
                .doesNotContain(renameId);
        assertThat(ids(get(base + "filter[actor_id]=" + other.agent().id().value())))
                .containsExactly(deleted);
        assertThat(ids(get(base + "filter[ip_address]=198.51.100.77"))).containsExactly(deleted);
        assertThat(ids(get(base + "filter[action]=destroy&filter[actor_id]="
                        + other.agent().id().value())))
                .containsExactly(deleted);
        assertThat(ids(get(base + "filter[action]=create&filter[actor_id]="
                        + other.agent().id().value())))
                .isEmpty();
        assertThat(ids(get(base + "filter[created_at][]=" + encode(before.toString()) + "&filter[created_at][]="
                        + encode(Instant.now().plusSeconds(5).toString()))))
                .contains(deleted)
                .doesNotContain(renameId);
    }

    @Test
    void sortsNewestFirstUnlessAskedOtherwise() {
        JsonNode newest = get("/api/v2/audit_logs.json?filter[source_type]=group");
        JsonNode oldest = get("/api/v2/audit_logs.json?filter[source_type]=group&sort=created_at");

        List<Long> newestIds = ids(newest);
        List<Long> oldestIds = ids(oldest);
        assertThat(newestIds).isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(oldestIds).isSortedAccordingTo(Long::compare);
        assertThat(newestIds).containsExactlyInAnyOrderElementsOf(oldestIds);
    }

    @Test
    void pagesWithCursorsAndOffsets() {
        for (int i = 0; i < 3; i++) {
            events.record(
                    admin.caller(),
                    API,
                    NewEvent.ofGroup(
                            EventType.GROUP_UPDATED,
                            tier2.id(),
                            "Tier 2 (EU)",
                            Map.of("description", new Change("a" + i, "b" + i))));
        }
        String filter = "filter[source_id]=" + tier2.id().value() + "&filter[source_type]=group";
        List<Long> all = ids(get("/api/v2/audit_logs.json?" + filter));

        JsonNode first = get("/api/v2/audit_logs.json?" + filter + "&page[size]=2");
        JsonNode second = get(first.get("links").get("next").asString());
        JsonNode offset = get("/api/v2/audit_logs.json?" + filter + "&per_page=2&page=2");

        assertThat(ids(first)).isEqualTo(all.subList(0, 2));
        assertThat(first.get("meta").get("has_more").asBoolean()).isTrue();
        assertThat(ids(second)).isEqualTo(all.subList(2, Math.min(4, all.size())));
        assertThat(ids(offset)).isEqualTo(all.subList(2, Math.min(4, all.size())));
        assertThat(offset.get("count").asLong()).isEqualTo(all.size());
        assertThat(offset.get("previous_page").asString()).contains("page=1");
    }

    @Test
    void refusesBadFilterValuesWithZendesksError() {
        for (String query : List.of(
                "filter[source_type]=ticket",
                "filter[action]=login",
                "filter[source_id]=abc",
                "filter[actor_id]=-5",
                "filter[created_at][]=yesterday",
                "sort=name",
                "page[after]=nonsense")) {
            Response response = http.get("/api/v2/audit_logs.json?" + query)
                    .host(account.host())
                    .as(admin)
                    .send();

            assertThat(response.status()).as(query + " " + response.body()).isEqualTo(400);
            assertThat(response.json().get("error").asString()).as(query).startsWith("Invalid");
        }
    }

    @Test
    void admitsOnlyAdmins() {
        for (String path : List.of("/api/v2/audit_logs.json", "/api/v2/audit_logs/" + renameId + ".json")) {
            Response anonymous = http.get(path).host(account.host()).send();
            Response asAgent = http.get(path).host(account.host()).as(agent).send();

            assertThat(anonymous.status()).as(path).isEqualTo(401);
            assertThat(asAgent.status()).as(path).isEqualTo(403);
        }
    }

    @Test
    void anotherAccountsEntryIsNotFound() {
        TestAccount other = app.fixtures().account();

        Response response = http.get("/api/v2/audit_logs/" + renameId + ".json")
                .host(other.host())
                .as(other.admin())
                .send();
        Response unknown = http.get("/api/v2/audit_logs/99999999.json")
                .host(account.host())
                .as(admin)
                .send();

        assertThat(response.status()).isEqualTo(404);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.json().get("error").asString()).isEqualTo("RecordNotFound");
    }

    private static JsonNode get(String path) {
        Response response = http.get(path).host(account.host()).as(admin).send();
        assertThat(response.status()).as(path + " " + response.body()).isEqualTo(200);
        return response.json();
    }

    private static List<Long> ids(JsonNode page) {
        List<Long> ids = new ArrayList<>();
        page.get("audit_logs").forEach(entry -> ids.add(entry.get("id").asLong()));
        return ids;
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
