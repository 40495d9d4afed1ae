package io.groupdesk.api;

import io.groupdesk.shared.TooManyRequestsException;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.eclipse.jetty.http.HttpException;

/**
 * Request bodies, read before and after their sender is known. A body that cannot be read (a chunked body cut short,
 * a connection closed before its {@code Content-Length} arrived, a body slower than the read deadline) is the client's
 * failure, not the server's: {@link #refusal} turns it into a 400 (408 when too slow), which each dialect's mapper
 * answers in its own format without a stack trace. Bodies read before authentication (Usedesk's {@code api_token}
 * travels in the body, Udesk's {@code log_in} takes a password) hold a slot each, {@link #readUnauthenticated}, so that
 * a flood of slow uploads from anyone cannot take every worker from signed-in callers.
 *
 * <p>Every dialect reads a body as UTF-8 checked strictly before any parser sees it ({@link #utf8}). Jackson decodes a
 * two-byte sequence without asking whether it is the shortest form, so the overlong {@code C0 BC} became {@code <};
 * Javalin's form decoding and Java's URL decoding replace what they cannot decode. Here overlong forms, lone
 * continuation bytes, surrogates encoded in UTF-8 and truncated sequences are a {@link MalformedBodyException}, which
 * each dialect answers as its bad request.
 */
public final class RequestBodies {
    private final Semaphore unauthenticated;
    private final long retryAfterSeconds;

    /**
     * @param unauthenticatedReads how many bodies may be read at once before their sender is authenticated
     * @param readDeadline how long a body may take to arrive (a slot is free again at the latest after it)
     */
    public RequestBodies(int unauthenticatedReads, Duration readDeadline) {
        if (unauthenticatedReads < 1) {
            throw new IllegalArgumentException("unauthenticatedReads must be at least 1");
        }
        this.unauthenticated = new Semaphore(unauthenticatedReads);
        this.retryAfterSeconds = Math.max(1, readDeadline.toSeconds());
    }

    /**
     * Runs {@code reading}, which reads the request's body before its sender is known, in one of the slots for such
     * reads. A request without a body needs none.
     *
     * @throws TooManyRequestsException every slot is taken; retry after the read deadline
     */
    public <T> T readUnauthenticated(Context ctx, Supplier<T> reading) {
        if (!hasBody(ctx)) {
            return reading.get();
        }
        if (!unauthenticated.tryAcquire()) {
            throw new TooManyRequestsException(retryAfterSeconds);
        }
        try {
            return reading.get();
        } finally {
            unauthenticated.release();
        }
    }

    private static boolean hasBody(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    /**
     * The answer to a failure that came from reading the request body: 408 when the body did not arrive within the
     * read deadline, 400 when it ended early or was malformed (a {@link HttpResponseException} every dialect's mapper
     * renders in its own format). Any other failure is returned as it is.
     */
    public static Exception refusal(Exception failure) {
        boolean unreadable = false;
        Throwable cause = failure;
        // a database's own connection failures (an EOF from its socket, say) stay the server's 500
        for (int depth = 0; cause != null && !(cause instanceof SQLException) && depth < 16; depth++) {
            if (cause instanceof TimeoutException) {
                return new HttpResponseException(408, "The request body did not arrive in time");
            }
            unreadable |=
                    cause instanceof EOFException || (cause instanceof HttpException http && http.getCode() == 400);
            cause = cause.getCause();
        }
        return unreadable ? new HttpResponseException(400, "The request body could not be read") : failure;
    }

    private static final String CHECKED = RequestBodies.class.getName() + ".checked";

    /**
     * The body's bytes, once they are known to be well-formed UTF-8 (checked once per request).
     *
     * @throws MalformedBodyException they are not
     */
    public static byte[] utf8(Context ctx) {
        byte[] body = ctx.bodyAsBytes();
        if (ctx.attribute(CHECKED) == null) {
            requireUtf8(body);
            ctx.attribute(CHECKED, Boolean.TRUE);
        }
        return body;
    }

    /**
     * Checks a urlencoded form: its bytes, and each name and value once its percent escapes are decoded, must be
     * well-formed UTF-8 ({@code name=%C0%BC} is as overlong as the raw bytes).
     *
     * @throws MalformedBodyException they are not
     */
    static void requireUtf8Form(Context ctx) {
        byte[] body = utf8(ctx);
        for (String pair : new String(body, StandardCharsets.UTF_8).split("&")) {
            requireUtf8(percentDecoded(pair));
        }
    }

    private static void requireUtf8(byte[] bytes) {
        try {
            StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes));
        } catch (CharacterCodingException e) {
            throw new MalformedBodyException();
        }
    }

    /** The bytes {@code text} stands for, with {@code %XX} escapes decoded; a broken escape stays as it is. */
    private static byte[] percentDecoded(String text) {
        byte[] raw = text.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(raw.length);
        for (int i = 0; i < raw.length; i++) {
            if (raw[i] == '%' && i + 2 < raw.length && hex(raw[i + 1]) >= 0 && hex(raw[i + 2]) >= 0) {
                out.write(hex(raw[i + 1]) * 16 + hex(raw[i + 2]));
                i += 2;
            } else {
                out.write(raw[i]);
            }
        }
        return out.toByteArray();
    }

    private static int hex(byte b) {
        return Character.digit(b, 16) >= 0 && b < 128 ? Character.digit(b, 16) : -1;
    }

    /** The body is not well-formed UTF-8. */
    public static final class MalformedBodyException extends RuntimeException {
        MalformedBodyException() {
            super("The request body is not well-formed UTF-8");
        }
    }
}
