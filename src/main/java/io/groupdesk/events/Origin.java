package io.groupdesk.events;

import java.util.Optional;

/**
 * Where the work running on this thread came from: the door, and for a request its id and the client's address. The
 * route guard of every door binds it around the request's handler ({@link #bind}), the import around its run; the
 * events recorded meanwhile carry it. Work bound to nothing is the system's.
 */
public record Origin(Via via, Optional<String> requestId, Optional<String> clientAddress) {
    /**
     * The longest client address an event keeps (its column's width): every IPv4 and IPv6 address fits. What a proxy
     * forwards in its place may not (RFC 7239 lets it send an obfuscated identifier of any length); such a value is
     * kept as no address rather than failing the change that records it.
     */
    public static final int MAX_CLIENT_ADDRESS = 64;

    public static final Origin SYSTEM = new Origin(Via.SYSTEM, Optional.empty(), Optional.empty());

    public Origin {
        clientAddress = clientAddress.filter(address -> address.length() <= MAX_CLIENT_ADDRESS);
    }

    private static final ThreadLocal<Origin> CURRENT = new ThreadLocal<>();

    public static Origin of(Via via) {
        return new Origin(via, Optional.empty(), Optional.empty());
    }

    /** The origin bound on this thread, or {@link #SYSTEM}. */
    public static Origin current() {
        Origin origin = CURRENT.get();
        return origin == null ? SYSTEM : origin;
    }

    /** Binds this origin on this thread until the returned scope is closed, which restores the one before. */
    public Scope bind() {
        Origin before = CURRENT.get();
        CURRENT.set(this);
        return () -> {
            if (before == null) {
                CURRENT.remove();
            } else {
                CURRENT.set(before);
            }
        };
    }

    /** An origin's binding, closed when the work it covers ends. */
    @FunctionalInterface
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
