package io.groupdesk.testing;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook endpoint on 127.0.0.1 (JDK HttpServer) that keeps every request it gets and checks each one's signature
 * the way Zendesk documents it, written here from that description rather than from Groupdesk's code: the
 * {@code X-Zendesk-Webhook-Signature} header is base64(HMAC-SHA256(signing secret, the
 * {@code X-Zendesk-Webhook-Signature-Timestamp} header's value followed by the raw body)).
 */
public final class WebhookReceiver implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpServer server;
    private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 500;
    private volatile Duration delay = Duration.ZERO;
    /** Open while requests are held: each waits for it before it is answered. */
    private volatile CountDownLatch held = new CountDownLatch(0);

    private final AtomicInteger open = new AtomicInteger();
    private final AtomicInteger mostOpen = new AtomicInteger();

    /** One request the receiver got, and what it answered. */
    public record Delivery(String method, String path, Map<String, List<String>> headers, byte[] body, int answered) {
        public String header(String name) {
            return headers.entrySet().stream()
                    .filter(e -> e.getKey().equalsIgnoreCase(name))
                    .flatMap(e -> e.getValue().stream())
                    .findFirst()
                    .orElse(null);
        }

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public boolean succeeded() {
            return answered >= 200 && answered < 300;
        }

        /** Whether the signature headers verify under {@code secret}, as Zendesk documents it. */
        public boolean signedWith(String secret) {
            String signature = header("X-Zendesk-Webhook-Signature");
            String timestamp = header("X-Zendesk-Webhook-Signature-Timestamp");
            if (signature == null || timestamp == null) {
                return false;
            }
            try {
                Mac mac = Mac.getInstance("HmacSHA256");
                mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
                mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
                mac.update(body);
                return Base64.getEncoder().encodeToString(mac.doFinal()).equals(signature);
            } catch (GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private WebhookReceiver(HttpServer server) {
        this.server = server;
    }

    public static WebhookReceiver start() {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            WebhookReceiver receiver = new WebhookReceiver(server);
            server.createContext("/", receiver::handle);
            server.setExecutor(Executors.newCachedThreadPool());
            server.start();
            return receiver;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The next {@code count} requests are answered {@code status}. */
    public WebhookReceiver failNext(int count, int status) {
        failureStatus = status;
        failuresLeft.set(count);
        return this;
    }

    /** Every request waits this long before it is answered. */
    public WebhookReceiver delay(Duration delay) {
        this.delay = delay;
        return this;
    }

    /** Holds every request open, unanswered, until {@link #release}. */
    public WebhookReceiver hold() {
        held = new CountDownLatch(1);
        return this;
    }

    /** Answers the requests held, and those to come at once. */
    public void release() {
        held.countDown();
    }

    /** The requests open now: received and not yet answered. */
    public int open() {
        return open.get();
    }

    /** The most requests that were open at once. */
    public int mostOpen() {
        return mostOpen.get();
    }

    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    public List<Delivery> deliveries() {
        return List.copyOf(deliveries);
    }

    /** The requests answered with a 2xx. */
    public List<Delivery> succeeded() {
        return deliveries.stream().filter(Delivery::succeeded).toList();
    }

    /** Polls {@code condition} until it holds or {@code timeout} passes; returns whether it held. */
    public static boolean await(BooleanSupplier condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (condition.getAsBoolean()) {
                return true;
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return condition.getAsBoolean();
    }

    private void handle(HttpExchange exchange) throws IOException {
        mostOpen.accumulateAndGet(open.incrementAndGet(), Math::max);
        try {
            answer(exchange);
        } finally {
            open.decrementAndGet();
        }
    }

    private void answer(HttpExchange exchange) throws IOException {
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
            body = in.readAllBytes();
        }
        try {
            held.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        int status = failuresLeft.getAndUpdate(n -> Math.max(0, n - 1)) > 0 ? failureStatus : 200;
        deliveries.add(new Delivery(
                exchange.getRequestMethod(),
                exchange.getRequestURI().getPath(),
                Map.copyOf(new java.util.HashMap<>(exchange.getRequestHeaders())),
                body,
                status));
        byte[] answer = "{\"ok\":true}".getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, answer.length);
        exchange.getResponseBody().write(answer);
        exchange.close();
    }

    @Override
    public void close() {
        release();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }
}
