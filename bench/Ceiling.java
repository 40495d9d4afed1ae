import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The benchmark's ceiling: the least a Java HTTP/1.1 server can do to give the same answers Groupdesk gave.
 *
 * <pre>java bench/Ceiling.java PORT CAPTURE_DIR</pre>
 *
 * CAPTURE_DIR holds one {@code SCENARIO.http} file per scenario: the exact bytes Groupdesk sent for one request
 * (status line, headers, body). Each request is answered with the file its {@code X-Bench-Scenario} header names
 * (wrk sends that header to both servers, Groupdesk ignores it), so the ceiling does no work but reading the request
 * and writing bytes it already holds: its requests per second are what the machine, the JVM and wrk allow at all.
 * Keep-alive, one thread per connection (the benchmark opens a fixed number).
 */
public final class Ceiling {
    private static final byte[] NOT_FOUND =
            "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    public static void main(String[] args) throws IOException {
        int port = Integer.parseInt(args[0]);
        Map<String, byte[]> answers = new HashMap<>();
        try (var files = Files.list(Path.of(args[1]))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".http")).toList()) {
                String name = file.getFileName().toString();
                answers.put(name.substring(0, name.length() - 5), Files.readAllBytes(file));
            }
        }
        ExecutorService threads = Executors.newCachedThreadPool();
        try (ServerSocket server = new ServerSocket(port, 512, InetAddress.getLoopbackAddress())) {
            System.out.println("ceiling serving " + answers.keySet() + " on port " + port);
            while (true) {
                Socket socket = server.accept();
                socket.setTcpNoDelay(true);
                threads.execute(() -> serve(socket, answers));
            }
        }
    }

    private static void serve(Socket socket, Map<String, byte[]> answers) {
        try (socket;
                InputStream in = new BufferedInputStream(socket.getInputStream(), 16384);
                OutputStream out = socket.getOutputStream()) {
            while (true) {
                Request request = Request.read(in);
                if (request == null) {
                    return;
                }
                in.skipNBytes(request.contentLength);
                out.write(answers.getOrDefault(request.scenario, NOT_FOUND));
                out.flush();
            }
        } catch (IOException e) {
            // the client went away
        }
    }

    /** What the ceiling needs of a request: which scenario it belongs to and how long its body is. */
    private record Request(String scenario, long contentLength) {
        static Request read(InputStream in) throws IOException {
            String scenario = "";
            long length = 0;
            boolean first = true;
            StringBuilder line = new StringBuilder();
            while (true) {
                int c = in.read();
                if (c < 0) {
                    return null;
                }
                if (c == '\r') {
                    continue;
                }
                if (c != '\n') {
                    line.append((char) c);
                    continue;
                }
                if (line.isEmpty()) {
                    if (first) {
                        continue;
                    }
                    return new Request(scenario, length);
                }
                first = false;
                int colon = line.indexOf(":");
                if (colon > 0) {
                    String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
                    String value = line.substring(colon + 1).strip();
                    if (name.equals("x-bench-scenario")) {
                        scenario = value;
                    } else if (name.equals("content-length")) {
                        length = Long.parseLong(value);
                    }
                }
                line.setLength(0);
            }
        }
    }
}
