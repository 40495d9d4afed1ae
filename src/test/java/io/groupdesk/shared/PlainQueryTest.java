package io.groupdesk.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupdesk.testing.TestDatabase;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.JdbiException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.AfterParameterizedClassInvocation;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;

/** Named parameters become positional ones; literals and casts are left alone; a failure is a Jdbi exception. */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class PlainQueryTest {
    private static TestDatabase.Migrated database;
    private static Jdbi jdbi;

    @Parameter
    TestDatabase kind;

    @BeforeParameterizedClassInvocation
    static void open(TestDatabase kind) {
        database = kind.migrated();
        jdbi = database.jdbi();
        jdbi.useHandle(handle -> {
            handle.execute("CREATE TABLE plain_probe (id BIGINT PRIMARY KEY, label VARCHAR(32))");
            handle.execute("INSERT INTO plain_probe (id, label) VALUES (1, 'one'), (2, 'a:b'), (3, NULL)");
        });
    }

    @AfterParameterizedClassInvocation
    static void close() {
        database.close();
    }

    @Test
    void bindsEveryUseOfANameAndLeavesLiteralsAndCastsAlone() {
        PlainQuery query = PlainQuery.of(
                """
                SELECT label, CAST(id AS VARCHAR(8)) || ':x' AS tagged, 5::INTEGER AS five FROM plain_probe
                WHERE (id = :id OR id = :id + 1) AND label = 'a:b' AND COALESCE(:missing, 'none') = 'none'
                """);

        String found = jdbi.withHandle(handle -> query.bind("id", 1L)
                .bind("missing", null)
                .first(handle, rs -> rs.getString("label") + " " + rs.getString("tagged") + " " + rs.getInt("five"))
                .orElseThrow());

        assertThat(found).isEqualTo("a:b 2:x 5");
    }

    @Test
    void answersEmptyWhenNoRowMatches() {
        PlainQuery query = PlainQuery.of("SELECT label FROM plain_probe WHERE id = :id");

        Optional<String> found = jdbi.withHandle(handle -> query.bind("id", 99L).first(handle, rs -> rs.getString(1)));

        assertThat(found).isEmpty();
    }

    @Test
    void refusesUnknownAndMissingParametersAndReportsFailuresAsJdbiExceptions() {
        PlainQuery query = PlainQuery.of("SELECT label FROM plain_probe WHERE id = :id AND label = :label");

        assertThatThrownBy(() -> query.bind("nope", 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> jdbi.withHandle(handle -> query.bind("id", 1L).first(handle, rs -> rs.getString(1))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(":label");
        assertThatThrownBy(() -> jdbi.withHandle(handle -> PlainQuery.of("SELECT nothing FROM plain_probe")
                        .bind("x", 1)
                        .first(handle, rs -> rs.getString(1))))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(
                        () -> jdbi.withHandle(handle -> PlainQuery.of("SELECT nothing FROM plain_probe WHERE id = :id")
                                .bind("id", 1L)
                                .first(handle, rs -> rs.getString(1))))
                .isInstanceOf(JdbiException.class);
    }

    @Test
    void aListenerSetOnTheJdbiHearsEachRunWithItsValuesOnItsConnection() {
        PlainQuery query = PlainQuery.of("SELECT label FROM plain_probe WHERE id = :id");
        List<String> heard = new ArrayList<>();
        jdbi.getConfig(PlainQuery.Listening.class)
                .set(Optional.of(
                        (connection, sql, values) -> heard.add(sql + " " + values + " " + connection.isClosed())));
        try {
            Optional<String> found =
                    jdbi.withHandle(handle -> query.bind("id", 1L).first(handle, rs -> rs.getString(1)));
            assertThat(found).contains("one");
        } finally {
            jdbi.getConfig(PlainQuery.Listening.class).set(Optional.empty());
        }
        jdbi.useHandle(handle -> query.bind("id", 2L).first(handle, rs -> rs.getString(1)));

        assertThat(heard).containsExactly("SELECT label FROM plain_probe WHERE id = ? [1] false");
    }
}
