package io.groupdesk.reliability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** The packaged service, {@code java -jar target/groupdesk.jar}, running as a child process of the test. */
final class GroupdeskProcess implements AutoCloseable {
    static final Path JAR = Path.of("target", "groupdesk.jar");

    private final Process process;
    private final ZendeskClient client;
    private final Path log;

    private GroupdeskProcess(Process process, ZendeskClient client, Path log) {
        this.process = process;
        this.client = client;
        this.log = log;
    }

    /**
     * Starts the jar on a free port (or {@code SERVER_PORT} when {@code environment} sets it) with {@code environment}
     * (and nothing of ours that starts with GROUPDESK_); {@code arguments} are the command line, none to serve.
     */
    static GroupdeskProcess start(Map<String, String> environment, Path log, String... arguments) {
        if (!Files.isRegularFile(JAR)) {
            throw new IllegalStateException(JAR + " is missing: run the ITs through ./mvnw verify, after package");
        }
        int port =
                environment.containsKey("SERVER_PORT") ? Integer.parseInt(environment.get("SERVER_PORT")) : freePort();
        List<String> command = new java.util.ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-XX:+UseSerialGC",
                "-Xmx256m",
                "-jar",
                JAR.toAbsolutePath().toString()));
        command.addAll(List.of(arguments));
        ProcessBuilder builder = new ProcessBuilder(command);
        builder.environment().keySet().removeIf(name -> name.startsWith("GROUPDESK_"));
        builder.environment().putAll(environment);
        builder.environment().put("SERVER_PORT", Integer.toString(port));
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        try {
            return new GroupdeskProcess(builder.start(), new ZendeskClient(port), log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The environment of a node on the database at {@code url} with its data directory (secret key) in {@code data}:
     * account {@code demo}, bootstrapped with {@link ZendeskClient}'s admin and token, and a fresh secret key.
     */
    static Map<String, String> environment(String url, String user, String password, Path data) {
        Map<String, String> environment = new HashMap<>();
        environment.put("GROUPDESK_DB_URL", url);
        environment.put("GROUPDESK_DB_USER", user);
        environment.put("GROUPDESK_DB_PASSWORD", password);
        environment.put("GROUPDESK_DATA_DIR", data.toString());
        environment.put("GROUPDESK_BOOTSTRAP_SUBDOMAIN", "demo");
        environment.put("GROUPDESK_BOOTSTRAP_ADMIN_EMAIL", ZendeskClient.ADMIN_EMAIL);
        environment.put("GROUPDESK_BOOTSTRAP_ADMIN_PASSWORD", ZendeskClient.ADMIN_PASSWORD);
        environment.put("GROUPDESK_BOOTSTRAP_API_TOKEN", ZendeskClient.ADMIN_TOKEN);
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        environment.put("GROUPDESK_SECRET_KEY", Base64.getEncoder().encodeToString(key));
        return environment;
    }

    /** Waits until the service answers an authenticated request, and returns how long that took from now. */
    Duration awaitReady() throws InterruptedException {
        long started = System.nanoTime();
        long deadline = started + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Groupdesk exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                if (client.get("/api/v2/users/me.json").status() == 200) {
                    return Duration.ofNanos(System.nanoTime() - started);
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("Groupdesk did not answer within 90 s:\n" + logTail());
    }

    /** Waits until a line of the log contains {@code text}, and returns that line. */
    String awaitLine(String text) throws InterruptedException, IOException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < deadline) {
            for (String line : Files.readAllLines(log)) {
                if (line.contains(text)) {
                    return line;
                }
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("Groupdesk exited with " + process.exitValue() + ":\n" + logTail());
            }
            Thread.sleep(50);
        }
        throw new IllegalStateException("no line with \"" + text + "\" within 90 s:\n" + logTail());
    }

    /** Waits for the service to end by itself, and returns its exit code. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(90, TimeUnit.SECONDS)) {
            throw new IllegalStateException("Groupdesk still runs after 90 s:\n" + logTail());
        }
        return process.exitValue();
    }

    ZendeskClient client() {
        return client;
    }

    /** SIGKILL on Linux: no shutdown hook, no pool close, no database close. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    /** SIGTERM: the service closes its server and database in its shutdown hook. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private String logTail() {
        try {
            List<String> lines = Files.readAllLines(log);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
