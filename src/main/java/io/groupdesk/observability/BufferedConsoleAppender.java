package io.groupdesk.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.OutputStreamAppender;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The console appender of logback.xml: standard output through a buffer, so that the access log's line per request is
 * not a write to the console each (one write per line cost a tenth of a small request's throughput, most of it in the
 * system call and in requests queueing for the console). Access lines ({@code io.groupdesk.access}) at INFO and below
 * wait in the buffer until it fills or for at most {@link #setFlushMillis half a second}, as a proxy's buffered access
 * log does; any other line is written at once, together with the access lines before it, so the console keeps the
 * order in which lines were logged. Stopping the appender (the logger context stops at the end of the shutdown) writes
 * what is left.
 */
public final class BufferedConsoleAppender extends OutputStreamAppender<ILoggingEvent> {
    static final int BUFFER_BYTES = 64 * 1024;

    private long flushMillis = 500;
    private OutputStream target = new FileOutputStream(FileDescriptor.out);
    private Buffer buffer;
    private ScheduledExecutorService flusher;

    /**
     * How long an access line may wait in the buffer, in milliseconds ({@code GROUPDESK_ACCESS_LOG_FLUSH_MS} in
     * logback.xml); 0 writes every line at once. Anything but a whole number from 0 to 60000 keeps the default, with a
     * warning.
     */
    public void setFlushMillis(String flushMillis) {
        String given = flushMillis == null ? "" : flushMillis.strip();
        long millis = given.matches("\\d{1,5}") ? Long.parseLong(given) : -1;
        if (millis >= 0 && millis <= 60_000) {
            this.flushMillis = millis;
        } else {
            addWarn("GROUPDESK_ACCESS_LOG_FLUSH_MS must be a whole number of milliseconds from 0 to 60000, not "
                    + flushMillis + "; using " + this.flushMillis);
        }
    }

    /** Where the lines go instead of standard output (for tests). */
    void setTarget(OutputStream target) {
        this.target = target;
    }

    @Override
    public void start() {
        buffer = new Buffer(target);
        setOutputStream(buffer);
        setImmediateFlush(flushMillis <= 0);
        super.start();
        if (flushMillis > 0) {
            flusher = Executors.newSingleThreadScheduledExecutor(runnable -> {
                Thread thread = new Thread(runnable, "console-log-flush");
                thread.setDaemon(true);
                return thread;
            });
            flusher.scheduleWithFixedDelay(this::flush, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
        }
    }

    @Override
    protected void subAppend(ILoggingEvent event) {
        super.subAppend(event);
        if (!mayWait(event)) {
            flush();
        }
    }

    private static boolean mayWait(ILoggingEvent event) {
        return event.getLevel().toInt() <= Level.INFO_INT
                && HttpObservation.ACCESS_LOGGER.equals(event.getLoggerName());
    }

    private void flush() {
        try {
            buffer.flush();
        } catch (IOException e) {
            addError("could not write to the console", e);
        }
    }

    @Override
    public void stop() {
        if (flusher != null) {
            flusher.shutdownNow();
            flusher = null;
        }
        super.stop(); // closes the buffer, which writes what it holds
    }

    /** A buffer in front of the console that is written out when full, on flush and on close (which keeps it open). */
    private static final class Buffer extends OutputStream {
        private final OutputStream target;
        private final byte[] bytes = new byte[BUFFER_BYTES];
        private int count;

        Buffer(OutputStream target) {
            this.target = target;
        }

        @Override
        public synchronized void write(int b) throws IOException {
            if (count == bytes.length) {
                drain();
            }
            bytes[count++] = (byte) b;
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) throws IOException {
            if (len > bytes.length - count) {
                drain();
            }
            if (len > bytes.length) {
                target.write(b, off, len);
                return;
            }
            System.arraycopy(b, off, bytes, count, len);
            count += len;
        }

        @Override
        public synchronized void flush() throws IOException {
            drain();
            target.flush();
        }

        private void drain() throws IOException {
            if (count > 0) {
                target.write(bytes, 0, count);
                count = 0;
            }
        }

        @Override
        public void close() throws IOException {
            flush(); // standard output stays open for whatever is written after the logs
        }
    }
}
