package io.groupdesk.cache;

import io.groupdesk.shared.AccountId;
import java.util.Optional;

/**
 * What a write tells every node, as the payload of one notification. Nothing in it is a secret: account ids, and a
 * throttle's bucket (a client address) with its count.
 */
public sealed interface Invalidation {

    /** The payload sent on the channel. */
    String payload();

    /**
     * Something a sign-in reads changed in the account: an agent's role, suspension, active state, email or password,
     * or one of its tokens. Every cached credential of the account is dropped.
     */
    record Credentials(AccountId account) implements Invalidation {
        @Override
        public String payload() {
            return "credentials " + account.value();
        }
    }

    /**
     * A failed authentication was counted: the bucket's failures in the window starting at {@code windowStart} (epoch
     * milliseconds) are now {@code failures}.
     */
    record Failures(AccountId account, String bucket, long windowStart, int failures) implements Invalidation {
        @Override
        public String payload() {
            return "failures " + account.value() + " " + windowStart + " " + failures + " " + bucket;
        }
    }

    /** Everything cached may be stale: drop it all. */
    record Everything() implements Invalidation {
        @Override
        public String payload() {
            return "everything";
        }
    }

    /** Reads a payload; a payload this version does not know means {@link Everything}, to be safe. */
    static Invalidation parse(String payload) {
        return read(payload).orElseGet(Everything::new);
    }

    private static Optional<Invalidation> read(String payload) {
        try {
            String[] parts = payload.split(" ", 5);
            if (parts.length == 2 && parts[0].equals("credentials")) {
                return Optional.of(new Credentials(new AccountId(Long.parseLong(parts[1]))));
            }
            if (parts.length == 5 && parts[0].equals("failures")) {
                return Optional.of(new Failures(
                        new AccountId(Long.parseLong(parts[1])),
                        parts[4],
                        Long.parseLong(parts[2]),
                        Integer.parseInt(parts[3])));
            }
            return Optional.empty();
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }
}
