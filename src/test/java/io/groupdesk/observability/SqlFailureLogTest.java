package io.groupdesk.observability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.LoggingEvent;
import io.groupdesk.testing.TestDatabase;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.List;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

/**
 * A failed statement logged as the error mappers log an unhandled failure leaves none of the values bound to it in
 * the line, in either log format: not through Jdbi's rendering of the statement, not through the driver's message.
 */
@ParameterizedClass(name = "{0}")
@MethodSource("io.groupdesk.testing.TestDatabase#all")
class SqlFailureLogTest {
    private static final String HASH =
            "$argon2id$v=19$m=19456,t=2,p=1$c2VjcmV0LXNhbHQ$U2VjcmV0SGFzaFZhbHVlRm9yTG9nVGVzdA";

    @Parameter
    TestDatabase database;

    private final LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();

    @Test
    void aFailedInsertLogsNeitherItsPasswordHashNorItsOtherValues() {
        try (TestDatabase.Migrated migrated = database.migrated()) {
            // given: the statement that failed on H2 with 128 emoji in a name, here with a name no column can hold
            String name = "Overlong-" + "n".repeat(5000);
            Throwable failure = catchThrowable(() -> insertAgent(migrated.jdbi(), name));

            // when
            List<String> lines = logged(failure);

            // then
            assertThat(failure).isNotNull();
            for (String line : lines) {
                assertThat(line).contains("unhandled failure").contains("SQLState 22001");
                assertThat(line)
                        .doesNotContain(HASH)
                        .doesNotContain("Overlong-")
                        .doesNotContain("ann@example.test");
            }
        }
    }

    @Test
    void aValueTheDriverQuotesInItsMessageIsLeftOut() {
        try (TestDatabase.Migrated migrated = database.migrated()) {
            // given: both drivers quote the value they could not convert
            Throwable failure = catchThrowable(
                    () -> migrated.jdbi().withHandle(handle -> handle.createQuery("SELECT CAST(:secret AS INTEGER)")
                            .bind("secret", HASH)
                            .mapTo(Integer.class)
                            .one()));

            // when
            List<String> lines = logged(failure);

            // then
            assertThat(failure).isNotNull();
            for (String line : lines) {
                assertThat(line).contains("unhandled failure").contains("SQLState 22");
                assertThat(line).doesNotContain(HASH).doesNotContain("argon2id");
            }
        }
    }

    private static void insertAgent(Jdbi jdbi, String name) {
        jdbi.useHandle(handle -> {
            long account = handle.createUpdate(
                            "INSERT INTO accounts (subdomain, name, created_at, updated_at) VALUES ('a', 'A', :at, :at)")
                    .bind("at", OffsetDateTime.now())
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one();
            handle.createUpdate(
                            """
                            INSERT INTO agents (account_id, name, email, email_key, role, password_hash, created_at,
                                updated_at)
                            VALUES (:account, :name, :email, :email, 'agent', :hash, :at, :at)""")
                    .bind("account", account)
                    .bind("name", name)
                    .bind("email", "ann@example.test")
                    .bind("hash", HASH)
                    .bind("at", OffsetDateTime.now())
                    .execute();
        });
    }

    /** The failure logged as the error mappers log it, in the text and in the JSON format. */
    private List<String> logged(Throwable failure) {
        Logger logger = context.getLogger("io.groupdesk.api.zendesk.ZendeskErrorMapper");
        LoggingEvent event = new LoggingEvent(
                Logger.class.getName(), logger, Level.ERROR, "unhandled failure {} on {} {}", failure, new Object[] {
                    "id-1", "POST", "/api/v2/users.json"
                });
        return List.of("text", "json").stream()
                .map(format -> new String(encoder(format).encode(event), StandardCharsets.UTF_8))
                .toList();
    }

    private LogEncoder encoder(String format) {
        LogEncoder encoder = new LogEncoder();
        encoder.setContext(context);
        encoder.setFormat(format);
        encoder.start();
        return encoder;
    }
}
