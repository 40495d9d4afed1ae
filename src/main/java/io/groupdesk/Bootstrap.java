package io.groupdesk;

import io.groupdesk.access.ApiTokenService;
import io.groupdesk.access.Caller;
import io.groupdesk.accounts.Account;
import io.groupdesk.accounts.AccountService;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.AgentService;
import io.groupdesk.agents.NewAgent;
import io.groupdesk.agents.Role;
import io.groupdesk.config.Config;
import io.groupdesk.groups.GroupService;
import io.groupdesk.groups.NewGroup;
import io.groupdesk.shared.ConflictException;
import io.groupdesk.shared.Transactions;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Creates the bootstrap account on first start: the account, its first admin, an API token and the default group.
 * Applied once, when no account has the bootstrap subdomain; later starts leave the data alone. Generated secrets
 * are printed once to the console (never to a log) and cannot be shown again.
 */
final class Bootstrap {
    static final String DEFAULT_GROUP_NAME = "Support";
    private static final int GENERATED_PASSWORD_LENGTH = 20;

    private final AccountService accounts;
    private final AgentService agents;
    private final GroupService groups;
    private final ApiTokenService tokens;
    private final Transactions transactions;

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

    /** Returns the bootstrap account, creating it first if it does not exist. */
    Account ensure(Config config, PrintStream console) {
        Optional<Account> existing = accounts.findBySubdomain(config.bootstrapSubdomain());
        if (existing.isPresent()) {
            return existing.get();
        }
        List<String> generated = new ArrayList<>();
        try {
            Account account = transactions.inTransaction(() -> create(config, generated));
            announce(console, account, config, generated);
            return account;
        } catch (ConflictException raced) {
            // another node created it between our look and our insert
            return accounts.findBySubdomain(config.bootstrapSubdomain()).orElseThrow(() -> raced);
        }
    }

    private Account create(Config config, List<String> generated) {
        Account account = accounts.create(config.bootstrapSubdomain(), config.bootstrapSubdomain());
        Caller system = Caller.system(account.id());
        groups.create(system, NewGroup.named(DEFAULT_GROUP_NAME));
        String password = config.bootstrapAdminPassword().orElseGet(() -> {
            String secret = io.groupdesk.access.Secrets.random(GENERATED_PASSWORD_LENGTH);
            generated.add("admin password: " + secret);
            return secret;
        });
        Agent admin = agents.create(
                system,
                NewAgent.of("Administrator", config.bootstrapAdminEmail(), Role.ADMIN)
                        .withPassword(password));
        ApiTokenService.IssuedToken token =
                tokens.issue(system, admin.id(), "bootstrap token", config.bootstrapApiToken());
        if (config.bootstrapApiToken().isEmpty()) {
            generated.add("API token:      " + token.secret());
        }
        return account;
    }

    private static void announce(PrintStream console, Account account, Config config, List<String> generated) {
        String rule = "=".repeat(78);
        console.println(rule);
        console.println("  Groupdesk created the account \"" + account.subdomain() + "\" and its first admin, "
                + config.bootstrapAdminEmail() + ".");
        for (String line : generated) {
            console.println("  " + line);
        }
        if (!generated.isEmpty()) {
            console.println("  Generated secrets are shown only this once: store them now.");
        }
        console.println(rule);
        console.flush();
    }
}
