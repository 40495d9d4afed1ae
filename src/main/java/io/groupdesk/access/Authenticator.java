package io.groupdesk.access;

import io.groupdesk.accounts.AccountId;
import io.groupdesk.shared.UnauthenticatedException;
import java.util.Optional;

/**
 * Turns credentials into a {@link Caller} of one account. Credentials are checked only inside that account, and a
 * failure never says which part was wrong.
 */
public final class Authenticator {
    private final CredentialRepository credentials;
    private final PasswordHasher passwords;

    public Authenticator(CredentialRepository credentials, PasswordHasher passwords) {
        this.credentials = credentials;
        this.passwords = passwords;
    }

    /** @throws UnauthenticatedException the credentials name no active agent of {@code account} */
    public Caller authenticate(AccountId account, Credentials presented) {
        Optional<CredentialRepository.Login> login;
        if (presented instanceof Credentials.EmailPassword password) {
            login = checkPassword(account, password);
        } else if (presented instanceof Credentials.EmailToken token) {
            login = credentials.loginByEmailAndToken(account, token.email(), Secrets.tokenDigest(token.token()));
        } else {
            login = credentials.loginByToken(account, Secrets.tokenDigest(((Credentials.Token) presented).token()));
        }
        return login.map(l -> Caller.agent(account, l.agent(), l.role())).orElseThrow(UnauthenticatedException::new);
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
