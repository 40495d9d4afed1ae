import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How long a change made on node A takes to be refused by node B, which held the credential in its cache: TRIALS
 * times, alternately, an API token revoked and an agent suspended through node A's Zendesk API (the agent signing in
 * with the account's API token, {@code email/token}), after node B served
 * the credential twice (GET users/me); node B is then asked in a tight loop until it refuses. The time runs from node A's answer to
 * the change (the commit is done) to node B's first refusal. Prints a line per trial, then one line per kind with p50,
 * p99 and max in ms.
 * Requests name no host, so they address the nodes' bootstrap account, which ADMIN_EMAIL and ADMIN_TOKEN belong to
 * (java.net.http cannot set a Host header).
 *
 * <pre>java bench/Revocation.java NODE_A_URL NODE_B_URL ADMIN_EMAIL ADMIN_TOKEN TRIALS</pre>
 */
public final class Revocation {
    private static final HttpClient CLIENT =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*(\\d+)");
    private static final Pattern TOKEN = Pattern.compile("\"token\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) throws Exception {
        String nodeA = args[0];
        String nodeB = args[1];
        String host = "";
        String admin = basic(args[2] + "/token", args[3]);
        // any authenticated caller may read itself, so an agent's refusal is its credential's, not a private group's
        String show = "/api/v2/users/me.json";
        int trials = Integer.parseInt(args[4]);
        List<Double> revoked = new ArrayList<>();
        List<Double> suspended = new ArrayList<>();
        long run = System.currentTimeMillis();
        for (int trial = 0; trial < trials; trial++) {
            if (trial % 2 == 0) {
                String created = send(nodeA, "POST", "/api/v2/api_tokens.json", host, admin,
                        "{\"api_token\":{\"description\":\"revocation " + trial + "\"}}", 201);
                String id = first(ID, created);
                String credential = basic(args[2] + "/token", first(TOKEN, created));
                warm(nodeB, show, host, credential);
                send(nodeA, "DELETE", "/api/v2/api_tokens/" + id + ".json", host, admin, null, 204);
                revoked.add(untilRefused(nodeB, show, host, credential));
                System.out.printf("trial %d token revoked %.2f ms%n", trial, revoked.get(revoked.size() - 1));
            } else {
                String email = "revocation-" + run + "-" + trial + "@bench.example";
                String user = send(nodeA, "POST", "/api/v2/users.json", host, admin,
                        "{\"user\":{\"name\":\"Revocation " + trial + "\",\"email\":\"" + email
                                + "\",\"role\":\"agent\"}}", 201);
                String id = first(ID, user);
                // the account's API token acting for the agent (Zendesk's email/token form)
                String credential = basic(email + "/token", args[3]);
                warm(nodeB, show, host, credential);
                send(nodeA, "PUT", "/api/v2/users/" + id + ".json", host, admin,
                        "{\"user\":{\"suspended\":true}}", 200);
                suspended.add(untilRefused(nodeB, show, host, credential));
                System.out.printf("trial %d agent suspended %.2f ms%n", trial, suspended.get(suspended.size() - 1));
            }
        }
        report("token revoked", revoked);
        report("agent suspended", suspended);
    }

    private static void warm(String node, String path, String host, String credential) throws Exception {
        send(node, "GET", path, host, credential, null, 200);
        send(node, "GET", path, host, credential, null, 200);
    }

    /** Milliseconds from now until {@code node} answers 401 or 403 to the credential. */
    private static double untilRefused(String node, String path, String host, String credential) throws Exception {
        long start = System.nanoTime();
        while (true) {
            int status = request(node, "GET", path, host, credential, null).statusCode();
            if (status == 401 || status == 403) {
                return (System.nanoTime() - start) / 1e6;
            }
            if (System.nanoTime() - start > 10_000_000_000L) {
                throw new IllegalStateException("node B still accepts the credential after 10 s");
            }
        }
    }

    private static void report(String kind, List<Double> millis) {
        if (millis.isEmpty()) {
            return;
        }
        Collections.sort(millis);
        System.out.printf(
                "%s: trials=%d p50_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
                kind,
                millis.size(),
                percentile(millis, 0.50),
                percentile(millis, 0.99),
                millis.get(millis.size() - 1));
    }

    private static double percentile(List<Double> sorted, double p) {
        int index = (int) Math.ceil(p * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static String send(String node, String method, String path, String host, String auth, String json,
            int expected) throws Exception {
        HttpResponse<String> response = request(node, method, path, host, auth, json);
        if (response.statusCode() != expected) {
            throw new IllegalStateException(method + " " + path + " answered " + response.statusCode() + ": "
                    + response.body());
        }
        return response.body();
    }

    private static HttpResponse<String> request(String node, String method, String path, String host, String auth,
            String json) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(node + path))
                .timeout(Duration.ofSeconds(10))
                .header("Authorization", auth);
        if (json != null) {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(json));
        } else {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        }
        return CLIENT.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String first(Pattern pattern, String body) {
        Matcher matcher = pattern.matcher(body);
        if (!matcher.find()) {
            throw new IllegalStateException("no " + pattern + " in " + body);
        }
        return matcher.group(1);
    }

    private static String basic(String user, String secret) {
        return "Basic " + Base64.getEncoder().encodeToString((user + ":" + secret).getBytes(StandardCharsets.UTF_8));
    }
}
