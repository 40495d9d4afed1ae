package io.groupdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The packaged service refuses to start in one line and a failed exit, without a stack trace: a configuration that
 * would lose acknowledged writes, a database out of reach or refusing its role, a port taken; and the command line
 * refuses an H2 file the server holds.
 */
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

    @Test
    void refusesADatabaseOutOfReachInOneLine() throws Exception {
        // given a PostgreSQL URL where nothing listens
        Path data = Files.createDirectories(directory.resolve("data"));
        Map<String, String> environment =
                GroupdeskProcess.environment("jdbc:postgresql://127.0.0.1:1/groupdesk", "groupdesk", "secret", data);

        // when the service starts on it, then one line says why
        assertRefusedInOneLine(
                environment,
                "error: cannot open the database jdbc:postgresql://127.0.0.1:1/groupdesk: Connection to 127.0.0.1:1"
                        + " refused. Check that the hostname and port are correct and that the postmaster is accepting"
                        + " TCP/IP connections.");
    }

    @Test
    void refusesARoleThatPostgresqlDoesNotKnowInOneLine() throws Exception {
        String postgres = System.getenv("GROUPDESK_TEST_PG_URL");
        assumeTrue(postgres != null && !postgres.isBlank(), "a PostgreSQL server");
        // given the test server's URL, without its user, and a role it does not have
        String url = postgres.contains("?") ? postgres.substring(0, postgres.indexOf('?')) : postgres;
        Path data = Files.createDirectories(directory.resolve("data"));
        Map<String, String> environment = GroupdeskProcess.environment(url, "no_such_role", "secret", data);

        // when the service starts on it, then one line says why, without the password
        assertRefusedInOneLine(
                environment,
                "error: cannot open the database " + url + ": FATAL: role \"no_such_role\" does not exist");
    }

    @Test
    void refusesAPortInUseInOneLine() throws Exception {
        // given a port another process listens on
        Path data = Files.createDirectories(directory.resolve("data"));
        String url = "jdbc:h2:file:" + data.resolve("groupdesk");
        try (ServerSocket taken = new ServerSocket(0)) {
            Map<String, String> environment = new HashMap<>(GroupdeskProcess.environment(url, "", "", data));
            environment.put("SERVER_PORT", Integer.toString(taken.getLocalPort()));

            // when the service starts on it, then one line says why
            assertRefusedInOneLine(
                    environment,
                    "error: port " + taken.getLocalPort() + " is in use by another process: stop it, or set"
                            + " SERVER_PORT to a free port");
        }
    }

    @Test
    void refusesTheCommandLineOnAnH2FileTheServerHoldsInOneLine() throws Exception {
        // given a server on an H2 file
        Path data = Files.createDirectories(directory.resolve("data"));
        String url = "jdbc:h2:file:" + data.resolve("groupdesk");
        Map<String, String> environment = GroupdeskProcess.environment(url, "", "", data);
        try (GroupdeskProcess server = GroupdeskProcess.start(environment, directory.resolve("server.log"))) {
            server.awaitReady();

            // when the command line exports from the same file
            Path log = directory.resolve("export.log");
            int exitCode = GroupdeskProcess.start(
                            environment,
                            log,
                            "export",
                            "--out",
                            directory.resolve("out").toString())
                    .awaitExit();

            // then one line says to stop the server or use its API, and H2 leaves no trace file behind
            List<String> lines = Files.readAllLines(log);
            assertThat(exitCode).as(String.join("\n", lines)).isEqualTo(1);
            assertThat(lines)
                    .containsExactly(
                            "error: the H2 file " + data.resolve("groupdesk") + " is in use by another process,"
                                    + " likely the running server: stop the server first, or use its API instead");
            try (Stream<Path> files = Files.list(data)) {
                assertThat(files.map(file -> file.getFileName().toString()))
                        .noneMatch(name -> name.endsWith(".trace.db"));
            }
        }
    }

    private void assertRefusedInOneLine(Map<String, String> environment, String line) throws Exception {
        Path log = directory.resolve("groupdesk.log");
        int exitCode = GroupdeskProcess.start(environment, log).awaitExit();
        List<String> lines = Files.readAllLines(log);
        assertThat(exitCode).as(String.join("\n", lines)).isEqualTo(1);
        assertThat(lines).containsExactly(line);
    }
}
