package io.groupdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The packaged service refuses a configuration that would lose acknowledged writes: one line, and a failed exit. */
class RefusedStartIT {
    @TempDir
    Path directory;

    @Test
    void refusesAnH2FileUrlWithAWriteDelayInOneLine() throws Exception {
        // given an operator's H2 file URL that asks for H2's write delay
        Path data = Files.createDirectories(directory.resolve("data"));
        String url = "jdbc:h2:file:" + data.resolve("own") + ";WRITE_DELAY=500";
        Map<String, String> environment = GroupdeskProcess.environment(url, "", "", data);
        Path log = directory.resolve("groupdesk.log");

        // when the service starts on it
        int exitCode = GroupdeskProcess.start(environment, log).awaitExit();

        // then it stops with one line that says why and what to do, and no stack trace
        List<String> lines = Files.readAllLines(log);
        assertThat(exitCode).as(String.join("\n", lines)).isEqualTo(1);
        assertThat(lines)
                .containsExactly("error: GROUPDESK_DB_URL sets WRITE_DELAY=500, so H2 acknowledges writes before they"
                        + " reach the file and a killed process loses them; leave WRITE_DELAY out (WRITE_DELAY=0 is"
                        + " added), or set GROUPDESK_H2_ALLOW_WRITE_DELAY=true to accept losing acknowledged writes");
        assertThat(Files.exists(data.resolve("own.mv.db"))).isFalse();
    }

    @Test
    void startsOnAnH2FileUrlWithAWriteDelayTheOperatorAccepts() throws Exception {
        // given the same URL, and the operator's word that losing acknowledged writes is acceptable
        Path data = Files.createDirectories(directory.resolve("data"));
        String url = "jdbc:h2:file:" + data.resolve("own") + ";WRITE_DELAY=500";
        Map<String, String> environment = new HashMap<>(GroupdeskProcess.environment(url, "", "", data));
        environment.put("GROUPDESK_H2_ALLOW_WRITE_DELAY", "true");

        // when the service starts on it, then it serves
        try (GroupdeskProcess node = GroupdeskProcess.start(environment, directory.resolve("groupdesk.log"))) {
            node.awaitReady();
            assertThat(node.client().get("/api/v2/groups.json").status()).isEqualTo(200);
        }
    }
}
