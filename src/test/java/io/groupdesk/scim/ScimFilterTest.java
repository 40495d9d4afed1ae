package io.groupdesk.scim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.groupdesk.scim.ScimFilter.And;
import io.groupdesk.scim.ScimFilter.Compare;
import io.groupdesk.scim.ScimFilter.Not;
import io.groupdesk.scim.ScimFilter.Operator;
import io.groupdesk.scim.ScimFilter.Or;
import io.groupdesk.scim.ScimFilter.Present;
import io.groupdesk.scim.ScimFilter.ValuePath;
import io.groupdesk.shared.ValidationException;
import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class ScimFilterTest {

    @Test
    void parsesAComparisonWithOperatorsInAnyCase() {
        assertThat(ScimFilter.parse("userName EQ \"bjensen\""))
                .isEqualTo(new Compare("userName", Operator.EQ, "bjensen"));
    }

    @Test
    void bindsAndTighterThanOr() {
        assertThat(ScimFilter.parse("a eq 1 or b eq 2 and c pr"))
                .isEqualTo(new Or(
                        new Compare("a", Operator.EQ, new BigDecimal("1")),
                        new And(new Compare("b", Operator.EQ, new BigDecimal("2")), new Present("c"))));
    }

    @Test
    void parenthesesAndNotGroup() {
        assertThat(ScimFilter.parse("not (a eq true or b eq null) and (c sw \"x\")"))
                .isEqualTo(new And(
                        new Not(new Or(
                                new Compare("a", Operator.EQ, Boolean.TRUE),
                                new Compare("b", Operator.EQ, ScimFilter.Null.NULL))),
                        new Compare("c", Operator.SW, "x")));
    }

    @Test
    void parsesValuePathsAndTheirSubAttributeForm() {
        assertThat(ScimFilter.parse("emails[type eq \"work\" and value co \"@example.com\"]"))
                .isEqualTo(new ValuePath(
                        "emails",
                        new And(
                                new Compare("type", Operator.EQ, "work"),
                                new Compare("value", Operator.CO, "@example.com"))));
        assertThat(ScimFilter.parse("emails[type eq \"work\"].value eq \"a@b.c\""))
                .isEqualTo(new ValuePath(
                        "emails",
                        new And(new Compare("type", Operator.EQ, "work"), new Compare("value", Operator.EQ, "a@b.c"))));
    }

    @Test
    void keepsSchemaQualifiedNamesAndJsonEscapes() {
        assertThat(
                        ScimFilter.parse(
                                "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"a\\\"b\\u0041\""))
                .isEqualTo(new Compare(
                        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber",
                        Operator.EQ,
                        "a\"bA"));
    }

    @Test
    void refusesWhatIsNotAFilter() {
        assertInvalid("", "The filter is empty");
        assertInvalid("userName eq", "Expected a value at position 12");
        assertInvalid("userName eq bjensen", "'bjensen' is not a value: strings are quoted");
        assertInvalid("userName regex \"x\"", "Unknown operator 'regex' at position 10");
        assertInvalid("(userName pr", "Expected ')' but the filter ends");
        assertInvalid("userName pr)", "Unexpected ')' at position 12");
        assertInvalid("userName eq \"open", "A string is not closed");
        assertInvalid("emails[value[type pr]]", "A value filter cannot hold another one");
        assertInvalid("not userName pr", "Expected '(' at position 5 but found 'u'");
        assertInvalid("(".repeat(40) + "a pr" + ")".repeat(40), "The filter nests deeper than 32 levels");
    }

    private static void assertInvalid(String filter, String message) {
        assertThatThrownBy(() -> ScimFilter.parse(filter)).isInstanceOfSatisfying(ValidationException.class, e -> {
            assertThat(e.violations().get(0).field()).isEqualTo("filter");
            assertThat(e.violations().get(0).message()).isEqualTo(message);
        });
    }
}
