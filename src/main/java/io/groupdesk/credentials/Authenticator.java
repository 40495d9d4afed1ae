package io.groupdesk.credentials;

import io.groupdesk.access.Caller;
import io.groupdesk.shared.AccountId;
import io.groupdesk.shared.Role;
import io.groupdesk.shared.UnauthenticatedException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.IntConsumer;
import java.util.function.Predicate;

/**
 * Turns credentials into a {@link Caller} of one account. Credentials are checked only inside that account, and a
 * failure never says which part was wrong.
 */
public final class Authenticator {
    private final CredentialRepository credentials;
    private final PasswordHasher passwords;
    private final SecretBox box;
    private final Clock clock;

    public Authenticator(CredentialRepository credentials, PasswordHasher passwords, SecretBox box, Clock clock) {
        this.credentials = credentials;
        this.passwords = passwords;
        this.box = box;
        this.clock = clock;
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
        Optional<CredentialRepository.Login> named = credentials.loginByEmail(account, email);
        boolean matched = false;
        for (CredentialRepository.SealedToken token : credentials.sealedTokens(account)) {
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

    private Optional<CredentialRepository.CountedLogin> tokenLogin(
            AccountId account, Credentials presented, Optional<RequestCounter.Window> failures) {
        if (presented instanceof Credentials.EmailToken token) {
            return credentials.loginByEmailAndToken(
                    account, token.email(), Secrets.tokenDigest(token.token()), failures);
        }
        if (presented instanceof Credentials.ScimToken token) {
            return credentials.loginByScimToken(account, Secrets.tokenDigest(token.token()), failures);
        }
        return credentials.loginByToken(
                account, Secrets.tokenDigest(((Credentials.Token) presented).token()), failures);
    }

    private Optional<CredentialRepository.Login> checkPassword(AccountId account, Credentials.EmailPassword presented) {
        Optional<CredentialRepository.Login> login = credentials.loginByEmail(account, presented.email());
        if (login.isEmpty() || login.get().passwordHash() == null) {
            passwords.verifyDecoy(presented.password());
            return Optional.empty();
        }
        return passwords.verify(presented.password(), login.get().passwordHash()) ? login : Optional.empty();
    }
}
