package io.groupdesk.credentials;

import io.groupdesk.access.Caller;
import io.groupdesk.cache.Invalidations;
import io.groupdesk.cache.NodeCache;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.UnauthenticatedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

/**
 * Turns credentials into a {@link Caller} of one account. Credentials are checked only inside that account, and a
 * failure never says which part was wrong.
 *
 * <p>What a sign-in reads (a token's owner and role, an agent found by email, an account's sealed tokens) is kept in
 * the node's caches ({@link Invalidations}), by account, and dropped on every node when a write changes an agent or a
 * token of that account. Only what was found is kept: a wrong credential is looked up, and counted, every time.
 */
public final class Authenticator {
    /** What a sign-in looked up, by account: a token's digest (and the email it acts for), or an email. */
    private record Lookup(AccountId account, String kind, String email, String digest) implements NodeCache.Key {
        @Override
        public String toString() {
            return "Lookup[account=" + account + ", kind=" + kind + "]";
        }
    }

    private final CredentialRepository credentials;
    private final PasswordHasher passwords;
    private final SecretBox box;
    private final Clock clock;
    private final NodeCache<Lookup, CredentialRepository.Login> logins;
    private final NodeCache<Lookup, List<CredentialRepository.SealedToken>> sealed;

    /** An authenticator that keeps nothing: every sign-in reads the database. */
    public Authenticator(CredentialRepository credentials, PasswordHasher passwords, SecretBox box, Clock clock) {
        this(credentials, passwords, box, clock, Invalidations.off());
    }

    /** An authenticator whose look-ups are kept in caches invalidated through {@code invalidations}. */
    public Authenticator(
            CredentialRepository credentials,
            PasswordHasher passwords,
            SecretBox box,
            Clock clock,
            Invalidations invalidations) {
        this.credentials = credentials;
        this.passwords = passwords;
        this.box = box;
        this.clock = clock;
        this.logins = invalidations.cache();
        this.sealed = invalidations.cache();
    }

    /**
     * Checks a request signed with one of the account's API tokens on behalf of {@code email}: {@code signedWith}
     * says whether a token produced the request's signature. Every token is tried, so timing does not tell how many
     * the account has or which one matched.
     *
     * @return the agent with that email, or empty when the signature is good but no active agent has the email
     * @throws UnauthenticatedException no token of the account produced the signature
     */
    public Optional<Caller> authenticateSigned(AccountId account, String email, Predicate<String> signedWith) {
        Optional<CredentialRepository.Login> named = loginByEmail(account, email);
        boolean matched = false;
        for (CredentialRepository.SealedToken token : sealedTokens(account)) {
            // an admin's token signs for anyone in the account, an agent's only for the agent itself
            boolean mayActFor = token.ownerRole() == Role.ADMIN
                    || named.map(login -> login.agent().equals(token.owner())).orElse(false);
            Optional<String> secret = box.open(token.sealed());
            if (secret.isPresent() && signedWith.test(secret.get()) && mayActFor) {
                matched = true;
            }
        }
        if (!matched) {
            throw new UnauthenticatedException();
        }
        return named.map(l -> Caller.agent(account, l.agent(), l.role()));
    }

    /**
     * Claims a request nonce for {@code lifetime}; false when it was used within that time. The claim is stored, so
     * it holds across nodes.
     */
    public boolean claimNonce(AccountId account, String nonce, Duration lifetime) {
        Instant now = clock.instant();
        return credentials.claimNonce(account, nonce, now, now.plus(lifetime));
    }

    /** @throws UnauthenticatedException the credentials name no active agent of {@code account} */
    public Caller authenticate(AccountId account, Credentials presented) {
        if (presented instanceof Credentials.EmailPassword password) {
            return checkPassword(account, password)
                    .map(l -> Caller.agent(account, l.agent(), l.role()))
                    .orElseThrow(UnauthenticatedException::new);
        }
        Optional<Caller> cached = cached(account, presented);
        if (cached.isPresent()) {
            return cached.get();
        }
        return tokenLogin(account, presented, Optional.empty())
                .map(counted -> Caller.agent(
                        account, counted.login().agent(), counted.login().role()))
                .orElseThrow(UnauthenticatedException::new);
    }

    /**
     * A token sign-in for a client the failure throttle watches ({@link AuthThrottle#authenticate}): the token's owner
     * is read in one statement with the client's failures in {@code failures}, and {@code gate} sees that count
     * before the caller is let in (it throws to refuse).
     *
     * @throws UnauthenticatedException the token names no active agent of {@code account}
     */
    Caller authenticate(AccountId account, Credentials presented, RequestCounter.Window failures, IntConsumer gate) {
        if (presented instanceof Credentials.EmailPassword) {
            throw new IllegalArgumentException("a password is checked under a claim of the throttle, not with a read");
        }
        CredentialRepository.CountedLogin counted =
                tokenLogin(account, presented, Optional.of(failures)).orElseThrow(UnauthenticatedException::new);
        gate.accept(counted.failures());
        return Caller.agent(account, counted.login().agent(), counted.login().role());
    }

    /**
     * The caller a token names, answered from this node's cache without a statement; empty for a password, a token
     * the cache does not hold, or while the node cannot be sure it heard of every change.
     */
    Optional<Caller> cached(AccountId account, Credentials presented) {
        if (presented instanceof Credentials.EmailPassword) {
            return Optional.empty();
        }
        return logins.get(lookup(account, presented)).map(login -> Caller.agent(account, login.agent(), login.role()));
    }

    private Optional<CredentialRepository.CountedLogin> tokenLogin(
            AccountId account, Credentials presented, Optional<RequestCounter.Window> failures) {
        Lookup lookup = lookup(account, presented);
        long stamp = logins.stamp();
        Optional<CredentialRepository.CountedLogin> found;
        if (presented instanceof Credentials.EmailToken token) {
            found = credentials.loginByEmailAndToken(account, token.email(), lookup.digest(), failures);
        } else if (presented instanceof Credentials.ScimToken) {
            found = credentials.loginByScimToken(account, lookup.digest(), failures);
        } else {
            found = credentials.loginByToken(account, lookup.digest(), failures);
        }
        found.ifPresent(counted -> logins.put(stamp, lookup, counted.login()));
        return found;
    }

    private static Lookup lookup(AccountId account, Credentials presented) {
        if (presented instanceof Credentials.EmailToken token) {
            return new Lookup(account, "email-token", emailKey(token.email()), Secrets.tokenDigest(token.token()));
        }
        if (presented instanceof Credentials.ScimToken token) {
            return new Lookup(account, "scim-token", "", Secrets.tokenDigest(token.token()));
        }
        return new Lookup(account, "token", "", Secrets.tokenDigest(((Credentials.Token) presented).token()));
    }

    private Optional<CredentialRepository.Login> loginByEmail(AccountId account, String email) {
        Lookup lookup = new Lookup(account, "email", emailKey(email), "");
        Optional<CredentialRepository.Login> cached = logins.get(lookup);
        if (cached.isPresent()) {
            return cached;
        }
        long stamp = logins.stamp();
        Optional<CredentialRepository.Login> found = credentials.loginByEmail(account, email);
        found.ifPresent(login -> logins.put(stamp, lookup, login));
        return found;
    }

    private List<CredentialRepository.SealedToken> sealedTokens(AccountId account) {
        Lookup lookup = new Lookup(account, "sealed", "", "");
        Optional<List<CredentialRepository.SealedToken>> cached = sealed.get(lookup);
        if (cached.isPresent()) {
            return cached.get();
        }
        long stamp = sealed.stamp();
        List<CredentialRepository.SealedToken> found = List.copyOf(credentials.sealedTokens(account));
        sealed.put(stamp, lookup, found);
        return found;
    }

    private static String emailKey(String email) {
        return email.trim().toLowerCase(Locale.ROOT);
    }

    private Optional<CredentialRepository.Login> checkPassword(AccountId account, Credentials.EmailPassword presented) {
        Optional<CredentialRepository.Login> login = loginByEmail(account, presented.email());
        if (login.isEmpty() || login.get().passwordHash() == null) {
            passwords.verifyDecoy(presented.password());
            return Optional.empty();
        }
        return passwords.verify(presented.password(), login.get().passwordHash()) ? login : Optional.empty();
    }
}
