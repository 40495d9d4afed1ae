package io.groupdesk.api.console;

import io.groupdesk.cli.GroupdeskCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The command line's sample data loaded into a test app's bootstrap account the way an operator loads it
 * ({@code sample-data}, then {@code import}), so that the console's pages are tried on an account that fills several
 * pages and has agents far from the first hundred.
 */
final class SampleAccount {
    private SampleAccount() {}

    static void load(Map<String, String> environment, int groups, int agents, int memberships) {
        Path dir;
        try {
            dir = Files.createTempDirectory("gd-sample");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            run(
                    environment,
                    "sample-data",
                    "--out",
                    dir.toString(),
                    "--groups",
                    String.valueOf(groups),
                    "--agents",
                    String.valueOf(agents),
                    "--memberships",
                    String.valueOf(memberships),
                    "--seed",
                    "7");
            run(environment, "import", "--from", dir.toString(), "--account", "demo");
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder())
                        .forEach(path -> path.toFile().delete());
            } catch (IOException e) {
                // a temporary directory left behind harms nothing
            }
        }
    }

    private static void run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new GroupdeskCli(environment, new PrintWriter(out), new PrintWriter(err), false).execute(args);
        if (code != 0) {
            throw new IllegalStateException(String.join(" ", args) + " failed: " + out + err);
        }
    }
}
