package io.groupdesk.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.testing.TestDatabase;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * What an operator meets at the packaged service's first start and its restarts: how to use what the first start
 * prints, the bootstrap settings a restart ignores, an owner-only data directory, and a JSON log stream.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class StartUpIT {
    private static final Pattern CURL = Pattern.compile("curl -u '([^/]+)/token:([^']+)' (http://localhost:\\d+)/");

    @Parameter
    TestDatabase database;

    @TempDir
    Path directory;

    private Runnable dropper = () -> {};

    @AfterEach
    void dropDatabase() {
        dropper.run();
    }

    @Test
    void firstStartSaysHowToUseWhatItPrintsAndARestartNamesTheBootstrapSettingsItIgnores() throws Exception {
        // given a first start that generates the admin's password and token, in a data directory not yet there
        Path data = directory.resolve("var").resolve("data");
        Map<String, String> environment = firstStart(data);
        Path log = directory.resolve("first.log");

        // when it serves, and is stopped
        String curl;
        String serving;
        try (GroupdeskProcess node = GroupdeskProcess.start(environment, log)) {
            serving = node.awaitLine("Groupdesk is serving at ");
            curl = node.awaitLine("curl -u ");

            // then the printed curl form works as printed, and the serving line gives the same URL
            Matcher printed = CURL.matcher(curl);
            assertThat(printed.find()).as(curl).isTrue();
            assertThat(printed.group(1)).isEqualTo("admin@first.test");
            assertThat(me(printed.group(3), printed.group(1), printed.group(2))).isEqualTo(200);
            assertThat(serving).contains("Groupdesk is serving at " + printed.group(3) + " ");
            assertThat(serving).contains("data directory " + data);
            assertThat(Files.readAllLines(log))
                    .anyMatch(line -> line.equals("  Console: " + printed.group(3)
                            + "/ (sign in as admin@first.test with the admin password)"));

            // and the data directory and what it holds are its owner's only
            assertThat(permissions(data)).isEqualTo("rwx------");
            assertThat(permissions(data.resolve("secret.key"))).isEqualTo("rw-------");
            if (database == TestDatabase.H2) {
                assertThat(permissions(data.resolve("groupdesk.mv.db"))).isEqualTo("rw-------");
            }
        }
        assertThat(Files.readAllLines(log)).last().asString().endsWith("Groupdesk stopped");

        // when it restarts with bootstrap settings the existing account makes moot
        Map<String, String> restart = new HashMap<>(environment);
        restart.put("GROUPDESK_BOOTSTRAP_ADMIN_PASSWORD", "a-password-set-later-0123");
        restart.put("GROUPDESK_BOOTSTRAP_API_TOKEN", "a-token-set-later-0123456789abcdefghijkl");
        Path restartLog = directory.resolve("restart.log");
        try (GroupdeskProcess node = GroupdeskProcess.start(restart, restartLog)) {
            node.awaitLine("Groupdesk is serving at ");
        }

        // then one line names them, without their values, and the generated token still works
        List<String> lines = Files.readAllLines(restartLog);
        assertThat(lines)
                .filteredOn(line -> line.contains("ignored"))
                .singleElement()
                .asString()
                .endsWith(
                        "The account \"demo\" already exists, so GROUPDESK_BOOTSTRAP_ADMIN_EMAIL, GROUPDESK_BOOTSTRAP_ADMIN_PASSWORD,"
                                + " GROUPDESK_BOOTSTRAP_API_TOKEN are ignored: bootstrap settings apply on the first start only;"
                                + " change an admin's password or tokens through the API, the console or"
                                + " `groupdesk tokens create`");
        assertThat(String.join("\n", lines))
                .doesNotContain("a-password-set-later")
                .doesNotContain("a-token-set-later");
        assertThat(lines).noneMatch(line -> line.contains("curl -u"));
    }

    @Test
    void withJsonLogsEveryLineIsJsonAndTheGeneratedSecretsAreInAnOwnerOnlyFile() throws Exception {
        // given a first start with JSON logs
        Path data = directory.resolve("data");
        Map<String, String> environment = new HashMap<>(firstStart(data));
        environment.put("GROUPDESK_LOG_FORMAT", "json");
        Path log = directory.resolve("json.log");

        // when it serves and is stopped
        try (GroupdeskProcess node = GroupdeskProcess.start(environment, log)) {
            node.awaitLine("Groupdesk is serving at ");
        }

        // then every line of stdout and stderr is a JSON object
        JsonMapper json = JsonMapper.builder().build();
        List<String> lines = Files.readAllLines(log);
        assertThat(lines).isNotEmpty();
        for (String line : lines) {
            assertThat(json.readTree(line).isObject()).as(line).isTrue();
        }
        // and the generated secrets are in an owner-only file the log names, never in the log
        Path secrets = data.resolve("first-start.txt");
        assertThat(permissions(secrets)).isEqualTo("rw-------");
        String kept = Files.readString(secrets, StandardCharsets.UTF_8);
        Matcher printed = CURL.matcher(kept);
        assertThat(printed.find()).as(kept).isTrue();
        assertThat(String.join("\n", lines)).contains(secrets.toString()).doesNotContain(printed.group(2));
        assertThat(lines).filteredOn(line -> line.contains("admin password")).isEmpty();
    }

    /** A node's environment with its data in {@code data} and no admin password or token: the first start makes them. */
    private Map<String, String> firstStart(Path data) {
        Map<String, String> environment;
        if (database == TestDatabase.H2) {
            // the default H2 URL: its file follows the data directory
            environment = new HashMap<>(GroupdeskProcess.environment("", "", "", data));
            environment.remove("GROUPDESK_DB_URL");
        } else {
            TestDatabase.Scratch scratch = database.create();
            dropper = scratch::close;
            environment = new HashMap<>(
                    GroupdeskProcess.environment(scratch.url(), scratch.user(), scratch.password(), data));
        }
        environment.put("GROUPDESK_BOOTSTRAP_ADMIN_EMAIL", "admin@first.test");
        environment.remove("GROUPDESK_BOOTSTRAP_ADMIN_PASSWORD");
        environment.remove("GROUPDESK_BOOTSTRAP_API_TOKEN");
        environment.remove("GROUPDESK_SECRET_KEY");
        return environment;
    }

    private static int me(String baseUrl, String email, String token) throws Exception {
        String basic = Base64.getEncoder().encodeToString((email + "/token:" + token).getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + "/api/v2/users/me.json"))
                .header("Authorization", "Basic " + basic)
                .build();
        return HttpClient.newHttpClient()
                .send(request, HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private static String permissions(Path path) throws java.io.IOException {
        return PosixFilePermissions.toString(Files.getPosixFilePermissions(path));
    }
}
