import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Creates groups at a steady rate, for the webhook lag benchmark: RATE requests a second for SECONDS, each
 * {@code POST /api/v2/groups.json} with a new name, sent on schedule whether or not the last one answered. Prints the
 * number sent, how many answered 201 and how many did not (another status, or no answer).
 *
 *   java bench/Paced.java BASE_URL HOST AUTHORIZATION RATE SECONDS TAG
 */
public class Paced {
    public static void main(String[] args) throws Exception {
        String base = args[0];
        String host = args[1];
        String authorization = args[2];
        int rate = Integer.parseInt(args[3]);
        int seconds = Integer.parseInt(args[4]);
        String tag = args[5];
        System.setProperty("jdk.httpclient.allowRestrictedHeaders", "host");
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        AtomicInteger created = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        long start = System.nanoTime();
        int total = rate * seconds;
        for (int i = 0; i < total; i++) {
            long due = start + (long) (i * 1e9 / rate);
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
            String body = "{\"group\":{\"name\":\"Paced " + tag + " " + i + "\"}}";
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + "/api/v2/groups.json"))
                    .header("Host", host)
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body))
                    .build();
            pending.add(client.sendAsync(request, HttpResponse.BodyHandlers.discarding())
                    .handle((response, error) -> {
                        if (error == null && response.statusCode() == 201) {
                            created.incrementAndGet();
                        } else {
                            // a request the node never answered (a kept-alive connection it closed) is counted, not
                            // fatal: the run measures delivery of the groups that were created
                            failed.incrementAndGet();
                        }
                        return null;
                    }));
        }
        CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new)).join();
        System.out.println(
                "{\"sent\":" + total + ",\"created\":" + created.get() + ",\"failed\":" + failed.get() + "}");
    }
}
