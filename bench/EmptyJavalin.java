import io.javalin.Javalin;
import io.javalin.compression.CompressionStrategy;
import io.javalin.compression.Gzip;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.server.handler.GracefulHandler;

/**
 * The benchmark's measure of the HTTP stack alone: Javalin and Jetty with the server settings of Groupdesk's
 * {@code io.groupdesk.api.HttpServer}, answering show-a-group with the bytes Groupdesk gave and doing nothing else (no
 * sign-in, no database, no access line, no metrics).
 *
 * <pre>java -cp target/groupdesk.jar bench/EmptyJavalin.java PORT CAPTURE_FILE</pre>
 *
 * CAPTURE_FILE is the {@code show_group.http} bench/run captured: status line, headers, body. Every GET of
 * {@code /api/v2/groups/{id}.json} gets its body and headers (Jetty writes Date and Content-Length itself). Its
 * requests per second, as a share of the ceiling's, are as far as any Groupdesk request can go on this stack.
 * Keep the settings below in step with HttpServer's.
 */
public final class EmptyJavalin {
    private static final List<String> WRITTEN_BY_JETTY = List.of("date", "content-length", "content-type");

    public static void main(String[] args) throws Exception {
        String captured = Files.readString(Path.of(args[1]), StandardCharsets.UTF_8);
        int end = captured.indexOf("\r\n\r\n");
        String body = captured.substring(end + 4);
        Map<String, String> headers = new LinkedHashMap<>();
        String[] lines = captured.substring(0, end).split("\r\n");
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            String name = lines[i].substring(0, colon).strip();
            if (!WRITTEN_BY_JETTY.contains(name.toLowerCase(Locale.ROOT))) {
                headers.put(name, lines[i].substring(colon + 1).strip());
            }
        }
        Javalin.create(config -> {
                    config.jetty.port = Integer.parseInt(args[0]);
                    config.http.defaultContentType = "application/json; charset=utf-8";
                    config.concurrency.useVirtualThreads = Runtime.version().feature() >= 21;
                    CompressionStrategy compression = new CompressionStrategy(null, new Gzip());
                    compression.setExcludedMimeTypes(List.of("image/"));
                    config.http.compressionStrategy = compression;
                    config.startup.showJavalinBanner = false;
                    config.router.treatMultipleSlashesAsSingleSlash = true;
                    config.jetty.modifyServer(server -> server.insertHandler(new GracefulHandler()));
                    config.jetty.modifyHttpConfiguration(http -> {
                        http.setSendServerVersion(false);
                        http.setRequestHeaderSize(16 * 1024);
                    });
                    config.routes.get("/api/v2/groups/{id}.json", ctx -> {
                        headers.forEach(ctx::header);
                        ctx.contentType("application/json; charset=utf-8").result(body);
                    });
                })
                .start();
    }
}
