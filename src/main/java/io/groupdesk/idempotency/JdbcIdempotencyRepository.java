package io.groupdesk.idempotency;

import io.groupdesk.shared.Sql;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatement;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/** Idempotency keys in the {@code idempotency_keys} table; answers are stored as text (UTF-8 bodies). */
final class JdbcIdempotencyRepository implements IdempotencyRepository {
    private static final String KEY =
            "account_id = :account AND caller_key = :caller AND request_path = :path AND idempotency_key = :key";

    private final Jdbi jdbi;

    JdbcIdempotencyRepository(Jdbi jdbi) {
        this.jdbi = jdbi;
    }

    @Override
    public boolean insertPending(IdempotentRequest request, Instant now) {
        try {
            jdbi.useHandle(handle -> bindKey(
                            handle.createUpdate(
                                    """
                                    INSERT INTO idempotency_keys
                                        (account_id, caller_key, request_path, idempotency_key, request_sha256, created_at)
                                    VALUES (:account, :caller, :path, :key, :sha256, :now)
                                    """),
                            request)
                    .bind("sha256", request.bodySha256())
                    .bind("now", Sql.timestamp(now))
                    .execute());
            return true;
        } catch (UnableToExecuteStatementException e) {
            if (Sql.isUniqueViolation(e)) {
                return false;
            }
            throw e;
        }
    }

    @Override
    public Optional<StoredKey> find(IdempotentRequest request) {
        return jdbi.withHandle(handle -> bindKey(
                        handle.createQuery(
                                """
                                SELECT request_sha256, created_at, response_status, response_headers, response_body
                                FROM idempotency_keys WHERE\s"""
                                        + KEY),
                        request)
                .map((rs, ctx) -> {
                    int status = rs.getInt("response_status");
                    Optional<StoredAnswer> answer = rs.wasNull()
                            ? Optional.empty()
                            : Optional.of(new StoredAnswer(
                                    status,
                                    headers(rs.getString("response_headers")),
                                    Optional.ofNullable(rs.getString("response_body"))
                                            .orElse("")
                                            .getBytes(StandardCharsets.UTF_8)));
                    return new StoredKey(rs.getString("request_sha256"), Sql.instant(rs, "created_at"), answer);
                })
                .findOne());
    }

    @Override
    public void deleteIfCreatedBefore(IdempotentRequest request, Instant cutoff) {
        jdbi.useHandle(handle -> bindKey(
                        handle.createUpdate("DELETE FROM idempotency_keys WHERE " + KEY + " AND created_at < :cutoff"),
                        request)
                .bind("cutoff", Sql.timestamp(cutoff))
                .execute());
    }

    @Override
    public void complete(IdempotentRequest request, StoredAnswer answer) {
        jdbi.useHandle(handle -> bindKey(
                        handle.createUpdate(
                                """
                                UPDATE idempotency_keys
                                SET response_status = :status, response_headers = :headers, response_body = :body
                                WHERE\s"""
                                        + KEY + " AND response_status IS NULL"),
                        request)
                .bind("status", answer.status())
                .bind("headers", headerText(answer.headers()))
                .bind("body", new String(answer.body(), StandardCharsets.UTF_8))
                .execute());
    }

    @Override
    public void deletePending(IdempotentRequest request) {
        jdbi.useHandle(handle -> bindKey(
                        handle.createUpdate(
                                "DELETE FROM idempotency_keys WHERE " + KEY + " AND response_status IS NULL"),
                        request)
                .execute());
    }

    private static <S extends SqlStatement<S>> S bindKey(S statement, IdempotentRequest request) {
        return statement
                .bind("account", request.account().value())
                .bind("caller", request.caller())
                .bind("path", request.path())
                .bind("key", request.key());
    }

    /** One {@code name: value} per line; names and values never hold line breaks (HTTP forbids them). */
    private static String headerText(Map<String, String> headers) {
        StringBuilder text = new StringBuilder();
        headers.forEach(
                (name, value) -> text.append(name).append(": ").append(value).append('\n'));
        return text.toString();
    }

    private static Map<String, String> headers(String text) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (text != null) {
            for (String line : text.split("\n")) {
                int colon = line.indexOf(": ");
                if (colon > 0) {
                    headers.put(line.substring(0, colon), line.substring(colon + 2));
                }
            }
        }
        return headers;
    }
}
