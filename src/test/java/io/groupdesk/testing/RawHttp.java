package io.groupdesk.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * HTTP/1.1 written by hand on a socket, for what no client library sends: a body cut short, a body that dribbles in.
 */
public final class RawHttp {
    private RawHttp() {}

    /** An answer read off the socket: status, headers (names in lower case) and the body, de-chunked. */
    public record Answer(int status, Map<String, String> headers, String body) {}

    /**
     * Writes {@code head} (request line and headers, without the blank line) and {@code body}, then closes the sending
     * half of the connection, as a client whose upload broke off does, and reads the answer.
     */
    public static Answer cutShort(int port, String head, String body) throws IOException {
        try (Socket socket = new Socket("localhost", port)) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write((head + "\r\n\r\n" + body).getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().flush();
            socket.shutdownOutput();
            return read(socket.getInputStream());
        }
    }

    /** Reads one answer up to the end of its body, or of the connection. */
    public static Answer read(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes.write(buffer, 0, n);
                if (complete(bytes.toString(StandardCharsets.UTF_8))) {
                    break;
                }
            }
        } catch (SocketTimeoutException e) {
            // what has come is the answer
        }
        String text = bytes.toString(StandardCharsets.UTF_8);
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            throw new IOException("no answer: " + text);
        }
        String[] lines = text.substring(0, end).split("\r\n");
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            headers.put(
                    lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
                    lines[i].substring(colon + 1).strip());
        }
        String body = text.substring(end + 4);
        if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            body = dechunk(body);
        }
        return new Answer(Integer.parseInt(lines[0].split(" ")[1]), headers, body);
    }

    private static boolean complete(String text) {
        int end = text.indexOf("\r\n\r\n");
        if (end < 0) {
            return false;
        }
        String head = text.substring(0, end).toLowerCase(Locale.ROOT);
        int length = head.indexOf("content-length:");
        if (length >= 0) {
            int lineEnd = head.indexOf("\r\n", length);
            String value = head.substring(length + 15, lineEnd < 0 ? head.length() : lineEnd)
                    .strip();
            return text.getBytes(StandardCharsets.UTF_8).length - end - 4 >= Integer.parseInt(value);
        }
        return head.contains("transfer-encoding: chunked") && text.endsWith("\r\n0\r\n\r\n");
    }

    private static String dechunk(String chunked) {
        StringBuilder out = new StringBuilder();
        int at = 0;
        while (at < chunked.length()) {
            int lineEnd = chunked.indexOf("\r\n", at);
            int size = Integer.parseInt(chunked.substring(at, lineEnd).strip(), 16);
            if (size == 0) {
                break;
            }
            out.append(chunked, lineEnd + 2, lineEnd + 2 + size);
            at = lineEnd + 2 + size + 2;
        }
        return out.toString();
    }
}
