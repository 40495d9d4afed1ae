package io.groupdesk.observability;

import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.encoder.EncoderBase;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.json.JsonMapper;

/**
 * The console's encoder, chosen by {@code GROUPDESK_LOG_FORMAT} (logback.xml passes it as {@code format}): {@code text}
 * (the default) writes {@code pattern}, {@code json} one JSON object per line for log shippers:
 *
 * <pre>{"timestamp":"2026-11-24T12:00:00.123Z","level":"INFO","logger":"io.groupdesk.access","thread":"…",
 * "message":"GET /api/v2/groups.json 200 3.1 ms (zendesk /api/v2/groups.json)","request_id":"…"}</pre>
 *
 * plus {@code exception} (the stack trace as one string) when there is one. In both formats the text of a database
 * failure is left out of the stack trace ({@link RedactedEvent}), as it may quote the values a statement was given. Logback's own {@code JsonEncoder} nests
 * the MDC and the throwable and adds sequence numbers and context properties, which makes the simple queries (by
 * {@code request_id}, by {@code level}) harder in every shipper; this keeps the fields flat.
 */
public final class LogEncoder extends EncoderBase<ILoggingEvent> {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final byte[] NOTHING = new byte[0];

    private String format = "text";
    private String pattern = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger{36} %X{request_id} - %msg%n";
    private PatternLayoutEncoder text;

    /** {@code text} or {@code json}, case-insensitive; anything else is text, with a warning. */
    public void setFormat(String format) {
        this.format = format == null ? "text" : format.strip().toLowerCase(Locale.ROOT);
    }

    public void setPattern(String pattern) {
        this.pattern = pattern;
    }

    boolean json() {
        return format.equals("json");
    }

    @Override
    public void start() {
        if (!json()) {
            if (!format.equals("text") && !format.isEmpty()) {
                addWarn("GROUPDESK_LOG_FORMAT must be text or json, not " + format + "; writing text");
            }
            text = new PatternLayoutEncoder();
            text.setContext(getContext());
            text.setPattern(pattern);
            text.start();
        }
        super.start();
    }

    @Override
    public void stop() {
        if (text != null) {
            text.stop();
        }
        super.stop();
    }

    @Override
    public byte[] headerBytes() {
        return NOTHING;
    }

    @Override
    public byte[] encode(ILoggingEvent logged) {
        // no bound SQL value reaches a log line, whatever logged the failure
        ILoggingEvent event = RedactedEvent.of(logged);
        if (!json()) {
            return text.encode(event);
        }
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("timestamp", Instant.ofEpochMilli(event.getTimeStamp()).toString());
        line.put("level", event.getLevel().toString());
        line.put("logger", event.getLoggerName());
        line.put("thread", event.getThreadName());
        line.put("message", event.getFormattedMessage());
        String requestId = event.getMDCPropertyMap().get(RequestIds.MDC_KEY);
        if (requestId != null) {
            line.put("request_id", requestId);
        }
        if (event.getThrowableProxy() != null) {
            line.put("exception", ThrowableProxyUtil.asString(event.getThrowableProxy()));
        }
        return (JSON.writeValueAsString(line) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
        return NOTHING;
    }
}
