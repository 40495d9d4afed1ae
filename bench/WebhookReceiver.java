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
 */
public class WebhookReceiver {
    private static final Pattern ID = Pattern.compile("\"id\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TIME = Pattern.compile("\"time\"\\s*:\\s*\"([^\"]+)\"");

    record Arrival(String id, Instant time, long arrivedNanos, Instant arrived) {}

    public static void main(String[] args) throws Exception {
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

    private static long percentile(long[] sorted, int p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p / 100.0 * sorted.length) - 1)];
    }
}
