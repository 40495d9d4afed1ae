package io.groupdesk.distribution;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** dist/groupdesk.service, the unit docs/install.md installs: systemd reads it without a complaint. */
class SystemdUnitTest {
    private static final Path UNIT = Path.of("dist", "groupdesk.service");

    @TempDir
    Path directory;

    @Test
    void systemdAnalyzeVerifiesTheUnitWithoutAWarning() throws Exception {
        // given systemd's own checker (Debian's systemd package; the test installs nothing)
        Path analyze = onPath("systemd-analyze");
        assumeTrue(
                analyze != null,
                "systemd-analyze is not on the PATH: install Debian's systemd package to check"
                        + " dist/groupdesk.service");
        // the unit names /usr/bin/java, Debian's; where the JDK lives elsewhere, check it with the running one
        String unit = Files.readString(UNIT);
        if (!Files.isExecutable(Path.of("/usr/bin/java"))) {
            unit = unit.replace("/usr/bin/java ", Path.of(System.getProperty("java.home"), "bin", "java") + " ");
        }
        Path copy = Files.writeString(directory.resolve("groupdesk.service"), unit);

        // when it verifies the unit
        Process verify = new ProcessBuilder(analyze.toString(), "verify", copy.toString())
                .redirectErrorStream(true)
                .start();
        boolean exited = verify.waitFor(Duration.ofMinutes(1).toMillis(), TimeUnit.MILLISECONDS);
        String output = new String(verify.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

        // then it exits 0 and says nothing: an unknown or misspelt setting is only a warning there
        assertThat(exited).isTrue();
        assertThat(verify.exitValue()).as(output).isZero();
        assertThat(output).isEmpty();
    }

    @Test
    void runsAsItsOwnUserWithTheBenchmarkJvmOptionsAndStopsWithinTheDrain() throws IOException {
        // given the unit
        List<String> lines = Files.readAllLines(UNIT);

        // then a dedicated user runs the jar with the JVM options BENCHMARKS.md measured, on an absolute data
        // directory only it can read, restarted on failure, and given longer to stop than the server's 15 s drain
        assertThat(lines)
                .contains(
                        "User=groupdesk",
                        "Environment=GROUPDESK_DATA_DIR=/var/lib/groupdesk",
                        "StateDirectoryMode=0700",
                        "ReadWritePaths=/var/lib/groupdesk",
                        "ProtectSystem=strict",
                        "NoNewPrivileges=true",
                        "Restart=on-failure",
                        "SuccessExitStatus=143",
                        "TimeoutStopSec=30",
                        "ExecStart=/usr/bin/java -Xmx192m -XX:+UseParallelGC -Djdk.nio.maxCachedBufferSize=262144"
                                + " -XX:TrimNativeHeapInterval=1000 -jar /opt/groupdesk/groupdesk.jar");
        assertThat(lines).noneMatch(line -> line.startsWith("MemoryDenyWriteExecute"));
    }

    private static Path onPath(String command) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(directory -> Path.of(directory, command))
                .filter(Files::isExecutable)
                .findFirst()
                .orElse(null);
    }
}
