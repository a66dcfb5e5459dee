package dev.ferry.client;

/** Whether and how the control connection is protected with TLS (FTPS, RFC 4217). */
public enum TlsMode {
    /** Plain FTP: commands, the password and the data go in the clear. */
    NONE(21),
    /** Explicit FTPS: plain until {@code AUTH TLS} after the greeting, then TLS (RFC 4217 §4). */
    EXPLICIT(21),
    /** Implicit FTPS: TLS from the first byte, on its own port (990 by custom; RFC 4217 does not define it). */
    IMPLICIT(990);

    private final int defaultPort;

    TlsMode(int defaultPort) {
        this.defaultPort = defaultPort;
    }

    /** The port servers of this kind listen on by custom. */
    public int defaultPort() {
        return defaultPort;
    }

    public boolean isTls() {
        return this != NONE;
    }
}
