import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * Writes COUNT signed Udesk request paths, one per line, each with its own nonce (Udesk nonces are single-use), for
 * bench/udesk.lua to walk. The signature is Udesk's v2 form: sha256 of {@code email&token&timestamp&nonce&v2}.
 * Timestamps are "now", so the file must be used within Udesk's 300-second window.
 *
 * <pre>java bench/UdeskPaths.java EMAIL TOKEN PATH COUNT OUT_FILE</pre>
 */
public final class UdeskPaths {
    public static void main(String[] args) throws IOException, NoSuchAlgorithmException {
        String email = args[0];
        String token = args[1];
        String path = args[2];
        int count = Integer.parseInt(args[3]);
        MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
        String timestamp = Long.toString(System.currentTimeMillis() / 1000);
        String encodedEmail = URLEncoder.encode(email, StandardCharsets.UTF_8);
        String separator = path.contains("?") ? "&" : "?";
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            String nonce = UUID.randomUUID().toString();
            String sign = HexFormat.of()
                    .formatHex(sha256.digest(String.join("&", email, token, timestamp, nonce, "v2")
                            .getBytes(StandardCharsets.UTF_8)));
            lines.add(path + separator + "email=" + encodedEmail + "&timestamp=" + timestamp + "&nonce=" + nonce
                    + "&sign=" + sign + "&sign_version=v2");
        }
        Files.write(Path.of(args[4]), lines);
    }
}
