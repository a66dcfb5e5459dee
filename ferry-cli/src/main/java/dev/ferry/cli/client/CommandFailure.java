package dev.ferry.cli.client;

import java.util.Optional;

/**
 * A failure a command detected itself (a folder URL given to {@code get}, a second server in one
 * {@code rm}), with its exit code and what to try instead.
 */
public final class CommandFailure extends Exception {

    private final ExitCode exitCode;
    private final String hint;

    public CommandFailure(ExitCode exitCode, String message, String hint) {
        super(message);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    CommandFailure(ExitCode exitCode, String message, String hint, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.hint = hint;
    }

    ExitCode exitCode() {
        return exitCode;
    }

    Optional<String> hint() {
        return Optional.ofNullable(hint);
    }
}
