package io.groupdesk.api;

import io.javalin.http.Context;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * A request's body as every dialect reads it: UTF-8, checked strictly before any parser sees it. Jackson decodes a
 * two-byte sequence without asking whether it is the shortest form, so the overlong {@code C0 BC} became {@code <};
 * Javalin's form decoding and Java's URL decoding replace what they cannot decode. Here overlong forms, lone
 * continuation bytes, surrogates encoded in UTF-8 and truncated sequences are a {@link MalformedBodyException}, which
 * each dialect answers as its bad request.
 */
public final class RequestBody {
    private static final String CHECKED = RequestBody.class.getName() + ".checked";

    private RequestBody() {}

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
