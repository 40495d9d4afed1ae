package io.groupdesk.testing;

import io.groupdesk.Groupdesk;
import io.groupdesk.access.Caller;
import io.groupdesk.accounts.Account;
import io.groupdesk.agents.Agent;
import io.groupdesk.agents.NewAgent;
import io.groupdesk.groups.Group;
import io.groupdesk.groups.NewGroup;
import io.groupdesk.memberships.Membership;
import io.groupdesk.memberships.NewMembership;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.Role;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/** Test data written through the real services, the way an administrator would create it. */
public final class Fixtures {
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private final Groupdesk.Services services;

    public Fixtures(Groupdesk.Services services) {
        this.services = services;
    }

    /** An agent with an API token, so tests can call the API as that agent. */
    public record TestAgent(Agent agent, String email, String password, String token) {
        public Caller caller() {
            return Caller.agent(agent.accountId(), agent.id(), agent.role());
        }
    }

    /** A new account with a subdomain of its own, its default group "Support" and an admin. */
    public TestAccount account() {
        return account("acct" + SEQUENCE.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 100000, 36));
    }

    /** A new account with the given subdomain, its default group "Support" and an admin. */
    public TestAccount account(String subdomain) {
        Account account = services.accounts().create(subdomain, subdomain);
        services.groups().create(Caller.system(account.id()), NewGroup.named("Support"));
        return new TestAccount(account, agent(account.id(), Role.ADMIN));
    }

    /**
     * A new account with an admin and no group at all, so that an agent's first membership is one the test makes (in
     * an account with a default group, every new agent starts in it).
     */
    public TestAccount accountWithoutGroups() {
        String subdomain = "bare" + SEQUENCE.incrementAndGet() + "x" + Long.toString(System.nanoTime() % 100000, 36);
        Account account = services.accounts().create(subdomain, subdomain);
        return new TestAccount(account, agent(account.id(), Role.ADMIN));
    }

    /** An account made by {@link #account()}, with its first admin. */
    public record TestAccount(Account account, TestAgent admin) {
        public AccountId id() {
            return account.id();
        }

        /** The Host header that addresses this account. */
        public String host() {
            return account.subdomain() + ".groupdesk.test";
        }
    }

    public TestAgent agent(AccountId account, Role role) {
        int n = SEQUENCE.incrementAndGet();
        String email = role.key() + n + "@example.test";
        String password = "password-" + n;
        Agent agent = services.agents()
                .create(
                        Caller.system(account),
                        NewAgent.of(role.key() + " " + n, email, role).withPassword(password));
        String token = services.tokens()
                .issue(Caller.system(account), agent.id(), "test token", Optional.empty())
                .secret();
        return new TestAgent(agent, email, password, token);
    }

    public Group group(AccountId account, String name) {
        return services.groups().create(Caller.system(account), NewGroup.named(name));
    }

    public Group privateGroup(AccountId account, String name) {
        return services.groups()
                .create(Caller.system(account), new NewGroup(name, Optional.empty(), Optional.of(false)));
    }

    /** Puts {@code agent} in {@code group} through the membership service; an agent's first membership is its default. */
    public Membership membership(AccountId account, TestAgent agent, Group group) {
        return services.memberships()
                .add(Caller.system(account), new NewMembership(agent.agent().id(), group.id()));
    }
}
