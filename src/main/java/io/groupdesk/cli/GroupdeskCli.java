package io.groupdesk.cli;

import io.groupdesk.api.zendesk.ZendeskPageFiles;
import io.groupdesk.config.StartRefusedException;
import io.groupdesk.shared.GroupdeskException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;

/**
 * Runs one command line: {@code serve} (also what no command does), {@code export}, {@code import}, {@code tokens}
 * and {@code sample-data}. Exit codes: 0 done, 1 failed, 2 usage error. A failure the user can act on (a missing
 * account, an unreadable file, a broken rule) prints one line, never a stack trace.
 */
public final class GroupdeskCli {
    private final CliContext context;

    /**
     * @param environment the variables the configuration is read from, as {@code System.getenv()}
     * @param terminal whether stderr is a terminal, where progress is drawn as a bar
     */
    public GroupdeskCli(Map<String, String> environment, PrintWriter out, PrintWriter err, boolean terminal) {
        this.context = new CliContext(environment, out, err, terminal);
    }

    /** The command line of this process: its environment, stdout, stderr and console. */
    public static GroupdeskCli fromSystem() {
        return new GroupdeskCli(
                System.getenv(),
                new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true),
                new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true),
                System.console() != null);
    }

    /** Runs {@code args} and returns the exit code. */
    public int execute(String... args) {
        CommandLine commandLine = new CommandLine(new RootCommand(context));
        commandLine.addSubcommand("serve", new ServeCommand(context));
        commandLine.addSubcommand("export", new ExportCommand(context));
        commandLine.addSubcommand("import", new ImportCommand(context));
        CommandLine tokens = new CommandLine(new TokensCommand());
        tokens.addSubcommand("create", new TokensCommand.Create(context));
        tokens.addSubcommand("list", new TokensCommand.ListTokens(context));
        tokens.addSubcommand("revoke", new TokensCommand.Revoke(context));
        commandLine.addSubcommand("tokens", tokens);
        commandLine.addSubcommand("sample-data", new SampleDataCommand(context));
        commandLine.setOut(context.out());
        commandLine.setErr(context.err());
        commandLine.setExecutionExceptionHandler((failure, line, parsed) -> {
            if (context.startingServer() && context.jsonLog()) {
                // the server's stdout and stderr are JSON lines: its refusal to start is one of them
                LoggerFactory.getLogger(GroupdeskCli.class).error("{}", message(failure));
            } else {
                line.getErr().println("error: " + message(failure));
                line.getErr().flush();
            }
            return 1;
        });
        try {
            return commandLine.execute(args);
        } finally {
            context.out().flush();
            context.err().flush();
        }
    }

    /** Whether the command run was {@code serve}, whose server keeps the process alive. */
    public boolean serving() {
        return context.serving();
    }

    /** One line for a failure: the message of a failure the user caused, the type and message of anything else. */
    private static String message(Exception failure) {
        if (failure instanceof CliException
                || failure instanceof GroupdeskException
                || failure instanceof ZendeskPageFiles.UnreadableFileException
                || failure instanceof IllegalArgumentException
                || failure instanceof StartRefusedException) {
            return failure.getMessage();
        }
        if (failure instanceof UncheckedIOException io) {
            return failure.getMessage() + " (" + io.getCause().getMessage() + ")";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return failure.getClass().getSimpleName() + ": " + failure.getMessage()
                + (root == failure
                        ? ""
                        : " (caused by " + root.getClass().getSimpleName() + ": " + root.getMessage() + ")");
    }
}
