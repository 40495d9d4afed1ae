package io.groupdesk.api.zendesk;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.access.Caller;
import io.groupdesk.accounts.Account;
import io.groupdesk.groups.Group;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.WeeklyHours;
import io.groupdesk.shared.WeeklyHours.Range;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.time.DayOfWeek;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;

/**
 * Groupdesk's working-time extensions of the Zendesk v2 API: a group's {@code time_zone} and {@code working_hours}
 * fields, and {@code /api/v2/groupdesk/account}, which holds the account's fallbacks and its settings.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ZendeskWorkingHoursApiTest {
    private static final String TIMESTAMP = "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ";
    private static final String MONDAY_NINE_TO_FIVE = "{\"monday\":[{\"start\":\"09:00\",\"end\":\"17:00\"}]}";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static Http http;
    private static TestAccount account;
    private static TestAgent admin;
    private static TestAgent agent;

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        http = app.http();
        account = app.fixtures().account();
        admin = account.admin();
        agent = app.fixtures().agent(account.id(), Role.AGENT);
    }

    // ---- group fields: round trip -------------------------------------------------------------------------------

    @Test
    void createsGroupWithTimeZoneAndWorkingHours() {
        String name = unique("Berlin office");

        Response response = createRaw(
                "{\"group\": {\"name\": \"" + name + "\", \"time_zone\": \"Europe/Berlin\","
                        + " \"working_hours\": {\"friday\": [{\"start\": \"10:00\", \"end\": \"14:00\"}],"
                        + " \"monday\": [{\"start\": \"13:00\", \"end\": \"17:00\"}, {\"start\": \"09:00\", \"end\": \"12:00\"}]}}}");

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        JsonNode group = response.json().get("group");
        String expectedHours =
                "{\"monday\":[{\"start\":\"09:00\",\"end\":\"12:00\"},{\"start\":\"13:00\",\"end\":\"17:00\"}],"
                        + "\"friday\":[{\"start\":\"10:00\",\"end\":\"14:00\"}]}";
        assertThat(group.get("time_zone").asString()).isEqualTo("Europe/Berlin");
        assertThat(group.get("working_hours").toString()).isEqualTo(expectedHours);
        long id = group.get("id").asLong();
        Group stored = stored(id);
        assertThat(stored.timeZone()).isEqualTo("Europe/Berlin");
        assertThat(stored.workingHours().days())
                .containsOnlyKeys(DayOfWeek.MONDAY, DayOfWeek.FRIDAY)
                .containsEntry(DayOfWeek.MONDAY, List.of(range("09:00", "12:00"), range("13:00", "17:00")))
                .containsEntry(DayOfWeek.FRIDAY, List.of(range("10:00", "14:00")));
        JsonNode shown = show(id);
        assertThat(shown.get("time_zone").asString()).isEqualTo("Europe/Berlin");
        assertThat(shown.get("working_hours").toString()).isEqualTo(expectedHours);
    }

    @Test
    void acceptsShortAndCapitalisedDayNamesAndMidnightAsAnEnd() {
        Response response = createRaw(
                "{\"group\": {\"name\": \"" + unique("Night shift") + "\", \"working_hours\":"
                        + " {\"tue\": [{\"start\": \"22:00\", \"end\": \"24:00\"}], \"SAT\": [{\"start\": \"00:00\", \"end\": \"06:30\"}]}}}");

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.json().get("group").get("working_hours").toString())
                .isEqualTo("{\"tuesday\":[{\"start\":\"22:00\",\"end\":\"24:00\"}],"
                        + "\"saturday\":[{\"start\":\"00:00\",\"end\":\"06:30\"}]}");
        assertThat(response.json().get("group").get("time_zone").isNull()).isTrue();
        WeeklyHours hours =
                stored(response.json().get("group").get("id").asLong()).workingHours();
        assertThat(hours.days().get(DayOfWeek.TUESDAY)).containsExactly(new Range(LocalTime.of(22, 0), LocalTime.MAX));
        assertThat(hours.days().get(DayOfWeek.SATURDAY)).containsExactly(range("00:00", "06:30"));
    }

    @Test
    void acceptsAdjacentRangesOnOneDay() {
        Response response = createRaw(
                "{\"group\": {\"name\": \"" + unique("Split day") + "\", \"working_hours\":"
                        + " {\"wednesday\": [{\"start\": \"09:00\", \"end\": \"12:00\"}, {\"start\": \"12:00\", \"end\": \"17:00\"}]}}}");

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(stored(response.json().get("group").get("id").asLong())
                        .workingHours()
                        .days()
                        .get(DayOfWeek.WEDNESDAY))
                .containsExactly(range("09:00", "12:00"), range("12:00", "17:00"));
    }

    @Test
    void groupWithoutItsOwnWorkingTimeShowsNulls() {
        Response response = createRaw("{\"group\": {\"name\": \"" + unique("Plain") + "\"}}");

        assertThat(response.status()).isEqualTo(201);
        JsonNode group = response.json().get("group");
        assertThat(group.has("time_zone")).isTrue();
        assertThat(group.get("time_zone").isNull()).isTrue();
        assertThat(group.has("working_hours")).isTrue();
        assertThat(group.get("working_hours").isNull()).isTrue();
        Group stored = stored(group.get("id").asLong());
        assertThat(stored.timeZone()).isNull();
        assertThat(stored.workingHours().isEmpty()).isTrue();
    }

    @Test
    void updatesTimeZoneAndWorkingHoursEachOnItsOwn() {
        long id = create("{\"time_zone\": \"Europe/Berlin\", \"working_hours\": " + MONDAY_NINE_TO_FIVE + "}");

        Response zone = update(id, "{\"group\": {\"time_zone\": \"Asia/Tokyo\"}}");
        Group afterZone = stored(id);
        Response hours = update(
                id, "{\"group\": {\"working_hours\": {\"sunday\": [{\"start\": \"08:00\", \"end\": \"10:00\"}]}}}");
        Group afterHours = stored(id);

        assertThat(zone.status()).as(zone.body()).isEqualTo(200);
        assertThat(zone.json().get("group").get("time_zone").asString()).isEqualTo("Asia/Tokyo");
        assertThat(zone.json().get("group").get("working_hours").toString()).isEqualTo(MONDAY_NINE_TO_FIVE);
        assertThat(afterZone.timeZone()).isEqualTo("Asia/Tokyo");
        assertThat(afterZone.workingHours().days()).containsOnlyKeys(DayOfWeek.MONDAY);
        assertThat(hours.status()).as(hours.body()).isEqualTo(200);
        assertThat(hours.json().get("group").get("working_hours").toString())
                .isEqualTo("{\"sunday\":[{\"start\":\"08:00\",\"end\":\"10:00\"}]}");
        assertThat(afterHours.timeZone()).isEqualTo("Asia/Tokyo");
        assertThat(afterHours.workingHours().days())
                .containsOnlyKeys(DayOfWeek.SUNDAY)
                .containsEntry(DayOfWeek.SUNDAY, List.of(range("08:00", "10:00")));
    }

    @Test
    void updatesWithoutTheFieldsLeaveThemAlone() {
        long id = create("{\"time_zone\": \"America/Chicago\", \"working_hours\": " + MONDAY_NINE_TO_FIVE + "}");

        Response response = update(id, "{\"group\": {\"description\": \"unrelated\"}}");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().get("group").get("time_zone").asString()).isEqualTo("America/Chicago");
        assertThat(response.json().get("group").get("working_hours").toString()).isEqualTo(MONDAY_NINE_TO_FIVE);
        Group stored = stored(id);
        assertThat(stored.timeZone()).isEqualTo("America/Chicago");
        assertThat(stored.workingHours().days()).containsOnlyKeys(DayOfWeek.MONDAY);
        assertThat(stored.description()).isEqualTo("unrelated");
    }

    @Test
    void clearsTimeZoneAndWorkingHoursWithNull() {
        long id = create("{\"time_zone\": \"Europe/Berlin\", \"working_hours\": " + MONDAY_NINE_TO_FIVE + "}");

        Response response = update(id, "{\"group\": {\"time_zone\": null, \"working_hours\": null}}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.json().get("group").get("time_zone").isNull()).isTrue();
        assertThat(response.json().get("group").get("working_hours").isNull()).isTrue();
        Group stored = stored(id);
        assertThat(stored.timeZone()).isNull();
        assertThat(stored.workingHours().isEmpty()).isTrue();
        assertThat(show(id).get("working_hours").isNull()).isTrue();
    }

    @Test
    void emptyScheduleMeansNoHoursOfItsOwn() {
        long id = create("{\"working_hours\": " + MONDAY_NINE_TO_FIVE + "}");

        Response emptyObject = update(id, "{\"group\": {\"working_hours\": {}}}");
        Response emptyDays = createRaw("{\"group\": {\"name\": \"" + unique("Empty days")
                + "\", \"working_hours\": {\"monday\": [], \"friday\": []}}}");

        assertThat(emptyObject.status()).as(emptyObject.body()).isEqualTo(200);
        assertThat(emptyObject.json().get("group").get("working_hours").isNull())
                .isTrue();
        assertThat(stored(id).workingHours().isEmpty()).isTrue();
        assertThat(emptyDays.status()).as(emptyDays.body()).isEqualTo(201);
        assertThat(emptyDays.json().get("group").get("working_hours").isNull()).isTrue();
        assertThat(stored(emptyDays.json().get("group").get("id").asLong())
                        .workingHours()
                        .isEmpty())
                .isTrue();
    }

    // ---- group fields: validation -------------------------------------------------------------------------------

    @Test
    void rejectsUnknownTimeZones() {
        long id = create("{\"time_zone\": \"Europe/Berlin\"}");
        for (String zone : List.of("Mars/Olympus", "europe/berlin", "+05:00", "CEST", "Europe/Berlin/Mitte")) {
            String name = unique("Zone " + zone);

            Response created = createRaw("{\"group\": {\"name\": \"" + name + "\", \"time_zone\": \"" + zone + "\"}}");
            Response updated = update(id, "{\"group\": {\"time_zone\": \"" + zone + "\"}}");

            for (Response response : List.of(created, updated)) {
                JsonNode detail = assertRecordInvalid(response, "time_zone");
                assertThat(detail.get("description").asString())
                        .as(zone)
                        .isEqualTo(
                                "Time zone: must be an IANA time zone name such as Europe/Berlin, not '" + zone + "'");
            }
            assertThat(groupNames()).doesNotContain(name);
        }
        assertThat(stored(id).timeZone()).isEqualTo("Europe/Berlin");
    }

    @Test
    void rejectsTimeZoneThatIsNotAString() {
        long id = create("{\"time_zone\": \"Europe/Berlin\"}");

        Response object = update(id, "{\"group\": {\"time_zone\": {\"name\": \"Asia/Tokyo\"}}}");
        Response array = update(id, "{\"group\": {\"time_zone\": [\"Asia/Tokyo\"]}}");
        Response number = update(id, "{\"group\": {\"time_zone\": 3}}");

        assertThat(assertRecordInvalid(object, "time_zone").get("description").asString())
                .isEqualTo("Time zone: must be a string");
        assertRecordInvalid(array, "time_zone");
        assertRecordInvalid(number, "time_zone");
        assertThat(stored(id).timeZone()).isEqualTo("Europe/Berlin");
    }

    @Test
    void rejectsMalformedTimes() {
        long id = create("{\"working_hours\": " + MONDAY_NINE_TO_FIVE + "}");
        List<String[]> ranges = List.of(
                new String[] {"9:00", "17:00"},
                new String[] {"09:00", "5pm"},
                new String[] {"25:00", "26:00"},
                new String[] {"09:60", "17:00"},
                new String[] {"24:00", "24:00"},
                new String[] {"", "17:00"},
                new String[] {"09:00:00", "17:00:00"},
                new String[] {"09h00", "17h00"},
                new String[] {"٠٩:٠٠", "17:00"});
        for (String[] range : ranges) {
            String hours = "{\"thursday\": [{\"start\": \"" + range[0] + "\", \"end\": \"" + range[1] + "\"}]}";
            String name = unique("Times " + range[0]);

            Response created = createRaw("{\"group\": {\"name\": \"" + name + "\", \"working_hours\": " + hours + "}}");
            Response updated = update(id, "{\"group\": {\"working_hours\": " + hours + "}}");

            for (Response response : List.of(created, updated)) {
                JsonNode detail = assertRecordInvalid(response, "working_hours");
                assertThat(detail.get("description").asString())
                        .as(range[0] + "-" + range[1])
                        .startsWith("Working hours: times must be written HH:MM");
            }
            assertThat(groupNames()).doesNotContain(name);
        }
        assertThat(stored(id).workingHours().days()).containsOnlyKeys(DayOfWeek.MONDAY);
    }

    @Test
    void rejectsRangesThatEndBeforeTheyStart() {
        long id = create("{\"working_hours\": " + MONDAY_NINE_TO_FIVE + "}");
        for (String[] range : List.of(new String[] {"17:00", "09:00"}, new String[] {"09:00", "09:00"})) {
            String hours = "{\"monday\": [{\"start\": \"" + range[0] + "\", \"end\": \"" + range[1] + "\"}]}";
            String name = unique("Backwards " + range[0]);

            Response created = createRaw("{\"group\": {\"name\": \"" + name + "\", \"working_hours\": " + hours + "}}");
            Response updated = update(id, "{\"group\": {\"working_hours\": " + hours + "}}");

            for (Response response : List.of(created, updated)) {
                assertThat(assertRecordInvalid(response, "working_hours")
                                .get("description")
                                .asString())
                        .isEqualTo("Working hours: has a range on mon that ends before it starts");
            }
            assertThat(groupNames()).doesNotContain(name);
        }
        assertThat(stored(id).workingHours().days().get(DayOfWeek.MONDAY)).containsExactly(range("09:00", "17:00"));
    }

    @Test
    void rejectsOverlappingRanges() {
        long id = create("{\"working_hours\": " + MONDAY_NINE_TO_FIVE + "}");
        List<String> days = List.of(
                "{\"friday\": [{\"start\": \"09:00\", \"end\": \"13:00\"}, {\"start\": \"12:00\", \"end\": \"17:00\"}]}",
                "{\"friday\": [{\"start\": \"12:00\", \"end\": \"17:00\"}, {\"start\": \"09:00\", \"end\": \"18:00\"}]}",
                "{\"friday\": [{\"start\": \"09:00\", \"end\": \"17:00\"}, {\"start\": \"09:00\", \"end\": \"17:00\"}]}");
        for (String hours : days) {
            String name = unique("Overlap");

            Response created = createRaw("{\"group\": {\"name\": \"" + name + "\", \"working_hours\": " + hours + "}}");
            Response updated = update(id, "{\"group\": {\"working_hours\": " + hours + "}}");

            for (Response response : List.of(created, updated)) {
                assertThat(assertRecordInvalid(response, "working_hours")
                                .get("description")
                                .asString())
                        .as(hours)
                        .isEqualTo("Working hours: has overlapping ranges on fri");
            }
            assertThat(groupNames()).doesNotContain(name);
        }
        assertThat(stored(id).workingHours().days()).containsOnlyKeys(DayOfWeek.MONDAY);
    }

    @Test
    void rejectsMalformedSchedules() {
        long id = create("{\"working_hours\": " + MONDAY_NINE_TO_FIVE + "}");
        List<String> schedules = List.of(
                "\"09:00-17:00\"",
                "[{\"start\": \"09:00\", \"end\": \"17:00\"}]",
                "true",
                "{\"funday\": [{\"start\": \"09:00\", \"end\": \"17:00\"}]}",
                "{\"monday\": {\"start\": \"09:00\", \"end\": \"17:00\"}}",
                "{\"monday\": [\"09:00-17:00\"]}",
                "{\"monday\": [{\"start\": \"09:00\"}]}",
                "{\"monday\": [{\"end\": \"17:00\"}]}",
                "{\"monday\": [{\"start\": 9, \"end\": 17}]}",
                "{\"monday\": [{\"start\": null, \"end\": \"17:00\"}]}",
                "{\"monday\": null}");
        for (String schedule : schedules) {
            String name = unique("Schedule");

            Response created =
                    createRaw("{\"group\": {\"name\": \"" + name + "\", \"working_hours\": " + schedule + "}}");
            Response updated = update(id, "{\"group\": {\"working_hours\": " + schedule + "}}");

            for (Response response : List.of(created, updated)) {
                JsonNode detail = assertRecordInvalid(response, "working_hours");
                assertThat(detail.get("description").asString())
                        .as(schedule)
                        .startsWith("Working hours: must map days to ranges");
            }
            assertThat(groupNames()).doesNotContain(name);
        }
        assertThat(stored(id).workingHours().days()).containsOnlyKeys(DayOfWeek.MONDAY);
    }

    @Test
    void aScheduleTooLongToStoreIsKeptWholeOrRefusedNeverA500() {
        long id = create("{\"working_hours\": " + MONDAY_NINE_TO_FIVE + "}");
        String hours = longSchedule();
        String name = unique("Minute by minute");

        Response created = createRaw("{\"group\": {\"name\": \"" + name + "\", \"working_hours\": " + hours + "}}");
        Response updated = update(id, "{\"group\": {\"working_hours\": " + hours + "}}");

        if (created.status() == 201) {
            assertThat(created.json().get("group").get("working_hours").toString())
                    .isEqualTo(hours);
            assertThat(show(created.json().get("group").get("id").asLong())
                            .get("working_hours")
                            .toString())
                    .isEqualTo(hours);
        } else {
            assertRecordInvalid(created, "working_hours");
            assertThat(groupNames()).doesNotContain(name);
        }
        if (updated.status() == 200) {
            assertThat(stored(id).workingHours().days().get(DayOfWeek.SUNDAY)).hasSize(60);
        } else {
            assertRecordInvalid(updated, "working_hours");
            assertThat(stored(id).workingHours().days()).containsOnlyKeys(DayOfWeek.MONDAY);
        }
    }

    @Test
    void anAccountScheduleTooLongToStoreIsKeptWholeOrRefusedNeverA500() {
        TestAccount shop = app.fixtures().account();
        String hours = longSchedule();

        Response response = putAccount(shop, shop.admin(), "{\"account\": {\"working_hours\": " + hours + "}}");

        if (response.status() == 200) {
            assertThat(response.json().get("account").get("working_hours").toString())
                    .isEqualTo(hours);
            assertThat(app.services()
                            .accounts()
                            .get(system(shop))
                            .workingHours()
                            .days())
                    .hasSize(7);
        } else {
            assertRecordInvalid(response, "working_hours");
            assertThat(app.services()
                            .accounts()
                            .get(system(shop))
                            .workingHours()
                            .isEmpty())
                    .isTrue();
        }
    }

    @Test
    void agentsCannotSetWorkingTime() {
        long id = create("{\"time_zone\": \"Europe/Berlin\"}");

        Response response = http.put("/api/v2/groups/" + id + ".json")
                .host(account.host())
                .as(agent)
                .json("{\"group\": {\"time_zone\": \"Asia/Tokyo\", \"working_hours\": null}}")
                .send();

        assertThat(response.status()).isEqualTo(403);
        assertThat(stored(id).timeZone()).isEqualTo("Europe/Berlin");
    }

    // ---- /api/v2/groupdesk/account ------------------------------------------------------------------------------

    @Test
    void showsTheAccount() {
        TestAccount shop = app.fixtures().account();

        Response asAdmin = getAccount(shop, shop.admin());
        Response asAgent = getAccount(shop, app.fixtures().agent(shop.id(), Role.AGENT));

        assertThat(asAdmin.status()).as(asAdmin.body()).isEqualTo(200);
        JsonNode shown = asAdmin.json().get("account");
        assertThat(List.copyOf(shown.propertyNames()))
                .containsExactly(
                        "id",
                        "subdomain",
                        "name",
                        "time_zone",
                        "working_hours",
                        "settings",
                        "created_at",
                        "updated_at");
        Account stored = app.services().accounts().get(system(shop));
        assertThat(shown.get("id").asLong()).isEqualTo(stored.id().value());
        assertThat(shown.get("subdomain").asString()).isEqualTo(stored.subdomain());
        assertThat(shown.get("name").asString()).isEqualTo(stored.name());
        assertThat(shown.get("time_zone").asString()).isEqualTo("UTC");
        assertThat(shown.get("working_hours").isNull()).isTrue();
        assertThat(shown.get("settings").isObject()).isTrue();
        assertThat(shown.get("settings")).isEmpty();
        assertThat(shown.get("created_at").asString()).matches(TIMESTAMP);
        assertThat(shown.get("updated_at").asString()).matches(TIMESTAMP);
        assertThat(asAgent.status()).isEqualTo(200);
        assertThat(asAgent.json()).isEqualTo(asAdmin.json());
    }

    @Test
    void updatesNameTimeZoneAndWorkingHours() {
        TestAccount shop = app.fixtures().account();

        Response response = putAccount(
                shop,
                shop.admin(),
                "{\"account\": {\"name\": \"Renamed shop\", \"time_zone\": \"Europe/Moscow\", \"working_hours\": "
                        + MONDAY_NINE_TO_FIVE + "}}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode shown = response.json().get("account");
        assertThat(shown.get("name").asString()).isEqualTo("Renamed shop");
        assertThat(shown.get("time_zone").asString()).isEqualTo("Europe/Moscow");
        assertThat(shown.get("working_hours").toString()).isEqualTo(MONDAY_NINE_TO_FIVE);
        Account stored = app.services().accounts().get(system(shop));
        assertThat(stored.name()).isEqualTo("Renamed shop");
        assertThat(stored.timeZone()).isEqualTo("Europe/Moscow");
        assertThat(stored.workingHours().days())
                .containsOnlyKeys(DayOfWeek.MONDAY)
                .containsEntry(DayOfWeek.MONDAY, List.of(range("09:00", "17:00")));
        assertThat(getAccount(shop, shop.admin()).json()).isEqualTo(response.json());
    }

    @Test
    void updatesOnlyTheAccountFieldsSent() {
        TestAccount shop = app.fixtures().account();
        putAccount(
                shop,
                shop.admin(),
                "{\"account\": {\"name\": \"Kept name\", \"time_zone\": \"Asia/Tokyo\", \"working_hours\": "
                        + MONDAY_NINE_TO_FIVE + "}}");

        Response zone = putAccount(shop, shop.admin(), "{\"account\": {\"time_zone\": \"Europe/Paris\"}}");
        Response cleared = putAccount(shop, shop.admin(), "{\"account\": {\"working_hours\": null}}");

        assertThat(zone.status()).as(zone.body()).isEqualTo(200);
        assertThat(zone.json().get("account").get("name").asString()).isEqualTo("Kept name");
        assertThat(zone.json().get("account").get("working_hours").toString()).isEqualTo(MONDAY_NINE_TO_FIVE);
        assertThat(cleared.status()).as(cleared.body()).isEqualTo(200);
        assertThat(cleared.json().get("account").get("working_hours").isNull()).isTrue();
        Account stored = app.services().accounts().get(system(shop));
        assertThat(stored.name()).isEqualTo("Kept name");
        assertThat(stored.timeZone()).isEqualTo("Europe/Paris");
        assertThat(stored.workingHours().isEmpty()).isTrue();
    }

    @Test
    void storesAndRemovesSettings() {
        TestAccount shop = app.fixtures().account();

        Response stored = putAccount(
                shop,
                shop.admin(),
                "{\"account\": {\"settings\": {\"usedesk.numeric_values\": \"true\", \"other.flag\": \"x\"}}}");
        Response removed = putAccount(shop, shop.admin(), "{\"account\": {\"settings\": {\"other.flag\": null}}}");

        assertThat(stored.status()).as(stored.body()).isEqualTo(200);
        assertThat(stored.json()
                        .get("account")
                        .get("settings")
                        .get("usedesk.numeric_values")
                        .asString())
                .isEqualTo("true");
        assertThat(stored.json()
                        .get("account")
                        .get("settings")
                        .get("other.flag")
                        .asString())
                .isEqualTo("x");
        assertThat(removed.status()).as(removed.body()).isEqualTo(200);
        assertThat(List.copyOf(removed.json().get("account").get("settings").propertyNames()))
                .containsExactly("usedesk.numeric_values");
        assertThat(app.services().accounts().settings(system(shop)))
                .containsExactlyEntriesOf(Map.of("usedesk.numeric_values", "true"));
    }

    @Test
    void storesNonStringSettingValuesAsText() {
        TestAccount shop = app.fixtures().account();

        Response response = putAccount(
                shop, shop.admin(), "{\"account\": {\"settings\": {\"usedesk.numeric_values\": true, \"a.b\": 5}}}");

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(app.services().accounts().settings(system(shop)))
                .containsEntry("usedesk.numeric_values", "true")
                .containsEntry("a.b", "5");
    }

    @Test
    void rejectsInvalidAccountChanges() {
        TestAccount shop = app.fixtures().account();
        Map<String, String> cases = Map.ofEntries(
                Map.entry("{\"account\": {\"time_zone\": \"Mars/Olympus\"}}", "time_zone"),
                Map.entry("{\"account\": {\"time_zone\": null}}", "time_zone"),
                Map.entry("{\"account\": {\"time_zone\": {\"zone\": \"UTC\"}}}", "time_zone"),
                Map.entry(
                        "{\"account\": {\"working_hours\": {\"monday\": [{\"start\": \"18:00\", \"end\": \"08:00\"}]}}}",
                        "working_hours"),
                Map.entry(
                        "{\"account\": {\"working_hours\": {\"monday\": [{\"start\": \"8\", \"end\": \"18:00\"}]}}}",
                        "working_hours"),
                Map.entry(
                        "{\"account\": {\"working_hours\": {\"monday\": [{\"start\": \"08:00\", \"end\": \"12:00\"},"
                                + " {\"start\": \"11:00\", \"end\": \"18:00\"}]}}}",
                        "working_hours"),
                Map.entry("{\"account\": {\"working_hours\": \"always\"}}", "working_hours"),
                Map.entry("{\"account\": {\"name\": \"   \"}}", "name"),
                Map.entry("{\"account\": {\"name\": \"" + "n".repeat(256) + "\"}}", "name"),
                Map.entry("{\"account\": {\"settings\": \"usedesk.numeric_values=true\"}}", "settings"),
                Map.entry("{\"account\": {\"settings\": {\"Bad Name\": \"1\"}}}", "settings"),
                Map.entry("{\"account\": {\"settings\": {\"a.b\": \"" + "v".repeat(256) + "\"}}}", "settings"),
                Map.entry("{\"name\": \"Unwrapped\"}", "base"),
                Map.entry("{\"account\": \"Renamed\"}", "base"));
        Account before = app.services().accounts().get(system(shop));
        for (Map.Entry<String, String> change : cases.entrySet()) {
            Response response = putAccount(shop, shop.admin(), change.getKey());

            assertThat(response.status())
                    .as(change.getKey() + " " + response.body())
                    .isEqualTo(422);
            assertThat(response.json().get("error").asString()).isEqualTo("RecordInvalid");
            assertThat(response.json().get("details").has(change.getValue()))
                    .as(change.getKey() + " " + response.body())
                    .isTrue();
        }
        Account after = app.services().accounts().get(system(shop));
        assertThat(after.name()).isEqualTo(before.name());
        assertThat(after.timeZone()).isEqualTo("UTC");
        assertThat(after.workingHours().isEmpty()).isTrue();
        assertThat(app.services().accounts().settings(system(shop))).isEmpty();
    }

    @Test
    void rejectsMalformedJsonOnTheAccount() {
        TestAccount shop = app.fixtures().account();

        Response broken = putAccount(shop, shop.admin(), "{\"account\": ");
        Response array = putAccount(shop, shop.admin(), "[]");

        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.json().get("error").asString()).isEqualTo("InvalidJSON");
        assertThat(array.status()).isEqualTo(400);
    }

    @Test
    void aRejectedAccountChangeSavesNothing() {
        TestAccount shop = app.fixtures().account();
        String before = app.services().accounts().get(system(shop)).name();

        Response response = putAccount(
                shop,
                shop.admin(),
                "{\"account\": {\"name\": \"Half applied\", \"settings\": {\"usedesk.numeric_values\": \"true\"},"
                        + " \"time_zone\": \"Nowhere/Special\"}}");

        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.json().get("details").has("time_zone")).isTrue();
        assertThat(app.services().accounts().get(system(shop)).name()).isEqualTo(before);
        assertThat(app.services().accounts().settings(system(shop))).isEmpty();
    }

    @Test
    void agentsMayReadButNotChangeTheAccount() {
        TestAccount shop = app.fixtures().account();
        TestAgent clerk = app.fixtures().agent(shop.id(), Role.AGENT);

        Response read = getAccount(shop, clerk);
        Response write = putAccount(
                shop,
                clerk,
                "{\"account\": {\"name\": \"Clerk's shop\", \"time_zone\": \"Asia/Tokyo\","
                        + " \"settings\": {\"usedesk.numeric_values\": \"true\"}}}");

        assertThat(read.status()).isEqualTo(200);
        assertThat(write.status()).as(write.body()).isEqualTo(403);
        assertThat(write.json().get("error").get("title").asString()).isEqualTo("Forbidden");
        Account stored = app.services().accounts().get(system(shop));
        assertThat(stored.name()).isNotEqualTo("Clerk's shop");
        assertThat(stored.timeZone()).isEqualTo("UTC");
        assertThat(app.services().accounts().settings(system(shop))).isEmpty();
    }

    @Test
    void refusesMissingAndWrongCredentialsOnTheAccount() {
        TestAccount shop = app.fixtures().account();
        TestAccount other = app.fixtures().account();
        String change = "{\"account\": {\"name\": \"Taken over\"}}";

        List<Response> responses = List.of(
                http.get("/api/v2/groupdesk/account.json").host(shop.host()).send(),
                http.put("/api/v2/groupdesk/account.json")
                        .host(shop.host())
                        .json(change)
                        .send(),
                http.get("/api/v2/groupdesk/account")
                        .host(shop.host())
                        .authorization(Http.basic(shop.admin().email() + "/token", "wrong-token"))
                        .send(),
                http.put("/api/v2/groupdesk/account")
                        .host(shop.host())
                        .authorization(Http.basic(shop.admin().email(), "wrong-password"))
                        .json(change)
                        .send(),
                putAccount(shop, other.admin(), change),
                getAccount(shop, other.admin()));

        for (Response response : responses) {
            assertThat(response.status()).as(response.body()).isEqualTo(401);
            assertThat(response.body()).isEqualTo("{\"error\":\"Couldn't authenticate you\"}");
        }
        assertThat(app.services().accounts().get(system(shop)).name()).isNotEqualTo("Taken over");
        assertThat(app.services().accounts().get(system(other)).name()).isNotEqualTo("Taken over");
    }

    // ---- helpers ------------------------------------------------------------------------------------------------

    /** Every day of the week in sixty one-minute ranges: a valid schedule, over 4000 characters when stored. */
    private static String longSchedule() {
        List<String> days = new ArrayList<>();
        for (String day : List.of("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")) {
            List<String> ranges = new ArrayList<>();
            for (int minute = 0; minute < 120; minute += 2) {
                LocalTime start = LocalTime.of(8, 0).plusMinutes(minute);
                ranges.add("{\"start\":\"" + WeeklyHours.text(start) + "\",\"end\":\""
                        + WeeklyHours.text(start.plusMinutes(1)) + "\"}");
            }
            days.add("\"" + day + "\":[" + String.join(",", ranges) + "]");
        }
        return "{" + String.join(",", days) + "}";
    }

    private static Range range(String start, String end) {
        return new Range(LocalTime.parse(start), LocalTime.parse(end));
    }

    private static String unique(String name) {
        return name + " " + SEQUENCE.incrementAndGet();
    }

    private static Caller system(TestAccount target) {
        return Caller.system(target.id());
    }

    private static Group stored(long id) {
        return app.services().groups().get(system(account), new GroupId(id));
    }

    private static JsonNode show(long id) {
        Response response = http.get("/api/v2/groups/" + id + ".json")
                .host(account.host())
                .as(admin)
                .send();
        assertThat(response.status()).as(response.body()).isEqualTo(200);
        return response.json().get("group");
    }

    private static Response createRaw(String json) {
        return http.post("/api/v2/groups.json")
                .host(account.host())
                .as(admin)
                .json(json)
                .send();
    }

    /** Creates a group with a unique name and the given extra fields (a JSON object's members). */
    private static long create(String fields) {
        String body = fields.substring(1, fields.length() - 1);
        Response response = createRaw("{\"group\": {\"name\": \"" + unique("Working time") + "\", " + body + "}}");
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json().get("group").get("id").asLong();
    }

    private static Response update(long id, String json) {
        return http.put("/api/v2/groups/" + id + ".json")
                .host(account.host())
                .as(admin)
                .json(json)
                .send();
    }

    private static Response getAccount(TestAccount target, TestAgent as) {
        return http.get("/api/v2/groupdesk/account.json")
                .host(target.host())
                .as(as)
                .send();
    }

    private static Response putAccount(TestAccount target, TestAgent as, String json) {
        return http.put("/api/v2/groupdesk/account.json")
                .host(target.host())
                .as(as)
                .json(json)
                .send();
    }

    private static List<String> groupNames() {
        Response response = http.get("/api/v2/groups.json?exclude_deleted=false&per_page=100")
                .host(account.host())
                .as(admin)
                .send();
        List<String> names = new ArrayList<>();
        response.json().get("groups").forEach(g -> names.add(g.get("name").asString()));
        return names;
    }

    /** A 422 RecordInvalid naming {@code field}; returns its first detail. */
    private static JsonNode assertRecordInvalid(Response response, String field) {
        assertThat(response.status()).as(response.body()).isEqualTo(422);
        assertThat(response.json().get("error").asString()).isEqualTo("RecordInvalid");
        assertThat(response.json().get("description").asString()).isEqualTo("Record validation errors");
        JsonNode detail = response.json().get("details").get(field).get(0);
        assertThat(detail.get("error").asString()).isEqualTo("InvalidValue");
        return detail;
    }
}
