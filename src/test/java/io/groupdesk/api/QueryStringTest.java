package io.groupdesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.api.QueryString.Parameter;
import org.junit.jupiter.api.Test;

class QueryStringTest {

    @Test
    void keepsParametersInTheOrderSent() {
        QueryString query = QueryString.parse("sort=name&page=2&sort=id&exclude_deleted=true");

        assertThat(query.parameters())
                .containsExactly(
                        new Parameter("sort", "name"),
                        new Parameter("page", "2"),
                        new Parameter("sort", "id"),
                        new Parameter("exclude_deleted", "true"));
        assertThat(query.first("sort")).contains("name");
        assertThat(query.all("sort")).containsExactly("name", "id");
    }

    @Test
    void decodesRawAndEncodedBracketsAlike() {
        QueryString raw = QueryString.parse("page[size]=2&page[after]=abc");
        QueryString encoded = QueryString.parse("page%5Bsize%5D=2&page%5bafter%5d=abc");

        assertThat(raw.parameters()).isEqualTo(encoded.parameters());
        assertThat(raw.first("page[size]")).contains("2");
        assertThat(encoded.first("page[after]")).contains("abc");
    }

    @Test
    void decodesPercentEscapesAndPlus() {
        QueryString query = QueryString.parse("name=Tier+2%20EU&ids=1%2C2");

        assertThat(query.first("name")).contains("Tier 2 EU");
        assertThat(query.first("ids")).contains("1,2");
    }

    @Test
    void keepsAStrayPercentAsTyped() {
        QueryString query = QueryString.parse("q=100%&r=%zz");

        assertThat(query.first("q")).contains("100%");
        assertThat(query.first("r")).contains("%zz");
    }

    @Test
    void readsNamesWithoutValueAndSkipsEmptyPairs() {
        QueryString query = QueryString.parse("flag&&page=3&");

        assertThat(query.parameters()).containsExactly(new Parameter("flag", ""), new Parameter("page", "3"));
        assertThat(query.has("flag")).isTrue();
        assertThat(query.has("missing")).isFalse();
        assertThat(query.first("missing")).isEmpty();
        assertThat(query.all("missing")).isEmpty();
    }

    @Test
    void treatsMissingQueryAsEmpty() {
        assertThat(QueryString.parse(null).parameters()).isEmpty();
        assertThat(QueryString.parse("").parameters()).isEmpty();
        assertThat(QueryString.parse(null).encode()).isEmpty();
    }

    @Test
    void replacingDropsMatchingParametersAndAppendsExtras() {
        QueryString query = QueryString.parse("page[size]=2&page[after]=old&sort=id&page[after]=older");

        QueryString next = query.replacing(
                name -> name.equals("page[after]") || name.equals("page[before]"),
                new Parameter("page[before]", "new"));

        assertThat(next.parameters())
                .containsExactly(
                        new Parameter("page[size]", "2"),
                        new Parameter("sort", "id"),
                        new Parameter("page[before]", "new"));
        assertThat(query.all("page[after]")).containsExactly("old", "older");
    }

    @Test
    void replacingWithNothingToDropOnlyAppends() {
        QueryString query = QueryString.parse("per_page=2");

        QueryString next = query.replacing(name -> false, new Parameter("page", "2"));

        assertThat(next.encode()).isEqualTo("per_page=2&page=2");
    }

    @Test
    void encodePercentEncodesBracketsAndCommas() {
        QueryString query = QueryString.parse("page[size]=2&ids=1,2,3");

        String encoded = query.encode();

        assertThat(encoded).isEqualTo("page%5Bsize%5D=2&ids=1%2C2%2C3");
        assertThat(encoded).doesNotContain("[", "]", ",");
    }

    @Test
    void encodeRoundTripsThroughParse() {
        QueryString query = QueryString.parse("name=Tier%202&page[after]=djE6MTA&q=a%26b%3Dc");

        QueryString again = QueryString.parse(query.encode());

        assertThat(again.parameters()).isEqualTo(query.parameters());
        assertThat(again.first("q")).contains("a&b=c");
    }
}
