package io.groupdesk.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Any H2 URL an operator gives works: the settings Groupdesk's SQL needs are added when it leaves them out. */
class H2UrlTest {

    @Test
    void addsTheSettingsAnH2UrlLeavesOut() {
        assertThat(Database.withH2Compatibility("jdbc:h2:file:/srv/gd/db;WRITE_DELAY=0"))
                .isEqualTo("jdbc:h2:file:/srv/gd/db;WRITE_DELAY=0;DB_CLOSE_ON_EXIT=FALSE;MODE=PostgreSQL"
                        + ";DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        assertThat(Database.withH2Compatibility(Config.DEFAULT_DB_URL))
                .isEqualTo(Config.DEFAULT_DB_URL + ";DB_CLOSE_ON_EXIT=FALSE");
        assertThat(Database.withH2Compatibility("jdbc:h2:file:/srv/gd/db;DB_CLOSE_ON_EXIT=TRUE"))
                .isEqualTo("jdbc:h2:file:/srv/gd/db;DB_CLOSE_ON_EXIT=TRUE;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
                        + ";DEFAULT_NULL_ORDERING=HIGH");
        assertThat(Database.withH2Compatibility("jdbc:h2:mem:x;mode=postgresql"))
                .isEqualTo("jdbc:h2:mem:x;mode=postgresql;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        assertThat(Database.withH2Compatibility("jdbc:postgresql://db/groupdesk?user=gd"))
                .isEqualTo("jdbc:postgresql://db/groupdesk?user=gd");
    }

    @Test
    void refusesAnH2UrlThatAsksForAnotherMode() {
        assertThatThrownBy(() -> Database.withH2Compatibility("jdbc:h2:mem:x;MODE=MySQL"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("MODE=MySQL")
                .hasMessageContaining("MODE=PostgreSQL");
    }

    @Test
    void aServiceOnABareH2UrlCreatesAndCountsGroups() {
        // given a service started on an H2 URL without any of the settings
        String bare = "jdbc:h2:mem:bare_" + UUID.randomUUID().toString().replace("-", "");
        try (TestApp app = TestApp.start(TestDatabase.H2, Map.of("GROUPDESK_DB_URL", bare))) {
            String auth = Http.basic(TestApp.ADMIN_EMAIL + "/token", TestApp.ADMIN_TOKEN);

            // when an admin creates a group
            Response created = app.http()
                    .post("/api/v2/groups.json")
                    .authorization(auth)
                    .json("{\"group\": {\"name\": \"Night shift\"}}")
                    .send();

            // then it is created and counted with the bootstrap's default group
            assertThat(created.status()).as(created.body()).isEqualTo(201);
            Response count = app.http()
                    .get("/api/v2/groups/count.json")
                    .authorization(auth)
                    .send();
            assertThat(count.json().get("count").get("value").asLong()).isEqualTo(2);
        }
    }
}
