package io.groupdesk.accounts;

import io.groupdesk.access.Caller;
import io.groupdesk.access.Permission;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.FieldViolation;
import io.groupdesk.shared.NotFoundException;
import io.groupdesk.shared.Text;
import io.groupdesk.shared.TimeZones;
import io.groupdesk.shared.Transactions;
import io.groupdesk.shared.ValidationException;
import io.groupdesk.shared.WeeklyHours;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** Finds and creates accounts, and decides which account a request addresses. */
public final class AccountService {
    private static final Pattern SUBDOMAIN = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_NAME_LENGTH = 255;

    /** More distinct subdomains than this and the remembered ones are forgotten, so hostile hosts cannot grow it. */
    static final int REMEMBERED_SUBDOMAINS = 10_000;

    private final AccountRepository accounts;
    private final Transactions transactions;
    private final Clock clock;
    /**
     * Subdomain to account, for the accounts requests have named. An account's subdomain never changes and accounts
     * are never deleted, so what is found stays true on every node; what is not found is asked again each time, as
     * another node may have created it since.
     */
    private final Map<String, AccountId> bySubdomain = new ConcurrentHashMap<>();

    public AccountService(AccountRepository accounts, Transactions transactions, Clock clock) {
        this.accounts = accounts;
        this.transactions = transactions;
        this.clock = clock;
    }

    public Optional<Account> findBySubdomain(String subdomain) {
        return accounts.findBySubdomain(subdomain.toLowerCase(Locale.ROOT));
    }

    /** Every account, in subdomain order: for operators (the command line), not for any caller of the API. */
    public java.util.List<Account> all() {
        return accounts.all();
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
        String named = name == null || name.isBlank() ? label : name.strip();
        Text.requireName("name", named, MAX_NAME_LENGTH);
        return accounts.insert(label, named, now());
    }

    /**
     * Reads the caller's account. Requires {@link Permission#READ}.
     */
    public Account get(Caller caller) {
        caller.require(Permission.READ);
        return accounts.findById(caller.account())
                .orElseThrow(() -> new NotFoundException("account", caller.account()));
    }

    /**
     * Changes the caller's account: its name, time zone and working hours, the fallbacks of groups without their
     * own. Requires {@link Permission#MANAGE_GROUPS}.
     *
     * @throws ValidationException a blank name or an unknown time zone
     */
    public Account update(
            Caller caller, Optional<String> name, Optional<String> timeZone, Optional<WeeklyHours> workingHours) {
        caller.require(Permission.MANAGE_GROUPS);
        Account current = get(caller);
        String newName = name.map(String::strip).orElse(current.name());
        if (newName.isEmpty()) {
            throw ValidationException.of("name", FieldViolation.Rule.INVALID, "must be 1 to 255 characters");
        }
        Text.requireName("name", newName, MAX_NAME_LENGTH);
        String zone = timeZone.map(z -> TimeZones.valid(z, "time_zone")).orElse(current.timeZone());
        accounts.update(current.id(), newName, zone, workingHours.orElse(current.workingHours()), now());
        return get(caller);
    }

    /**
     * A change to the caller's account as a whole: its settings, then its fields.
     *
     * @param settings settings to set, by dotted name, in the order given; an empty value removes the setting
     * @param name the new name, or empty to keep it
     * @param timeZone the new time zone, or empty to keep it
     * @param workingHours the new working hours, or empty to keep them
     */
    public record Changes(
            Map<String, Optional<String>> settings,
            Optional<String> name,
            Optional<String> timeZone,
            Optional<WeeklyHours> workingHours) {
        public Changes {
            settings = Collections.unmodifiableMap(new LinkedHashMap<>(settings));
        }
    }

    /**
     * Changes the caller's account, its settings ({@link #putSetting}) and its fields ({@link #update}), in one
     * transaction: a change that fails anywhere saves nothing. Requires {@link Permission#MANAGE_GROUPS}.
     *
     * @throws ValidationException a setting's name or value, a blank name or an unknown time zone
     */
    public Account change(Caller caller, Changes changes) {
        return transactions.inTransaction(() -> {
            changes.settings().forEach((name, value) -> putSetting(caller, name, value));
            return update(caller, changes.name(), changes.timeZone(), changes.workingHours());
        });
    }

    /** The account's settings, by dotted name. Requires {@link Permission#READ}. */
    public Map<String, String> settings(Caller caller) {
        caller.require(Permission.READ);
        return accounts.settings(caller.account());
    }

    /** Sets (or, with an empty value, removes) one setting. Requires {@link Permission#MANAGE_GROUPS}. */
    public void putSetting(Caller caller, String name, Optional<String> value) {
        caller.require(Permission.MANAGE_GROUPS);
        if (!name.matches("[a-z0-9_]+(\\.[a-z0-9_]+)*") || name.length() > 64) {
            throw ValidationException.of("settings", FieldViolation.Rule.INVALID, "names are dotted lowercase words");
        }
        if (value.isPresent() && Text.length(value.get()) > 255) {
            throw ValidationException.of("settings", FieldViolation.Rule.TOO_LONG, "values are at most 255 characters");
        }
        if (value.isPresent() && value.get().indexOf('\0') >= 0) {
            throw ValidationException.of(
                    "settings", FieldViolation.Rule.INVALID, "values cannot contain NUL characters");
        }
        value.ifPresentOrElse(
                v -> accounts.putSetting(caller.account(), name, v),
                () -> accounts.removeSetting(caller.account(), name));
    }

    /**
     * The account a request addresses: the one whose subdomain is the first label of {@code host}, or else the
     * {@code fallback} account.
     */
    public AccountId forHost(String host, AccountId fallback) {
        return subdomainOf(host).flatMap(this::idOf).orElse(fallback);
    }

    private Optional<AccountId> idOf(String subdomain) {
        AccountId known = bySubdomain.get(subdomain);
        if (known != null) {
            return Optional.of(known);
        }
        Optional<AccountId> found = accounts.findBySubdomain(subdomain).map(Account::id);
        found.ifPresent(id -> {
            if (bySubdomain.size() >= REMEMBERED_SUBDOMAINS) {
                bySubdomain.clear();
            }
            bySubdomain.put(subdomain, id);
        });
        return found;
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
