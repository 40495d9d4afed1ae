import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A webhook target for the delivery benchmarks: answers every POST with 200 at once and notes, per delivery, the
 * event's id, the event's time (stamped as its transaction commits) and the arrival time. When the file named by
 * its second argument appears, it writes a summary to stdout and exits: deliveries, distinct events, duplicates,
 * the delivery lag from commit to arrival (p50, p99, max, ms) and the rate between the first and the last arrival.
 *
 *   java bench/WebhookReceiver.java PORT STOP_FILE
 *
 * With {@code --load}, it is the client instead: it POSTs REQUESTS envelopes (the size of a group.created delivery) to
 * a receiver at URL, CONCURRENCY at a time over kept-alive connections, and prints the rate: what the receiver takes
 * alone on this host, the ceiling of any delivery measured against it.
 *
 *   java bench/WebhookReceiver.java --load URL REQUESTS CONCURRENCY
 */
public class WebhookReceiver {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TIME = Pattern.compile("\"time\"\\s*:\\s*\"([^\"]+)\"");

    record Arrival(String id, Instant time, long arrivedNanos, Instant arrived) {}

    public static void main(String[] args) throws Exception {
        if (args[0].equals("--load")) {
            load(args[1], Integer.parseInt(args[2]), Integer.parseInt(args[3]));
            return;
        }
        int port = Integer.parseInt(args[0]);
        Path stop = Path.of(args[1]);
        List<Arrival> arrivals = Collections.synchronizedList(new ArrayList<>());
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 512);
        server.setExecutor(Executors.newFixedThreadPool(16));
        server.createContext("/", exchange -> {
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            long nanos = System.nanoTime();
            Instant now = Instant.now();
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
            String text = new String(body, StandardCharsets.UTF_8);
            Matcher id = ID.matcher(text);
            Matcher time = TIME.matcher(text);
            if (id.find() && time.find()) {
                arrivals.add(new Arrival(id.group(1), Instant.parse(time.group(1)), nanos, now));
            }
        });
        server.start();
        System.err.println("receiver listening on " + port);
        while (!Files.exists(stop)) {
            Thread.sleep(100);
        }
        server.stop(0);
        List<Arrival> all;
        synchronized (arrivals) {
            all = new ArrayList<>(arrivals);
        }
        Set<String> distinct = ConcurrentHashMap.newKeySet();
        long[] lags = new long[all.size()];
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i = 0; i < all.size(); i++) {
            Arrival a = all.get(i);
            distinct.add(a.id());
            lags[i] = java.time.Duration.between(a.time(), a.arrived()).toMillis();
            first = Math.min(first, a.arrivedNanos());
            last = Math.max(last, a.arrivedNanos());
        }
        java.util.Arrays.sort(lags);
        double seconds = all.size() > 1 ? (last - first) / 1e9 : 0;
        System.out.printf(
                "{\"deliveries\":%d,\"events\":%d,\"duplicates\":%d,\"lag_p50_ms\":%d,\"lag_p99_ms\":%d,"
                        + "\"lag_max_ms\":%d,\"seconds\":%.3f,\"per_second\":%.1f}%n",
                all.size(),
                distinct.size(),
                all.size() - distinct.size(),
                percentile(lags, 50),
                percentile(lags, 99),
                lags.length == 0 ? 0 : lags[lags.length - 1],
                seconds,
                seconds > 0 ? all.size() / seconds : 0);
    }

    private static void load(String url, int requests, int concurrency) throws Exception {
        java.net.http.HttpClient client = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1)
                .build();
        java.util.concurrent.atomic.AtomicInteger next = new java.util.concurrent.atomic.AtomicInteger();
        java.util.concurrent.atomic.AtomicInteger failed = new java.util.concurrent.atomic.AtomicInteger();
        long start = System.nanoTime();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < concurrency; t++) {
            Thread thread = new Thread(() -> {
                for (int i; (i = next.getAndIncrement()) < requests; ) {
                    String body = "{\"type\":\"groupdesk:event-type:group.created\",\"account_id\":1,\"id\":\"" + i
                            + "\",\"time\":\"" + Instant.now() + "\",\"zendesk_event_version\":\"2022-06-20\","
                            + "\"subject\":\"groupdesk:group:" + i + "\",\"detail\":{\"id\":\"" + i + "\",\"name\":"
                            + "\"Group " + i + "\",\"description\":null,\"is_public\":true,\"default\":false,"
                            + "\"deleted\":false,\"created_at\":\"2026-12-06T10:31:07Z\",\"updated_at\":"
                            + "\"2026-12-06T10:31:07Z\"},\"event\":{}}";
                    try {
                        int status = client.send(
                                        java.net.http.HttpRequest.newBuilder(java.net.URI.create(url))
                                                .header("Content-Type", "application/json; charset=utf-8")
                                                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body))
                                                .build(),
                                        java.net.http.HttpResponse.BodyHandlers.discarding())
                                .statusCode();
                        if (status != 200) {
                            failed.incrementAndGet();
                        }
                    } catch (Exception e) {
                        failed.incrementAndGet();
                    }
                }
            });
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        System.out.printf(
                "{\"requests\":%d,\"failed\":%d,\"concurrency\":%d,\"seconds\":%.3f,\"per_second\":%.1f}%n",
                requests, failed.get(), concurrency, seconds, requests / seconds);
    }

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
