package io.groupdesk.config;

/**
 * The database cannot be opened: out of reach, a role or password it refuses, or an H2 file another process holds.
 * Its message is one line for the operator, with the driver's reason and no bound value.
 */
public final class DatabaseUnavailableException extends RuntimeException {
    DatabaseUnavailableException(String message) {
        super(message);
    }
}
