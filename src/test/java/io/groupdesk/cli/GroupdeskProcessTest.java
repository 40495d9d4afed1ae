package io.groupdesk.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.GroupdeskApplication;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The entry point as a real process: its exit codes reach the shell, and stdout holds only what a command prints. */
class GroupdeskProcessTest {

    @Test
    void exitCodesReachTheShell() throws Exception {
        Result version = launch("--version");
        Result usage = launch("import");

        assertThat(version.code()).isZero();
        assertThat(version.out()).startsWith("groupdesk ");
        assertThat(usage.code()).isEqualTo(2);
        assertThat(usage.out()).isEmpty();
        assertThat(usage.err()).contains("Missing required option: '--from=DIR'");
    }

    private record Result(int code, String out, String err) {}

    private static Result launch(String... args) throws Exception {
        String javaCommand = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(
                javaCommand, "-cp", System.getProperty("java.class.path"), GroupdeskApplication.class.getName()));
        command.addAll(List.of(args));
        File err = File.createTempFile("groupdesk-err", ".txt");
        err.deleteOnExit();
        Process process = new ProcessBuilder(command)
                .redirectError(err)
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .start();
        String out = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Result(
                process.exitValue(), out, java.nio.file.Files.readString(err.toPath(), StandardCharsets.UTF_8));
    }
}
