package dev.ferry.cli.client;

/** What a client command's exit status means; scripts rely on these numbers. */
public enum ExitCode {
    OK(0),
    /** A local problem: a missing or unwritable local file. */
    LOCAL(1),
    /** Bad flags or arguments (picocli's own code for usage errors). */
    USAGE(2),
    /** The server could not be reached, the connection broke, or it could not be secured (no FTPS there). */
    CONNECTION(3),
    LOGIN(4),
    /** The server refused an operation on a remote file or directory. */
    REMOTE_FILE(5),
    /** No data connection could be opened in any mode tried. */
    DATA_CONNECTION(6),
    /** FTPS: the server's certificate was refused (not trusted, another host's, expired, not the pinned one). */
    CERTIFICATE(7);

    private final int code;

    ExitCode(int code) {
        this.code = code;
    }

    /** The process's exit status. */
    public int code() {
        return code;
    }
}
