package io.groupdesk;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import io.groupdesk.config.Config;
import io.groupdesk.credentials.Secrets;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.Http.Response;
import io.groupdesk.testing.TestDatabase;
import io.groupdesk.testing.UdeskSigner;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * A whole workload through every dialect, failures included, leaves no password, token, token digest, sealed token
 * or secret key in any log line (nor on System.out/err after start-up, whose one framed announcement of the
 * generated secrets is the documented exception).
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class LogSecretsTest {
    @Parameter
    TestDatabase database;

    /** Every log event, rendered with its stack trace. */
    static final class Capture extends AppenderBase<ILoggingEvent> {
        final List<String> lines = new CopyOnWriteArrayList<>();

        @Override
        protected void append(ILoggingEvent event) {
            String line = event.getLoggerName() + " " + event.getFormattedMessage();
            if (event.getThrowableProxy() != null) {
                line += "\n" + ThrowableProxyUtil.asString(event.getThrowableProxy());
            }
            lines.add(line);
        }
    }

    @Test
    void noSecretReachesAnyLogLine() throws Exception {
        // given
        Capture capture = new Capture();
        Logger root = (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
        capture.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        capture.start();
        root.addAppender(capture);
        PrintStream out = System.out;
        PrintStream err = System.err;
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream console = new ByteArrayOutputStream();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String secretKey = Base64.getEncoder().encodeToString(key);
        List<String> secrets = new ArrayList<>(List.of(secretKey));
        try (TestDatabase.Scratch scratch = database.create()) {
            Map<String, String> env = new HashMap<>();
            env.put("SERVER_PORT", "0");
            env.put("GROUPDESK_DB_URL", scratch.url());
            env.put("GROUPDESK_DB_USER", scratch.user());
            env.put("GROUPDESK_DB_PASSWORD", scratch.password());
            env.put("GROUPDESK_BOOTSTRAP_SUBDOMAIN", "demo");
            env.put("GROUPDESK_BOOTSTRAP_ADMIN_EMAIL", "admin@demo.test");
            env.put("GROUPDESK_SECRET_KEY", secretKey);
            PrintStream both = new PrintStream(stdout, true, StandardCharsets.UTF_8);
            System.setOut(both);
            System.setErr(both);
            try (Groupdesk groupdesk =
                    Groupdesk.start(Config.from(env), new PrintStream(console, true, StandardCharsets.UTF_8))) {
                String announced = console.toString(StandardCharsets.UTF_8);
                String password = generated(announced, "admin password:");
                String token = generated(announced, "API token:");
                secrets.add(password);
                secrets.add(token);
                secrets.add(Secrets.tokenDigest(token));

                // when
                workload(Http.on(groupdesk.port()), "admin@demo.test", password, token, secrets);
                secrets.addAll(stored(scratch));
            }
        } finally {
            System.setOut(out);
            System.setErr(err);
            root.detachAppender(capture);
        }

        // then
        String printed = stdout.toString(StandardCharsets.UTF_8);
        for (String secret : secrets) {
            assertThat(capture.lines).noneMatch(line -> line.contains(secret));
            assertThat(printed).doesNotContain(secret);
        }
    }

    private static String generated(String announced, String label) {
        Matcher matcher = Pattern.compile(Pattern.quote(label) + "\\s*(\\S+)").matcher(announced);
        assertThat(matcher.find())
                .as("the console announces the generated " + label)
                .isTrue();
        return matcher.group(1);
    }

    private static void workload(Http http, String email, String password, String token, List<String> secrets) {
        String auth = Http.basic(email + "/token", token);
        // Zendesk v2: every resource, then failures
        Response group = http.post("/api/v2/groups.json")
                .authorization(auth)
                .json("{\"group\": {\"name\": \"Logged\"}}")
                .send();
        assertThat(group.status()).isEqualTo(201);
        long groupId = group.json().get("group").get("id").asLong();
        Response user = http.post("/api/v2/users.json")
                .authorization(Http.basic(email, password))
                .json("{\"user\": {\"name\": \"Ann\", \"email\": \"ann@demo.test\", \"default_group_id\": " + groupId
                        + "}}")
                .send();
        assertThat(user.status()).as(user.body()).isEqualTo(201);
        long userId = user.json().get("user").get("id").asLong();
        http.get("/api/v2/group_memberships.json")
                .authorization("Bearer " + token)
                .send();
        http.post("/api/v2/group_memberships/create_many.json")
                .authorization(auth)
                .json("{\"group_memberships\": [{\"user_id\": " + userId + ", \"group_id\": 999999}]}")
                .send();
        http.get("/api/v2/job_statuses.json").authorization(auth).send();
        http.get("/api/v2/groups.json")
                .authorization(Http.basic(email, password + "-wrong"))
                .send();
        http.get("/api/v2/groups.json")
                .authorization(Http.basic(email + "/token", token + "x"))
                .send();
        http.get("/api/v2/groups.json").authorization("Bearer " + token + "x").send();
        http.post("/api/v2/groups.json")
                .authorization(auth)
                .json("{\"group\": ")
                .send();
        // classic XML, with an error and a refused DTD
        http.get("/groups.xml").authorization(auth).send();
        http.post("/groups.xml")
                .authorization(auth)
                .body("application/xml", "<group><name></name></group>".getBytes(StandardCharsets.UTF_8))
                .send();
        http.post("/groups.xml")
                .authorization(auth)
                .body(
                        "application/xml",
                        "<!DOCTYPE g [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><group>&x;</group>"
                                .getBytes(StandardCharsets.UTF_8))
                .send();
        http.get("/groups.xml")
                .authorization(Http.basic(email, "wrong-" + password))
                .send();
        // Udesk: log_in (right and wrong), signed calls, a bad signature
        Response logIn = http.post("/open_api_v1/log_in")
                .json("{\"email\": \"" + email + "\", \"password\": \"" + password + "\"}")
                .send();
        assertThat(logIn.json().path("code").asInt()).isEqualTo(1000);
        http.post("/open_api_v1/log_in")
                .json("{\"email\": \"" + email + "\", \"password\": \"wrong\"}")
                .send();
        http.get("/open_api_v1/user_groups?" + UdeskSigner.v2(email, token).query())
                .send();
        http.post("/open_api_v1/agents?" + UdeskSigner.v2(email, token).query())
                .json("{\"agent\": {\"email\": \"bad\"}}")
                .send();
        http.get("/open_api_v1/user_groups?"
                        + UdeskSigner.v2(email, token).withSign("0".repeat(64)).query())
                .send();
        // Usedesk: JSON, form, multipart, wrong token
        http.post("/groups").json("{\"api_token\": \"" + token + "\"}").send();
        http.post("/create/user")
                .body(
                        "application/x-www-form-urlencoded",
                        ("api_token=" + token + "&name=Bo&email=bo@demo.test&password=usedesk-secret-9&group="
                                        + groupId)
                                .getBytes(StandardCharsets.UTF_8))
                .send();
        secrets.add("usedesk-secret-9");
        http.post("/users")
                .body(
                        "multipart/form-data; boundary=b",
                        ("--b\r\nContent-Disposition: form-data; name=\"api_token\"\r\n\r\n" + token + "\r\n--b--\r\n")
                                .getBytes(StandardCharsets.UTF_8))
                .send();
        http.post("/groups").json("{\"api_token\": \"" + token + "-wrong\"}").send();
        http.post("/users")
                .body("multipart/form-data; boundary=b", "--b\r\nbroken".getBytes(StandardCharsets.UTF_8))
                .send();
    }

    /** The digests and sealed forms of every token the workload left in the database. */
    private static List<String> stored(TestDatabase.Scratch scratch) throws Exception {
        List<String> values = new ArrayList<>();
        try (Connection connection = DriverManager.getConnection(scratch.url(), scratch.user(), scratch.password());
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery("SELECT token_hash, token_sealed FROM api_tokens")) {
            while (rows.next()) {
                values.add(rows.getString(1));
                if (rows.getString(2) != null) {
                    values.add(rows.getString(2));
                }
            }
        }
        assertThat(values).isNotEmpty();
        return values;
    }
}
