package io.groupdesk.api.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.accounts.Account;
import io.groupdesk.accounts.AccountService;
import io.groupdesk.cli.GroupdeskCli;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * An account loaded the way an operator loads one: the command line's {@code sample-data} written to files, then
 * {@code import}ed, in process, into the test app's database.
 */
final class SampleAccount {
    private SampleAccount() {}

    /**
     * Loads a sample of {@code groups}, {@code agents} and {@code memberships} into the account {@code subdomain},
     * creating it unless it exists.
     */
    static Account load(
            Map<String, String> environment,
            AccountService accounts,
            String subdomain,
            int groups,
            int agents,
            int memberships,
            boolean create) {
        try {
            Path dir = Files.createTempDirectory("groupdesk-sample");
            run(
                    environment,
                    "sample-data",
                    "--out",
                    dir.toString(),
                    "--groups",
                    Integer.toString(groups),
                    "--agents",
                    Integer.toString(agents),
                    "--memberships",
                    Integer.toString(memberships),
                    "--subdomain",
                    subdomain,
                    "--seed",
                    "7");
            if (create) {
                run(environment, "import", "--from", dir.toString(), "--account", subdomain, "--create-account");
            } else {
                run(environment, "import", "--from", dir.toString(), "--account", subdomain);
            }
            return accounts.findBySubdomain(subdomain).orElseThrow();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads a sample into the bootstrap account, {@code demo}. */
    static void load(Map<String, String> environment, int groups, int agents, int memberships) {
        try {
            Path dir = Files.createTempDirectory("gd-sample");
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
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void run(Map<String, String> environment, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new GroupdeskCli(new HashMap<>(environment), new PrintWriter(out), new PrintWriter(err), false)
                .execute(args);
        assertThat(code).as("%s\n%s\n%s", String.join(" ", args), out, err).isZero();
    }
}
