package io.groupdesk.api;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.groupdesk.testing.AppExtension;
import io.groupdesk.testing.Fixtures.TestAccount;
import io.groupdesk.testing.Fixtures.TestAgent;
import io.groupdesk.testing.Http;
import io.groupdesk.testing.RawHttp;
import io.groupdesk.testing.RawHttp.Answer;
import io.groupdesk.testing.TestDatabase;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.BeforeParameterizedClassInvocation;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * A body the server cannot read (a chunked body cut short, a connection closed before its {@code Content-Length}
 * arrived) is the client's 400 in each dialect's format (Udesk: HTTP 200 with code 2000), and the log gets the access
 * line for it and nothing else: no 500 and no stack trace, with or without credentials.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class BrokenBodyTest {
    private static final String UNREADABLE = "The request body could not be read";

    @RegisterExtension
    static final AppExtension app = new AppExtension();

    private static TestAccount account;
    private static TestAgent admin;

    private final ListAppender<ILoggingEvent> log = new ListAppender<>();

    @Parameter
    TestDatabase database;

    @BeforeParameterizedClassInvocation
    static void given() {
        account = app.fixtures().account();
        admin = account.admin();
    }

    @BeforeEach
    void captureLog() {
        log.setContext((LoggerContext) LoggerFactory.getILoggerFactory());
        log.start();
        root().addAppender(log);
    }

    @AfterEach
    void releaseLog() {
        root().detachAppender(log);
    }

    @Test
    void answersAZendeskBodyCutShortWithItsInvalidRequest() throws Exception {
        for (String framing : List.of(CHUNKED, LENGTH)) {
            // when
            Answer answer = send("POST /api/v2/groups.json", "Authorization: " + Http.token(admin), framing);

            // then
            assertThat(answer.status()).as(framing).isEqualTo(400);
            assertThat(answer.body())
                    .as(framing)
                    .isEqualTo("{\"error\":\"InvalidRequest\",\"description\":\"" + UNREADABLE + "\"}");
            assertOnlyTheAccessLine("/api/v2/groups.json");
        }
    }

    @Test
    void answersAZendeskXmlBodyCutShortWithItsErrorList() throws Exception {
        for (String framing : List.of(CHUNKED, LENGTH)) {
            // when
            Answer answer = send("POST /groups.xml", "Authorization: " + Http.token(admin), framing);

            // then
            assertThat(answer.status()).as(framing).isEqualTo(400);
            assertThat(answer.headers().get("content-type")).startsWith("application/xml");
            assertThat(answer.body()).as(framing).contains("<error>" + UNREADABLE + "</error>");
            assertOnlyTheAccessLine("/groups.xml");
        }
    }

    @Test
    void answersAUsedeskBodyCutShortWithoutCredentialsWithItsError() throws Exception {
        for (String framing : List.of(CHUNKED, LENGTH)) {
            // when
            Answer answer = send("POST /groups", "", framing);

            // then
            assertThat(answer.status()).as(framing).isEqualTo(400);
            assertThat(answer.body()).as(framing).isEqualTo("{\"error\":\"" + UNREADABLE + "\"}");
            assertOnlyTheAccessLine("/groups");
        }
    }

    @Test
    void answersAUdeskLogInBodyCutShortWithItsEnvelope() throws Exception {
        for (String framing : List.of(CHUNKED, LENGTH)) {
            // when
            Answer answer = send("POST /open_api_v1/log_in", "", framing);

            // then
            assertThat(answer.status()).as(framing).isEqualTo(200);
            assertThat(answer.body())
                    .as(framing)
                    .isEqualTo("{\"code\":2000,\"message\":\"Unknown error\",\"code_message\":\"Unknown error\","
                            + "\"exception\":{\"message\":\"" + UNREADABLE + "\"}}");
            assertOnlyTheAccessLine("/open_api_v1/log_in");
        }
    }

    private static final String CHUNKED = "chunked";
    private static final String LENGTH = "content-length";

    /** A JSON body broken off after its first bytes, framed as {@code framing}. */
    private Answer send(String requestLine, String credentials, String framing) throws Exception {
        log.list.clear();
        String part = "{\"email\": \"someone";
        String head = requestLine + " HTTP/1.1\r\nHost: " + account.host() + "\r\nContent-Type: application/json"
                + (credentials.isEmpty() ? "" : "\r\n" + credentials)
                + (framing.equals(CHUNKED)
                        ? "\r\nTransfer-Encoding: chunked"
                        : "\r\nContent-Length: " + (part.length() + 100));
        String body = framing.equals(CHUNKED) ? Integer.toHexString(part.length() + 100) + "\r\n" + part : part;
        return RawHttp.cutShort(app.http().port(), head, body);
    }

    /** The access line for {@code path}, once it is written, and no other line since the request went out. */
    private void assertOnlyTheAccessLine(String path) throws InterruptedException {
        for (int i = 0; i < 100 && log.list.isEmpty(); i++) {
            Thread.sleep(20);
        }
        Thread.sleep(100); // anything else the failure wrote would be in by now
        List<ILoggingEvent> lines = List.copyOf(log.list);
        assertThat(lines).as("log lines: %s", lines).hasSize(1);
        assertThat(lines.get(0).getLoggerName()).isEqualTo("io.groupdesk.access");
        assertThat(lines.get(0).getFormattedMessage()).startsWith("POST " + path + " ");
    }

    private static Logger root() {
        return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    }
}
