package io.groupdesk.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Zendesk v2 API of one node, used with the bootstrap admin's token. A request the node never answered throws
 * {@link IOException}: the caller cannot know whether it took effect.
 */
final class ZendeskClient {
    static final String ADMIN_EMAIL = "admin@reliability.test";
    static final String ADMIN_PASSWORD = "reliability-password-0123456789";
    static final String ADMIN_TOKEN = "reliability-token-0123456789abcdefghijklmn";

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final String AUTHORIZATION = "Basic "
            + Base64.getEncoder()
                    .encodeToString((ADMIN_EMAIL + "/token:" + ADMIN_TOKEN).getBytes(StandardCharsets.UTF_8));

    private final int port;

    ZendeskClient(int port) {
        this.port = port;
    }

    /** An answer: its status and, when it has one, its JSON body. */
    record Reply(int status, JsonNode json) {
        boolean ok() {
            return status >= 200 && status < 300;
        }

        @Override
        public String toString() {
            return status + " " + json;
        }
    }

    Reply send(String method, String path, String body) throws IOException {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
                .timeout(Duration.ofSeconds(20))
                .header("Authorization", AUTHORIZATION)
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            builder.header("Content-Type", "application/json");
        }
        try {
            HttpResponse<byte[]> response = CLIENT.send(builder.build(), HttpResponse.BodyHandlers.ofByteArray());
            byte[] bytes = response.body();
            return new Reply(response.statusCode(), bytes.length == 0 ? null : JSON.readTree(bytes));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    Reply get(String path) throws IOException {
        return send("GET", path, null);
    }

    /** Every item of a cursor-paged list, following {@code links.next}. */
    List<JsonNode> all(String path, String key) throws IOException {
        List<JsonNode> items = new ArrayList<>();
        String next = path + (path.contains("?") ? "&" : "?") + "page[size]=100";
        while (next != null) {
            Reply reply = get(next.replace("[", "%5B").replace("]", "%5D"));
            if (reply.status() != 200) {
                throw new IllegalStateException("GET " + next + " answered " + reply);
            }
            reply.json().get(key).forEach(items::add);
            boolean more = reply.json().path("meta").path("has_more").asBoolean(false);
            next = more ? pathOf(reply.json().path("links").path("next").asString()) : null;
        }
        return items;
    }

    int port() {
        return port;
    }

    private static String pathOf(String link) {
        URI uri = URI.create(link);
        return uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
    }
}
