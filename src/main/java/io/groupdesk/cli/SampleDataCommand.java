package io.groupdesk.cli;

import io.groupdesk.agents.Agent;
import io.groupdesk.api.zendesk.ZendeskPageFiles;
import io.groupdesk.bulk.SampleData;
import io.groupdesk.memberships.Membership;
import io.groupdesk.shared.AgentId;
import io.groupdesk.shared.GroupId;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.IntStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code sample-data}: writes a synthetic data set in the export format, for demos and for loading benchmarks with
 * {@code import}. The same seed gives the same files.
 */
@Command(
        name = "sample-data",
        mixinStandardHelpOptions = true,
        description = {
            "Writes a realistic synthetic data set as Zendesk API JSON pages, ready for 'import'.",
            "With --small-accounts, the main set goes to DIR/SUBDOMAIN and each small account to",
            "DIR/SUBDOMAIN-NNNN, for 'import --all-accounts'."
        })
final class SampleDataCommand implements Runnable {
    private static final int SMALL_GROUPS = 5;
    private static final int SMALL_AGENTS = 10;
    private static final int SMALL_MEMBERSHIPS = 20;

    private final CliContext context;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write to.")
    Path out;

    @Option(names = "--groups", required = true, paramLabel = "N", description = "Number of groups.")
    int groups;

    @Option(names = "--agents", required = true, paramLabel = "N", description = "Number of agents.")
    int agents;

    @Option(names = "--memberships", required = true, paramLabel = "N", description = "Number of memberships.")
    int memberships;

    @Option(
            names = "--seed",
            paramLabel = "S",
            defaultValue = "1",
            description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(
            names = "--small-accounts",
            paramLabel = "N",
            defaultValue = "0",
            description = "Also write N small accounts (5 groups, 10 agents, 20 memberships each).")
    int smallAccounts;

    @Option(
            names = "--subdomain",
            paramLabel = "SUBDOMAIN",
            defaultValue = "sample",
            description = "Subdomain in emails and, with --small-accounts, folder names (default: ${DEFAULT-VALUE}).")
    String subdomain;

    @Option(
            names = "--base-url",
            paramLabel = "URL",
            defaultValue = "https://sample.groupdesk.example",
            description = "Base of the url fields and links (default: ${DEFAULT-VALUE}).")
    String baseUrl;

    SampleDataCommand(CliContext context) {
        this.context = context;
    }

    @Override
    public void run() {
        if (groups < 0 || agents < 0 || memberships < 0 || smallAccounts < 0) {
            throw new CliException("counts cannot be negative");
        }
        ZendeskPageFiles files = new ZendeskPageFiles(baseUrl);
        ProgressBar progress = new ProgressBar(context.err(), context.terminal());
        Path main = smallAccounts > 0 ? out.resolve(subdomain) : out;
        SampleData.DataSet set = SampleData.generate(groups, agents, memberships, seed, subdomain + ".example.com");
        write(files, set, main, progress);
        progress.finishLine();
        context.out()
                .printf(
                        "wrote %,d groups, %,d agents, %,d memberships to %s%n",
                        set.groups().size(),
                        set.agents().size(),
                        set.memberships().size(),
                        main);
        for (int i = 1; i <= smallAccounts; i++) {
            String name = String.format("%s-%04d", subdomain, i);
            SampleData.DataSet small = SampleData.generate(
                    SMALL_GROUPS, SMALL_AGENTS, SMALL_MEMBERSHIPS, seed * 31 + i, name + ".example.com");
            write(files, small, out.resolve(name), io.groupdesk.bulk.Progress.NONE);
        }
        if (smallAccounts > 0) {
            context.out()
                    .printf(
                            "wrote %,d small accounts to %s/%s-0001 … %s-%04d%n",
                            smallAccounts, out, subdomain, subdomain, smallAccounts);
        }
    }

    private static void write(
            ZendeskPageFiles files, SampleData.DataSet set, Path dir, io.groupdesk.bulk.Progress progress) {
        pages(
                set.groups(),
                (number, items, after, hasMore) -> files.writeGroups(
                        ZendeskPageFiles.pageFile(dir, ZendeskPageFiles.GROUPS, number), items, after, hasMore),
                group -> group.id().value(),
                "groups",
                progress);
        Map<AgentId, GroupId> defaults = new HashMap<>();
        for (Membership membership : set.memberships()) {
            if (membership.isDefault()) {
                defaults.put(membership.agentId(), membership.groupId());
            }
        }
        pages(
                set.agents(),
                (number, items, after, hasMore) -> files.writeUsers(
                        ZendeskPageFiles.pageFile(dir, ZendeskPageFiles.USERS, number),
                        items,
                        defaults,
                        after,
                        hasMore),
                (Agent agent) -> agent.id().value(),
                "users",
                progress);
        pages(
                set.memberships(),
                (number, items, after, hasMore) -> files.writeMemberships(
                        ZendeskPageFiles.pageFile(dir, ZendeskPageFiles.MEMBERSHIPS, number), items, after, hasMore),
                membership -> membership.id().value(),
                "memberships",
                progress);
    }

    private interface PageWriter<T> {
        void write(int number, List<T> items, Optional<Long> afterId, boolean hasMore);
    }

    /** Writes the pages of a list, several at once; an empty list is one empty page, as the API answers. */
    private static <T> void pages(
            List<T> rows,
            PageWriter<T> writer,
            java.util.function.ToLongFunction<T> idOf,
            String phase,
            io.groupdesk.bulk.Progress progress) {
        int size = ZendeskPageFiles.PAGE_SIZE;
        int count = Math.max(1, (rows.size() + size - 1) / size);
        AtomicLong written = new AtomicLong();
        IntStream.range(0, count).parallel().forEach(page -> {
            int from = page * size;
            List<T> items = rows.subList(Math.min(from, rows.size()), Math.min(rows.size(), from + size));
            Optional<Long> after = page == 0 ? Optional.empty() : Optional.of(idOf.applyAsLong(rows.get(from - 1)));
            writer.write(page + 1, items, after, page < count - 1);
            progress.advanced(phase, written.addAndGet(items.size()), rows.size());
        });
    }
}
