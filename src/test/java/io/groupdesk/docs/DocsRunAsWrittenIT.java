package io.groupdesk.docs;

import static java.util.stream.Collectors.collectingAndThen;
import static java.util.stream.Collectors.toList;
import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.docs.MarkdownBlocks.Block;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collector;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@code sh} blocks of README.md and docs/quickstart/*.md as a reader would: in order, in one {@code bash
 * -euo pipefail} session per document, against one fresh packaged server started as the Zendesk quickstart starts it
 * (its bootstrap password and token). The only change made to a block is the port: {@code localhost:8080} becomes the
 * free port the server was given; and curl, through its {@code CURL_HOME} configuration, fails on an HTTP error
 * answer, so a block that is refused fails even when it prints the refusal. A block marked {@code <!-- doc-runner: skip (why) -->} is not run; a block followed
 * by one introduced with "It answers:" must show that answer.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DocsRunAsWrittenIT {
    static final String PASSWORD = "changeme-now";
    static final String TOKEN = "quickstarttoken0123456789abcdefghij";
    private static final Path JAR = Path.of("target", "groupdesk.jar").toAbsolutePath();

    @TempDir
    static Path directory;

    private static Process server;
    private static int port;

    @BeforeAll
    static void startServer() throws Exception {
        assertThat(JAR).as("run the ITs through ./mvnw verify, after package").isRegularFile();
        port = freePort();
        Path home = Files.createDirectories(directory.resolve("server"));
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-Xmx256m",
                "-jar",
                JAR.toString());
        builder.directory(home.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("GROUPDESK_"));
        builder.environment().put("GROUPDESK_BOOTSTRAP_ADMIN_PASSWORD", PASSWORD);
        builder.environment().put("GROUPDESK_BOOTSTRAP_API_TOKEN", TOKEN);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.redirectErrorStream(true);
        builder.redirectOutput(directory.resolve("server.log").toFile());
        server = builder.start();
        awaitReady();
    }

    @AfterAll
    static void stopServer() throws InterruptedException {
        if (server != null) {
            server.destroy();
            if (!server.waitFor(30, TimeUnit.SECONDS)) {
                server.destroyForcibly();
            }
        }
    }

    @Test
    @Order(1)
    void everyShellBlockOfTheReadmeAndTheQuickstartsRunsAsWritten() throws Exception {
        // given the documents in the order a reader meets them
        List<Path> documents = List.of(
                Path.of("README.md"),
                Path.of("docs/quickstart/zendesk.md"),
                Path.of("docs/quickstart/zendesk-xml.md"),
                Path.of("docs/quickstart/udesk.md"),
                Path.of("docs/quickstart/usedesk.md"));

        // when each runs in a shell of its own against the one server
        List<String> failures = new ArrayList<>();
        for (Path document : documents) {
            failures.addAll(run(document));
        }

        // then every block ended with 0 and showed the answer its document promises
        assertThat(failures).isEmpty();
    }

    @Test
    @Order(2)
    void theJavaClientSnippetOfTheZendeskQuickstartCompilesAndRunsAsWritten() throws Exception {
        // given the quickstart's one java block, its imports on top and its statements in a main method
        Block snippet = MarkdownBlocks.parse(Files.readString(Path.of("docs/quickstart/zendesk.md"))).blocks().stream()
                .filter(block -> block.language().equals("java"))
                .collect(onlyElement());
        String text = snippet.text().replace("localhost:8080", "localhost:" + port);
        StringBuilder imports = new StringBuilder();
        StringBuilder body = new StringBuilder();
        text.lines().forEach(line -> (line.startsWith("import ") ? imports : body)
                .append(line)
                .append('\n'));
        Path sources = Files.createDirectories(directory.resolve("java"));
        Files.writeString(
                sources.resolve("Quickstart.java"),
                imports + "public class Quickstart {\npublic static void main(String[] args) throws Exception {\n"
                        + body + "}\n}\n");

        // when it is compiled against the test class path and run
        JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
        StringWriter diagnostics = new StringWriter();
        boolean compiled = compiler.getTask(
                        diagnostics,
                        null,
                        null,
                        List.of("-classpath", System.getProperty("java.class.path"), "-d", sources.toString()),
                        null,
                        compiler.getStandardFileManager(null, null, StandardCharsets.UTF_8)
                                .getJavaFileObjects(sources.resolve("Quickstart.java")))
                .call();
        assertThat(compiled).as(diagnostics::toString).isTrue();
        PrintStream original = System.out;
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {sources.toUri().toURL()}, getClass().getClassLoader())) {
            System.setOut(new PrintStream(printed, true, StandardCharsets.UTF_8));
            loader.loadClass("Quickstart").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
        } finally {
            System.setOut(original);
        }

        // then it printed the groups, the new group's one member as its default, and ended without an exception
        assertThat(printed.toString(StandardCharsets.UTF_8))
                .contains(" Tier 2\n")
                .containsPattern("member \\d+ \\(default\\)");
    }

    @Test
    void noBlockThatRunsNeedsAToolTheReadmeDoesNotInstall() throws IOException {
        // given the shell blocks that run
        List<String> offending = new ArrayList<>();
        for (Path document : List.of(
                Path.of("README.md"),
                Path.of("docs/quickstart/zendesk.md"),
                Path.of("docs/quickstart/zendesk-xml.md"),
                Path.of("docs/quickstart/udesk.md"),
                Path.of("docs/quickstart/usedesk.md"))) {
            for (Block block : MarkdownBlocks.parse(Files.readString(document)).shell()) {
                // when one calls a tool a fresh machine with a JDK lacks
                if (block.runs() && block.text().matches("(?s).*\\b(uuidgen|jq|python3?|pip|node|npm)\\b.*")) {
                    offending.add(document + ":" + block.line());
                }
            }
        }

        // then there is none
        assertThat(offending).isEmpty();
    }

    private List<String> run(Path document) throws IOException, InterruptedException {
        List<Block> blocks = MarkdownBlocks.parse(Files.readString(document)).shell().stream()
                .filter(Block::runs)
                .toList();
        Path work =
                Files.createDirectories(directory.resolve(document.getFileName().toString() + ".d"));
        StringBuilder script = new StringBuilder("set -euo pipefail\n");
        for (int i = 0; i < blocks.size(); i++) {
            String text = blocks.get(i).text().replace("localhost:8080", "localhost:" + port);
            script.append("echo ")
                    .append(i)
                    .append(" > ")
                    .append(work.resolve("current"))
                    .append('\n');
            script.append("{\n")
                    .append(text)
                    .append("\n} > ")
                    .append(work.resolve("out." + i))
                    .append(" 2>&1\n");
        }
        script.append("echo ")
                .append(blocks.size())
                .append(" > ")
                .append(work.resolve("current"))
                .append('\n');
        Path file = work.resolve("doc.sh");
        Files.writeString(file, script);
        // curl's own configuration file makes an HTTP error (4xx, 5xx) a failed command that still shows its body
        Files.writeString(work.resolve(".curlrc"), "fail-with-body\n");
        ProcessBuilder builder = new ProcessBuilder("bash", file.toString()).directory(work.toFile());
        builder.environment().put("CURL_HOME", work.toString());
        builder.environment().keySet().removeIf(name -> name.startsWith("GROUPDESK_"));
        builder.environment().remove("TOKEN");
        builder.environment().remove("GD");
        builder.environment().remove("AUTH");
        builder.redirectErrorStream(true);
        builder.redirectOutput(work.resolve("shell.log").toFile());
        Process shell = builder.start();
        if (!shell.waitFor(60, TimeUnit.SECONDS)) {
            shell.destroyForcibly();
            return List.of(document + ": still running after 60 s");
        }
        int exit = shell.exitValue();
        int failed = Integer.parseInt(Files.readString(work.resolve("current")).strip());
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < Math.min(failed + 1, blocks.size()); i++) {
            Block block = blocks.get(i);
            String output = Files.readString(work.resolve("out." + i), StandardCharsets.UTF_8);
            if (i == failed) {
                failures.add(describe(document, block, "exited with " + exit, output));
            } else if (block.answer() != null && !MarkdownBlocks.shows(output, block.answer())) {
                failures.add(describe(document, block, "did not answer\n" + block.answer(), output));
            }
        }
        return failures;
    }

    private static <T> Collector<T, ?, T> onlyElement() {
        return collectingAndThen(toList(), list -> {
            assertThat(list).hasSize(1);
            return list.get(0);
        });
    }

    private static String describe(Path document, Block block, String what, String output) {
        return document + ":" + block.line() + " " + what + "\n--- block\n" + block.text() + "--- output\n" + output;
    }

    private static void awaitReady() throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpRequest ready = HttpRequest.newBuilder(
                        URI.create("http://localhost:" + port + "/actuator/health/readiness"))
                .build();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            assertThat(server.isAlive()).as(() -> readLog()).isTrue();
            try {
                if (client.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Groupdesk did not answer within 90 s:\n" + readLog());
    }

    private static String readLog() {
        try {
            return Files.readString(directory.resolve("server.log"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
