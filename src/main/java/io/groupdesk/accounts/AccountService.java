package io.groupdesk.accounts;

import io.groupdesk.shared.FieldViolation;
import io.groupdesk.shared.ValidationException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** Finds and creates accounts, and decides which account a request addresses. */
public final class AccountService {
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");

    private final AccountRepository accounts;
    private final Clock clock;

    public AccountService(AccountRepository accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    public Optional<Account> findBySubdomain(String subdomain) {
        return accounts.findBySubdomain(subdomain.toLowerCase(Locale.ROOT));
    }

    /**
     * Creates an account.
     *
     * @throws ValidationException the subdomain is not a DNS label
     * @throws io.groupdesk.shared.ConflictException the subdomain is taken
     */
    public Account create(String subdomain, String name) {
        String label = subdomain == null ? "" : subdomain.toLowerCase(Locale.ROOT);
        if (!SUBDOMAIN.matcher(label).matches()) {
            throw ValidationException.of(
                    "subdomain", FieldViolation.Rule.INVALID, "must be a DNS label (letters, digits and hyphens)");
        }
        return accounts.insert(label, name == null || name.isBlank() ? label : name, now());
    }

    /**
     * The account a request addresses: the one whose subdomain is the first label of {@code host}, or else the
     * {@code fallback} account.
     */
    public AccountId forHost(String host, AccountId fallback) {
        return subdomainOf(host)
                .flatMap(accounts::findBySubdomain)
                .map(Account::id)
                .orElse(fallback);
    }

    static Optional<String> subdomainOf(String host) {
        if (host == null || host.isEmpty() || host.startsWith("[")) {
            return Optional.empty();
        }
        int dot = host.indexOf('.');
        int colon = host.indexOf(':');
        int end = dot >= 0 ? dot : colon >= 0 ? colon : host.length();
        if (colon >= 0 && colon < end) {
            end = colon;
        }
        String label = host.substring(0, end).toLowerCase(Locale.ROOT);
        return SUBDOMAIN.matcher(label).matches() ? Optional.of(label) : Optional.empty();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }
}
