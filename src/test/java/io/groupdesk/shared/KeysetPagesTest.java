package io.groupdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class KeysetPagesTest {
    private static final List<Long> IDS = LongStream.rangeClosed(1, 7).boxed().toList();

    @Test
    void readsEveryPageInOrderEachAfterTheLastIdOfTheOneBefore() {
        List<KeysetPages.Page<Long>> pages = new ArrayList<>();

        KeysetPages.each(3, KeysetPagesTest::read, id -> id, pages::add);

        assertThat(pages).extracting(KeysetPages.Page::number).containsExactly(1, 2, 3);
        assertThat(pages)
                .extracting(KeysetPages.Page::after)
                .containsExactly(Optional.empty(), Optional.of(new Cursor(3)), Optional.of(new Cursor(6)));
        assertThat(pages)
                .extracting(page -> page.slice().items())
                .containsExactly(List.of(1L, 2L, 3L), List.of(4L, 5L, 6L), List.of(7L));
    }

    @Test
    void allListsEveryRowOnce() {
        List<Long> rows = KeysetPages.all(2, KeysetPagesTest::read, id -> id);

        assertThat(rows).containsExactlyElementsOf(IDS);
    }

    @Test
    void anEmptyListingIsOneEmptyPage() {
        List<KeysetPages.Page<Long>> pages = new ArrayList<>();

        KeysetPages.each(5, page -> new Slice<Long>(List.of(), false, OptionalLong.empty()), id -> id, pages::add);

        assertThat(pages).singleElement().satisfies(page -> {
            assertThat(page.number()).isEqualTo(1);
            assertThat(page.slice().items()).isEmpty();
        });
    }

    @Test
    void stopsAtAnEmptyPageEvenIfItClaimsMore() {
        List<KeysetPages.Page<Long>> pages = new ArrayList<>();

        KeysetPages.each(5, page -> new Slice<Long>(List.of(), true, OptionalLong.empty()), id -> id, pages::add);

        assertThat(pages).hasSize(1);
    }

    /** The rows of {@link #IDS} after the page's cursor, read one over the size as a repository does. */
    private static Slice<Long> read(PageRequest.Keyset page) {
        long after = page.cursor().map(Cursor::id).orElse(0L);
        List<Long> fetched =
                IDS.stream().filter(id -> id > after).limit(page.size() + 1L).toList();
        return Slice.fromOverfetch(fetched, page.size(), false, OptionalLong.empty());
    }
}
