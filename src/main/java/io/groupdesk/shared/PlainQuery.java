package io.groupdesk.shared;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.config.JdbiConfig;
import org.jdbi.v3.core.statement.UnableToExecuteStatementException;

/**
 * A read with {@code :named} parameters, run as a plain JDBC statement on a Jdbi handle's connection, for the reads
 * every request makes (the sign-in, a record by id). On those, Jdbi's own work per statement (finding an argument
 * factory for each bound value, the statement context, the mapping) cost as much CPU as H2 spent running the
 * statement. The handle is still Jdbi's, so the read shares the thread's transaction when there is one, and a
 * failure is a Jdbi exception like any other statement's. On PostgreSQL these statements are prepared on the server
 * and planned once per connection, where Jdbi's are planned for their values at every run (see {@code Database}): keep
 * them to reads by a whole key, whose one plan fits every account (a record by id, an account's handful of tally
 * rows), never lists. Jdbi's {@code SqlLogger} does not see them; a {@link Listener} set on the Jdbi instance does.
 */
public final class PlainQuery {
    private final String sql;
    private final List<String> parameters;

    private PlainQuery(String sql, List<String> parameters) {
        this.sql = sql;
        this.parameters = parameters;
    }

    /** Parses {@code :name} parameters; a quoted literal and a {@code ::} cast are left alone. */
    public static PlainQuery of(String named) {
        StringBuilder sql = new StringBuilder(named.length());
        List<String> parameters = new ArrayList<>();
        boolean quoted = false;
        for (int i = 0; i < named.length(); i++) {
            char c = named.charAt(i);
            if (c == '\'') {
                quoted = !quoted;
            } else if (!quoted && c == ':' && i + 1 < named.length()) {
                char next = named.charAt(i + 1);
                if (next == ':') {
                    sql.append("::");
                    i++;
                    continue;
                }
                if (Character.isJavaIdentifierStart(next)) {
                    int end = i + 1;
                    while (end < named.length() && Character.isJavaIdentifierPart(named.charAt(end))) {
                        end++;
                    }
                    parameters.add(named.substring(i + 1, end));
                    sql.append('?');
                    i = end - 1;
                    continue;
                }
            }
            sql.append(c);
        }
        return new PlainQuery(sql.toString(), List.copyOf(parameters));
    }

    /** Starts a run of this query; every parameter must be bound before {@link Bound#first}. */
    public Bound bind(String name, Object value) {
        return new Bound().bind(name, value);
    }

    /** Hears of every plain query run on a handle of the Jdbi instance it is set on, right after it ran. */
    @FunctionalInterface
    public interface Listener {
        void ran(Connection connection, String sql, List<Object> values) throws SQLException;
    }

    /** The {@link Listener} of a Jdbi instance: {@code jdbi.getConfig(PlainQuery.Listening.class).set(...)}. */
    public static final class Listening implements JdbiConfig<Listening> {
        private Optional<Listener> listener = Optional.empty();

        public Listening() {}

        private Listening(Listening other) {
            this.listener = other.listener;
        }

        /** @param listener empty for none */
        public Listening set(Optional<Listener> listener) {
            this.listener = listener;
            return this;
        }

        @Override
        public Listening createCopy() {
            return new Listening(this);
        }
    }

    /** Maps the current row of a result. */
    @FunctionalInterface
    public interface Row<T> {
        T map(ResultSet rs) throws SQLException;
    }

    /** The query with its values. */
    public final class Bound {
        private final Object[] values = new Object[parameters.size()];
        private final boolean[] bound = new boolean[parameters.size()];

        private Bound() {}

        public Bound bind(String name, Object value) {
            boolean found = false;
            for (int i = 0; i < values.length; i++) {
                if (parameters.get(i).equals(name)) {
                    values[i] = value;
                    bound[i] = true;
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalArgumentException("no parameter :" + name + " in " + sql);
            }
            return this;
        }

        /** The first row's value, if the query returns a row. */
        public <T> Optional<T> first(Handle handle, Row<T> row) {
            for (int i = 0; i < bound.length; i++) {
                if (!bound[i]) {
                    throw new IllegalStateException("parameter :" + parameters.get(i) + " is not bound in " + sql);
                }
            }
            Connection connection = handle.getConnection();
            try {
                Optional<T> first;
                try (PreparedStatement statement = connection.prepareStatement(sql)) {
                    for (int i = 0; i < values.length; i++) {
                        statement.setObject(i + 1, values[i]);
                    }
                    try (ResultSet rs = statement.executeQuery()) {
                        first = rs.next() ? Optional.of(row.map(rs)) : Optional.empty();
                    }
                }
                Optional<Listener> listener = handle.getConfig(Listening.class).listener;
                if (listener.isPresent()) {
                    listener.get().ran(connection, sql, Arrays.asList(values));
                }
                return first;
            } catch (SQLException e) {
                throw new UnableToExecuteStatementException(
                        "failed: " + sql + " with parameters " + parameters, e, null);
            }
        }
    }
}
