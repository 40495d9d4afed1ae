package io.groupdesk.api.openapi;

import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialects;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The OpenAPI document as a checker of real exchanges: finds the operation a request addressed, and reports every way
 * the response departs from it (an undocumented status, a body that does not match the schema, a required header
 * missing). Schemas are checked by a JSON Schema 2020-12 validator with the OpenAPI 3.1 dialect, resolving
 * {@code $ref}s inside the document. It also remembers which operations were exercised, so a test can tell which
 * ones were never checked.
 */
final class OpenApiContract {
    static final String DOCUMENT_ID = "https://groupdesk.test/openapi/zendesk-v2.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode document;
    private final SchemaRegistry registry;
    private final List<Template> templates = new ArrayList<>();
    private final Map<String, Schema> schemas = new ConcurrentHashMap<>();
    private final Set<String> exercised = ConcurrentHashMap.newKeySet();

    /** An operation of the document: {@code GET /api/v2/groups/{id}}. */
    record Operation(String method, String path) {
        @Override
        public String toString() {
            return method + " " + path;
        }
    }

    private record Template(String path, Pattern pattern, int parameters) {}

    /** A request and what the server answered to it. */
    record Exchange(
            String method,
            String target,
            Optional<String> requestBody,
            int status,
            Map<String, List<String>> headers,
            byte[] body) {}

    OpenApiContract(String documentText) {
        this.document = JSON.readTree(documentText);
        this.registry = SchemaRegistry.withDialect(
                Dialects.getOpenApi31(), builder -> builder.schemas(Map.of(DOCUMENT_ID, documentText)));
        document.get("paths").propertyNames().forEach(path -> {
            String regex = Pattern.quote(path).replaceAll("\\{[^}/]+}", "\\\\E[^/]+\\\\Q");
            templates.add(new Template(path, Pattern.compile(regex), path.split("\\{", -1).length - 1));
        });
        // a literal segment wins over a parameter, as in the router: /groups/count before /groups/{id}
        templates.sort(Comparator.comparingInt(Template::parameters));
    }

    /** The document the service ships. */
    static OpenApiContract shipped() {
        return new OpenApiContract(shippedText());
    }

    static String shippedText() {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(OpenApiDocs.DOCUMENT)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    JsonNode document() {
        return document;
    }

    /** Every operation the document describes. */
    Set<Operation> operations() {
        Set<Operation> operations = new TreeSet<>(Comparator.comparing(Operation::toString));
        document.get("paths").properties().forEach(path -> path.getValue()
                .propertyNames()
                .forEach(method -> operations.add(new Operation(method.toUpperCase(Locale.ROOT), path.getKey()))));
        return operations;
    }

    Set<Operation> exercised() {
        Set<Operation> operations = new TreeSet<>(Comparator.comparing(Operation::toString));
        exercised.forEach(key -> {
            String[] parts = key.split(" ", 2);
            operations.add(new Operation(parts[0], parts[1]));
        });
        return operations;
    }

    /** Routes the server has that the document lacks, and operations the document has that the server lacks. */
    record RouteDrift(Set<String> undocumented, Set<String> notServed) {}

    /**
     * Compares the document with the server's routes ({@code "GET /api/v2/groups"}) under {@code /api/v2}: a
     * {@code .json} route whose bare form is also served is its alias, and the Zendesk catch-all
     * {@code /api/v2/*} answers unknown paths rather than being an operation.
     */
    RouteDrift compareWithRoutes(List<String> routes) {
        Set<String> served = new TreeSet<>();
        for (String route : routes) {
            String method = route.substring(0, route.indexOf(' '));
            String path = route.substring(route.indexOf(' ') + 1);
            if (!path.startsWith("/api/v2/") || path.equals("/api/v2/*")) {
                continue;
            }
            if (path.endsWith(".json")
                    && routes.contains(method + " " + path.substring(0, path.length() - ".json".length()))) {
                continue;
            }
            served.add(route);
        }
        Set<String> documented = new TreeSet<>();
        operations().forEach(operation -> documented.add(operation.toString()));
        Set<String> undocumented = new TreeSet<>(served);
        undocumented.removeAll(documented);
        Set<String> notServed = new TreeSet<>(documented);
        notServed.removeAll(served);
        return new RouteDrift(undocumented, notServed);
    }

    /**
     * The documented operation a request addressed. Each path is also served with {@code .json}, which the document
     * notes once instead of listing twice.
     */
    Optional<Operation> operationOf(String method, String target) {
        String path = target.replaceFirst("\\?.*$", "");
        String verb = method.toLowerCase(Locale.ROOT);
        List<String> candidates = path.endsWith(".json")
                ? List.of(path, path.substring(0, path.length() - ".json".length()))
                : List.of(path);
        for (Template template : templates) {
            for (String candidate : candidates) {
                if (template.pattern().matcher(candidate).matches()
                        && document.get("paths").get(template.path()).has(verb)) {
                    return Optional.of(new Operation(method.toUpperCase(Locale.ROOT), template.path()));
                }
            }
        }
        return Optional.empty();
    }

    /** Every way {@code exchange} departs from the document; empty when it conforms. Records the operation. */
    List<String> violations(Exchange exchange) {
        List<String> problems = new ArrayList<>();
        Optional<Operation> found = operationOf(exchange.method(), exchange.target());
        if (found.isEmpty()) {
            return List.of(exchange.method() + " " + exchange.target() + " is not a documented operation");
        }
        Operation operation = found.get();
        exercised.add(operation.toString());
        String pointer =
                "/paths/" + escape(operation.path()) + "/" + operation.method().toLowerCase(Locale.ROOT);
        JsonNode spec = document.at(pointer);
        if (exchange.requestBody().isPresent() && exchange.status() < 300) {
            JsonNode requestBody = resolve(spec.path("requestBody"));
            if (requestBody.isMissingNode()) {
                problems.add(operation + " takes no request body, but one was accepted");
            } else {
                problems.addAll(check(
                        "request body",
                        requestBody.path("content").path("application/json").path("schema"),
                        pointer + "/requestBody/content/application~1json/schema",
                        exchange.requestBody().get()));
            }
        }
        JsonNode response = spec.path("responses").path(Integer.toString(exchange.status()));
        if (response.isMissingNode()) {
            problems.add(operation + " does not document status " + exchange.status() + " (answered: "
                    + new String(exchange.body(), StandardCharsets.UTF_8) + ")");
            return problems;
        }
        String responsePointer = response.has("$ref")
                ? response.get("$ref").asString().substring(1)
                : pointer + "/responses/" + exchange.status();
        response = resolve(response);
        problems.addAll(headerViolations(operation, exchange, response));
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            if (exchange.body().length > 0) {
                problems.add(operation + " " + exchange.status() + " documents no body, but one came");
            }
            return problems;
        }
        String contentType = header(exchange.headers(), "Content-Type")
                .map(value -> value.split(";", 2)[0].strip())
                .orElse("");
        String mediaType = content.has(contentType) ? contentType : content.has("*/*") ? "*/*" : null;
        if (mediaType == null) {
            problems.add(operation + " " + exchange.status() + " answered " + contentType + ", documented "
                    + content.propertyNames());
            return problems;
        }
        if (mediaType.equals("application/json")) {
            problems.addAll(check(
                    operation + " " + exchange.status(),
                    content.get(mediaType).path("schema"),
                    responsePointer + "/content/application~1json/schema",
                    new String(exchange.body(), StandardCharsets.UTF_8)));
        }
        return problems;
    }

    private List<String> headerViolations(Operation operation, Exchange exchange, JsonNode response) {
        List<String> problems = new ArrayList<>();
        response.path("headers").properties().forEach(entry -> {
            JsonNode header = resolve(entry.getValue());
            Optional<String> value = header(exchange.headers(), entry.getKey());
            if (value.isEmpty()) {
                if (header.path("required").asBoolean(false)) {
                    problems.add(operation + " " + exchange.status() + " lacks the required header " + entry.getKey());
                }
                return;
            }
            if (header.path("schema").path("type").asString("").equals("integer")
                    && !value.get().matches("-?\\d+")) {
                problems.add(entry.getKey() + " should be an integer: " + value.get());
            }
        });
        return problems;
    }

    private List<String> check(String what, JsonNode schema, String pointer, String instance) {
        String location = schema.has("$ref") ? schema.get("$ref").asString() : "#" + pointer;
        Schema compiled =
                schemas.computeIfAbsent(location, l -> registry.getSchema(SchemaLocation.of(DOCUMENT_ID + l)));
        List<String> problems = new ArrayList<>();
        List<Error> errors;
        try {
            errors = compiled.validate(instance, InputFormat.JSON);
        } catch (RuntimeException e) {
            return List.of(what + " is not JSON: " + instance);
        }
        for (Error error : errors) {
            problems.add(what + ": " + error + " in " + instance);
        }
        return problems;
    }

    /** A {@code $ref} to a component, followed; anything else as it is. */
    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref")) {
            current = document.at(current.get("$ref").asString().substring(1));
        }
        return current;
    }

    private static Optional<String> header(Map<String, List<String>> headers, String name) {
        return headers.entrySet().stream()
                .filter(entry -> entry.getKey().equalsIgnoreCase(name))
                .flatMap(entry -> entry.getValue().stream())
                .findFirst();
    }

    private static String escape(String path) {
        return path.replace("~", "~0").replace("/", "~1");
    }

    static Map<String, List<String>> headers(String... namesAndValues) {
        Map<String, List<String>> headers = new LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            headers.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
        }
        return headers;
    }
}
