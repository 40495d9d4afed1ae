package io.groupdesk.cli;

import picocli.CommandLine.Command;

/** {@code groupdesk}: without a command, serves as {@code serve} does. */
@Command(
        name = "groupdesk",
        mixinStandardHelpOptions = true,
        versionProvider = RootCommand.Version.class,
        description = {
            "Agents, groups and group memberships, served in four helpdesk dialects.",
            "Without a command, starts the server (as 'serve').",
            "Commands use the server's database: GROUPDESK_DB_URL, GROUPDESK_DB_USER,",
            "GROUPDESK_DB_PASSWORD (or --db-url, --db-user, --db-password)."
        },
        footer = {"", "Exit codes: 0 done, 1 failed, 2 usage error."})
final class RootCommand implements Runnable {
    private final CliContext context;

    RootCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        new ServeCommand(context).run();
    }

    /** The version in the jar's manifest. */
    static final class Version implements picocli.CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = RootCommand.class.getPackage().getImplementationVersion();
            return new String[] {"groupdesk " + (version == null ? "(development build)" : version)};
        }
    }
}
