package io.groupdesk.idempotency;

import java.util.Arrays;
import java.util.Map;
import java.util.Objects;

/**
 * The answer to the first request with a key, as it is replayed: status, the headers worth replaying, body bytes.
 *
 * @param headers header names and values in the order they are replayed
 */
public record StoredAnswer(int status, Map<String, String> headers, byte[] body) {

    public StoredAnswer {
        headers = Map.copyOf(headers);
        body = body.clone();
    }

    @Override
    public byte[] body() {
        return body.clone();
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof StoredAnswer that
                && status == that.status
                && headers.equals(that.headers)
                && Arrays.equals(body, that.body);
    }

    @Override
    public int hashCode() {
        return Objects.hash(status, headers, Arrays.hashCode(body));
    }

    @Override
    public String toString() {
        return "StoredAnswer[status=" + status + ", headers=" + headers + ", " + body.length + " bytes]";
    }
}
