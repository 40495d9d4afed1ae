package io.groupdesk;

import io.groupdesk.access.Caller;
import io.groupdesk.accounts.Account;
import io.groupdesk.accounts.AccountService;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentService;
import io.groupdesk.agents.NewAgent;
import io.groupdesk.config.Config;
import io.groupdesk.credentials.ApiTokenService;
import io.groupdesk.groups.GroupService;
import io.groupdesk.groups.NewGroup;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.Transactions;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Creates the bootstrap account on first start: the account, its first admin, an API token and the default group.
 * Applied once, when no account has the bootstrap subdomain; later starts leave the data alone and say which bootstrap
 * settings they ignored. Generated secrets are shown once, with how to use them, and cannot be shown again: on the
 * console with text logs, or, with JSON logs, in an owner-only file in the data directory whose path is logged, so
 * they never enter the log stream.
 */
final class Bootstrap {
    static final String DEFAULT_GROUP_NAME = "Support";
    /** The file, in the data directory, that holds the first start's secrets when the log is JSON. */
    static final String FIRST_START_FILE = "first-start.txt";

    private static final Logger log = LoggerFactory.getLogger(Bootstrap.class);
    private static final int GENERATED_PASSWORD_LENGTH = 20;

    private final AccountService accounts;
    private final AgentService agents;
    private final GroupService groups;
    private final ApiTokenService tokens;
    private final Transactions transactions;
    private Optional<FirstStart> created = Optional.empty();

    /** What the first start made, to announce once the server listens and its URL is known. */
    private record FirstStart(Account account, String token, boolean tokenGenerated, List<String> generated) {}

    Bootstrap(
            AccountService accounts,
            AgentService agents,
            GroupService groups,
            ApiTokenService tokens,
            Transactions transactions) {
        this.accounts = accounts;
        this.agents = agents;
        this.groups = groups;
        this.tokens = tokens;
        this.transactions = transactions;
    }

    /**
     * Returns the bootstrap account, creating it first if it does not exist; {@link #announce} then tells the
     * operator how to use it. When it exists, the bootstrap settings the environment sets are named in one line as
     * ignored (never their values).
     */
    Account ensure(Config config) {
        Optional<Account> existing = accounts.findBySubdomain(config.bootstrapSubdomain());
        if (existing.isPresent()) {
            warnIgnored(config);
            return existing.get();
        }
        List<String> generated = new ArrayList<>();
        try {
            String[] token = new String[1];
            Account account = transactions.inTransaction(() -> create(config, generated, token));
            created = Optional.of(
                    new FirstStart(account, token[0], config.bootstrapApiToken().isEmpty(), List.copyOf(generated)));
            return account;
        } catch (ConflictException raced) {
            // another node created it between our look and our insert
            warnIgnored(config);
            return accounts.findBySubdomain(config.bootstrapSubdomain()).orElseThrow(() -> raced);
        }
    }

    private static void warnIgnored(Config config) {
        if (!config.bootstrapVariablesSet().isEmpty()) {
            log.warn(
                    "The account \"{}\" already exists, so {} {} ignored: bootstrap settings apply on the first start"
                            + " only; change an admin's password or tokens through the API, the console or"
                            + " `groupdesk tokens create`",
                    config.bootstrapSubdomain(),
                    String.join(", ", config.bootstrapVariablesSet()),
                    config.bootstrapVariablesSet().size() == 1 ? "is" : "are");
        }
    }

    private Account create(Config config, List<String> generated, String[] token) {
        Account account = accounts.create(config.bootstrapSubdomain(), config.bootstrapSubdomain());
        Caller system = Caller.system(account.id());
        groups.create(system, NewGroup.named(DEFAULT_GROUP_NAME));
        String password = config.bootstrapAdminPassword().orElseGet(() -> {
            String secret = io.groupdesk.credentials.Secrets.random(GENERATED_PASSWORD_LENGTH);
            generated.add("admin password: " + secret);
            return secret;
        });
        Agent admin = agents.create(
                system,
                NewAgent.of("Administrator", config.bootstrapAdminEmail(), Role.ADMIN)
                        .withPassword(password));
        ApiTokenService.IssuedToken issued =
                tokens.issue(system, admin.id(), "bootstrap token", config.bootstrapApiToken());
        if (config.bootstrapApiToken().isEmpty()) {
            generated.add("API token:      " + issued.secret());
        }
        token[0] = issued.secret();
        return account;
    }

    /**
     * Shows what the first start created, if this start created it, and how to use it at {@code baseUrl}: on
     * {@code console}, or with JSON logs in {@link #FIRST_START_FILE} in the data directory, whose path is logged.
     */
    void announce(Config config, String baseUrl, PrintStream console) {
        if (created.isEmpty()) {
            return;
        }
        FirstStart first = created.get();
        created = Optional.empty();
        String email = config.bootstrapAdminEmail();
        // the token goes into the example only when it was generated here: one the operator set stays out of output
        String token = first.tokenGenerated() ? first.token() : "$GROUPDESK_BOOTSTRAP_API_TOKEN";
        List<String> lines = new ArrayList<>();
        lines.add("Groupdesk created the account \"" + first.account().subdomain() + "\" and its first admin, " + email
                + ".");
        lines.addAll(first.generated());
        if (!first.generated().isEmpty()) {
            lines.add("Generated secrets are shown only this once: store them now.");
        }
        // Zendesk's API token form: the user name is "{email}/token", the password the token
        lines.add("API (Zendesk's email/token form): curl -u '" + email + "/token:" + token + "' " + baseUrl
                + "/api/v2/users/me.json");
        lines.add("Console: " + baseUrl + "/ (sign in as " + email + " with the admin password)");
        if (config.jsonLog()) {
            writeFile(config, first, lines);
        } else {
            String rule = "=".repeat(78);
            console.println(rule);
            for (String line : lines) {
                console.println("  " + line);
            }
            console.println(rule);
            console.flush();
        }
    }

    /** Keeps the first start's lines out of a JSON log stream: in an owner-only file, whose path alone is logged. */
    private static void writeFile(Config config, FirstStart first, List<String> lines) {
        if (first.generated().isEmpty()) {
            // nothing secret in them: the log may carry them
            lines.forEach(line -> log.info("{}", line));
            return;
        }
        Path file = Path.of(config.dataDirectory(), FIRST_START_FILE);
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(file);
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
            Files.write(file, lines, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the first start's secrets to " + file, e);
        }
        log.info(
                "Groupdesk created the account \"{}\" and its first admin, {}; the generated secrets and how to use"
                        + " them are in {} (readable by its owner only): store them, then delete the file",
                first.account().subdomain(),
                config.bootstrapAdminEmail(),
                file);
    }
}
