package io.groupdesk.api.scim;

import io.groupdesk.testing.Fixtures.TestAgent;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Raw SCIM requests to the service under test, as an identity provider sends them: Bearer token, scim+json. */
final class ScimClient {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;
    private final String host;
    private final String token;

    ScimClient(int port, String host, String token) {
        this.port = port;
        this.host = host;
        this.token = token;
    }

    ScimClient as(TestAgent agent) {
        return new ScimClient(port, host, agent.token());
    }

    ScimClient withToken(String other) {
        return new ScimClient(port, host, other);
    }

    Response get(String path) {
        return send("GET", path, null, Map.of());
    }

    Response post(String path, String body) {
        return send("POST", path, body, Map.of());
    }

    Response put(String path, String body) {
        return send("PUT", path, body, Map.of());
    }

    Response patch(String path, String body) {
        return send("PATCH", path, body, Map.of());
    }

    Response delete(String path) {
        return send("DELETE", path, null, Map.of());
    }

    Response send(String method, String path, String body, Map<String, String> headers) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/scim/v2" + path))
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .header("Host", host);
        if (token != null) {
            builder.header("Authorization", "Bearer " + token);
        }
        if (body != null) {
            builder.header("Content-Type", "application/scim+json");
        }
        headers.forEach(builder::header);
        try {
            HttpResponse<String> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            return new Response(response.statusCode(), response.headers().map(), response.body());
        } catch (IOException e) {
            throw new IllegalStateException(method + " " + path + " failed", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    record Response(int status, Map<String, List<String>> headers, String body) {
        JsonNode json() {
            return JSON.readTree(body);
        }

        Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        @Override
        public String toString() {
            return status + " " + body;
        }
    }

    static String json(Map<String, Object> object) {
        return JSON.writeValueAsString(new LinkedHashMap<>(object));
    }
}
