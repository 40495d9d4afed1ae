package io.groupdesk.observability;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
    @Test
    void keepsSaneIdsUpToTheLengthLimit() {
        String longest = "a".repeat(RequestIds.MAX_LENGTH);

        assertThat(RequestIds.accept(longest)).isEqualTo(longest);
        assertThat(RequestIds.accept("Root-1.abc_def:42")).isEqualTo("Root-1.abc_def:42");
    }

    @Test
    void replacesMissingEmptyOverlongAndUnsafeIds() {
        for (String offered : new String[] {
            null, "", "a".repeat(RequestIds.MAX_LENGTH + 1), "a b", "a\nb", "a\"b", "caf\u00e9", "a%0Ab", "{json}"
        }) {
            assertThat(RequestIds.accept(offered))
                    .as(String.valueOf(offered))
                    .hasSize(36)
                    .isNotEqualTo(offered);
        }
    }

    @Test
    void generatesDistinctVersionFourUuids() {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            String id = RequestIds.accept(null);
            UUID uuid = UUID.fromString(id);

            assertThat(uuid.version()).as(id).isEqualTo(4);
            assertThat(uuid.variant()).as(id).isEqualTo(2);
            assertThat(uuid.toString()).isEqualTo(id);
            assertThat(seen.add(id)).as(id).isTrue();
        }
    }

    @Test
    void redactsEveryQueryParameterThatMayCarryACredential() {
        assertThat(HttpObservation.redact("api_token=abc&page=2")).isEqualTo("api_token=***&page=2");
        assertThat(HttpObservation.redact("API_TOKEN=abc")).isEqualTo("API_TOKEN=***");
        assertThat(HttpObservation.redact("api%5Ftoken=abc")).isEqualTo("api%5Ftoken=***");
        assertThat(HttpObservation.redact("email=a%40b.c&sign=f00&nonce=1&sign_version=v2&password=x"))
                .isEqualTo("email=a%40b.c&sign=***&nonce=1&sign_version=***&password=***");
        assertThat(HttpObservation.redact("flag&page[size]=5&secret_key=k"))
                .isEqualTo("flag&page[size]=5&secret_key=***");
        assertThat(HttpObservation.redact("%zz=1")).isEqualTo("%zz=***");
    }

    @Test
    void aggregatesHealthAsBootDoes() {
        assertThat(HealthStatus.aggregate(HealthStatus.UP, HealthStatus.DOWN, HealthStatus.OUT_OF_SERVICE))
                .isEqualTo(HealthStatus.DOWN);
        assertThat(HealthStatus.aggregate(HealthStatus.UP, HealthStatus.OUT_OF_SERVICE))
                .isEqualTo(HealthStatus.OUT_OF_SERVICE);
        assertThat(HealthStatus.aggregate(HealthStatus.UP, HealthStatus.UNKNOWN))
                .isEqualTo(HealthStatus.UP);
        assertThat(HealthStatus.aggregate()).isEqualTo(HealthStatus.UNKNOWN);
        assertThat(HealthStatus.OUT_OF_SERVICE.httpStatus()).isEqualTo(503);
        assertThat(HealthStatus.DOWN.httpStatus()).isEqualTo(503);
        assertThat(HealthStatus.UP.httpStatus()).isEqualTo(200);
    }
}
