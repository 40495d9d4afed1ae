package io.groupdesk.shared;

import java.util.Optional;

/**
 * Which page of a list to read. Sizes are between 1 and {@link #MAX_SIZE}: a dialect clamps or rejects larger
 * requests before it builds one, so a larger size here is a programming error.
 */
public sealed interface PageRequest permits PageRequest.Offset, PageRequest.Keyset {

    int MAX_SIZE = 100;

    int size();

    /** Whether the total number of matching rows should be counted too. */
    boolean counted();

    static Offset offset(int page, int size) {
        return new Offset(page, size, false);
    }

    static Keyset first(int size) {
        return new Keyset(Direction.AFTER, Optional.empty(), size);
    }

    static Keyset after(Cursor cursor, int size) {
        return new Keyset(Direction.AFTER, Optional.of(cursor), size);
    }

    static Keyset before(Cursor cursor, int size) {
        return new Keyset(Direction.BEFORE, Optional.of(cursor), size);
    }

    /** A 1-based page of {@code size} rows, ordered by id. */
    record Offset(int page, int size, boolean counted) implements PageRequest {
        public Offset {
            checkSize(size);
            if (page < 1) {
                throw new IllegalArgumentException("page must be at least 1, was " + page);
            }
        }

        /** The same page, with the total counted. */
        public Offset withTotal() {
            return new Offset(page, size, true);
        }

        public long offset() {
            return (long) (page - 1) * size;
        }
    }

    /** Up to {@code size} rows after (or before) a cursor, ordered by id; no cursor means the first page. */
    record Keyset(Direction direction, Optional<Cursor> cursor, int size) implements PageRequest {
        public Keyset {
            checkSize(size);
            if (direction == Direction.BEFORE && cursor.isEmpty()) {
                throw new IllegalArgumentException("a page before needs a cursor");
            }
        }

        @Override
        public boolean counted() {
            return false;
        }
    }

    enum Direction {
        AFTER,
        BEFORE
    }

    private static void checkSize(int size) {
        if (size < 1 || size > MAX_SIZE) {
            throw new IllegalArgumentException("page size must be 1.." + MAX_SIZE + ", was " + size);
        }
    }
}
