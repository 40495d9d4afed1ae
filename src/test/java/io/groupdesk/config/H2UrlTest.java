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
                .isEqualTo("jdbc:h2:file:/srv/gd/db;DB_CLOSE_ON_EXIT=TRUE;WRITE_DELAY=0;MODE=PostgreSQL"
                        + ";DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        assertThat(Database.withH2Compatibility("jdbc:h2:mem:x;mode=postgresql"))
                .isEqualTo("jdbc:h2:mem:x;mode=postgresql;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
        assertThat(Database.withH2Compatibility("jdbc:postgresql://db/groupdesk?user=gd"))
                .isEqualTo("jdbc:postgresql://db/groupdesk?user=gd");
    }

    @Test
    void completesAnOperatorsH2FileUrlWithoutAWriteDelay() {
        // given an H2 file of the operator's own, with none of the settings
        String url = "jdbc:h2:file:/srv/groupdesk/db";

        // when it is completed
        String completed = Database.withH2Compatibility(url);

        // then each commit reaches the file before it is acknowledged
        assertThat(completed)
                .isEqualTo("jdbc:h2:file:/srv/groupdesk/db;DB_CLOSE_ON_EXIT=FALSE;WRITE_DELAY=0;MODE=PostgreSQL"
                        + ";DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }

    @Test
    void completesAnH2FileUrlWithoutTheFilePrefixToo() {
        assertThat(Database.withH2Compatibility("jdbc:h2:/srv/groupdesk/db;MODE=PostgreSQL"))
                .isEqualTo("jdbc:h2:/srv/groupdesk/db;MODE=PostgreSQL;WRITE_DELAY=0;DATABASE_TO_LOWER=TRUE"
                        + ";DEFAULT_NULL_ORDERING=HIGH");
    }

    @Test
    void keepsAWriteDelayOfZeroAsGiven() {
        assertThat(Database.withH2Compatibility("jdbc:h2:file:/srv/groupdesk/db;write_delay=0"))
                .isEqualTo("jdbc:h2:file:/srv/groupdesk/db;write_delay=0;DB_CLOSE_ON_EXIT=FALSE;MODE=PostgreSQL"
                        + ";DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }

    @Test
    void refusesAnH2FileUrlWithAWriteDelay() {
        assertThatThrownBy(() -> Database.withH2Compatibility("jdbc:h2:file:/srv/groupdesk/db;WRITE_DELAY=500"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("GROUPDESK_DB_URL sets WRITE_DELAY=500, so H2 acknowledges writes before they reach the"
                        + " file and a killed process loses them; leave WRITE_DELAY out (WRITE_DELAY=0 is added), or"
                        + " set GROUPDESK_H2_ALLOW_WRITE_DELAY=true to accept losing acknowledged writes");
    }

    @Test
    void refusesAWriteDelayWhateverTheCaseOfItsKey() {
        assertThatThrownBy(() -> Database.withH2Compatibility("jdbc:h2:file:/srv/groupdesk/db;write_delay=100"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("GROUPDESK_DB_URL sets WRITE_DELAY=100, so H2 acknowledges writes");
    }

    @Test
    void acceptsAWriteDelayWhenTheOperatorAcceptsLosingWrites() {
        // given an operator who set GROUPDESK_H2_ALLOW_WRITE_DELAY=true
        Config config = Config.from(Map.of(
                "GROUPDESK_DB_URL", "jdbc:h2:file:/srv/groupdesk/db;WRITE_DELAY=500",
                "GROUPDESK_H2_ALLOW_WRITE_DELAY", "true"));

        // when the URL is completed, then their delay stays
        assertThat(Database.withH2Compatibility(config.dbUrl(), config.h2AllowWriteDelay()))
                .isEqualTo("jdbc:h2:file:/srv/groupdesk/db;WRITE_DELAY=500;DB_CLOSE_ON_EXIT=FALSE;MODE=PostgreSQL"
                        + ";DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH");
    }

    @Test
    void leavesTheWriteDelayOfAnInMemoryH2UrlAlone() {
        // nothing of an in-memory database outlives the process, so a delay loses nothing more
        assertThat(Database.withH2Compatibility("jdbc:h2:mem:x;WRITE_DELAY=500"))
                .isEqualTo("jdbc:h2:mem:x;WRITE_DELAY=500;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
                        + ";DEFAULT_NULL_ORDERING=HIGH");
    }

    @Test
    void checksButDoesNotCompleteAnH2ServerUrl() {
        // the H2 server keeps its own setting and outlives a killed Groupdesk; setting it takes admin rights there
        assertThat(Database.withH2Compatibility("jdbc:h2:tcp://db.internal/groupdesk"))
                .isEqualTo("jdbc:h2:tcp://db.internal/groupdesk;MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE"
                        + ";DEFAULT_NULL_ORDERING=HIGH");
        assertThatThrownBy(() -> Database.withH2Compatibility("jdbc:h2:tcp://db.internal/groupdesk;WRITE_DELAY=500"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("GROUPDESK_DB_URL sets WRITE_DELAY=500");
    }

    @Test
    void aServiceRefusesToStartOnAnH2UrlWithAWriteDelay() {
        // given an H2 file URL that asks for H2's write delay
        String url = "jdbc:h2:file:./target/refused-" + UUID.randomUUID() + "/db;WRITE_DELAY=500";

        // when the service starts on it, then it refuses, naming the setting that would let it
        assertThatThrownBy(() -> TestApp.start(TestDatabase.H2, Map.of("GROUPDESK_DB_URL", url)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("GROUPDESK_H2_ALLOW_WRITE_DELAY=true");
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
