package io.groupdesk.api.zendesk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.groupdesk.access.Caller;
import io.groupdesk.agents.Agent;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.TestApp;
import io.groupdesk.testing.TestDatabase;
import io.groupdesk.testing.WebhookReceiver;
import io.groupdesk.webhooks.TestEvents;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * node-zendesk 6, the Zendesk client for Node.js, drives every webhooks method against the running app, unchanged.
 * The node project (src/test/node/webhooks, node-zendesk pinned by its package-lock.json) is installed with
 * {@code npm ci} into target/ by the test itself.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class ZendeskWebhooksNodeClientTest {
    private static final Path PROJECT = Path.of("src", "test", "node", "webhooks");
    private static final Path INSTALLED = Path.of("target", "node-webhooks");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @RegisterExtension
    static final AppExtension app = new AppExtension(Map.of("GROUPDESK_WEBHOOKS_ALLOW_PRIVATE_TARGETS", "true"));

    @Parameter
    TestDatabase database;

    @Test
    void nodeZendeskDrivesEveryWebhooksMethod() throws Exception {
        assumeTrue(onPath("node") && onPath("npm"), "node and npm are not on the PATH: node-zendesk cannot run");
        install();
        try (WebhookReceiver receiver = WebhookReceiver.start()) {
            // given: a webhook node-zendesk created
            JsonNode created = run(receiver, "create", null).get("created");
            String id = created.get("id").asString();
            assertThat(created.get("name").asString()).isEqualTo("node-zendesk webhook");
            assertThat(created.get("authentication").get("type").asString()).isEqualTo("bearer_token");
            assertThat(created.get("authentication").has("data")).isFalse();

            // and one delivery to it
            Caller admin = app.system();
            Agent bootstrapAdmin = app.services()
                    .agents()
                    .activeByEmail(admin)
                    .get(io.groupdesk.agents.AgentService.emailKey(TestApp.ADMIN_EMAIL));
            new TestEvents(app.groupdesk().database().jdbi())
                    .record(
                            admin,
                            io.groupdesk.events.NewEvent.ofAgent(
                                    io.groupdesk.events.EventType.USER_NAME_CHANGED,
                                    bootstrapAdmin.id(),
                                    bootstrapAdmin.name(),
                                    Map.of("name", new io.groupdesk.events.Change("Before", bootstrapAdmin.name()))));
            assertThat(WebhookReceiver.await(() -> receiver.succeeded().size() == 1, Duration.ofSeconds(20)))
                    .isTrue();
            assertThat(receiver.succeeded().get(0).header("Authorization")).isEqualTo("Bearer node-token");

            // when: every other method
            JsonNode out = run(receiver, "rest", id);

            // then
            assertThat(out.get("list").toString()).contains("\"id\":\"" + id + "\"");
            assertThat(out.get("show").get("id").asString()).isEqualTo(id);
            assertThat(out.get("update").asInt()).isEqualTo(204);
            assertThat(out.get("patch").asInt()).isEqualTo(204);
            assertThat(out.get("afterPatch").get("name").asString()).isEqualTo("node-zendesk webhook (renamed)");
            assertThat(out.get("afterPatch").get("description").asString()).isEqualTo("patched by node-zendesk");
            assertThat(out.get("afterPatch").get("authentication").get("type").asString())
                    .isEqualTo("bearer_token");
            assertThat(out.get("test").get("response").get("status").asInt()).isEqualTo(200);
            JsonNode invocation = out.get("invocations").get("invocations").get(0);
            assertThat(invocation.get("status").asString()).isEqualTo("success");
            assertThat(invocation.get("status_code").asInt()).isEqualTo(200);
            JsonNode attempt = out.get("attempts").get("attempts").get(0);
            assertThat(attempt.get("status").asString()).isEqualTo("success");
            assertThat(attempt.get("invocation_id").asString())
                    .isEqualTo(invocation.get("id").asString());
            String secret =
                    out.get("secret").get("signing_secret").get("secret").asString();
            assertThat(receiver.succeeded().get(0).signedWith(secret)).isTrue();
            assertThat(out.get("reset").get("signing_secret").get("secret").asString())
                    .isNotEqualTo(secret);
            assertThat(out.get("delete").asInt()).isEqualTo(204);
            assertThat(out.get("afterDelete").asString()).contains("404");
            // the test request went out with the token kept through the update that named no data
            assertThat(receiver.deliveries()
                            .get(receiver.deliveries().size() - 1)
                            .header("Authorization"))
                    .isEqualTo("Bearer node-token");
        }
    }

    private JsonNode run(WebhookReceiver receiver, String phase, String webhook) throws Exception {
        ProcessBuilder builder = new ProcessBuilder("node", "webhooks.mjs", phase)
                .directory(INSTALLED.toFile())
                .redirectErrorStream(true);
        builder.environment().put("GROUPDESK_URL", app.http().baseUrl());
        builder.environment().put("GROUPDESK_EMAIL", TestApp.ADMIN_EMAIL);
        builder.environment().put("GROUPDESK_TOKEN", TestApp.ADMIN_TOKEN);
        builder.environment().put("RECEIVER_URL", receiver.url("/node"));
        if (webhook != null) {
            builder.environment().put("WEBHOOK_ID", webhook);
        }
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
        List<String> lines = output.lines().filter(l -> l.startsWith("{")).toList();
        assertThat(lines).as(output).isNotEmpty();
        return JSON.readTree(lines.get(lines.size() - 1));
    }

    /** Copies the node project to target/ and installs exactly what its lock file pins, once per lock file. */
    private static synchronized void install() throws IOException, InterruptedException {
        Files.createDirectories(INSTALLED);
        Path lock = INSTALLED.resolve("package-lock.json");
        boolean same = Files.exists(lock)
                && Files.exists(INSTALLED.resolve("node_modules"))
                && Files.mismatch(lock, PROJECT.resolve("package-lock.json")) == -1;
        for (String file : List.of("package.json", "package-lock.json", "webhooks.mjs")) {
            Files.copy(PROJECT.resolve(file), INSTALLED.resolve(file), StandardCopyOption.REPLACE_EXISTING);
        }
        if (same) {
            return;
        }
        List<String> command = new ArrayList<>(List.of("npm", "ci", "--no-audit", "--no-fund", "--loglevel=error"));
        Process npm = new ProcessBuilder(command)
                .directory(INSTALLED.toFile())
                .redirectErrorStream(true)
                .start();
        String output = new String(npm.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(npm.waitFor(300, TimeUnit.SECONDS)).isTrue();
        assertThat(npm.exitValue()).as("npm ci: " + output).isZero();
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String directory : path.split(File.pathSeparator)) {
            if (Files.isExecutable(Path.of(directory, program))) {
                return true;
            }
        }
        return false;
    }
}
