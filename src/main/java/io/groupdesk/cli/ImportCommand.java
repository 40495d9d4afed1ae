package io.groupdesk.cli;

import io.groupdesk.Groupdesk;
import io.groupdesk.accounts.Account;
import io.groupdesk.api.zendesk.ZendeskPageFiles;
import io.groupdesk.bulk.BulkImporter;
import io.groupdesk.bulk.ImportOutcome;
import io.groupdesk.bulk.ImportSet;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code import}: loads Zendesk v2 list pages (an {@code export}, or what a script saved from Zendesk's API) into an
 * account through the bulk importer. Idempotent: a second run of the same files reports everything unchanged.
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = {
            "Reads Zendesk API JSON pages (users, groups, group_memberships) into an account.",
            "Agents are matched by email, groups by name, memberships by agent and group, so running",
            "it again changes nothing. End users, deleted groups and users, and rows that break a rule",
            "are skipped and counted; --report lists each one."
        })
final class ImportCommand implements Runnable {
    private static final List<String> KIND_FOLDERS =
            List.of(ZendeskPageFiles.USERS, ZendeskPageFiles.GROUPS, ZendeskPageFiles.MEMBERSHIPS);

    private final CliContext context;

    @Option(names = "--from", required = true, paramLabel = "DIR", description = "Directory of JSON pages.")
    Path from;

    @ArgGroup(exclusive = true)
    Which which = new Which();

    static final class Which {
        @Option(
                names = "--account",
                paramLabel = "SUBDOMAIN",
                description = "Account to import into (default: GROUPDESK_BOOTSTRAP_SUBDOMAIN, or demo).")
        String account;

        @Option(
                names = "--all-accounts",
                description = "Import each subdirectory of DIR into the account its name names (created if missing).")
        boolean all;
    }

    @Option(names = "--create-account", description = "Create the account when no account has the subdomain.")
    boolean createAccount;

    @Option(names = "--report", paramLabel = "FILE", description = "Write every skipped row and why (tab-separated).")
    Path report;

    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    ImportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        if (!Files.isDirectory(from)) {
            throw new CliException("--from " + from + " is not a directory");
        }
        var config = context.config(database);
        List<Target> targets = which.all
                ? subdirectories()
                : List.of(new Target(which.account != null ? which.account : config.bootstrapSubdomain(), from));
        ProgressBar progress = new ProgressBar(context.err(), context.terminal());
        ZendeskPageFiles files = new ZendeskPageFiles("");
        List<String> reportLines = new ArrayList<>();
        reportLines.add("account\tkind\tsource\trow\treason");
        try (Groupdesk.Core core = context.open(database)) {
            BulkImporter importer = BulkImporter.of(
                    core.services().groups(),
                    core.services().agents(),
                    core.services().memberships());
            for (Target target : targets) {
                Account account = account(core, target.subdomain(), which.all || createAccount);
                ImportSet data = files.read(target.dir());
                context.err()
                        .printf(
                                "%s: read %,d users, %,d groups, %,d memberships from %s%n",
                                account.subdomain(),
                                data.users().size(),
                                data.groups().size(),
                                data.memberships().size(),
                                target.dir());
                context.err().flush();
                ImportOutcome outcome = importer.importInto(account.id(), data, progress);
                progress.finishLine();
                for (String line : outcome.summary()) {
                    context.out().println(account.subdomain() + ": " + line);
                }
                for (ImportOutcome.Skip skip : outcome.skips()) {
                    reportLines.add(String.join(
                            "\t",
                            account.subdomain(),
                            skip.kind().plural(),
                            clean(skip.source()),
                            clean(skip.key()),
                            clean(skip.reason())));
                }
            }
        }
        if (report != null) {
            writeReport(reportLines);
            context.out().printf("skipped rows: %,d, listed in %s%n", reportLines.size() - 1, report);
        }
    }

    private record Target(String subdomain, Path dir) {}

    private List<Target> subdirectories() {
        try (Stream<Path> children = Files.list(from)) {
            List<Target> targets = children.filter(Files::isDirectory)
                    .filter(dir -> !KIND_FOLDERS.contains(dir.getFileName().toString()))
                    .sorted()
                    .map(dir -> new Target(dir.getFileName().toString().toLowerCase(Locale.ROOT), dir))
                    .toList();
            if (targets.isEmpty()) {
                throw new CliException("--all-accounts: " + from + " has no account subdirectories");
            }
            return targets;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + from, e);
        }
    }

    private Account account(Groupdesk.Core core, String subdomain, boolean create) {
        Optional<Account> existing = core.services().accounts().findBySubdomain(subdomain);
        if (existing.isPresent()) {
            return existing.get();
        }
        if (!create) {
            throw new CliException(
                    "no account has the subdomain \"" + subdomain + "\": pass --create-account to create it");
        }
        Account created = core.services().accounts().create(subdomain, subdomain);
        context.err().println("created the account \"" + created.subdomain() + "\"");
        return created;
    }

    private void writeReport(List<String> lines) {
        try {
            Path parent = report.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            try (BufferedWriter writer = Files.newBufferedWriter(report)) {
                for (String line : lines) {
                    writer.write(line);
                    writer.newLine();
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report " + report, e);
        }
    }

    private static String clean(String value) {
        return value == null ? "" : value.replace('\t', ' ').replace('\n', ' ');
    }
}
