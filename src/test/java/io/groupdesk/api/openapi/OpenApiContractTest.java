package io.groupdesk.api.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import io.groupdesk.api.openapi.OpenApiContract.Exchange;
import io.groupdesk.api.openapi.OpenApiContract.Operation;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The checker the drift test relies on fails when it should: wrong bodies, statuses and headers are reported. */
class OpenApiContractTest {
    private static final OpenApiContract CONTRACT = OpenApiContract.shipped();
    private static final String GROUP =
            """
            {"url":"http://demo.groupdesk.test/api/v2/groups/7.json","id":7,"is_public":true,"name":"Tier 2",
             "description":null,"default":false,"deleted":false,"created_at":"2026-01-02T03:04:05Z",
             "updated_at":"2026-01-02T03:04:05Z","time_zone":"Europe/Berlin",
             "working_hours":{"monday":[{"start":"09:00","end":"17:00"}]}%s}""";
    private static final Map<String, List<String>> JSON_HEADERS =
            OpenApiContract.headers("Content-Type", "application/json; charset=utf-8", "ETag", "\"7.1\"");

    @Test
    void acceptsAGroupAsTheServiceWritesIt() {
        assertThat(CONTRACT.violations(groupResponse(String.format(GROUP, "")))).isEmpty();
    }

    @Test
    void rejectsAFieldTheDocumentDoesNotDescribe() {
        List<String> violations = CONTRACT.violations(groupResponse(String.format(GROUP, ",\"color\":\"red\"")));

        assertThat(violations).singleElement().asString().contains("color");
    }

    @Test
    void rejectsAMissingRequiredFieldAndAWrongType() {
        String body = String.format(GROUP, "").replace("\"deleted\":false,", "").replace("\"id\":7", "\"id\":\"7\"");

        List<String> violations = CONTRACT.violations(groupResponse(body));

        assertThat(String.join("\n", violations)).contains("deleted").contains("/id");
    }

    @Test
    void rejectsAWorkingHoursRangeOfTheWrongShape() {
        String body = String.format(GROUP, "").replace("\"start\":\"09:00\"", "\"begin\":\"09:00\"");

        assertThat(CONTRACT.violations(groupResponse(body))).isNotEmpty();
    }

    @Test
    void rejectsAnUndocumentedStatus() {
        Exchange exchange =
                new Exchange("GET", "/api/v2/groups/count.json", Optional.empty(), 201, JSON_HEADERS, "{}".getBytes());

        assertThat(CONTRACT.violations(exchange)).singleElement().asString().contains("does not document status 201");
    }

    @Test
    void rejectsAMissingRequiredHeader() {
        Exchange exchange = new Exchange(
                "GET",
                "/api/v2/groups",
                Optional.empty(),
                401,
                OpenApiContract.headers("Content-Type", "application/json"),
                "{\"error\":\"Couldn't authenticate you\"}".getBytes(StandardCharsets.UTF_8));

        assertThat(CONTRACT.violations(exchange)).singleElement().asString().contains("WWW-Authenticate");
    }

    @Test
    void rejectsARequestBodyTheDocumentDoesNotDescribe() {
        Exchange exchange = new Exchange(
                "POST",
                "/api/v2/groups",
                Optional.of("{\"group\": {\"name\": 42}}"),
                201,
                OpenApiContract.headers("Content-Type", "application/json", "ETag", "\"7.1\"", "Location", "x"),
                ("{\"group\":" + String.format(GROUP, "") + "}").getBytes(StandardCharsets.UTF_8));

        assertThat(CONTRACT.violations(exchange)).singleElement().asString().contains("request body");
    }

    @Test
    void rejectsAnUndocumentedPath() {
        Exchange exchange =
                new Exchange("GET", "/api/v2/tickets.json", Optional.empty(), 200, JSON_HEADERS, "{}".getBytes());

        assertThat(CONTRACT.violations(exchange)).singleElement().asString().contains("not a documented operation");
    }

    @Test
    void matchesTheJsonAliasAndPrefersLiteralSegments() {
        assertThat(CONTRACT.operationOf("GET", "/api/v2/groups/count.json"))
                .contains(new Operation("GET", "/api/v2/groups/count"));
        assertThat(CONTRACT.operationOf("GET", "/api/v2/groups/12.json?include=users"))
                .contains(new Operation("GET", "/api/v2/groups/{id}"));
        assertThat(CONTRACT.operationOf("PUT", "/api/v2/users/3/group_memberships/4/make_default"))
                .contains(new Operation("PUT", "/api/v2/users/{user_id}/group_memberships/{id}/make_default"));
        assertThat(CONTRACT.operationOf("GET", "/api/v2/openapi.json"))
                .contains(new Operation("GET", "/api/v2/openapi.json"));
        assertThat(CONTRACT.operationOf("PATCH", "/api/v2/groups/12")).isEmpty();
    }

    @Test
    void reportsRoutesTheDocumentLacksAndOperationsNoRouteServes() {
        List<String> routes = new ArrayList<>();
        CONTRACT.operations().forEach(operation -> {
            routes.add(operation + ".json");
            routes.add(operation.toString());
        });
        routes.add("GET /api/v2/tickets.json");
        routes.add("GET /api/v2/tickets");
        routes.add("GET /api/v2/*");
        routes.add("GET /groups.xml");
        routes.remove("DELETE /api/v2/groups/{id}");

        OpenApiContract.RouteDrift drift = CONTRACT.compareWithRoutes(routes);

        assertThat(drift.undocumented()).containsExactly("DELETE /api/v2/groups/{id}.json", "GET /api/v2/tickets");
        assertThat(drift.notServed()).containsExactly("DELETE /api/v2/groups/{id}");
    }

    @Test
    void everyReferenceInTheDocumentResolves() {
        List<String> refs = new ArrayList<>();
        collectRefs(CONTRACT.document(), refs);

        assertThat(refs).isNotEmpty();
        assertThat(refs)
                .allSatisfy(ref -> assertThat(ref).startsWith("#/components/"))
                .allSatisfy(ref -> assertThat(
                                CONTRACT.document().at(ref.substring(1)).isMissingNode())
                        .as(ref)
                        .isFalse());
    }

    @Test
    void everyOperationHasAnIdAndEveryJsonBodyANamedSchema() {
        CONTRACT.document().get("paths").properties().forEach(path -> path.getValue()
                .properties()
                .forEach(operation -> {
                    assertThat(operation.getValue().has("operationId"))
                            .as(path.getKey())
                            .isTrue();
                    operation.getValue().path("responses").properties().forEach(response -> {
                        JsonNode schema = response.getValue()
                                .path("content")
                                .path("application/json")
                                .path("schema");
                        if (!schema.isMissingNode() && !path.getKey().equals("/api/v2/openapi.json")) {
                            assertThat(schema.has("$ref"))
                                    .as(path.getKey() + " " + response.getKey())
                                    .isTrue();
                        }
                    });
                }));
    }

    private static Exchange groupResponse(String group) {
        return new Exchange(
                "GET",
                "/api/v2/groups/7.json",
                Optional.empty(),
                200,
                JSON_HEADERS,
                ("{\"group\":" + group + "}").getBytes(StandardCharsets.UTF_8));
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(entry -> {
                if (entry.getKey().equals("$ref")) {
                    refs.add(entry.getValue().asString());
                } else {
                    collectRefs(entry.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }
}
