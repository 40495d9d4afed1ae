package io.groupdesk.bulk;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What an import did, per kind of row: how many were created, updated, unchanged, and which were skipped and why. */
public final class ImportOutcome {

    /** The kinds of row an import reads. */
    public enum Kind {
        USERS("users", "user"),
        GROUPS("groups", "group"),
        MEMBERSHIPS("memberships", "membership");

        private final String plural;
        private final String singular;

        Kind(String plural, String singular) {
            this.plural = plural;
            this.singular = singular;
        }

        public String plural() {
            return plural;
        }

        public String singular() {
            return singular;
        }
    }

    /** A row that was not imported: where it was read, what names it, and why. */
    public record Skip(Kind kind, String source, String key, String reason) {}

    /** The counts of one kind. */
    public record Counts(long created, long updated, long unchanged, Map<String, Long> skipped) {
        public long skippedTotal() {
            return skipped.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    private final Map<Kind, long[]> counts = new EnumMap<>(Kind.class);
    private final Map<Kind, Map<String, Long>> skipReasons = new EnumMap<>(Kind.class);
    private final List<Skip> skips = new ArrayList<>();

    ImportOutcome() {
        for (Kind kind : Kind.values()) {
            counts.put(kind, new long[3]);
            skipReasons.put(kind, new LinkedHashMap<>());
        }
    }

    void created(Kind kind, long n) {
        counts.get(kind)[0] += n;
    }

    void updated(Kind kind, long n) {
        counts.get(kind)[1] += n;
    }

    void unchanged(Kind kind, long n) {
        counts.get(kind)[2] += n;
    }

    void skipped(Kind kind, String source, String key, String reason) {
        skipReasons.get(kind).merge(reason, 1L, Long::sum);
        skips.add(new Skip(kind, source, key, reason));
    }

    public Counts counts(Kind kind) {
        long[] c = counts.get(kind);
        return new Counts(c[0], c[1], c[2], Map.copyOf(skipReasons.get(kind)));
    }

    /** Every skipped row, in the order it was read. */
    public List<Skip> skips() {
        return List.copyOf(skips);
    }

    /**
     * The summary for people, one line per kind and one per skip reason: {@code users: 3 created, 0 updated, 2
     * unchanged} and {@code   skipped 12 users: role end-user}.
     */
    public List<String> summary() {
        List<String> lines = new ArrayList<>();
        for (Kind kind : Kind.values()) {
            long[] c = counts.get(kind);
            lines.add(String.format("%s: %,d created, %,d updated, %,d unchanged", kind.plural(), c[0], c[1], c[2]));
            skipReasons
                    .get(kind)
                    .forEach((reason, n) -> lines.add(String.format(
                            "  skipped %,d %s: %s", n, n == 1 ? kind.singular() : kind.plural(), reason)));
        }
        return lines;
    }
}
