package io.groupdesk.cli;

import io.groupdesk.GroupdeskApplication;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code serve}: starts the HTTP server, as running without a command does. */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        description = "Starts the server (the default when no command is given).")
final class ServeCommand implements Runnable {
    private final CliContext context;

    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    ServeCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        context.startServing();
        GroupdeskApplication.serve(context.config(database));
        context.startedServing();
    }
}
