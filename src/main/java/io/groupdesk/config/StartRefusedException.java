package io.groupdesk.config;

/**
 * Groupdesk cannot start, or a command cannot open the database, for a reason outside it: the database out of reach,
 * a role or password it refuses, an H2 file another process holds, the HTTP port taken. Its message is one line for
 * the operator, with the reason and no secret or bound value; the command line prints it as it is.
 */
public final class StartRefusedException extends RuntimeException {
    /** A refusal that {@code message} explains in one line. */
    public StartRefusedException(String message) {
        super(message);
    }
}
