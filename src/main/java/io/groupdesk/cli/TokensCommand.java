package io.groupdesk.cli;

import io.groupdesk.Groupdesk;
import io.groupdesk.accounts.Account;
import io.groupdesk.credentials.ApiTokenService;
import io.groupdesk.credentials.CredentialRepository.TokenInfo;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tokens create|list|revoke}: account API tokens, whose secret is shown once, at creation. */
@Command(
        name = "tokens",
        mixinStandardHelpOptions = true,
        description = "Creates, lists and revokes account API tokens.")
final class TokensCommand implements Runnable {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);

    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "Missing command: create, list or revoke");
    }

    /** The account a token command works in. */
    static final class AccountOption {
        @Option(
                names = "--account",
                paramLabel = "SUBDOMAIN",
                description = "Account (default: GROUPDESK_BOOTSTRAP_SUBDOMAIN, or demo).")
        String account;

        Account resolve(CliContext context, DatabaseOptions database, Groupdesk.Core core) {
            return CliContext.account(
                    core, account != null ? account : context.config(database).bootstrapSubdomain());
        }
    }

    @Command(
            name = "create",
            mixinStandardHelpOptions = true,
            description = "Creates a token acting as the agent; prints its secret once.")
    static final class Create implements Runnable {
        private final CliContext context;

        @Mixin
        AccountOption account = new AccountOption();

        @Option(names = "--agent", required = true, paramLabel = "EMAIL", description = "The token's owner.")
        String agent;

        @Option(names = "--description", paramLabel = "TEXT", description = "What the token is for.")
        String description;

        @Option(
                names = "--scim",
                description = "Limits the token to SCIM (/scim/v2), for an identity provider: the other APIs refuse"
                        + " it. The agent must be an administrator.")
        boolean scim;

        @Mixin
        DatabaseOptions database = new DatabaseOptions();

        Create(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            try (Groupdesk.Core core = context.open(database)) {
                Account target = account.resolve(context, database, core);
                ApiTokenService.IssuedToken token = scim
                        ? core.services()
                                .tokens()
                                .issueForScim(CliContext.system(target), agent, description == null ? "" : description)
                        : core.services()
                                .tokens()
                                .issue(CliContext.system(target), agent, description == null ? "" : description);
                context.out().println(token.secret());
                context.err()
                        .printf(
                                "token %d of %s in %s: the secret above is shown only this once%n",
                                token.id(), agent, target.subdomain());
            }
        }
    }

    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Lists the account's live tokens (never their secrets).")
    static final class ListTokens implements Runnable {
        private final CliContext context;

        @Mixin
        AccountOption account = new AccountOption();

        @Mixin
        DatabaseOptions database = new DatabaseOptions();

        ListTokens(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            try (Groupdesk.Core core = context.open(database)) {
                Account target = account.resolve(context, database, core);
                List<TokenInfo> tokens = core.services().tokens().list(CliContext.system(target));
                context.out().printf("%-8s %-32s %-20s %s%n", "ID", "OWNER", "CREATED", "DESCRIPTION");
                for (TokenInfo token : tokens) {
                    context.out()
                            .printf(
                                    "%-8d %-32s %-20s %s%n",
                                    token.id(),
                                    token.ownerEmail(),
                                    TIME.format(token.createdAt()),
                                    token.description() == null ? "" : token.description());
                }
            }
        }
    }

    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Revokes a token: it authenticates nothing from then on.")
    static final class Revoke implements Runnable {
        private final CliContext context;

        @Mixin
        AccountOption account = new AccountOption();

        @Parameters(paramLabel = "ID", description = "The token's id, as tokens list shows it.")
        long id;

        @Mixin
        DatabaseOptions database = new DatabaseOptions();

        Revoke(CliContext context) {
            this.context = context;
        }

        @Override
        public void run() {
            try (Groupdesk.Core core = context.open(database)) {
                Account target = account.resolve(context, database, core);
                core.services().tokens().revoke(CliContext.system(target), id);
                context.out().printf("token %d revoked%n", id);
            }
        }
    }
}
