package io.groupdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.config.Config;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

/**
 * The packaged service on its default embedded H2 URL, stopped as a service manager stops it (SIGTERM), leaves a file
 * about the size of its data, with every write in it. H2 only: on PostgreSQL the database keeps its own files.
 */
class H2FileOnStopIT {
    private static final int GROUPS = 20;
    private static final int RENAMES = 20;

    @TempDir
    Path directory;

    @Test
    void aStoppedServiceCompactsTheFileItsWritesLeftMostlyDeadSpace() throws Exception {
        // given a service on the default H2 URL, in a directory of the test's own
        Path data = Files.createDirectories(directory.resolve("data"));
        String url = Config.DEFAULT_DB_URL.replace(
                "jdbc:h2:file:./data/groupdesk", "jdbc:h2:file:" + data.resolve("groupdesk"));
        assertThat(url).isNotEqualTo(Config.DEFAULT_DB_URL);
        Map<String, String> environment = GroupdeskProcess.environment(url, "", "", data);
        Path file = data.resolve("groupdesk.mv.db");
        Path log = directory.resolve("groupdesk.log");

        // when groups are created and renamed, each write a commit of its own, and the service is stopped
        Map<Long, String> names = new LinkedHashMap<>();
        long written;
        try (GroupdeskProcess node = GroupdeskProcess.start(environment, log)) {
            node.awaitReady();
            List<Long> ids = new ArrayList<>();
            for (int i = 0; i < GROUPS; i++) {
                ZendeskClient.Reply created = node.client()
                        .send("POST", "/api/v2/groups.json", "{\"group\": {\"name\": \"Queue " + i + "\"}}");
                assertThat(created.status()).as(created.toString()).isEqualTo(201);
                ids.add(created.json().get("group").get("id").asLong());
            }
            for (int round = 0; round < RENAMES; round++) {
                for (long id : ids) {
                    String name = "Queue " + id + " rename " + round;
                    ZendeskClient.Reply renamed = node.client()
                            .send("PUT", "/api/v2/groups/" + id + ".json", "{\"group\": {\"name\": \"" + name + "\"}}");
                    assertThat(renamed.status()).as(renamed.toString()).isEqualTo(200);
                    names.put(id, name);
                }
            }
            written = Files.size(file);
        }

        // then the file is as small as H2 can make it (H2's own close, which moves chunks for 200 ms, leaves it
        // several times that), and a new start serves every last name
        long stopped = Files.size(file);
        assertThat(stopped)
                .as("file size after the stop, against %,d bytes before it", written)
                .isLessThanOrEqualTo(compactedCopy(file) * 5 / 4);
        try (GroupdeskProcess node = GroupdeskProcess.start(environment, log)) {
            node.awaitReady();
            Map<Long, String> served = new LinkedHashMap<>();
            for (JsonNode group : node.client().all("/api/v2/groups.json", "groups")) {
                served.put(group.get("id").asLong(), group.get("name").asString());
            }
            assertThat(served).containsAllEntriesOf(names);
        }
    }

    /** The size of a copy of {@code file} after H2's full compaction, {@code SHUTDOWN COMPACT}. */
    private long compactedCopy(Path file) throws Exception {
        Path copy = Files.createDirectories(directory.resolve("copy")).resolve("groupdesk.mv.db");
        Files.copy(file, copy);
        try (Connection connection = DriverManager.getConnection(
                        "jdbc:h2:file:" + directory.resolve("copy").resolve("groupdesk"), "", "");
                Statement statement = connection.createStatement()) {
            statement.execute("SHUTDOWN COMPACT");
        } catch (SQLException e) {
            if (e.getErrorCode() != org.h2.api.ErrorCode.DATABASE_IS_CLOSED) {
                throw e;
            }
        }
        return Files.size(copy);
    }
}
