package io.groupdesk.testing;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the service under test: raw requests, exact bytes, no vendor library in between. */
public final class Http {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private final int port;

    public Http(int port) {
        this.port = port;
    }

    /** A client for a service started without {@link TestApp}. */
    public static Http on(int port) {
        return new Http(port);
    }

    public String baseUrl() {
        return "http://localhost:" + port;
    }

    public int port() {
        return port;
    }

    public Request get(String pathAndQuery) {
        return new Request("GET", pathAndQuery);
    }

    public Request post(String pathAndQuery) {
        return new Request("POST", pathAndQuery);
    }

    public Request put(String pathAndQuery) {
        return new Request("PUT", pathAndQuery);
    }

    public Request delete(String pathAndQuery) {
        return new Request("DELETE", pathAndQuery);
    }

    /** A request with any method, such as PATCH. */
    public Request request(String method, String pathAndQuery) {
        return new Request(method, pathAndQuery);
    }

    /** The path and query of {@code target}; an absolute link the service returned is followed on this server. */
    private static String pathAndQuery(String target) {
        if (!target.startsWith("http")) {
            return target;
        }
        URI link = URI.create(target);
        return link.getRawPath() + (link.getRawQuery() == null ? "" : "?" + link.getRawQuery());
    }

    public static String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }

    /** Zendesk's {@code email/token:TOKEN} form. */
    public static String token(Fixtures.TestAgent agent) {
        return basic(agent.email() + "/token", agent.token());
    }

    public final class Request {
        private final String method;
        private final String target;
        private final Map<String, String> headers = new LinkedHashMap<>();
        private byte[] body = new byte[0];

        private Request(String method, String target) {
            this.method = method;
            this.target = target;
        }

        public Request header(String name, String value) {
            headers.put(name, value);
            return this;
        }

        public Request authorization(String value) {
            return header("Authorization", value);
        }

        /** Authenticates as {@code agent} with its API token, the way Zendesk clients do. */
        public Request as(Fixtures.TestAgent agent) {
            return authorization(token(agent));
        }

        public Request host(String host) {
            return header("Host", host);
        }

        public Request json(String json) {
            headers.putIfAbsent("Content-Type", "application/json");
            body = json.getBytes(StandardCharsets.UTF_8);
            return this;
        }

        public Request body(String contentType, byte[] bytes) {
            headers.put("Content-Type", contentType);
            body = bytes;
            return this;
        }

        public Response send() {
            URI uri = URI.create(baseUrl() + pathAndQuery(target));
            HttpRequest.Builder builder = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30))
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
            headers.forEach(builder::header);
            try {
                HttpResponse<byte[]> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
                return new Response(response.statusCode(), response.headers().map(), response.body());
            } catch (IOException e) {
                throw new IllegalStateException(method + " " + uri + " failed", e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        }
    }

    /** What the server answered. */
    public record Response(int status, Map<String, java.util.List<String>> headers, byte[] bytes) {
        public String body() {
            return new String(bytes, StandardCharsets.UTF_8);
        }

        public JsonNode json() {
            return JSON.readTree(bytes);
        }

        public Optional<String> header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst();
        }

        @Override
        public String toString() {
            return status + " " + body();
        }
    }
}
