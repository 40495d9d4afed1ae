package io.groupdesk.cache;

import io.groupdesk.shared.AccountId;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One kind of value a node keeps in memory, by a key within one account, bounded in entries. It answers only while
 * its node's {@link Invalidations} are trusted, and forgets an account's entries when a write on any node says they
 * changed.
 *
 * <p>A value is read from the database and then kept; a write may commit between the two. So a reader takes a
 * {@link #stamp()} before it reads, and {@link #put} keeps the value only when no invalidation came in meanwhile: a
 * value read before a commit is never kept after the node heard of that commit.
 *
 * @param <K> the key, which names its account
 */
public final class NodeCache<K extends NodeCache.Key, V> {
    /** A cache key: every entry belongs to one account. */
    public interface Key {
        AccountId account();
    }

    private final Invalidations invalidations;
    private final int maxEntries;
    private final ConcurrentHashMap<K, V> entries = new ConcurrentHashMap<>();
    private final AtomicLong epoch = new AtomicLong();

    NodeCache(Invalidations invalidations, int maxEntries) {
        this.invalidations = invalidations;
        this.maxEntries = maxEntries;
    }

    /** Taken before reading a value from the database, and handed to {@link #put}. */
    public long stamp() {
        return epoch.get();
    }

    /** The kept value; empty when there is none, or when the node cannot be sure it heard of every change. */
    public Optional<V> get(K key) {
        if (!invalidations.trusted()) {
            return Optional.empty();
        }
        return Optional.ofNullable(entries.get(key));
    }

    /**
     * Keeps a value read from the database after {@code stamp} was taken, unless an invalidation came in since then
     * or the node cannot be sure it hears every change. A full cache is emptied first: the bound holds, and the
     * entries still in use come back at their next read.
     */
    public void put(long stamp, K key, V value) {
        if (epoch.get() != stamp || !invalidations.trusted()) {
            return;
        }
        if (entries.size() >= maxEntries) {
            entries.clear();
        }
        entries.put(key, value);
        if (epoch.get() != stamp) {
            // an invalidation ran between the check and the put, and may have missed this entry
            entries.remove(key, value);
        }
    }

    /** The entries held now, for tests and metrics. */
    public int size() {
        return entries.size();
    }

    void forget(AccountId account) {
        epoch.incrementAndGet();
        entries.keySet().removeIf(key -> key.account().equals(account));
    }

    void forgetEverything() {
        epoch.incrementAndGet();
        entries.clear();
    }
}
