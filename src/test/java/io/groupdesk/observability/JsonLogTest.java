package io.groupdesk.observability;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.GroupdeskApplication;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code GROUPDESK_LOG_FORMAT=json}, the way an operator turns it on: the service is started as its own process with
 * the variable set and the real logback.xml, and what it writes to its console is read back.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class JsonLogTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String TOKEN = "json-log-token-0123456789abcdefghijkl";

    @Parameter
    TestDatabase database;

    @Test
    void writesOneJsonObjectPerLineWithTheRequestId() throws Exception {
        // given
        List<String> lines = new ArrayList<>();
        try (TestDatabase.Scratch scratch = database.create()) {
            Path data = Files.createTempDirectory("groupdesk-json-log");
            byte[] key = new byte[32];
            new SecureRandom().nextBytes(key);
            ProcessBuilder builder = new ProcessBuilder(
                            Path.of(System.getProperty("java.home"), "bin", "java")
                                    .toString(),
                            "-cp",
                            System.getProperty("java.class.path"),
                            GroupdeskApplication.class.getName())
                    .redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            env.put("GROUPDESK_LOG_FORMAT", "json");
            // access lines wait in the console's buffer until the service stops, which must write them
            env.put("GROUPDESK_ACCESS_LOG_FLUSH_MS", "60000");
            env.put("SERVER_PORT", "0");
            env.put("GROUPDESK_DB_URL", scratch.url());
            env.put("GROUPDESK_DB_USER", scratch.user());
            env.put("GROUPDESK_DB_PASSWORD", scratch.password());
            env.put("GROUPDESK_DATA_DIR", data.toString());
            env.put("GROUPDESK_SECRET_KEY", Base64.getEncoder().encodeToString(key));
            env.put("GROUPDESK_BOOTSTRAP_ADMIN_EMAIL", "admin@demo.test");
            env.put("GROUPDESK_BOOTSTRAP_ADMIN_PASSWORD", "json-log-password");
            env.put("GROUPDESK_BOOTSTRAP_API_TOKEN", TOKEN);
            Process process = builder.start();
            BlockingQueue<String> output = new LinkedBlockingQueue<>();
            Thread reader = new Thread(() -> {
                try (BufferedReader in =
                        new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        output.add(line);
                    }
                } catch (java.io.IOException ignored) {
                    // the process ended
                }
            });
            reader.start();
            try {
                int port = port(output, lines);

                // when
                Http http = Http.on(port);
                Response ok = http.get("/api/v2/groups.json")
                        .authorization(Http.basic("admin@demo.test/token", TOKEN))
                        .header("X-Request-Id", "json-log-ok")
                        .send();
                Response missing = http.get("/nothing")
                        .header("X-Request-Id", "json-log-404")
                        .send();
                assertThat(ok.status()).isEqualTo(200);
                assertThat(missing.status()).isEqualTo(404);
                // no waiting for the access lines, which the console's buffer still holds: stopping writes them
            } finally {
                // SIGTERM, as an orchestrator stops it; Process.destroy would also close the pipe it writes to
                process.toHandle().destroy();
                assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
                reader.join(10_000);
                output.drainTo(lines);
            }
        }

        // then every line is a JSON object: with JSON logs the bootstrap's credentials go to a file, not the console
        List<JsonNode> logged = new ArrayList<>();
        for (String line : lines) {
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).as(line).isTrue();
            assertThat(node.propertyNames()).as(line).contains("timestamp", "level", "logger", "thread", "message");
            logged.add(node);
        }
        JsonNode access = logged.stream()
                .filter(node -> node.path("request_id").asString("").equals("json-log-ok"))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no line for json-log-ok in " + lines));
        assertThat(access.get("logger").asString()).isEqualTo("io.groupdesk.access");
        assertThat(access.get("level").asString()).isEqualTo("INFO");
        assertThat(access.get("timestamp").asString()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z");
        assertThat(access.get("message").asString()).startsWith("GET /api/v2/groups.json 200 ");
        assertThat(logged).anySatisfy(node -> assertThat(node.path("request_id").asString(""))
                .isEqualTo("json-log-404"));
        assertThat(String.join("\n", lines)).doesNotContain(TOKEN).doesNotContain("json-log-password");
    }

    /** Reads the console until the start-up line names the port; a loaded two-core machine can take a minute. */
    private static int port(BlockingQueue<String> output, List<String> lines) throws InterruptedException {
        return Integer.parseInt(
                awaitLine(output, lines, Pattern.compile("serving at \\S+ \\(port (\\d+),"), "the start-up line")
                        .group(1));
    }

    /** Moves console lines into {@code lines} until one matches; a loaded two-core machine can take minutes. */
    private static Matcher awaitLine(BlockingQueue<String> output, List<String> lines, Pattern pattern, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(180);
        while (System.nanoTime() < deadline) {
            String line = output.poll(1, TimeUnit.SECONDS);
            if (line != null) {
                lines.add(line);
                Matcher matcher = pattern.matcher(line);
                if (matcher.find()) {
                    return matcher;
                }
            }
        }
        throw new AssertionError("no " + what + " in " + lines);
    }
}
