package io.groupdesk.cli;

import io.groupdesk.Groupdesk;
import io.groupdesk.access.Caller;
import io.groupdesk.accounts.Account;
import io.groupdesk.agents.Agent;
import io.groupdesk.api.zendesk.ZendeskPageFiles;
import io.groupdesk.groups.GroupService;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.MembershipFilter;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.Cursor;
import io.groupdesk.shared.GroupId;
import io.groupdesk.shared.KeysetPages;
import io.groupdesk.shared.PageRequest;
import io.groupdesk.shared.Slice;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code export}: writes an account's agents, live groups and memberships as Zendesk v2 list pages, one file per
 * page of 100, exactly as the API would answer {@code GET /api/v2/users?page[size]=100} and its next pages.
 */
@Command(
        name = "export",
        mixinStandardHelpOptions = true,
        description = {
            "Writes an account's agents, groups and memberships as Zendesk API pages.",
            "Files: DIR/users/page-00001.json, DIR/groups/…, DIR/group_memberships/…",
            "With --all-accounts, one subdirectory per account subdomain."
        })
final class ExportCommand implements Runnable {
    private final CliContext context;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write to.")
    Path out;

    @ArgGroup(exclusive = true)
    Which which = new Which();

    static final class Which {
        @Option(
                names = "--account",
                paramLabel = "SUBDOMAIN",
                description = "Account to export (default: GROUPDESK_BOOTSTRAP_SUBDOMAIN, or demo).")
        String account;

        @Option(names = "--all-accounts", description = "Export every account, each into DIR/SUBDOMAIN.")
        boolean all;
    }

    @Option(
            names = "--base-url",
            paramLabel = "URL",
            description = "Base of the url fields and links (default: GROUPDESK_PUBLIC_URL, or http://localhost:PORT).")
    String baseUrl;

    @Mixin
    DatabaseOptions database = new DatabaseOptions();

    ExportCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        var config = context.config(database);
        String base = baseUrl != null ? baseUrl : config.publicUrl().orElse("http://localhost:" + config.port());
        ZendeskPageFiles files = new ZendeskPageFiles(base);
        ProgressBar progress = new ProgressBar(context.err(), context.terminal());
        try (Groupdesk.Core core = context.open(database)) {
            List<Account> accounts = which.all
                    ? core.services().accounts().all()
                    : List.of(CliContext.account(
                            core, which.account != null ? which.account : config.bootstrapSubdomain()));
            for (Account account : accounts) {
                Path dir = which.all ? out.resolve(account.subdomain()) : out;
                Counts counts = export(core, account, files, dir, progress);
                progress.finishLine();
                context.out()
                        .printf(
                                "%s: exported %,d users, %,d groups, %,d memberships to %s%n",
                                account.subdomain(), counts.users, counts.groups, counts.memberships, dir);
            }
        }
    }

    private record Counts(long users, long groups, long memberships) {}

    private static Counts export(
            Groupdesk.Core core, Account account, ZendeskPageFiles files, Path dir, ProgressBar progress) {
        Caller caller = CliContext.system(account);
        var services = core.services();
        long groups = pages(
                page -> services.groups().list(caller, GroupService.Scope.ALL, false, page),
                group -> group.id().value(),
                (number, slice, after) -> files.writeGroups(
                        ZendeskPageFiles.pageFile(dir, ZendeskPageFiles.GROUPS, number),
                        slice.items(),
                        after,
                        slice.hasMore()),
                "groups",
                progress);
        long users = pages(
                page -> services.agents().list(caller, Set.of(), true, page),
                agent -> agent.id().value(),
                (number, slice, after) -> {
                    Map<AgentId, GroupId> defaults = services.memberships()
                            .defaultGroupsOf(
                                    caller,
                                    slice.items().stream().map(Agent::id).toList());
                    files.writeUsers(
                            ZendeskPageFiles.pageFile(dir, ZendeskPageFiles.USERS, number),
                            slice.items(),
                            defaults,
                            after,
                            slice.hasMore());
                },
                "users",
                progress);
        long memberships = pages(
                page -> services.memberships().list(caller, MembershipFilter.all(), page),
                (Membership membership) -> membership.id().value(),
                (number, slice, after) -> files.writeMemberships(
                        ZendeskPageFiles.pageFile(dir, ZendeskPageFiles.MEMBERSHIPS, number),
                        slice.items(),
                        after,
                        slice.hasMore()),
                "memberships",
                progress);
        return new Counts(users, groups, memberships);
    }

    private interface PageSink<T> {
        void write(int number, Slice<T> slice, Optional<Long> afterId);
    }

    /** Reads a list page by page, as a client following {@code links.next} would, and writes each page. */
    private static <T> long pages(
            Function<PageRequest.Keyset, Slice<T>> read,
            java.util.function.ToLongFunction<T> idOf,
            PageSink<T> sink,
            String phase,
            ProgressBar progress) {
        AtomicLong count = new AtomicLong();
        KeysetPages.each(ZendeskPageFiles.PAGE_SIZE, read, idOf, page -> {
            sink.write(page.number(), page.slice(), page.after().map(Cursor::id));
            progress.advanced(phase, count.addAndGet(page.slice().items().size()), 0);
        });
        return count.get();
    }
}
