package io.groupdesk.cli;

/** A failure the user can act on, printed as its message alone; the command exits with 1. */
final class CliException extends RuntimeException {
    CliException(String message) {
        super(message);
    }
}
