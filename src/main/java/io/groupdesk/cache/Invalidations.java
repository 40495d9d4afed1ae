package io.groupdesk.cache;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.config.JdbiConfig;
import org.postgresql.PGConnection;
import org.postgresql.PGNotification;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A node's caches and how it hears that their values changed. A write publishes an {@link Invalidation} in its
 * transaction ({@link #publish}); every node's caches drop what it names once the write commits. The caches answer
 * only while the node is sure it hears every change ({@link #trusted}); when it cannot be, they are emptied and stay
 * unused until it can again.
 *
 * <ul>
 *   <li>PostgreSQL: the invalidation is a {@code NOTIFY} in the writing transaction, which PostgreSQL delivers to every
 *       listening node at commit and never for a rollback. Each node listens on a connection of its own, outside the
 *       pool, and confirms it with a round trip every {@link #HEARTBEAT}; the caches are trusted only while the last
 *       confirmation is younger than {@code staleness}. A lost connection empties them at once; they are trusted again
 *       once the node listens again, has emptied them once more and has run its resyncs ({@link #onResync}).
 *   <li>Embedded H2 (a file or an in-memory database, in one process): the invalidation goes, after the commit, to
 *       every node of this process on the same database.
 *   <li>Anything else (an H2 server, which several processes share; a database without {@code LISTEN}): no cache is
 *       ever trusted, and every read goes to the database.
 * </ul>
 *
 * The node that writes also drops its own entries right after the commit, so its next request sees the change.
 */
public final class Invalidations implements AutoCloseable {
    /** The notification channel, one per database. */
    public static final String CHANNEL = "groupdesk_cache";

    /** How often the listening connection is confirmed. */
    public static final Duration HEARTBEAT = Duration.ofMillis(200);

    /** The default bound on how long a node may go on trusting its caches without a confirmed connection. */
    public static final Duration DEFAULT_STALENESS = Duration.ofMillis(750);

    private static final Logger log = LoggerFactory.getLogger(Invalidations.class);
    private static final Duration RECONNECT_PAUSE = Duration.ofMillis(250);

    /** The nodes of this process on each embedded database, by the database's URL. */
    private static final Map<String, Set<Invalidations>> EMBEDDED = new ConcurrentHashMap<>();

    private enum Mode {
        EMBEDDED,
        LISTEN,
        OFF
    }

    private final Mode mode;
    private final String url;
    private final Properties connectionProperties;
    private final int maxEntries;
    private final long stalenessNanos;
    private final List<NodeCache<?, ?>> caches = new CopyOnWriteArrayList<>();
    private final List<Consumer<Invalidation>> listeners = new CopyOnWriteArrayList<>();
    private final List<Runnable> resyncs = new CopyOnWriteArrayList<>();
    private volatile boolean started;
    private volatile boolean closed;
    private volatile boolean listening;
    private volatile long confirmedAt;
    private volatile Thread listener;

    private Invalidations(Mode mode, String url, Properties properties, int maxEntries, Duration staleness) {
        this.mode = mode;
        this.url = url;
        this.connectionProperties = properties;
        this.maxEntries = maxEntries;
        this.stalenessNanos = staleness.toNanos();
    }

    /** Caches that never answer, for a node that cannot hear every change. */
    public static Invalidations off() {
        return new Invalidations(Mode.OFF, "", new Properties(), 0, DEFAULT_STALENESS);
    }

    /**
     * The invalidations of a node on the database at {@code url}; not started.
     *
     * @param maxEntries the bound of each cache; 0 turns caching off
     * @param staleness how long the node trusts its caches after it last confirmed its listening connection
     */
    public static Invalidations of(String url, String user, String password, int maxEntries, Duration staleness) {
        if (maxEntries < 0) {
            throw new IllegalArgumentException("a cache bound must not be negative: " + maxEntries);
        }
        Properties properties = new Properties();
        properties.setProperty("user", user == null ? "" : user);
        properties.setProperty("password", password == null ? "" : password);
        Mode mode = maxEntries == 0 ? Mode.OFF : modeOf(url);
        if (mode == Mode.LISTEN) {
            properties.setProperty("ApplicationName", "groupdesk cache listener");
            properties.setProperty("logServerErrorDetail", "false");
            properties.setProperty("connectTimeout", "5");
            properties.setProperty("socketTimeout", "5");
            properties.setProperty("tcpKeepAlive", "true");
        }
        String key = mode == Mode.EMBEDDED ? url.split(";", 2)[0] : url;
        Invalidations invalidations = new Invalidations(mode, key, properties, maxEntries, staleness);
        if (mode == Mode.EMBEDDED) {
            EMBEDDED.computeIfAbsent(key, k -> ConcurrentHashMap.newKeySet()).add(invalidations);
        }
        return invalidations;
    }

    private static Mode modeOf(String url) {
        if (url.startsWith("jdbc:postgresql:")) {
            return Mode.LISTEN;
        }
        String lower = url.toLowerCase(Locale.ROOT);
        boolean embeddedH2 = lower.startsWith("jdbc:h2:mem:")
                || (lower.startsWith("jdbc:h2:file:")
                                || lower.startsWith("jdbc:h2:./")
                                || lower.startsWith("jdbc:h2:/"))
                        && !lower.contains(";auto_server=true");
        return embeddedH2 ? Mode.EMBEDDED : Mode.OFF;
    }

    /** Where a Jdbi instance's repositories find their node's invalidations: {@link #publish(Handle, Invalidation)}. */
    public static final class Installed implements JdbiConfig<Installed> {
        private Invalidations invalidations = off();

        public Installed() {}

        private Installed(Installed other) {
            this.invalidations = other.invalidations;
        }

        @Override
        public Installed createCopy() {
            return new Installed(this);
        }
    }

    /** Makes these the invalidations of {@code jdbi}'s repositories. */
    public void installOn(Jdbi jdbi) {
        jdbi.getConfig(Installed.class).invalidations = this;
    }

    /** The invalidations installed on {@code jdbi}, or ones that never trust a cache. */
    public static Invalidations of(Jdbi jdbi) {
        return jdbi.getConfig(Installed.class).invalidations;
    }

    /**
     * Publishes {@code message} with the write made on {@code handle}: inside its transaction when one is open (every
     * node hears it when it commits, none when it rolls back), at once otherwise.
     */
    public static void publish(Handle handle, Invalidation message) {
        handle.getConfig(Installed.class).invalidations.send(handle, message);
    }

    private void send(Handle handle, Invalidation message) {
        if (mode == Mode.OFF) {
            return;
        }
        if (mode == Mode.LISTEN) {
            handle.createQuery("SELECT pg_notify(:channel, :payload)")
                    .bind("channel", CHANNEL)
                    .bind("payload", message.payload())
                    .mapTo(String.class)
                    .findOne();
        }
        Runnable deliver = mode == Mode.EMBEDDED
                ? () -> EMBEDDED.getOrDefault(url, Set.of()).forEach(node -> node.apply(message))
                : () -> apply(message);
        if (handle.isInTransaction()) {
            handle.afterCommit(deliver);
        } else {
            deliver.run();
        }
    }

    /** A new cache of this node, bounded by the node's setting. */
    public <K extends NodeCache.Key, V> NodeCache<K, V> cache() {
        NodeCache<K, V> cache = new NodeCache<>(this, Math.max(1, maxEntries));
        caches.add(cache);
        return cache;
    }

    /** Hears every invalidation this node hears, on the thread that delivers it. */
    public void onMessage(Consumer<Invalidation> listener) {
        listeners.add(listener);
    }

    /**
     * Runs {@code resync} whenever the node starts trusting its caches (at start, and after every reconnection), before
     * they are trusted: the moment to reload what the caches alone cannot have heard.
     */
    public void onResync(Runnable resync) {
        resyncs.add(resync);
    }

    /** The bound of each cache; 0 when caching is off. */
    public int maxEntries() {
        return mode == Mode.OFF ? 0 : maxEntries;
    }

    /** Whether the caches may answer now: the node is sure it hears of every change. */
    public boolean trusted() {
        return switch (mode) {
            case OFF -> false;
            case EMBEDDED -> started && !closed;
            case LISTEN -> listening && System.nanoTime() - confirmedAt < stalenessNanos;
        };
    }

    /** Starts hearing invalidations: from then on the caches may be trusted. */
    public synchronized void start() {
        if (started || closed || mode == Mode.OFF) {
            return;
        }
        started = true;
        if (mode == Mode.EMBEDDED) {
            resyncs.forEach(Runnable::run);
            return;
        }
        Thread thread = new Thread(this::listen, "groupdesk-cache-listener");
        thread.setDaemon(true);
        listener = thread;
        thread.start();
    }

    /** Drops every cached value of this node, as if it had missed a notification. */
    public void forgetEverything() {
        apply(new Invalidation.Everything());
    }

    private void apply(Invalidation message) {
        if (message instanceof Invalidation.Credentials credentials) {
            caches.forEach(cache -> cache.forget(credentials.account()));
        } else if (message instanceof Invalidation.Everything) {
            caches.forEach(NodeCache::forgetEverything);
        }
        listeners.forEach(l -> l.accept(message));
    }

    private void listen() {
        boolean wasListening = false;
        while (!closed) {
            try (Connection listening = DriverManager.getConnection(url, connectionProperties)) {
                try (Statement statement = listening.createStatement()) {
                    statement.execute("LISTEN " + CHANNEL);
                }
                // listening from here on: whatever was kept before may have missed a change
                forgetEverything();
                resyncs.forEach(Runnable::run);
                PGConnection notifications = listening.unwrap(PGConnection.class);
                confirm(listening, notifications);
                this.listening = true;
                if (!wasListening) {
                    log.info("Caches trusted: listening for invalidations on channel {}", CHANNEL);
                    wasListening = true;
                }
                while (!closed) {
                    deliver(notifications.getNotifications((int) HEARTBEAT.toMillis()));
                    confirm(listening, notifications);
                }
            } catch (SQLException | RuntimeException e) {
                this.listening = false;
                forgetEverything();
                if (!closed && wasListening) {
                    log.warn(
                            "Caches off: the connection listening for invalidations is lost ({}); reconnecting",
                            e.getClass().getSimpleName());
                    wasListening = false;
                }
                pause();
            } finally {
                this.listening = false;
            }
        }
    }

    /** A round trip on the listening connection, after which every change committed before it was heard. */
    private void confirm(Connection listening, PGConnection notifications) throws SQLException {
        long sent = System.nanoTime();
        try (Statement statement = listening.createStatement()) {
            statement.execute("SELECT 1");
        }
        deliver(notifications.getNotifications());
        confirmedAt = sent;
    }

    private void deliver(PGNotification[] received) {
        if (received == null) {
            return;
        }
        for (PGNotification notification : received) {
            if (CHANNEL.equals(notification.getName())) {
                apply(Invalidation.parse(notification.getParameter()));
            }
        }
    }

    private void pause() {
        try {
            Thread.sleep(RECONNECT_PAUSE.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closed = true;
        }
    }

    @Override
    public void close() {
        closed = true;
        if (mode == Mode.EMBEDDED) {
            EMBEDDED.computeIfPresent(url, (k, nodes) -> {
                nodes.remove(this);
                return nodes.isEmpty() ? null : nodes;
            });
        }
        Thread thread = listener;
        if (thread != null) {
            try {
                thread.join(2 * HEARTBEAT.toMillis() + 1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        caches.forEach(NodeCache::forgetEverything);
    }
}
