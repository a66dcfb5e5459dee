package dev.ferry.cli.client;

/** What a client command's exit status means; scripts rely on these numbers. */
public enum ExitCode {
    OK(0),
    /** A local problem: a missing or unwritable local file. */
    LOCAL(1),
    /** Bad flags or arguments (picocli's own code for usage errors). */
    USAGE(2),
    /** The server could not be reached, or the connection broke. */
    CONNECTION(3),
    LOGIN(4),
    /** The server refused an operation on a remote file or directory. */
    REMOTE_FILE(5),
    /** No data connection could be opened in any mode tried. */
    DATA_CONNECTION(6);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The process's exit status. */
    public int code() {
        return code;
    }
}
