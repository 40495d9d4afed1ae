package io.groupdesk.observability;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.LoggerContextVO;
import ch.qos.logback.classic.spi.StackTraceElementProxy;
import ch.qos.logback.classic.spi.ThrowableProxy;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.jdbi.v3.core.JdbiException;
import org.slf4j.Marker;
import org.slf4j.event.KeyValuePair;

/**
 * A log event whose stack trace keeps every frame but none of the text a database failure may carry. A driver's
 * message can quote the values a statement was given (H2: {@code Value too long for column ...: "'$argon2id$...'"};
 * PostgreSQL: {@code invalid input syntax for type integer: "..."}), and a Jdbi exception repeats its cause's
 * message; a password hash or an email bound to a failed statement would then reach the log. Each
 * {@link SQLException} is written as its class and SQLState; each {@link JdbiException}, each cause of either and each
 * exception whose message repeats a driver's message as its class alone. Every frame stays.
 */
final class RedactedEvent implements ILoggingEvent {
    static final String WITHHELD = "[message withheld: a database failure's text may hold the values of a statement]";

    private final ILoggingEvent event;
    private final IThrowableProxy throwable;

    private RedactedEvent(ILoggingEvent event, IThrowableProxy throwable) {
        this.event = event;
        this.throwable = throwable;
    }

    /** {@code event} as it is when it has no database failure in its stack trace, else redacted. */
    static ILoggingEvent of(ILoggingEvent event) {
        IThrowableProxy proxy = event.getThrowableProxy();
        if (proxy == null) {
            return event;
        }
        List<String> driverMessages = new ArrayList<>();
        collectDriverMessages(proxy, driverMessages, Collections.newSetFromMap(new IdentityHashMap<>()));
        boolean jdbi = mentionsJdbi(proxy, Collections.newSetFromMap(new IdentityHashMap<>()));
        if (driverMessages.isEmpty() && !jdbi) {
            return event;
        }
        return new RedactedEvent(event, new Proxy(proxy, driverMessages, false));
    }

    private static void collectDriverMessages(IThrowableProxy proxy, List<String> messages, Set<IThrowableProxy> seen) {
        if (proxy == null || !seen.add(proxy)) {
            return;
        }
        if (throwableOf(proxy) instanceof SQLException sql
                && sql.getMessage() != null
                && !sql.getMessage().isBlank()) {
            messages.add(sql.getMessage());
        }
        collectDriverMessages(proxy.getCause(), messages, seen);
        for (IThrowableProxy suppressed : proxy.getSuppressed()) {
            collectDriverMessages(suppressed, messages, seen);
        }
    }

    private static boolean mentionsJdbi(IThrowableProxy proxy, Set<IThrowableProxy> seen) {
        if (proxy == null || !seen.add(proxy)) {
            return false;
        }
        if (throwableOf(proxy) instanceof JdbiException) {
            return true;
        }
        for (IThrowableProxy suppressed : proxy.getSuppressed()) {
            if (mentionsJdbi(suppressed, seen)) {
                return true;
            }
        }
        return mentionsJdbi(proxy.getCause(), seen);
    }

    private static Throwable throwableOf(IThrowableProxy proxy) {
        return proxy instanceof ThrowableProxy real ? real.getThrowable() : null;
    }

    /** One throwable of the stack trace, its message replaced where it may hold a statement's values. */
    private static final class Proxy implements IThrowableProxy {
        private final IThrowableProxy proxy;
        private final List<String> driverMessages;
        private final boolean withinDatabaseFailure;

        /**
         * @param withinDatabaseFailure a cause of a database failure: the driver's own exceptions (a
         *     {@code NumberFormatException} quoting the value it could not convert) are as telling as its message
         */
        Proxy(IThrowableProxy proxy, List<String> driverMessages, boolean withinDatabaseFailure) {
            this.proxy = proxy;
            this.driverMessages = driverMessages;
            this.withinDatabaseFailure = withinDatabaseFailure;
        }

        private boolean databaseFailure() {
            Throwable throwable = throwableOf(proxy);
            return withinDatabaseFailure || throwable instanceof SQLException || throwable instanceof JdbiException;
        }

        @Override
        public String getMessage() {
            Throwable throwable = throwableOf(proxy);
            String message = proxy.getMessage();
            if (throwable instanceof SQLException sql) {
                return "SQLState " + sql.getSQLState() + " " + WITHHELD;
            }
            if (message != null && (databaseFailure() || throwable == null)) {
                return WITHHELD;
            }
            if (message != null && driverMessages.stream().anyMatch(message::contains)) {
                return WITHHELD;
            }
            return message;
        }

        @Override
        public String getClassName() {
            return proxy.getClassName();
        }

        @Override
        public StackTraceElementProxy[] getStackTraceElementProxyArray() {
            return proxy.getStackTraceElementProxyArray();
        }

        @Override
        public int getCommonFrames() {
            return proxy.getCommonFrames();
        }

        @Override
        public IThrowableProxy getCause() {
            IThrowableProxy cause = proxy.getCause();
            return cause == null ? null : new Proxy(cause, driverMessages, databaseFailure());
        }

        @Override
        public IThrowableProxy[] getSuppressed() {
            IThrowableProxy[] suppressed = proxy.getSuppressed();
            IThrowableProxy[] redacted = new IThrowableProxy[suppressed.length];
            for (int i = 0; i < suppressed.length; i++) {
                redacted[i] = new Proxy(suppressed[i], driverMessages, databaseFailure());
            }
            return redacted;
        }

        @Override
        public boolean isCyclic() {
            return proxy.isCyclic();
        }
    }

    @Override
    public IThrowableProxy getThrowableProxy() {
        return throwable;
    }

    @Override
    public String getThreadName() {
        return event.getThreadName();
    }

    @Override
    public Level getLevel() {
        return event.getLevel();
    }

    @Override
    public String getMessage() {
        return event.getMessage();
    }

    @Override
    public Object[] getArgumentArray() {
        return event.getArgumentArray();
    }

    @Override
    public String getFormattedMessage() {
        return event.getFormattedMessage();
    }

    @Override
    public String getLoggerName() {
        return event.getLoggerName();
    }

    @Override
    public LoggerContextVO getLoggerContextVO() {
        return event.getLoggerContextVO();
    }

    @Override
    public StackTraceElement[] getCallerData() {
        return event.getCallerData();
    }

    @Override
    public boolean hasCallerData() {
        return event.hasCallerData();
    }

    @Override
    public List<Marker> getMarkerList() {
        return event.getMarkerList();
    }

    @Override
    public Map<String, String> getMDCPropertyMap() {
        return event.getMDCPropertyMap();
    }

    @Override
    @SuppressWarnings("deprecation")
    public Map<String, String> getMdc() {
        return event.getMdc();
    }

    @Override
    public long getTimeStamp() {
        return event.getTimeStamp();
    }

    @Override
    public int getNanoseconds() {
        return event.getNanoseconds();
    }

    @Override
    public long getSequenceNumber() {
        return event.getSequenceNumber();
    }

    @Override
    public List<KeyValuePair> getKeyValuePairs() {
        return event.getKeyValuePairs();
    }

    @Override
    public void prepareForDeferredProcessing() {
        event.prepareForDeferredProcessing();
    }
}
