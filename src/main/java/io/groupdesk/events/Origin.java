package io.groupdesk.events;

import java.util.Optional;

/**
 * Where the work running on this thread came from: the door, and for a request its id and the client's address. The
 * route guard of every door binds it around the request's handler ({@link #bind}), the import around its run; the
 * events recorded meanwhile carry it. Work bound to nothing is the system's.
 */
public record Origin(Via via, Optional<String> requestId, Optional<String> clientAddress) {
    public static final Origin SYSTEM = new Origin(Via.SYSTEM, Optional.empty(), Optional.empty());

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
